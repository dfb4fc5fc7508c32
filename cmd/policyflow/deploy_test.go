package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/server"
)

var linkLine = regexp.MustCompile(`(?m)^(http://\S+/invite/[A-Za-z0-9_-]+)$`)

// A city deploys Policyflow on an empty database: migrate, create its
// region, invite its first administrator on the command line, who opens
// the printed link, sets a password, signs in and invites the next person
// through the API, whose invitation email is in the outbox.
func TestDeploymentPath(t *testing.T) {
	dbURL := devtest.PostgresURL(t)
	env := map[string]string{"DATABASE_URL": dbURL}
	if err, _, out := runWith(t, env, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}

	// The web server, as `policyflow server` runs it (without Temporal: no
	// lifecycle action is taken here).
	db, err := postgres.Open(context.Background(), dbURL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := web.Serve(t, server.Deps{Store: db})
	env["PUBLIC_URL"] = srv.URL

	if err, _, out := runWith(t, env, "admin", "create-region", "-slug", "kota-uji", "-name", "Kota Uji", "-zone", "WITA"); err != nil {
		t.Fatalf("create-region: %v\n%s", err, out)
	}
	err, _, out := runWith(t, env, "admin", "create-region", "-slug", "kota-uji", "-name", "Kota Uji Lagi")
	if err == nil || !strings.Contains(err.Error(), "sudah ada") {
		t.Fatalf("create-region with an existing slug: %v, want a clear refusal\n%s", err, out)
	}
	if err, _, out := runWith(t, env, "admin", "invite", "-region", "tidak-ada", "-email", "a@b.go.id", "-name", "A"); err == nil {
		t.Fatalf("invite to an unknown region succeeded:\n%s", out)
	}
	err, _, out = runWith(t, env, "admin", "invite", "-region", "kota-uji", "-email", "admin@kota-uji.go.id", "-name", "Admin Kota Uji", "-role", "admin", "-title", "Kepala Bagian Organisasi")
	if err != nil {
		t.Fatalf("invite: %v\n%s", err, out)
	}
	m := linkLine.FindStringSubmatch(out)
	if m == nil || !strings.HasPrefix(m[1], srv.URL+"/invite/") {
		t.Fatalf("invite printed no link on %s:\n%s", srv.URL, out)
	}
	link := m[1]
	var outbox int
	db.SQL().Get(&outbox, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'admin@kota-uji.go.id' AND n.kind = 'invitation'`)
	if outbox != 1 {
		t.Errorf("%d invitation emails in the outbox for the administrator, want 1", outbox)
	}
	var audited []string
	db.SQL().Select(&audited, `SELECT action FROM audit_log WHERE actor_id IS NULL AND region_id IS NOT NULL ORDER BY id`)
	if strings.Join(audited, ",") != "region.created,user.invited,region.first_admin" {
		t.Errorf("audited by the command line: %v", audited)
	}
	if !strings.Contains(out, "without a second person's confirmation") {
		t.Errorf("the first administrator's invitation does not say it is the one exception:\n%s", out)
	}

	// Before the password is set, no password signs in.
	if res, body := devtest.Call(t, "POST", srv.URL+"/api/v1/tokens", "", map[string]string{"email": "admin@kota-uji.go.id", "password": ""}); res.StatusCode != 401 {
		t.Fatalf("sign-in before the password is set: %d %s", res.StatusCode, body)
	}
	password := "sandi-yang-panjang-sekali"
	setPassword(t, link, password)

	// Signed in, the administrator invites the next person.
	// An administrator's token needs the second factor: set up on the
	// pages at the first sign-in, then its code with the password.
	res, body := devtest.Call(t, "POST", srv.URL+"/api/v1/tokens", "", map[string]string{"email": "admin@kota-uji.go.id", "password": password, "name": "uji"})
	if res.StatusCode != 403 || !strings.Contains(body, `"totp"`) {
		t.Fatalf("a token before the second factor is set up: %d %s, want 403 naming totp", res.StatusCode, body)
	}
	tok := struct{ Token string }{devtest.Token(t, srv.URL, "admin@kota-uji.go.id", password)}

	// A second administrator: the operator proposes, the first confirms.
	err, _, out = runWith(t, env, "admin", "invite", "-region", "kota-uji", "-email", "admin2@kota-uji.go.id", "-name", "Admin Kedua", "-role", "admin")
	if err != nil || !strings.Contains(out, "proposed change #") || linkLine.MatchString(out) {
		t.Fatalf("the second administrator from the command line: %v, want a proposal and no link\n%s", err, out)
	}
	confirmLatest := func(token string) {
		t.Helper()
		var id int64
		db.SQL().Get(&id, `SELECT max(id) FROM pending_changes WHERE status = 'pending'`)
		if res, body := devtest.Call(t, "POST", fmt.Sprintf("%s/api/v1/changes/%d/confirm", srv.URL, id), token, nil); res.StatusCode != 200 {
			t.Fatalf("confirm change #%d: %d %s", id, res.StatusCode, body)
		}
	}
	confirmLatest(tok.Token)
	var link2 string
	if err := db.SQL().Get(&link2, `SELECT n.link FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = 'admin2@kota-uji.go.id' AND n.kind = 'invitation'`); err != nil {
		t.Fatalf("the second administrator's invitation: %v", err)
	}
	setPassword(t, srv.URL+link2, "sandi-admin-kedua-panjang")
	tok2 := struct{ Token string }{devtest.Token(t, srv.URL, "admin2@kota-uji.go.id", "sandi-admin-kedua-panjang")}

	// A leader: proposed by one administrator, confirmed by the other.
	res, body = devtest.Call(t, "POST", srv.URL+"/api/v1/admin/people", tok.Token, map[string]string{"email": "pimpinan@kota-uji.go.id", "name": "Pimpinan Uji", "role": "leader", "nip": "198503122010011002"})
	if res.StatusCode != 202 {
		t.Fatalf("the administrator proposes a leader: %d %s", res.StatusCode, body)
	}
	confirmLatest(tok2.Token)
	var next string
	if err := db.SQL().Get(&next, `SELECT n.link FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = 'pimpinan@kota-uji.go.id' AND n.kind = 'invitation'`); err != nil || !strings.HasPrefix(next, "/invite/") {
		t.Fatalf("the invitation email in the outbox: %q %v", next, err)
	}
	// The invitation works too.
	setPassword(t, srv.URL+next, "kata-sandi-pimpinan-uji")
	devtest.Token(t, srv.URL, "pimpinan@kota-uji.go.id", "kata-sandi-pimpinan-uji")
}

// setPassword follows a one-time link like a person: opens the page, types
// the password twice, and is told to sign in; the link then works no more.
func setPassword(t *testing.T, link, password string) {
	t.Helper()
	c := devtest.Browser()
	res, b := devtest.SubmitForm(t, c, link, url.Values{"password": {password}, "password2": {password}})
	if res.StatusCode != 200 || !strings.Contains(b, `id="password-done"`) {
		t.Fatalf("setting the password: %d\n%.500s", res.StatusCode, b)
	}
	if res, page := get(t, c, link); res.StatusCode != http.StatusGone || !strings.Contains(page, "sudah dipakai") {
		t.Errorf("the link again: %d, want 410 saying it was used\n%.300s", res.StatusCode, page)
	}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	return devtest.Do(t, c, req)
}
