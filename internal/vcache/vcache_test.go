package vcache

import (
	"fmt"
	"testing"
)

func TestVersions(t *testing.T) {
	c := New[string](10)
	c.Put("a", 2, "two")
	if _, ok := c.Get("a", 1); ok {
		t.Error("an older version was answered")
	}
	if _, ok := c.Get("a", 3); ok {
		t.Error("a newer version was answered from an older value")
	}
	if v, ok := c.Get("a", 2); !ok || v != "two" {
		t.Errorf("Get(a, 2) = %q, %v", v, ok)
	}
	c.Put("a", 1, "one")
	if v, _ := c.Get("a", 2); v != "two" {
		t.Error("an older value replaced a newer one")
	}
	c.Put("b", 0, "unknown")
	if _, ok := c.Get("b", 0); ok {
		t.Error("version 0 was stored")
	}
}

func TestBound(t *testing.T) {
	c := New[int](3)
	for i := range 10 {
		c.Put(fmt.Sprint(i), 1, i)
	}
	if c.Len() != 3 {
		t.Errorf("Len = %d, want 3", c.Len())
	}
	if v, ok := c.Get("9", 1); !ok || v != 9 {
		t.Error("the last value stored was dropped")
	}
}

func TestBytes(t *testing.T) {
	c := Sized(100, 10, func(s string) int { return len(s) })
	for i := range 10 {
		c.Put(fmt.Sprint(i), 1, "abc")
		if c.Bytes() > 10 {
			t.Fatalf("after %d values: %d bytes, bound 10", i+1, c.Bytes())
		}
	}
	if c.Len() != 3 || c.Bytes() != 9 {
		t.Errorf("Len %d, Bytes %d: want 3 values of 3 bytes", c.Len(), c.Bytes())
	}
	if v, ok := c.Get("9", 1); !ok || v != "abc" {
		t.Error("the last value stored was dropped")
	}
	c.Put("9", 2, "abcdefgh") // a new version replaces the old one's bytes
	if c.Bytes() > 10 {
		t.Errorf("%d bytes after a bigger version, bound 10", c.Bytes())
	}
	if v, _ := c.Get("9", 2); v != "abcdefgh" {
		t.Error("the new version was not stored")
	}
	c.Put("big", 1, "more than ten bytes")
	if _, ok := c.Get("big", 1); ok || c.Bytes() > 10 {
		t.Error("a value larger than the bound was stored")
	}
}
