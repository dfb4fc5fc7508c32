// Package webhookaddr keeps units' webhooks on the public internet. A unit
// officer chooses the URL, and Policyflow's server and worker call it from
// inside the government's network: without a check the URL could reach
// loopback services, the private network, or the cloud metadata service at
// 169.254.169.254 (server-side request forgery).
//
// CheckURL refuses such a URL when it is saved; NewClient's connections
// check the address again as each socket connects, after DNS resolution,
// so a name that resolved to a public address at save time and to a
// private one later (DNS rebinding) is refused too.
//
// It is a leaf package (standard library only) so that the server can check
// a URL without depending on the deliverer's store.
package webhookaddr

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// Error is a webhook destination refused because it is not a public
// internet address.
type Error struct {
	Host string     // the host as the URL names it
	Addr netip.Addr // the address it is, or resolves to
}

func (e *Error) Error() string {
	if e.Host == "" || e.Host == e.Addr.String() {
		return fmt.Sprintf("webhook: %s is not a public internet address", e.Addr)
	}
	return fmt.Sprintf("webhook: %s resolves to %s, not a public internet address", e.Host, e.Addr)
}

// special are the ranges that are not public unicast destinations beyond
// what netip's predicates (loopback, private, link-local, multicast,
// unspecified) already cover.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT (RFC 6598)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
	netip.MustParsePrefix("::/96"),           // IPv4-compatible (deprecated)
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001::/32"),       // Teredo (hides an IPv4 address)
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96") // the IPv4 address in the last 32 bits
	sixToFour = netip.MustParsePrefix("2002::/16")    // the IPv4 address in bits 16–47
)

// Public reports whether a is a unicast address on the public internet.
// IPv4-mapped (::ffff:a.b.c.d), NAT64 and 6to4 addresses are judged by the
// IPv4 address they carry.
func Public(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsMulticast() ||
		a.IsUnspecified() || a.IsInterfaceLocalMulticast() || a.IsLinkLocalMulticast() {
		return false
	}
	for _, p := range special {
		if p.Contains(a) {
			return false
		}
	}
	b := a.As16()
	switch {
	case nat64.Contains(a):
		return Public(netip.AddrFrom4([4]byte(b[12:16])))
	case sixToFour.Contains(a):
		return Public(netip.AddrFrom4([4]byte(b[2:6])))
	}
	return true
}

// lookupTimeout bounds the DNS lookup of a URL being saved.
const lookupTimeout = 5 * time.Second

// CheckURL refuses a webhook URL that is not http(s) with a host, or whose
// host is, or resolves to, any address that is not public (an *Error). A
// host that cannot be resolved is refused with the resolver's error.
// allowPrivate skips the address check: for tests whose receivers listen
// on loopback, never in production.
func CheckURL(ctx context.Context, raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return errors.New("webhook: not an http:// or https:// URL with a host")
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if a, err := netip.ParseAddr(host); err == nil {
		if !Public(a) {
			return &Error{Host: host, Addr: a}
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("webhook: look up %s: %w", host, err)
	}
	if len(addrs) == 0 {
		return fmt.Errorf("webhook: %s has no address", host)
	}
	// Every address must be public: a client may connect to any of them.
	for _, a := range addrs {
		if !Public(a) {
			return &Error{Host: host, Addr: a}
		}
	}
	return nil
}

// control refuses to connect a socket to an address that is not public.
// It runs after DNS resolution, for every address tried.
func control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("webhook: connect %s %s: %w", network, address, err)
	}
	if !Public(ap.Addr()) {
		return &Error{Addr: ap.Addr().Unmap()}
	}
	return nil
}

// NewClient returns the HTTP client for webhook calls: each call (connect,
// TLS, request, answer) ends after timeout, redirects are not followed (a
// redirect could point anywhere, and a webhook's answer needs none), no
// proxy from the environment is used (it would connect for us, past the
// check), and every connection is checked to go to a public address
// unless allowPrivate (tests only).
func NewClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = control
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = d.DialContext
	t.TLSHandshakeTimeout = timeout
	t.MaxIdleConnsPerHost = 4
	return &http.Client{
		Transport: t,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("webhook redirects are not followed")
		},
	}
}
