package webhookaddr_test

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyflow/policyflow/notify/webhookaddr"
)

func TestPublic(t *testing.T) {
	for _, tt := range []struct {
		addr   string
		public bool
	}{
		{"1.1.1.1", true},
		{"8.8.8.8", true},
		{"36.86.63.182", true}, // an Indonesian ISP's address
		{"2606:4700:4700::1111", true},
		{"64:ff9b::808:808", true}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", true},  // 6to4 of 8.8.8.8

		{"127.0.0.1", false},
		{"127.45.6.7", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.254", false},
		{"192.168.1.10", false},
		{"169.254.169.254", false}, // cloud metadata
		{"169.254.0.1", false},
		{"100.64.0.1", false}, // CGNAT
		{"100.127.255.254", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"255.255.255.255", false},
		{"240.0.0.1", false},
		{"192.0.0.170", false},
		{"198.18.0.1", false},
		{"::1", false},
		{"::", false},
		{"fc00::1", false},
		{"fd00:ec2::254", false}, // AWS metadata over IPv6
		{"fe80::1", false},
		{"fe80::1%eth0", false},
		{"ff02::1", false},
		{"fec0::1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:169.254.169.254", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:100.64.0.1", false},
		{"::127.0.0.1", false},          // IPv4-compatible
		{"64:ff9b::a9fe:a9fe", false},   // NAT64 of 169.254.169.254
		{"64:ff9b::7f00:1", false},      // NAT64 of 127.0.0.1
		{"2002:7f00:1::1", false},       // 6to4 of 127.0.0.1
		{"2002:c0a8:101::1", false},     // 6to4 of 192.168.1.1
		{"2001:0:4136:e378::1", false},  // Teredo
		{"2001:db8::1", false},          // documentation
		{"64:ff9b:1::a00:1", false},     // local-use NAT64
		{"100::1", false},               // discard-only
		{"::ffff:0.0.0.0", false},       // mapped unspecified
		{"::ffff:224.0.0.251", false},   // mapped multicast
		{"::ffff:192.168.100.1", false}, // mapped private
	} {
		a := netip.MustParseAddr(tt.addr)
		if got := webhookaddr.Public(a); got != tt.public {
			t.Errorf("Public(%s) = %v, want %v", tt.addr, got, tt.public)
		}
	}
	if webhookaddr.Public(netip.Addr{}) {
		t.Error("the zero Addr counts as public")
	}
}

func TestCheckURL(t *testing.T) {
	ctx := t.Context()
	for _, tt := range []struct {
		url     string
		private bool // allowPrivate
		refused string
	}{
		{url: "https://1.1.1.1/policyflow"},
		{url: "http://[2606:4700:4700::1111]:8443/hook"},
		{url: "http://127.0.0.1:8080/hook", refused: "127.0.0.1"},
		{url: "http://localhost:8080/hook", refused: "127.0.0.1"}, // a name is resolved, then judged
		{url: "http://169.254.169.254/latest/meta-data/", refused: "169.254.169.254"},
		{url: "http://[::ffff:169.254.169.254]/latest/meta-data/", refused: "169.254.169.254"},
		{url: "http://[::ffff:7f00:1]/", refused: "127.0.0.1"},
		{url: "https://10.20.30.40/hook", refused: "10.20.30.40"},
		{url: "https://192.168.0.1/hook", refused: "192.168.0.1"},
		{url: "https://100.64.1.1/hook", refused: "100.64.1.1"},
		{url: "http://[fd12:3456::1]/hook", refused: "fd12:3456::1"},
		{url: "http://[fe80::1%25eth0]/hook", refused: "fe80::1"},
		{url: "http://[::1]:9000/", refused: "::1"},
		{url: "http://0.0.0.0:8080/", refused: "0.0.0.0"},
		{url: "http://224.0.0.1/", refused: "224.0.0.1"},
		{url: "http://127.0.0.1:8080/hook", private: true},
		{url: "http://localhost:8080/hook", private: true},
	} {
		err := webhookaddr.CheckURL(ctx, tt.url, tt.private)
		var ae *webhookaddr.Error
		switch {
		case tt.refused == "" && err != nil:
			t.Errorf("CheckURL(%s, %v) = %v, want accepted", tt.url, tt.private, err)
		case tt.refused != "" && (!errors.As(err, &ae) || !strings.Contains(ae.Addr.String(), tt.refused)):
			t.Errorf("CheckURL(%s) = %v, want refused as %s", tt.url, err, tt.refused)
		}
	}
	// Not a URL to call at all, allowance or not.
	for _, raw := range []string{"ftp://1.1.1.1/", "1.1.1.1/hook", "http:///path", "mailto:a@b.go.id"} {
		for _, private := range []bool{false, true} {
			if err := webhookaddr.CheckURL(ctx, raw, private); err == nil {
				t.Errorf("CheckURL(%q, %v) accepted", raw, private)
			}
		}
	}
	// A numeric host that is not a dotted address is refused either way:
	// resolved to 127.0.0.1 by the C resolver, or not found by Go's.
	if err := webhookaddr.CheckURL(ctx, "http://2130706433/", false); err == nil {
		t.Error("http://2130706433/ (127.0.0.1 in decimal) accepted")
	}
}

// The client checks each connection after resolution: neither a loopback
// address nor a name resolving to one is connected to, so a name that
// resolved to a public address when the URL was saved cannot be pointed
// inside later. Redirects are not followed, and a call ends at the timeout.
func TestClientConnectsOnlyToPublicAddresses(t *testing.T) {
	var hits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, "/target", http.StatusTemporaryRedirect)
		case "/hang":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	guarded := webhookaddr.NewClient(false, 5*time.Second)
	for _, u := range []string{srv.URL + "/hook", "http://localhost:" + port + "/hook", "http://[::ffff:127.0.0.1]:" + port + "/hook"} {
		res, err := guarded.Post(u, "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
		}
		var ae *webhookaddr.Error
		if !errors.As(err, &ae) || !ae.Addr.IsLoopback() {
			t.Errorf("POST %s through the guarded client: %v, want refused (*webhookaddr.Error for a loopback address)", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the receiver on loopback got %d requests through the guarded client", n)
	}

	// The test allowance connects, but still follows no redirect.
	open := webhookaddr.NewClient(true, 300*time.Millisecond)
	res, err := open.Post(srv.URL+"/moved", "application/json", strings.NewReader("{}"))
	if err == nil {
		res.Body.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "redirects are not followed") || hits.Load() != 1 {
		t.Errorf("redirect: %v after %d requests; want refused after 1", err, hits.Load())
	}
	start := time.Now()
	res, err = open.Post(srv.URL+"/hang", "application/json", strings.NewReader("{}"))
	if err == nil {
		res.Body.Close()
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("a receiver that never answers: %v, want a timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the call to a receiver that never answers took %s with a 300 ms timeout", d)
	}
}
