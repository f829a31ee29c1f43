package api_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// gtfsZip zips the fixture network of the gtfs package, without the
// files named in drop.
func gtfsZip(t *testing.T, drop ...string) []byte {
	t.Helper()
	paths, _ := filepath.Glob("../gtfs/testdata/network/*.txt")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
outer:
	for _, p := range paths {
		for _, d := range drop {
			if filepath.Base(p) == d {
				continue outer
			}
		}
		b, _ := os.ReadFile(p)
		w, _ := zw.Create(filepath.Base(p))
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

func (e *env) upload(t *testing.T, path, key, name string, data []byte) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("title", "Horaires")
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-API-KEY", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func TestResourcesAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, bobKey := e.person(t, "bob@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Réseau STAR", "description": "GTFS"}`})
		id := decode(t, b)["id"].(string)
		dpath := "/api/1/datasets/" + id + "/"
		feed := gtfsZip(t)
		if status, _ := e.upload(t, dpath+"upload/", bobKey, "star.zip", feed); status != 403 {
			t.Fatalf("a stranger uploads: %d", status)
		}
		status, res := e.upload(t, dpath+"upload/", e.key, "STAR GTFS.zip", feed)
		sum := sha1.Sum(feed)
		if status != 201 || res["filetype"] != "file" || res["filesize"] != float64(len(feed)) || res["format"] != "gtfs" ||
			res["checksum"].(map[string]any)["value"] != hex.EncodeToString(sum[:]) || res["mime"] != "application/zip" {
			t.Fatalf("upload: %d %v", status, res)
		}
		if v := res["extras"].(map[string]any)["validation"].(map[string]any); v["valid"] != true {
			t.Fatalf("validation of a valid feed: %v", v)
		}
		rid := res["id"].(string)
		url := res["url"].(string)
		stored := filepath.Join(e.Files.Dir, strings.TrimPrefix(url, "http://socle.test/files/"))
		if b, err := os.ReadFile(stored); err != nil || !bytes.Equal(b, feed) {
			t.Fatalf("stored file differs: %v", err)
		}
		// A broken feed is published with a report that warns.
		status, res = e.upload(t, dpath+"upload/", e.key, "broken.zip", gtfsZip(t, "stops.txt"))
		if status != 201 || res["extras"].(map[string]any)["validation"].(map[string]any)["valid"] != false {
			t.Fatalf("broken feed: %d %v", status, res)
		}
		broken := res["id"].(string)
		// Too large: refused, nothing left behind.
		before, _ := filepath.Glob(filepath.Join(e.Files.Dir, "resources", "*"))
		if status, _ := e.upload(t, dpath+"upload/", e.key, "big.csv", bytes.Repeat([]byte("x"), 1<<20+1)); status != 400 {
			t.Fatalf("too large: %d", status)
		}
		after, _ := filepath.Glob(filepath.Join(e.Files.Dir, "resources", "*", "*", "*"))
		if len(after) != 2 || len(before) != 2 {
			t.Fatalf("files after a refused upload: %v", after)
		}
		// A new version keeps the old one.
		status, res = e.upload(t, dpath+"resources/"+rid+"/upload/", e.key, "star-v2.zip", gtfsZip(t, "calendar.txt"))
		if status != 200 || res["id"] != rid || res["url"] == url {
			t.Fatalf("new version: %d %v", status, res)
		}
		e.check(t, []call{
			{method: "POST", path: dpath + "resources/", body: `{"title": "API temps réel", "url": "https://api.example.fr/gtfs-rt", "type": "api", "filetype": "file"}`,
				wantStatus: 400, want: []string{"only supports remote"}},
			{method: "POST", path: dpath + "resources/", body: `{"title": "API", "url": "ftp://x"}`, wantStatus: 400, want: []string{`"url"`}},
			{method: "POST", path: dpath + "resources/", key: bobKey, body: `{"title": "API", "url": "https://api.example.fr"}`, wantStatus: 403},
			{method: "POST", path: dpath + "resources/", body: `{"title": "API temps réel", "url": "https://api.example.fr/gtfs-rt", "type": "api", "format": "GTFS-RT"}`,
				wantStatus: 201, want: []string{`"filetype":"remote"`, `"format":"gtfs-rt"`}},
			{method: "GET", path: dpath + "resources/" + rid + "/", key: "-", wantStatus: 200, want: []string{`"sha256"`}},
			{method: "PUT", path: dpath + "resources/" + rid + "/", body: `{"filetype": "remote"}`, wantStatus: 400, want: []string{"Cannot modify filetype"}},
			{method: "PUT", path: dpath + "resources/" + rid + "/", body: `{"title": "Horaires 2026", "type": "nope"}`, wantStatus: 400, want: []string{`"type"`}},
			{method: "PUT", path: dpath + "resources/" + rid + "/", body: `{"title": "Horaires 2026"}`, wantStatus: 200, want: []string{`"title":"Horaires 2026"`}},
			{method: "PUT", path: dpath + "resources/", body: `[{"id": "` + rid + `"}]`, wantStatus: 400},
			{method: "GET", path: dpath, key: "-", wantStatus: 200, want: []string{rid, broken}},
			{method: "DELETE", path: dpath + "resources/" + broken + "/", key: bobKey, wantStatus: 403},
			{method: "DELETE", path: dpath + "resources/" + broken + "/", wantStatus: 204},
			{method: "GET", path: "/api/1/datasets/r/" + rid, key: "-", wantStatus: 302},
			{method: "GET", path: "/api/1/datasets/?format=gtfs", key: "-", wantStatus: 200, want: []string{`"total":1`}},
			{method: "GET", path: "/api/1/datasets/?format=csv", key: "-", wantStatus: 200, want: []string{`"total":0`}},
			{method: "GET", path: "/api/1/datasets/r/nope", key: "-", wantStatus: 404},
		})
		_, b, _ = e.do(t, call{method: "GET", path: dpath})
		var d struct{ Resources []struct{ ID string } }
		json.Unmarshal(b, &d)
		order := `[{"id": "` + d.Resources[1].ID + `"}, {"id": "` + d.Resources[0].ID + `"}]`
		e.check(t, []call{{method: "PUT", path: dpath + "resources/", body: order, wantStatus: 200}})
		_, b, _ = e.do(t, call{method: "GET", path: dpath})
		var d2 struct{ Resources []struct{ ID string } }
		json.Unmarshal(b, &d2)
		if d2.Resources[0].ID != d.Resources[1].ID {
			t.Fatal("reorder not applied")
		}
	})
}

func TestCSVExports(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Métropole du Grand Paris", "description": "d"}`})
		orgID := decode(t, b)["id"].(string)
		for i := range 3 {
			body := `{"title": "Jeu ` + string(rune('A'+i)) + `", "description": "d; avec; points-virgules", "organization": "` + orgID + `"}`
			e.do(t, call{method: "POST", path: "/api/1/datasets/", body: body})
		}
		e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Privé", "description": "d", "private": true}`})
		for _, c := range []struct {
			path string
			rows int
		}{{"/api/1/site/datasets.csv", 4}, {"/api/1/organizations/" + orgID + "/datasets.csv", 4}, {"/api/1/site/organizations.csv", 2}, {"/api/1/site/resources.csv", 1}} {
			status, body, h := e.do(t, call{method: "GET", path: c.path, key: "-"})
			lines := strings.Split(strings.TrimSpace(string(body)), "\n")
			if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || len(lines) != c.rows {
				t.Errorf("%s: %d, %d lines: %s", c.path, status, len(lines), body)
			}
		}
		_, body, _ := e.do(t, call{method: "GET", path: "/api/1/site/datasets.csv", key: "-"})
		if strings.Contains(string(body), "Privé") || !strings.Contains(string(body), `"d; avec; points-virgules"`) {
			t.Fatalf("export: %s", body)
		}
	})
}

func TestDCATCatalog(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	for i := range 3 {
		e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Jeu \"` + string(rune('A'+i)) + `\"", "description": "ligne 1\nligne 2", "tags": ["bus"]}`})
	}
	status, body, h := e.do(t, call{method: "GET", path: "/api/1/site/catalog?page_size=2", key: "-"})
	var doc map[string]any
	json.Unmarshal(body, &doc)
	graph, _ := doc["@graph"].([]any)
	if status != 200 || h.Get("Content-Type") != "application/ld+json" || len(graph) != 4 ||
		!strings.Contains(string(body), "hydra:nextPage") || !strings.Contains(string(body), `"hydra:totalItems":"3"`) {
		t.Fatalf("JSON-LD: %d %s", status, body)
	}
	status, body, h = e.do(t, call{method: "GET", path: "/api/1/site/catalog.ttl", key: "-"})
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/turtle") || strings.Count(string(body), "a dcat:Dataset") != 3 ||
		!strings.Contains(string(body), `"ligne 1\nligne 2"`) || !strings.Contains(string(body), `\"A\"`) {
		t.Fatalf("Turtle: %d %s", status, body)
	}
	status, body, h = e.do(t, call{method: "GET", path: "/api/1/site/catalog.xml", key: "-"})
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/rdf+xml") {
		t.Fatalf("RDF/XML: %d %s %s", status, h.Get("Content-Type"), body)
	}
	var rdf struct {
		Datasets []struct {
			About string `xml:"about,attr"`
			Title string `xml:"http://purl.org/dc/terms/ title"`
		} `xml:"http://www.w3.org/ns/dcat# Dataset"`
	}
	if err := xml.Unmarshal(body, &rdf); err != nil || len(rdf.Datasets) != 3 || !strings.HasPrefix(rdf.Datasets[0].Title, `Jeu "`) {
		t.Fatalf("RDF/XML: %v %+v\n%s", err, rdf, body)
	}
	_, b, _ := e.do(t, call{method: "GET", path: "/api/1/datasets/", key: "-"})
	ds := decode(t, b)["data"].([]any)[0].(map[string]any)["id"].(string)
	e.check(t, []call{
		{method: "GET", path: "/api/1/datasets/" + ds + "/rdf.ttl", key: "-", wantStatus: 200, want: []string{"a dcat:Dataset"}},
		{method: "GET", path: "/api/1/datasets/" + ds + "/rdf.xml", key: "-", wantStatus: 200, want: []string{"<dcat:Dataset rdf:about="}},
		{method: "GET", path: "/api/1/organizations/nobody/catalog.xml", key: "-", wantStatus: 404},
		{method: "GET", path: "/api/1/datasets/" + ds + "/rdf", key: "-", wantStatus: 200, want: []string{`"@type":"dcat:Dataset"`}},
		{method: "GET", path: "/api/1/datasets/nope/rdf", key: "-", wantStatus: 404},
	})
	if status, _, _ := e.do(t, call{method: "GET", path: "/api/1/site/catalog?page_size=5000", key: "-"}); status != 400 {
		t.Fatalf("page_size over the export maximum: %d", status)
	}
}

// zeros is an endless source of bytes that allocates nothing.
type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// TestBigUploadUsesLittleMemory uploads 64 MiB through the API and checks
// that the process allocated far less than that: the file streams from the
// request to the store.
func TestBigUploadUsesLittleMemory(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	const size = 64 << 20
	e.Catalog.SetBlobs(e.Files, size)
	_, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Gros", "description": "d"}`})
	id := decode(t, b)["id"].(string)
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, _ := mw.CreateFormFile("file", "big.csv")
		io.Copy(fw, io.LimitReader(zeros{}, size))
		mw.Close()
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/1/datasets/"+id+"/upload/", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-API-KEY", e.key)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	runtime.ReadMemStats(&after)
	if res.StatusCode != 201 {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > size/4 {
		t.Fatalf("allocated %d MiB for a %d MiB upload", grown>>20, size>>20)
	}
}

// TestChunkedUploadUsesLittleMemory sends 128 MiB in 4 parts through the
// API, then puts them together: parts and the whole file stream from
// request to store and from store to store, never held in memory. (The
// test's OpenAPI check keeps about 5 MiB of each request.)
func TestChunkedUploadUsesLittleMemory(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	const size, parts = 128 << 20, 4
	e.Catalog.SetBlobs(e.Files, size)
	_, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Gros", "description": "d"}`})
	url := e.srv.URL + "/api/1/datasets/" + decode(t, b)["id"].(string) + "/upload/"
	send := func(fields map[string]string, body io.Reader) int {
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			for k, v := range fields {
				mw.WriteField(k, v)
			}
			if body != nil {
				fw, _ := mw.CreateFormFile("file", "blob")
				io.Copy(fw, body)
			}
			mw.Close()
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", url, pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("X-API-KEY", e.key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range parts {
		f := map[string]string{"uuid": "big", "filename": "big.csv", "partindex": strconv.Itoa(i),
			"totalparts": strconv.Itoa(parts), "chunksize": strconv.Itoa(size / parts)}
		if status := send(f, io.LimitReader(zeros{}, size/parts)); status != 200 {
			t.Fatalf("part %d: %d", i, status)
		}
	}
	if status := send(map[string]string{"uuid": "big", "filename": "big.csv", "totalparts": strconv.Itoa(parts),
		"totalfilesize": strconv.Itoa(size)}, nil); status != 201 {
		t.Fatalf("put together: %d", status)
	}
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > size/4 {
		t.Fatalf("allocated %d MiB for a %d MiB upload", grown>>20, size>>20)
	}
}

// TestChunkedReplace gives a resource a new file sent in parts: it takes
// the file and its name, as a whole file would.
func TestChunkedReplace(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Arrêts", "description": "d"}`})
		dpath := "/api/1/datasets/" + decode(t, b)["id"].(string) + "/"
		status, res := e.upload(t, dpath+"upload/", e.key, "arrets.csv", []byte("a,b\n"))
		if status != 201 {
			t.Fatalf("upload: %d %v", status, res)
		}
		path := dpath + "resources/" + res["id"].(string) + "/upload/"
		send := func(fields map[string]string, part string) (int, map[string]any) {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			for k, v := range fields {
				mw.WriteField(k, v)
			}
			if part != "" {
				fw, _ := mw.CreateFormFile("file", "blob")
				fw.Write([]byte(part))
			}
			mw.Close()
			req, _ := http.NewRequest("POST", e.srv.URL+path, &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("X-API-KEY", e.key)
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Body.Close()
			var out map[string]any
			json.NewDecoder(r.Body).Decode(&out)
			return r.StatusCode, out
		}
		for i, p := range []string{"a,b\n", "1,2\n"} {
			f := map[string]string{"uuid": "u1", "filename": "Arrêts 2026.csv", "partindex": strconv.Itoa(i),
				"totalparts": "2", "chunksize": strconv.Itoa(len(p))}
			if status, out := send(f, p); status != 200 || out["success"] != true {
				t.Fatalf("part %d: %d %v", i, status, out)
			}
		}
		status, out := send(map[string]string{"uuid": "u1", "filename": "Arrêts 2026.csv", "totalparts": "2"}, "")
		if status != 200 || out["title"] != "arrets-2026.csv" || out["filesize"] != float64(8) || out["id"] != res["id"] {
			t.Fatalf("put together: %d %v", status, out)
		}
	})
}
