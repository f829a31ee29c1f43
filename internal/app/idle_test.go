package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestIdleMemoryReleasedOncePerQuietPeriod: idleTicks ticks without a
// request release, once; a request starts the count again.
func TestIdleMemoryReleasedOncePerQuietPeriod(t *testing.T) {
	var m idleMemory
	released := 0
	release := func() { released++ }
	h := m.count(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	get := func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil)) }

	// ticks: requests begun before each, and whether it releases
	steps := []struct {
		requests int
		want     bool
	}{
		{0, false}, {0, false}, {0, true}, // quiet since start: the garbage of starting goes back
		{0, false}, {0, false}, // still quiet: nothing new to give back
		{3, false}, {0, false}, {1, false}, // busy, then quiet for less than idleTicks
		{0, false}, {0, false}, {0, true}, // quiet for idleTicks
		{0, false},
		{1, false}, {0, false}, {0, false}, {0, true},
	}
	for i, s := range steps {
		for range s.requests {
			get()
		}
		if got := m.tick(release); got != s.want {
			t.Fatalf("tick %d after %d requests: released %v, want %v", i, s.requests, got, s.want)
		}
	}
	if released != 3 {
		t.Fatalf("released %d times, want 3", released)
	}
}
