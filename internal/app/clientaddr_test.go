package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClientAddr(t *testing.T) {
	trusted, err := ParseProxies("127.0.0.1, 10.0.0.0/8, ::1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no header", "127.0.0.1:5000", nil, "127.0.0.1:5000"},
		{"one proxy", "127.0.0.1:5000", []string{"203.0.113.7"}, "203.0.113.7:0"},
		{"a forged hop left of the client is ignored", "127.0.0.1:5000", []string{"198.51.100.1, 203.0.113.7"}, "203.0.113.7:0"},
		{"two trusted proxies", "10.1.2.3:5000", []string{"203.0.113.7, 10.9.9.9"}, "203.0.113.7:0"},
		{"several headers", "10.1.2.3:5000", []string{"198.51.100.1", "203.0.113.7"}, "203.0.113.7:0"},
		{"IPv6 client", "[::1]:5000", []string{"2001:db8::1"}, "[2001:db8::1]:0"},
		{"an untrusted peer's header is ignored", "198.51.100.9:5000", []string{"203.0.113.7"}, "198.51.100.9:5000"},
		{"a malformed hop stops the walk", "127.0.0.1:5000", []string{"203.0.113.7, not-an-ip"}, "127.0.0.1:5000"},
		{"only trusted hops", "127.0.0.1:5000", []string{"10.0.0.1"}, "127.0.0.1:5000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			h := withClientAddr(trusted, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != tt.want {
				t.Errorf("RemoteAddr = %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := ParseProxies("10.0.0.0/8, nonsense"); err == nil {
		t.Error("a bad proxy was accepted")
	}
}
