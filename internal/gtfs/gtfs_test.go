package gtfs

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// feed zips the fixture network, changed by edit (file name → content; an
// empty content removes the file).
func feed(t *testing.T, edit map[string]string) []byte {
	t.Helper()
	files := map[string]string{}
	paths, _ := filepath.Glob("testdata/network/*.txt")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = string(b)
	}
	for k, v := range edit {
		if v == "" {
			delete(files, k)
		} else {
			files[k] = v
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	zw.Close()
	return buf.Bytes()
}

func check(b []byte) Report { return Check(bytes.NewReader(b), int64(len(b))) }

func TestValidFeed(t *testing.T) {
	rep := check(feed(t, nil))
	if !rep.Valid || len(rep.Issues) != 0 || rep.Rows["stop_times.txt"] != 8 {
		t.Fatalf("%+v", rep)
	}
}

func TestBrokenFeeds(t *testing.T) {
	cases := []struct {
		name string
		edit map[string]string
		code string
	}{
		{"no stops", map[string]string{"stops.txt": ""}, "missing_file"},
		{"no calendar", map[string]string{"calendar.txt": ""}, "no_calendar"},
		{"missing column", map[string]string{"routes.txt": "route_id,route_short_name\nC1,C1\n"}, "missing_column"},
		{"bad quotes", map[string]string{"trips.txt": "route_id,service_id,trip_id\nC1,\"SEM,T1\n"}, "bad_csv"},
		{"short row", map[string]string{"stops.txt": "stop_id,stop_name\nA\n"}, "bad_csv"},
		{"empty", map[string]string{"agency.txt": " "}, "missing_column"},
	}
	for _, c := range cases {
		rep := check(feed(t, c.edit))
		found := false
		for _, i := range rep.Issues {
			found = found || i.Code == c.code
		}
		if rep.Valid || !found {
			t.Errorf("%s: %+v, want an error %s", c.name, rep, c.code)
		}
	}
	if rep := check([]byte("not a zip")); rep.Valid || rep.Issues[0].Code != "not_zip" {
		t.Fatalf("not a zip: %+v", rep)
	}
	// calendar_dates alone is enough; a BOM in a header is tolerated.
	rep := check(feed(t, map[string]string{"calendar.txt": "", "calendar_dates.txt": "service_id,date,exception_type\nSEM,20260704,1\n",
		"agency.txt": "\ufeffagency_name,agency_url,agency_timezone\nSTAR,https://www.star.fr,Europe/Paris\n"}))
	if !rep.Valid {
		t.Fatalf("calendar_dates only: %+v", rep)
	}
	if !strings.Contains(string(feed(t, nil)), "stop_times.txt") {
		t.Fatal("fixture")
	}
}
