package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A mask is flask-restx's X-Fields: field names, with braces for the fields
// of nested objects, e.g. "{id,organizations{id,name}}" or "data{id},next_page".
type mask map[string]mask // a nil sub-mask keeps the whole value

var errBadMask = errors.New("bad mask")

func parseMask(s string) (mask, error) {
	s = strings.Join(strings.Fields(s), "")
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && balancedOuter(s) {
		s = s[1 : len(s)-1]
	}
	m, rest, err := parseMaskItems(s)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		return nil, fmt.Errorf("%w: unexpected %q", errBadMask, rest)
	}
	return m, nil
}

// balancedOuter reports whether the first brace of s closes at its end.
func balancedOuter(s string) bool {
	depth := 0
	for i, c := range s {
		switch c {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i == len(s)-1
			}
		}
	}
	return false
}

// parseMaskItems reads items up to an unmatched '}' or the end.
func parseMaskItems(s string) (mask, string, error) {
	m := mask{}
	for len(s) > 0 && s[0] != '}' {
		i := strings.IndexAny(s, ",{}")
		if i < 0 {
			i = len(s)
		}
		name := s[:i]
		s = s[i:]
		var sub mask
		if strings.HasPrefix(s, "{") {
			var err error
			if sub, s, err = parseMaskItems(s[1:]); err != nil {
				return nil, "", err
			}
			if !strings.HasPrefix(s, "}") {
				return nil, "", fmt.Errorf("%w: missing }", errBadMask)
			}
			s = s[1:]
		}
		if name == "" && sub != nil {
			return nil, "", fmt.Errorf("%w: nested fields without a name", errBadMask)
		}
		if name != "" {
			m[name] = sub
		}
		s = strings.TrimPrefix(s, ",")
	}
	return m, s, nil
}

// applyMask keeps only the masked fields of a JSON document.
func applyMask(body []byte, header string) ([]byte, error) {
	m, err := parseMask(header)
	if err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, err
	}
	return json.Marshal(m.apply(v))
}

func (m mask) apply(v any) any {
	if m == nil {
		return v
	}
	if _, all := m["*"]; all {
		return v
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(m))
		for name, sub := range m {
			if x, ok := t[name]; ok {
				out[name] = sub.apply(x)
			}
		}
		return out
	case []any:
		for i := range t {
			t[i] = m.apply(t[i])
		}
		return t
	}
	return v
}
