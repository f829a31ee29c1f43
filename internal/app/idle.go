package app

import (
	"context"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// IdleAfter is how long a server answers no request before it gives back
// the memory its garbage took.
const IdleAfter = 30 * time.Second

// idleMemory gives the system back the memory of garbage once the server
// is idle. The Go runtime keeps about twice the live heap between
// collections and returns the rest slowly: a server that served a burst
// kept 100 MB where its live data needed 50. One collection when the
// server goes quiet costs a few milliseconds of one core, once.
type idleMemory struct {
	requests atomic.Uint64 // requests begun, ever
	seen     uint64        // requests at the last tick
	released bool          // nothing was asked since the last release
}

func (m *idleMemory) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.requests.Add(1)
		next.ServeHTTP(w, r)
	})
}

// tick runs every IdleAfter: when no request began since the last tick
// and the memory was not released since the last request, it releases it.
// It reports whether it did.
func (m *idleMemory) tick(release func()) bool {
	n := m.requests.Load()
	if n != m.seen {
		m.seen, m.released = n, false
		return false
	}
	if m.released {
		return false
	}
	release()
	m.released = true
	return true
}

// run ticks until ctx ends.
func (m *idleMemory) run(ctx context.Context) {
	t := time.NewTicker(IdleAfter)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.tick(debug.FreeOSMemory)
		}
	}
}
