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
	quiet    int           // ticks since a request began
	released bool          // nothing was asked since the last release
}

// idleTicks is the ticks in IdleAfter: the memory goes back between
// IdleAfter and IdleAfter plus a tick after the last request.
const idleTicks = 3

func (m *idleMemory) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.requests.Add(1)
		next.ServeHTTP(w, r)
	})
}

// tick runs every IdleAfter/idleTicks: once no request began for
// idleTicks ticks, it releases the memory, once until the next request.
// It reports whether it did.
func (m *idleMemory) tick(release func()) bool {
	if n := m.requests.Load(); n != m.seen {
		m.seen, m.quiet, m.released = n, 0, false
		return false
	}
	m.quiet++
	if m.released || m.quiet < idleTicks {
		return false
	}
	release()
	m.released = true
	return true
}

// run ticks until ctx ends.
func (m *idleMemory) run(ctx context.Context) {
	t := time.NewTicker(IdleAfter / idleTicks)
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
