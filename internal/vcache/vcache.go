// Package vcache keeps values by key and version, in memory, up to a
// bound. A value is served only for the version it was stored under: the
// caller reads the current version from the database (which raises it in
// the transaction of every change) and asks for that one, so a change
// committed by any instance is never answered from an older value.
package vcache

import "sync"

// Cache holds at most max values, and at most maxBytes of them as size
// counts them. When full, storing a new value drops arbitrary others (Go's
// map iteration starts at a random place): a read-mostly cache of objects
// whose popularity varies keeps its hot keys well enough, with no
// bookkeeping on the read path.
type Cache[V any] struct {
	mu       sync.RWMutex
	max      int
	maxBytes int
	bytes    int
	size     func(V) int
	m        map[string]entry[V]
}

type entry[V any] struct {
	version int64
	v       V
	size    int
}

// New returns a cache of at most n values (at least 1).
func New[V any](n int) *Cache[V] {
	return Sized(n, 0, func(V) int { return 0 })
}

// Sized returns a cache of at most n values taking at most maxBytes as
// size counts them: the bound that matters when values differ in size
// (an encoded object may be one kilobyte or a hundred).
func Sized[V any](n, maxBytes int, size func(V) int) *Cache[V] {
	return &Cache[V]{max: max(n, 1), maxBytes: maxBytes, size: size, m: map[string]entry[V]{}}
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
// already. Versions below 1 are not stored: they are unknown. A value
// larger than the whole bound is not stored either.
func (c *Cache[V]) Put(key string, version int64, v V) {
	n := c.size(v)
	if version < 1 || (c.maxBytes > 0 && n > c.maxBytes) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		if e.version > version {
			return
		}
		c.bytes -= e.size
		delete(c.m, key)
	}
	for k, e := range c.m {
		if len(c.m) < c.max && (c.maxBytes == 0 || c.bytes+n <= c.maxBytes) {
			break
		}
		delete(c.m, k)
		c.bytes -= e.size
	}
	c.m[key] = entry[V]{version, v, n}
	c.bytes += n
}

// Len is the number of values held.
func (c *Cache[V]) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// Bytes is the size of the values held, as size counts them.
func (c *Cache[V]) Bytes() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.bytes
}
