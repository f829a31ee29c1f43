package api

import (
	"net/http"
	"net/url"
	"strconv"

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

// envelope is udata's paginated list.
func (a *API) envelope(r *http.Request, data []any, page, size, total int) map[string]any {
	link := func(p int) any {
		if p < 1 || (p-1)*size >= total {
			return nil
		}
		u, _ := url.Parse(a.baseURL + r.URL.Path)
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("page_size", strconv.Itoa(size))
		u.RawQuery = q.Encode()
		return u.String()
	}
	if data == nil {
		data = []any{}
	}
	return map[string]any{"data": data, "page": page, "page_size": size, "total": total,
		"next_page": link(page + 1), "previous_page": link(page - 1)}
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
