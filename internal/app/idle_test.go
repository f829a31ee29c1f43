package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestIdleMemoryReleasedOncePerQuietPeriod: a tick after a tick without
// requests releases, once; a request between two ticks defers it.
func TestIdleMemoryReleasedOncePerQuietPeriod(t *testing.T) {
	var m idleMemory
	released := 0
	release := func() { released++ }
	h := m.count(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	get := func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil)) }

	steps := []struct {
		requests int
		want     bool
	}{
		{0, true},  // quiet since start: the garbage of starting goes back
		{0, false}, // still quiet: nothing new to give back
		{3, false}, // busy
		{1, false}, // still busy
		{0, true},  // quiet again
		{0, false},
		{1, false},
		{0, true},
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
