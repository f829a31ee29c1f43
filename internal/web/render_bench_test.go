package web

import (
	"fmt"
	"html/template"
	"io"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
)

// BenchmarkOrgsPage renders a search page of 20 organizations, the
// template alone: go test -run '^$' -bench OrgsPage ./internal/web
func BenchmarkOrgsPage(b *testing.B) {
	pages, err := parseTemplates(template.FuncMap{
		"logo":   func(o org.Organization, size int) string { return "" },
		"avatar": func(u account.User, size int) string { return "" },
	})
	if err != nil {
		b.Fatal(err)
	}
	var list []org.Organization
	d := searchData{Q: "saint", Badges: []string{"certified", "public-service"}, Total: 1234, Page: 1, Last: 62, Next: "/organizations?page=2&q=saint"}
	for i := range 20 {
		list = append(list, org.Organization{Slug: fmt.Sprintf("commune-%d", i), Name: fmt.Sprintf("Commune de Saint-%d", i),
			BusinessNumber: "213502380", Members: i % 3, Badges: []string{"public-service"}})
	}
	for b.Loop() {
		d.Orgs = orgCards(&visitor{Lang: "fr"}, list, (&org.Service{}).LogoURL)
		p := &page{Title: "orgs.title", Data: d, v: &visitor{Lang: "fr"}, site: Config{SiteName: "socle", Location: time.UTC, brand: &brand{}},
			path: "/organizations?q=saint", tmpl: pages.set, name: "orgs"}
		if err := pages.set.ExecuteTemplate(io.Discard, "layout.html", p); err != nil {
			b.Fatal(err)
		}
	}
}
