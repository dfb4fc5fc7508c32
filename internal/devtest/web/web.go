// Package web serves Policyflow's web handler to tests, on a loopback
// address that is also its PUBLIC_URL, as a deployment sets it.
package web

import (
	"net/http/httptest"
	"testing"

	"github.com/policyflow/policyflow/server"
)

// Serve starts server.NewServer(d) on a loopback address until the test
// ends. Unless d names one, its PublicURL is that address: the links it
// makes lead back to it, whatever Host a request names.
func Serve(t testing.TB, d server.Deps) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	if d.PublicURL == "" {
		d.PublicURL = "http://" + srv.Listener.Addr().String()
	}
	h, err := server.NewServer(d)
	if err != nil {
		srv.Listener.Close()
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}
