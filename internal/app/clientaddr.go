package app

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseProxies reads --trusted-proxies: addresses or CIDR prefixes,
// comma-separated.
func ParseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or a prefix", s)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or a prefix", s)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// withClientAddr makes r.RemoteAddr the client's address when the
// connection comes from a trusted reverse proxy, so that per-IP rate
// limits, logs and audit entries see the visitor, not the proxy. The
// client is the right-most address of X-Forwarded-For that is not itself a
// trusted proxy: everything left of it was written by the client and may
// be forged. Without trusted proxies, or from anyone else, the header is
// ignored.
func withClientAddr(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if peer, ok := addrOf(r.RemoteAddr); ok && isTrusted(trusted, peer) {
			if client, ok := forwardedClient(trusted, r.Header.Values("X-Forwarded-For")); ok {
				r2 := *r
				r2.RemoteAddr = net.JoinHostPort(client.String(), "0")
				r = &r2
			}
		}
		next.ServeHTTP(w, r)
	})
}

func forwardedClient(trusted []netip.Prefix, headers []string) (netip.Addr, bool) {
	var hops []string
	for _, h := range headers {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return netip.Addr{}, false // a malformed hop: trust nothing further left
		}
		if a = a.Unmap(); !isTrusted(trusted, a) {
			return a, true
		}
	}
	return netip.Addr{}, false
}

func addrOf(remote string) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		return netip.Addr{}, false
	}
	return ap.Addr().Unmap(), true
}

func isTrusted(trusted []netip.Prefix, a netip.Addr) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
