package api

import (
	"encoding/json"
	"net/http"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/vcache"
)

// cachedDatasetObjects and cachedDatasetBytes bound the public dataset
// objects an API keeps encoded (one to a few kilobytes each): 4 MB hold
// about two thousand, the lists' and searches' hot pages.
const (
	cachedDatasetObjects = 8192
	cachedDatasetBytes   = 4 << 20
)

// cachedDataset is a public dataset's object as anyone sees it, encoded,
// and the version of its organization it was made with.
type cachedDataset struct {
	body []byte
	org  int64
}

func newDatasetCache() *vcache.Cache[cachedDataset] {
	return vcache.Sized(cachedDatasetObjects, cachedDatasetBytes, func(c cachedDataset) int { return len(c.body) + 64 })
}

// getDataset answers a dataset by id or slug. What anyone sees of a public
// dataset is kept by dataset and version, and its organization's version
// (catalog.ObjectVersion, raised by the database with every change to what
// the object shows): an anonymous read of a dataset already seen costs one
// query, and a change made on any instance is never answered from an older
// object, since the versions are read first.
func (a *API) getDataset(w http.ResponseWriter, r *http.Request) error {
	anyone := callerOf(r).user.ID == ""
	var v catalog.ObjectVersion
	if anyone {
		var err error
		if v, err = a.catalog.VersionOf(r.Context(), r.PathValue("dataset")); err == nil {
			if c, ok := a.datasetCache.Get(v.ID, v.Dataset); ok && c.org == v.Org {
				a.writeBody(w, r, http.StatusOK, c.body)
				return nil
			}
		}
	}
	d, err := a.catalog.Get(r.Context(), callerOf(r).user, r.PathValue("dataset"))
	if err != nil {
		return err
	}
	j, err := a.datasetJSON(r, d)
	if err != nil {
		return err
	}
	body, err := json.Marshal(j)
	if err != nil {
		return err
	}
	// d and what the object shows with it were read after v: they are at
	// least as new, so the object is never older than its key.
	if anyone && v.ID == d.ID && d.Public() {
		a.datasetCache.Put(v.ID, v.Dataset, cachedDataset{body, v.Org})
	}
	a.writeBody(w, r, http.StatusOK, body)
	return nil
}

// datasetObjects is the encoded object of each dataset of list as the
// caller sees it. Anonymous callers get the objects kept by getDataset's
// keys when they are current: list was read with the datasets' versions,
// and their organizations are read here, once, for the check and for the
// objects that are missing, which are made (and kept) from what is read.
func (a *API) datasetObjects(r *http.Request, list []catalog.Dataset) ([][]byte, error) {
	out := make([][]byte, len(list))
	anyone := callerOf(r).user.ID == ""
	var todo []catalog.Dataset
	var at []int
	orgs, err := a.orgs.ByIDs(r.Context(), orgIDsOf(list))
	if err != nil {
		return nil, err
	}
	if anyone {
		for i, d := range list {
			if c, ok := a.datasetCache.Get(d.ID, d.Version); ok && c.org == orgs[d.OrgID].Version {
				out[i] = c.body
				continue
			}
			todo, at = append(todo, d), append(at, i)
		}
	} else {
		todo, at = list, make([]int, len(list))
		for i := range at {
			at[i] = i
		}
	}
	if len(todo) == 0 {
		return out, nil
	}
	p, err := a.readDatasetPageWith(r, todo, orgs) // the organizations checked above
	if err != nil {
		return nil, err
	}
	for j, d := range todo {
		obj, err := a.datasetObject(r, d, p)
		if err != nil {
			return nil, err
		}
		body, err := json.Marshal(obj)
		if err != nil {
			return nil, err
		}
		if anyone && d.Public() {
			a.datasetCache.Put(d.ID, d.Version, cachedDataset{body, p.orgs[d.OrgID].Version})
		}
		out[at[j]] = body
	}
	return out, nil
}
