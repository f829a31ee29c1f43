package api

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/validate"
)

// maxPageSize bounds search lists, as the spec documents.
const maxPageSize = 100

// paging reads page and page_size: strictly positive integers, page_size at
// most maxPageSize.
func paging(r *http.Request, defaultSize int) (page, size int, err error) {
	var v validate.Errors
	page, size = 1, defaultSize
	q := r.URL.Query()
	if s := q.Get("page"); s != "" {
		if page, err = strconv.Atoi(s); err != nil || page < 1 {
			v.Add("page", "page.invalid")
		} else if page > validate.MaxPage {
			v.Add("page", "page.too_deep")
		}
	}
	if s := q.Get("page_size"); s != "" {
		if size, err = strconv.Atoi(s); err != nil || size < 1 {
			v.Add("page_size", "page.invalid")
		} else if size > maxPageSize {
			v.Add("page_size", "page.too_big")
		}
	}
	return page, size, v.Err()
}

// afterParam reads "after", the cursor of a page that follows another. One
// that socle did not make is a problem on the field, never a server error.
func afterParam(r *http.Request, v *validate.Errors) *keyset.Cursor {
	s := r.URL.Query().Get("after")
	if s == "" {
		return nil
	}
	c, err := keyset.Parse(s)
	if err != nil {
		v.Add("after", "page.cursor")
		return nil
	}
	return &c
}

// envelope is udata's paginated list, whose links page by number.
func (a *API) envelope(r *http.Request, data []any, page, size, total int) pageJSON {
	return a.keyedEnvelope(r, data, page, size, total, "")
}

// keyedEnvelope is udata's paginated list. When next is a cursor (the last
// row's), next_page carries it as "after" beside page+1: clients that
// follow the links get every page at the cost of the first, while page
// numbers stay as udata has them. previous_page pages by number.
func (a *API) keyedEnvelope(r *http.Request, data []any, page, size, total int, next string) pageJSON {
	link := func(p int, after string) optional {
		if p < 1 || (p-1)*size >= total {
			return ""
		}
		u, _ := url.Parse(a.baseURL + r.URL.Path)
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("page_size", strconv.Itoa(size))
		q.Del("after")
		if after != "" {
			q.Set("after", after)
		}
		u.RawQuery = q.Encode()
		return optional(u.String())
	}
	if data == nil {
		data = []any{}
	}
	return pageJSON{Data: data, Page: page, PageSize: size, Total: total,
		NextPage: link(page+1, next), PreviousPage: link(page-1, "")}
}

// pageJSON is udata's paginated list; a link is null when there is no
// such page.
type pageJSON struct {
	Data         []any    `json:"data"`
	Page         int      `json:"page"`
	PageSize     int      `json:"page_size"`
	Total        int      `json:"total"`
	NextPage     optional `json:"next_page"`
	PreviousPage optional `json:"previous_page"`
}

// sizeParam reads the size of a suggestion list: 1 to maxPageSize, 10 by default.
func sizeParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("size")
	if s == "" {
		return 10, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPageSize {
		return 0, validate.Field("size", "page.invalid")
	}
	return n, nil
}

// userSizeParam is sizeParam for user suggestions, 1 to 20 as udata's,
// with udata's message.
func userSizeParam(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.URL.Query().Get("size"))
	switch {
	case r.URL.Query().Get("size") == "":
		return 10, nil
	case err != nil || n < 1 || n > 20:
		return 0, validate.Field("size", "suggest.size20")
	}
	return n, nil
}
