// Package gtfs checks that a file is a usable GTFS feed (General Transit
// Feed Specification): a zip with the required files, their required
// columns, and CSV that parses. The report warns; it never blocks
// publication.
package gtfs

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"sort"
	"strings"
)

// Issue is one problem found in a feed.
type Issue struct {
	Severity string `json:"severity"` // "error" or "warning"
	Code     string `json:"code"`     // not_zip, missing_file, missing_column, bad_csv, empty_file, no_calendar
	File     string `json:"file,omitempty"`
	Column   string `json:"column,omitempty"`
	Line     int    `json:"line,omitempty"`
	Detail   string `json:"detail,omitempty"`
}

// Report is the result of a check.
type Report struct {
	Valid  bool           `json:"valid"` // no error (warnings allowed)
	Issues []Issue        `json:"issues"`
	Rows   map[string]int `json:"rows"` // data rows per file read
}

// required lists the files a feed must have and their required columns.
var required = map[string][]string{
	"agency.txt":     {"agency_name", "agency_url", "agency_timezone"},
	"stops.txt":      {"stop_id"},
	"routes.txt":     {"route_id", "route_type"},
	"trips.txt":      {"route_id", "service_id", "trip_id"},
	"stop_times.txt": {"trip_id", "stop_id", "stop_sequence"},
}

// calendars: a feed needs at least one of them.
var calendars = map[string][]string{
	"calendar.txt":       {"service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "start_date", "end_date"},
	"calendar_dates.txt": {"service_id", "date", "exception_type"},
}

// maxIssuesPerFile keeps reports readable on badly broken feeds.
const maxIssuesPerFile = 20

// Check reads the zip in r (size bytes) and reports what is wrong.
func Check(r io.ReaderAt, size int64) Report {
	rep := Report{Rows: map[string]int{}}
	z, err := zip.NewReader(r, size)
	if err != nil {
		rep.add(Issue{Severity: "error", Code: "not_zip", Detail: err.Error()})
		return rep.done()
	}
	files := map[string]*zip.File{}
	for _, f := range z.File {
		// Feeds zipped with a folder inside are common; accept the files there too.
		files[path.Base(f.Name)] = f
	}
	names := make([]string, 0, len(required))
	for name := range required {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f, ok := files[name]
		if !ok {
			rep.add(Issue{Severity: "error", Code: "missing_file", File: name})
			continue
		}
		rep.checkFile(f, required[name])
	}
	found := false
	for _, name := range []string{"calendar.txt", "calendar_dates.txt"} {
		if f, ok := files[name]; ok {
			found = true
			rep.checkFile(f, calendars[name])
		}
	}
	if !found {
		rep.add(Issue{Severity: "error", Code: "no_calendar", File: "calendar.txt"})
	}
	return rep.done()
}

func (rep *Report) add(i Issue) { rep.Issues = append(rep.Issues, i) }

func (rep Report) done() Report {
	rep.Valid = true
	for _, i := range rep.Issues {
		if i.Severity == "error" {
			rep.Valid = false
		}
	}
	if rep.Issues == nil {
		rep.Issues = []Issue{}
	}
	return rep
}

// checkFile checks one CSV file: header with the required columns, every
// row parseable with as many fields as the header.
func (rep *Report) checkFile(f *zip.File, columns []string) {
	rc, err := f.Open()
	if err != nil {
		rep.add(Issue{Severity: "error", Code: "bad_csv", File: f.Name, Detail: err.Error()})
		return
	}
	defer rc.Close()
	name := path.Base(f.Name)
	cr := csv.NewReader(rc)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		rep.add(Issue{Severity: "error", Code: "empty_file", File: name})
		return
	}
	if err != nil {
		rep.add(Issue{Severity: "error", Code: "bad_csv", File: name, Line: 1, Detail: err.Error()})
		return
	}
	have := map[string]bool{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // a byte-order mark, left by spreadsheet exports
		}
		have[strings.TrimSpace(h)] = true
	}
	for _, c := range columns {
		if !have[c] {
			rep.add(Issue{Severity: "error", Code: "missing_column", File: name, Column: c})
		}
	}
	issues, rows := 0, 0
	for {
		_, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			if issues < maxIssuesPerFile {
				rep.add(Issue{Severity: "error", Code: "bad_csv", File: name, Line: line, Detail: err.Error()})
			}
			issues++
			if !errors.As(err, &pe) || pe.Err != csv.ErrFieldCount {
				break // the reader cannot go on after a quote error
			}
			continue
		}
		rows++
	}
	if rows == 0 {
		rep.add(Issue{Severity: "warning", Code: "empty_file", File: name})
	}
	rep.Rows[name] = rows
}
