// Package proxy says who a request comes from when it comes through
// reverse proxies: the client a trusted proxy names (X-Real-IP, else the
// nearest X-Forwarded-For entry that is not itself a trusted proxy). From
// anyone else these headers are ignored, so a client cannot choose the
// address the per-address limits count.
package proxy

import (
	"net/http"
	"net/netip"
	"strings"
)

// Trusted are the reverse proxies whose X-Real-IP and X-Forwarded-For
// headers name the client (TRUSTED_PROXIES).
type Trusted []netip.Prefix

// Trusts reports whether ip is one of the trusted proxies.
func (t Trusted) Trusts(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Client is the client a trusted proxy's request names: X-Real-IP, else
// the nearest X-Forwarded-For entry that is not itself a trusted proxy;
// "" when the headers name none (or name one badly).
func (t Trusted) Client(r *http.Request) string {
	if v := strings.TrimSpace(r.Header.Get("X-Real-IP")); v != "" {
		if a, err := netip.ParseAddr(v); err == nil {
			return a.Unmap().String()
		}
		return ""
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return ""
		}
		if !t.Trusts(a.String()) {
			return a.Unmap().String()
		}
	}
	return ""
}
