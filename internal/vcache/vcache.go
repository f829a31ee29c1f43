// Package vcache keeps values by key and version, in memory, up to a
// bound. A value is served only for the version it was stored under: the
// caller reads the current version from the database (which raises it in
// the transaction of every change) and asks for that one, so a change
// committed by any instance is never answered from an older value.
package vcache

import "sync"

// Cache holds at most max values. When full, storing a new key drops an
// arbitrary other one (Go's map iteration starts at a random place): a
// read-mostly cache of objects whose popularity varies keeps its hot keys
// well enough, with no bookkeeping on the read path.
type Cache[V any] struct {
	mu  sync.RWMutex
	max int
	m   map[string]entry[V]
}

type entry[V any] struct {
	version int64
	v       V
}

// New returns a cache of at most size values (at least 1).
func New[V any](size int) *Cache[V] {
	return &Cache[V]{max: max(size, 1), m: map[string]entry[V]{}}
}

// Get returns the value stored for key at version.
func (c *Cache[V]) Get(key string, version int64) (V, bool) {
	c.mu.RLock()
	e, ok := c.m[key]
	c.mu.RUnlock()
	if !ok || e.version != version {
		var zero V
		return zero, false
	}
	return e.v, true
}

// Put stores v for key at version, unless a newer version is there
// already. Versions below 1 are not stored: they are unknown.
func (c *Cache[V]) Put(key string, version int64, v V) {
	if version < 1 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		if e.version > version {
			return
		}
	} else if len(c.m) >= c.max {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[key] = entry[V]{version, v}
}

// Len is the number of values held.
func (c *Cache[V]) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}
