package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/socle-portal/socle/internal/app"
)

type scenario struct {
	name, what string
	paths      []string
	bare       bool
}

// scenarios are the requests measured, each a mix of paths.
func scenarios(ctx context.Context, a *app.App) ([]scenario, error) {
	dir := a.Directory // socle's own: a second copy would count as socle's memory
	orgSlugs, err := slugs(ctx, a.DB.Writer(), "organizations", 500)
	if err != nil {
		return nil, err
	}
	dsSlugs, err := slugs(ctx, a.DB.Writer(), "datasets", 500)
	if err != nil {
		return nil, err
	}
	mix, dsMix := queryMix(dir), datasetMix(dir)
	return []scenario{
		{name: "bare", what: "bare net/http handler writing a constant", paths: []string{"/"}, bare: true},
		{name: "api-org-search", what: "`GET /api/1/organizations/?q=…&page_size=20`, 483-query mix", paths: withQueries("/api/1/organizations/?q=%s&page_size=20", mix)},
		{name: "api-org-search-same", what: "the same, `q=saint etienne` repeated", paths: withQueries("/api/1/organizations/?q=%s&page_size=20", []string{"saint etienne"})},
		{name: "page-org-search", what: "search page `/organizations?q=…`, same mix", paths: withQueries("/organizations?q=%s", mix)},
		{name: "api-org-read", what: "`GET /api/1/organizations/{slug}/`, 500 organizations", paths: withQueries("/api/1/organizations/%s/", orgSlugs)},
		{name: "api-dataset-read", what: "`GET /api/1/datasets/{slug}/`, 500 datasets", paths: withQueries("/api/1/datasets/%s/", dsSlugs)},
		{name: "api-dataset-search", what: "`GET /api/1/datasets/?q=…&page_size=20`, 483-query mix", paths: withQueries("/api/1/datasets/?q=%s&page_size=20", dsMix)},
		{name: "api-dataset-list-1", what: "`GET /api/1/datasets/?page_size=20` (page 1)", paths: []string{"/api/1/datasets/?page_size=20"}},
		{name: "api-dataset-list-5000", what: "`GET /api/1/datasets/?page=5000&page_size=20`", paths: []string{"/api/1/datasets/?page=5000&page_size=20"}},
		{name: "page-dataset-search", what: "search page `/datasets?q=…`, dataset mix", paths: withQueries("/datasets?q=%s", dsMix)},
		{name: "page-datasets-5000", what: "list page `/datasets?page=5000`", paths: []string{"/datasets?page=5000"}},
	}, nil
}

// idleAfter is how long after socle is ready, and after the runs, its
// idle memory is read: once it has given back what garbage took.
const idleAfter = app.IdleAfter*4/3 + 5*time.Second

// measure serves socle and the bare handler, runs every scenario and
// prints the figures.
func measure(ctx context.Context, o options, out io.Writer) error {
	logFile, err := os.Create(filepath.Join(o.data, "load-socle.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	start := time.Now()
	a, err := app.Open(ctx, appConfig(o), slog.New(slog.NewTextHandler(logFile, nil)))
	if err != nil {
		return err
	}
	defer a.Close(context.Background())
	socle, err := serveApp(ctx, a)
	if err != nil {
		return err
	}
	ready := time.Since(start)
	indexed, err := waitIndex(ctx, a)
	if err != nil {
		return err
	}
	bare, err := serveBare(ctx)
	if err != nil {
		return err
	}
	// Idle is socle as it sits between visits: its start-up work (the
	// search index, built in the background) done, and what its garbage
	// took given back.
	time.Sleep(idleAfter)
	idle, idleGo := rss(), goMemory()
	if err := writeHeap(o, "idle"); err != nil {
		return err
	}
	list, err := scenarios(ctx, a)
	if err != nil {
		return err
	}
	var maxRSS, maxGo atomic.Int64
	stopSampling := sampleRSS(&maxRSS, &maxGo)
	defer stopSampling()
	fmt.Fprintf(out, "backend %s, ready in %s, %s, RSS idle %d MB (Go runtime %d MB)\n\n", a.DB.Backend,
		ready.Round(time.Millisecond), indexed, idle>>20, idleGo>>20)
	fmt.Fprintf(out, "| scenario | req/s | share of bare | p99 | non-2xx |\n| --- | --- | --- | --- | --- |\n")
	var base float64
	for _, s := range list {
		if !o.wanted(s.name) {
			continue
		}
		url := socle
		if s.bare {
			url = bare
		}
		r, err := runScenario(ctx, o, s, url)
		if err != nil {
			return err
		}
		if s.bare {
			base = r.rps
		}
		if err := writeHeap(o, s.name); err != nil {
			return err
		}
		note := strconv.Itoa(r.non2xx)
		if r.errors != "" {
			note += " (socket errors: " + r.errors + ")"
		}
		p99 := r.p99.Round(100 * time.Microsecond).String()
		if r.p99 < 0 {
			p99 = fmt.Sprintf("> 2s (%d timed out)", r.timeouts)
		}
		fmt.Fprintf(out, "| %s | %.0f | %.1f %% | %s | %s |\n", s.what, r.rps, 100*r.rps/base, p99, note)
	}
	stopSampling()
	time.Sleep(idleAfter)
	fmt.Fprintf(out, "\nRSS: %d MB at most during the runs (Go runtime %d MB at most; the rest is mostly SQLite's page caches), %d MB idle after them (Go runtime %d MB)\n",
		maxRSS.Load()>>20, maxGo.Load()>>20, rss()>>20, goMemory()>>20)
	return nil
}

func runScenario(ctx context.Context, o options, s scenario, url string) (result, error) {
	if o.warmup > 0 {
		// unmeasured: a portal's caches (socle's objects, the database's
		// pages) are warm; the first seconds of a cold run fill them
		w := o
		w.duration = o.warmup
		if _, err := runWrk(ctx, w, o.data, s.name, url, s.paths); err != nil {
			return result{}, err
		}
	}
	if o.profileDir == "" || s.bare {
		return runWrk(ctx, o, o.data, s.name, url, s.paths)
	}
	if err := os.MkdirAll(o.profileDir, 0o755); err != nil {
		return result{}, err
	}
	f, err := os.Create(filepath.Join(o.profileDir, s.name+".pprof"))
	if err != nil {
		return result{}, err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return result{}, err
	}
	defer pprof.StopCPUProfile()
	return runWrk(ctx, o, o.data, s.name, url, s.paths)
}

// writeHeap writes a heap profile named name in o.memProfileDir, if set.
func writeHeap(o options, name string) error {
	if o.memProfileDir == "" {
		return nil
	}
	if err := os.MkdirAll(o.memProfileDir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(o.memProfileDir, name+".heap"))
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC() // the profile shows the live heap as of the last collection
	return pprof.WriteHeapProfile(f)
}

// serveApp serves socle as "socle serve" does (queue started), on a free
// loopback port, until ctx ends.
func serveApp(ctx context.Context, a *app.App) (string, error) {
	if err := a.Start(ctx); err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go a.Serve(ctx, ln) // as socle serve does, with what it runs beside the handler
	return "http://" + ln.Addr().String(), nil
}

// waitIndex waits for the dataset search index socle builds in the
// background after it is ready (the database answers meanwhile), so that
// the figures are those of a running portal, and says what it took.
func waitIndex(ctx context.Context, a *app.App) (string, error) {
	start := time.Now()
	for {
		if ok, n, words, bytes := a.Catalog.IndexStats(); ok {
			return fmt.Sprintf("dataset index of %d datasets and %d words ready %s later (sets: about %d MB)",
				n, words, time.Since(start).Round(100*time.Millisecond), bytes>>20), nil
		}
		if time.Since(start) > 10*time.Minute { // disabled, or failing: the log says why
			return "dataset index not ready after 10 minutes", nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// serveBare serves the reference: a handler writing a constant.
func serveBare(ctx context.Context) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	body := []byte(`{"data":[],"total":0}`)
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	return "http://" + ln.Addr().String(), nil
}

// rss is the resident memory of this process, in bytes.
func rss() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// goMemory is what the Go runtime holds from the system, heap released to
// it left out: the part of the resident memory that is Go's (SQLite's
// page caches are allocated outside of it).
func goMemory() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}

// sampleRSS records the largest resident memory seen, and the largest
// memory of the Go runtime, every 200 ms, until the returned function is
// called.
func sampleRSS(max, maxGo *atomic.Int64) func() {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if v := rss(); v > max.Load() {
					max.Store(v)
				}
				if v := goMemory(); v > maxGo.Load() {
					maxGo.Store(v)
				}
			}
		}
	}()
	return sync.OnceFunc(func() { close(done) })
}
