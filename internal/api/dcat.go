package api

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/validate"
)

// dcatNode is one resource of the graph: its IRI, its type and its
// properties (values are strings for literals, iri for links, or lists).
type dcatNode struct {
	ID    string
	Type  string
	Props [][2]any
}

type iri string

var dcatPrefixes = [][2]string{
	{"dcat", "http://www.w3.org/ns/dcat#"}, {"dct", "http://purl.org/dc/terms/"},
	{"foaf", "http://xmlns.com/foaf/0.1/"}, {"hydra", "http://www.w3.org/ns/hydra/core#"},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"}, {"spdx", "http://spdx.org/rdf/terms#"},
}

// catalogGraph builds the DCAT-AP graph of one page of public datasets.
func (a *API) catalogGraph(r *http.Request, q catalog.Query) ([]dcatNode, error) {
	found, err := a.catalog.Search(r.Context(), callerOf(r).user, q)
	if err != nil {
		return nil, err
	}
	list, total := found.Items, found.Total
	self := a.baseURL + r.URL.Path
	page := func(p int) iri {
		v := url.Values{"page": {strconv.Itoa(p)}, "page_size": {strconv.Itoa(q.PageSize)}}
		return iri(self + "?" + v.Encode())
	}
	cat := dcatNode{ID: a.baseURL + "/api/1/site/catalog", Type: "dcat:Catalog", Props: [][2]any{
		{"dct:title", "socle"}, {"foaf:homepage", iri(a.baseURL + "/")}}}
	nodes := []dcatNode{}
	var datasets []any
	for _, d := range list {
		dn, dists, err := a.datasetNode(r, d)
		if err != nil {
			return nil, err
		}
		datasets = append(datasets, iri(dn.ID))
		nodes = append(nodes, dn)
		nodes = append(nodes, dists...)
	}
	if len(datasets) > 0 {
		cat.Props = append(cat.Props, [2]any{"dcat:dataset", datasets})
	}
	last := max(1, (total+q.PageSize-1)/q.PageSize)
	paging := dcatNode{ID: string(page(q.Page)), Type: "hydra:PagedCollection", Props: [][2]any{
		{"hydra:totalItems", strconv.Itoa(total)}, {"hydra:itemsPerPage", strconv.Itoa(q.PageSize)},
		{"hydra:firstPage", page(1)}, {"hydra:lastPage", page(last)}}}
	if q.Page < last {
		paging.Props = append(paging.Props, [2]any{"hydra:nextPage", page(q.Page + 1)})
	}
	if q.Page > 1 {
		paging.Props = append(paging.Props, [2]any{"hydra:previousPage", page(q.Page - 1)})
	}
	return append([]dcatNode{cat, paging}, nodes...), nil
}

func (a *API) datasetNode(r *http.Request, d catalog.Dataset) (dcatNode, []dcatNode, error) {
	n := dcatNode{ID: a.baseURL + "/datasets/" + d.Slug, Type: "dcat:Dataset", Props: [][2]any{
		{"dct:identifier", d.ID}, {"dct:title", d.Title}, {"dct:description", d.Description},
		{"dct:issued", isoString(d.CreatedAt)}, {"dct:modified", isoString(d.UpdatedAt)},
		{"dcat:landingPage", iri(a.baseURL + "/datasets/" + d.Slug)},
		{"dct:accrualPeriodicity", d.Frequency}, {"dct:license", d.License}}}
	if len(d.Tags) > 0 {
		tags := make([]any, len(d.Tags))
		for i, t := range d.Tags {
			tags[i] = t
		}
		n.Props = append(n.Props, [2]any{"dcat:keyword", tags})
	}
	if d.OrgID != "" {
		if o, err := a.orgs.Get(r.Context(), d.OrgID); err == nil {
			n.Props = append(n.Props, [2]any{"dct:publisher", iri(a.baseURL + "/organizations/" + o.Slug)})
		}
	}
	res, err := a.catalog.Resources(r.Context(), d.ID)
	if err != nil {
		return n, nil, err
	}
	var dists []dcatNode
	var links []any
	for _, x := range res {
		id := a.baseURL + "/api/1/datasets/r/" + x.ID
		links = append(links, iri(id))
		dn := dcatNode{ID: id, Type: "dcat:Distribution", Props: [][2]any{{"dct:title", x.Title},
			{"dcat:accessURL", iri(a.catalog.FileURL(x))}, {"dct:format", x.Format}, {"dcat:mediaType", x.Mime},
			{"dcat:byteSize", strconv.FormatInt(x.Size, 10)}, {"dct:modified", isoString(x.UpdatedAt)}}}
		if x.Checksum != "" {
			dn.Props = append(dn.Props, [2]any{"spdx:checksumValue", x.Checksum})
		}
		dists = append(dists, dn)
	}
	if len(links) > 0 {
		n.Props = append(n.Props, [2]any{"dcat:distribution", links})
	}
	return n, dists, nil
}

// siteCatalog serves the DCAT catalog as JSON-LD (default) or Turtle.
func (a *API) siteCatalog(format string) handler {
	return a.catalogOf(format, func(*http.Request) (string, error) { return "", nil })
}

// orgCatalog serves one organization's DCAT catalog.
func (a *API) orgCatalog(format string) handler {
	return a.catalogOf(format, func(r *http.Request) (string, error) {
		o, err := a.liveOrg(r)
		return o.ID, err
	})
}

func (a *API) catalogOf(format string, scope func(*http.Request) (string, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		orgID, err := scope(r)
		if err != nil {
			return err
		}
		page, size, err := exportPaging(r)
		if err != nil {
			return err
		}
		nodes, err := a.catalogGraph(r, catalog.Query{OrgID: orgID, Page: page, PageSize: size})
		if err != nil {
			return err
		}
		writeRDF(w, format, nodes)
		return nil
	}
}

// datasetRDF serves one dataset and its distributions.
func (a *API) datasetRDF(format string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := a.liveDataset(r)
		if err != nil {
			return err
		}
		n, dists, err := a.datasetNode(r, d)
		if err != nil {
			return err
		}
		writeRDF(w, format, append([]dcatNode{n}, dists...))
		return nil
	}
}

func writeRDF(w http.ResponseWriter, format string, nodes []dcatNode) {
	switch format {
	case "ttl":
		w.Header().Set("Content-Type", "text/turtle; charset=utf-8")
		writeTurtle(w, nodes)
		return
	case "xml":
		w.Header().Set("Content-Type", "application/rdf+xml; charset=utf-8")
		writeRDFXML(w, nodes)
		return
	}
	w.Header().Set("Content-Type", "application/ld+json")
	json.NewEncoder(w).Encode(jsonLD(nodes))
}

// exportPaging is paging for exports: page_size up to 1000, 100 by default.
func exportPaging(r *http.Request) (int, int, error) {
	q := r.URL.Query()
	size := 100
	if s := q.Get("page_size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return 0, 0, validate.Field("page_size", "page.invalid")
		}
		size = n
	}
	page := 1
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return 0, 0, validate.Field("page", "page.invalid")
		}
		if n > validate.MaxPage {
			return 0, 0, validate.Field("page", "page.too_deep")
		}
		page = n
	}
	return page, size, nil
}

func jsonLD(nodes []dcatNode) map[string]any {
	ctx := map[string]any{}
	for _, p := range dcatPrefixes {
		ctx[p[0]] = p[1]
	}
	graph := make([]any, len(nodes))
	for i, n := range nodes {
		m := map[string]any{"@id": n.ID, "@type": n.Type}
		for _, p := range n.Props {
			m[p[0].(string)] = ldValue(p[1])
		}
		graph[i] = m
	}
	return map[string]any{"@context": ctx, "@graph": graph}
}

func ldValue(v any) any {
	switch x := v.(type) {
	case iri:
		return map[string]string{"@id": string(x)}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = ldValue(e)
		}
		return out
	}
	return v
}

func writeTurtle(w http.ResponseWriter, nodes []dcatNode) {
	b := bufio.NewWriter(w)
	for _, p := range dcatPrefixes {
		fmt.Fprintf(b, "@prefix %s: <%s> .\n", p[0], p[1])
	}
	for _, n := range nodes {
		fmt.Fprintf(b, "\n<%s> a %s", n.ID, n.Type)
		for _, p := range n.Props {
			fmt.Fprintf(b, " ;\n    %s %s", p[0], ttlValue(p[1]))
		}
		b.WriteString(" .\n")
	}
	b.Flush()
}

func ttlValue(v any) string {
	switch x := v.(type) {
	case iri:
		return "<" + strings.NewReplacer(">", "%3E", " ", "%20").Replace(string(x)) + ">"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = ttlValue(e)
		}
		return strings.Join(parts, ", ")
	case string:
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`).Replace(x) + `"`
	}
	return `""`
}

// writeRDFXML writes the graph as RDF/XML, udata's third catalog format:
// one element per node, typed by its class, with a property element per
// value.
func writeRDFXML(w http.ResponseWriter, nodes []dcatNode) {
	b := bufio.NewWriter(w)
	esc := func(s string) string {
		var out strings.Builder
		xml.EscapeText(&out, []byte(s))
		return out.String()
	}
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"`)
	for _, p := range dcatPrefixes {
		fmt.Fprintf(b, "\n    xmlns:%s=\"%s\"", p[0], esc(p[1]))
	}
	b.WriteString(">\n")
	var prop func(name string, v any)
	prop = func(name string, v any) {
		switch x := v.(type) {
		case iri:
			fmt.Fprintf(b, "    <%s rdf:resource=\"%s\"/>\n", name, esc(string(x)))
		case []any:
			for _, e := range x {
				prop(name, e)
			}
		case string:
			fmt.Fprintf(b, "    <%s>%s</%s>\n", name, esc(x), name)
		}
	}
	for _, n := range nodes {
		fmt.Fprintf(b, "  <%s rdf:about=\"%s\">\n", n.Type, esc(n.ID))
		for _, p := range n.Props {
			prop(p[0].(string), p[1])
		}
		fmt.Fprintf(b, "  </%s>\n", n.Type)
	}
	b.WriteString("</rdf:RDF>\n")
	b.Flush()
}
