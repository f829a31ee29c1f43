package api

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// csvWriter starts a semicolon-separated CSV download, as udata's exports.
func csvWriter(w http.ResponseWriter, name string) *csv.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	return cw
}

func (a *API) datasetsCSV(w http.ResponseWriter, r *http.Request, orgID, name string) {
	cw := csvWriter(w, name)
	cw.Write([]string{"id", "title", "slug", "acronym", "url", "organization", "organization_id", "owner", "description",
		"frequency", "license", "temporal_coverage.start", "temporal_coverage.end", "spatial.granularity",
		"spatial.zones", "private", "created_at", "last_modified", "tags", "resources_count"})
	orgNames := map[string]string{}
	err := a.catalog.EachPublic(r.Context(), orgID, func(d catalog.Dataset) error {
		orgName, ok := orgNames[d.OrgID]
		if !ok && d.OrgID != "" {
			if o, err := a.orgs.Get(r.Context(), d.OrgID); err == nil {
				orgName = o.Name
			}
			orgNames[d.OrgID] = orgName
		}
		res, err := a.catalog.Resources(r.Context(), d.ID)
		if err != nil {
			return err
		}
		cw.Write([]string{d.ID, d.Title, d.Slug, d.Acronym, a.baseURL + "/datasets/" + d.Slug, orgName, d.OrgID,
			d.OwnerID, d.Description, d.Frequency, d.License, dateOr(d.TemporalStart), dateOr(d.TemporalEnd),
			d.Granularity, strings.Join(d.Zones, ","), strconv.FormatBool(d.Private), isoString(d.CreatedAt),
			isoString(d.UpdatedAt), strings.Join(d.Tags, ","), strconv.Itoa(len(res))})
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		// Headers are gone: the truncated file is the signal; log it.
		a.log.Error("api: datasets export", "err", err)
	}
	cw.Flush()
}

func (a *API) siteDatasetsCSV(w http.ResponseWriter, r *http.Request) error {
	a.datasetsCSV(w, r, "", "datasets.csv")
	return nil
}

func (a *API) orgDatasetsCSV(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	a.datasetsCSV(w, r, o.ID, o.Slug+"-datasets.csv")
	return nil
}

func (a *API) siteResourcesCSV(w http.ResponseWriter, r *http.Request) error {
	cw := csvWriter(w, "resources.csv")
	cw.Write([]string{"dataset.id", "dataset.title", "dataset.slug", "id", "url", "title", "description", "filetype",
		"type", "format", "mime", "filesize", "checksum.type", "checksum.value", "created_at", "last_modified"})
	err := a.catalog.EachPublic(r.Context(), "", func(d catalog.Dataset) error {
		res, err := a.catalog.Resources(r.Context(), d.ID)
		if err != nil {
			return err
		}
		for _, x := range res {
			sumType := ""
			if x.Checksum != "" {
				sumType = "sha256"
			}
			cw.Write([]string{d.ID, d.Title, d.Slug, x.ID, a.catalog.FileURL(x), x.Title, x.Description, x.Filetype,
				x.Type, x.Format, x.Mime, strconv.FormatInt(x.Size, 10), sumType, x.Checksum, isoString(x.CreatedAt),
				isoString(x.UpdatedAt)})
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		a.log.Error("api: resources export", "err", err)
	}
	cw.Flush()
	return nil
}

func (a *API) siteOrgsCSV(w http.ResponseWriter, r *http.Request) error {
	cw := csvWriter(w, "organizations.csv")
	cw.Write([]string{"id", "name", "slug", "acronym", "url", "business_number_id", "badges", "members",
		"created_at", "last_modified"})
	err := a.orgs.EachLive(r.Context(), func(o org.Organization) error {
		cw.Write([]string{o.ID, o.Name, o.Slug, o.Acronym, a.baseURL + "/organizations/" + o.Slug, o.BusinessNumber,
			strings.Join(o.Badges, ","), strconv.Itoa(o.Members), isoString(o.CreatedAt), isoString(o.UpdatedAt)})
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		a.log.Error("api: organizations export", "err", err)
	}
	cw.Flush()
	return nil
}

func isoString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000+00:00")
}

func dateOr(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
