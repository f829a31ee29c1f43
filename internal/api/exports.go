package api

import (
	"encoding/csv"
	"maps"
	"net/http"
	"slices"
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

// datasetColumns are udata's DatasetCsvAdapter columns, its metrics last;
// what socle does not model (harvesting, featured, quality) is empty.
var datasetColumns = []string{"id", "title", "slug", "acronym", "url", "organization", "organization_id", "owner",
	"owner_id", "description", "description_short", "frequency", "license", "temporal_coverage.start",
	"temporal_coverage.end", "spatial.granularity", "spatial.zones", "spatial.geom", "featured", "created_at",
	"last_modified", "badges", "tags", "archived", "resources_count", "main_resources_count", "resources_formats",
	"harvest.backend", "harvest.domain", "harvest.remote_id", "harvest.remote_url", "harvest.uri",
	"harvest.created_at", "harvest.issued_at", "harvest.modified_at", "harvest.last_update",
	"harvest.dct_identifier", "quality_score", "metric.discussions", "metric.discussions_open", "metric.reuses",
	"metric.reuses_by_months", "metric.dataservices", "metric.followers", "metric.followers_by_months",
	"metric.views", "metric.resources_downloads"}

// names caches the organizations' names and the owners' slugs of an export.
type names struct {
	a     *API
	r     *http.Request
	orgs  map[string]string
	users map[string]string
}

func (n *names) org(id string) string {
	if v, ok := n.orgs[id]; ok || id == "" {
		return v
	}
	if o, err := n.a.orgs.Get(n.r.Context(), id); err == nil {
		n.orgs[id] = o.Name
	}
	return n.orgs[id]
}

func (n *names) owner(id string) string {
	if v, ok := n.users[id]; ok || id == "" {
		return v
	}
	if u, err := n.a.accounts.User(n.r.Context(), id); err == nil {
		n.users[id] = u.Slug
	}
	return n.users[id]
}

func (a *API) datasetsCSV(w http.ResponseWriter, r *http.Request, orgID, name string) {
	cw := csvWriter(w, name)
	cw.Write(datasetColumns)
	n := &names{a: a, r: r, orgs: map[string]string{}, users: map[string]string{}}
	err := a.catalog.EachPublic(r.Context(), orgID, func(d catalog.Dataset) error {
		res, err := a.catalog.Resources(r.Context(), d.ID)
		if err != nil {
			return err
		}
		main, formats := 0, map[string]bool{}
		for _, x := range res {
			if x.Type == "main" {
				main++
			}
			if x.Format != "" {
				formats[x.Format] = true
			}
		}
		row := []string{d.ID, d.Title, d.Slug, d.Acronym, a.baseURL + "/datasets/" + d.Slug, n.org(d.OrgID), d.OrgID,
			n.owner(d.OwnerID), d.OwnerID, d.Description, d.DescriptionShort, d.Frequency, d.License,
			dateOr(d.TemporalStart), dateOr(d.TemporalEnd), d.Granularity, strings.Join(d.Zones, ","), "", "False",
			isoString(d.CreatedAt), isoString(d.UpdatedAt), "", strings.Join(d.Tags, ","), "False",
			strconv.Itoa(len(res)), strconv.Itoa(main), strings.Join(slices.Sorted(maps.Keys(formats)), ",")}
		row = append(row, make([]string, 11)...) // harvest.*, quality_score
		row = append(row, "0", "0", "0", "0", "0", "0", "0", "0", "0")
		cw.Write(row)
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

// resourceColumns are udata's ResourcesCsvAdapter columns: the dataset's,
// then the resource's.
var resourceColumns = []string{"dataset.id", "dataset.title", "dataset.slug", "dataset.url", "dataset.organization",
	"dataset.organization_id", "dataset.license", "dataset.private", "dataset.archived", "id", "url", "title",
	"description", "filetype", "type", "format", "mime", "filesize", "checksum.type", "checksum.value", "created_at",
	"modified", "downloads", "harvest.issued_at", "harvest.modified_at", "harvest.last_update", "schema_name",
	"schema_version", "preview_url", "extras"}

func (a *API) resourcesCSV(w http.ResponseWriter, r *http.Request, orgID, name string) {
	cw := csvWriter(w, name)
	cw.Write(resourceColumns)
	n := &names{a: a, r: r, orgs: map[string]string{}, users: map[string]string{}}
	err := a.catalog.EachPublic(r.Context(), orgID, func(d catalog.Dataset) error {
		res, err := a.catalog.Resources(r.Context(), d.ID)
		if err != nil {
			return err
		}
		for _, x := range res {
			cw.Write([]string{d.ID, d.Title, d.Slug, a.baseURL + "/datasets/" + d.Slug, n.org(d.OrgID), d.OrgID,
				d.License, "False", "False", x.ID, a.catalog.FileURL(x), x.Title, x.Description, x.Filetype, x.Type,
				x.Format, x.Mime, strconv.FormatInt(x.Size, 10), x.SumType, x.SumValue, isoString(x.CreatedAt),
				isoString(x.UpdatedAt), "0", "", "", "", "", "", "", "{}"})
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		a.log.Error("api: resources export", "err", err)
	}
	cw.Flush()
}

func (a *API) siteResourcesCSV(w http.ResponseWriter, r *http.Request) error {
	a.resourcesCSV(w, r, "", "resources.csv")
	return nil
}

// orgResourcesCSV serves udata's /organizations/{org}/datasets-resources.csv.
func (a *API) orgResourcesCSV(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	a.resourcesCSV(w, r, o.ID, o.Slug+"-datasets-resources.csv")
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
