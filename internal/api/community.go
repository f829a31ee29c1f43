package api

import "net/http"

// emptyPage answers udata's paged envelope with no item, for lists of
// objects socle does not model: discussions (GET /api/1/discussions/?for=)
// and community resources (GET /api/1/datasets/community_resources/?dataset=).
// udata's clients read these lists alongside a dataset (transport.data.gouv.fr
// does on every producer page) and turn features off on a 404; an empty page
// is the truth, since nobody can create such objects here. Filters are
// accepted and ignored; page and page_size are checked as on every list.
func (a *API) emptyPage(w http.ResponseWriter, r *http.Request) error {
	page, size, err := paging(r, 20)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, a.envelope(r, nil, page, size, 0))
	return nil
}
