package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/server"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// seededServer returns a test server over a migrated, seeded database.
func seededServer(t *testing.T, checks ...server.Check) (*httptest.Server, *postgres.DB) {
	t.Helper()
	ctx := context.Background()
	db := devtest.Seeded(t)
	if checks == nil {
		checks = []server.Check{{Name: "postgres", Ping: db.Ping}}
	}
	ts := web.Serve(t, server.Deps{Store: db, Checks: checks})
	// The seeded policies are drafts: these page tests read them signed in,
	// as the region's staff (a stakeholder reads only what is public).
	u, err := db.UserByEmail(ctx, "kabid.sawahlunto@policyflow.test")
	if err != nil {
		t.Fatal(err)
	}
	sessionToken = "uji-" + strconv.FormatInt(u.ID, 10) + "-" + t.Name()
	sum := sha256.Sum256([]byte(sessionToken))
	if err := db.CreateSession(ctx, u.ID, hex.EncodeToString(sum[:]), "csrf-uji", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return ts, db
}

// sessionToken is the signed-in staff member's cookie for get.
var sessionToken string

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.AddCookie(&http.Cookie{Name: "pf_session", Value: sessionToken})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func policyID(t *testing.T, db *postgres.DB, slug string) int64 {
	t.Helper()
	var id int64
	if err := db.SQL().Get(&id, `SELECT id FROM policies WHERE slug = $1`, slug); err != nil {
		t.Fatalf("policy %s: %v", slug, err)
	}
	return id
}

func TestIndexListsPoliciesByRegion(t *testing.T) {
	ts, db := seededServer(t)
	// Other cities' policies are listed once published; their drafts are not.
	publish(t, db, "bukittinggi-peningkatan-kualitas-asn")
	publish(t, db, "pangkalpinang-pengembangan-kompetensi-asn")
	res, body := get(t, ts.URL+"/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d, want 200", res.StatusCode)
	}
	if got := res.Header.Get("Content-Language"); got != "id" {
		t.Errorf("Content-Language = %q, want id (Indonesian by default)", got)
	}
	// Regions in alphabetical order, each followed by its own policies.
	order := []string{
		"Kota Bukittinggi", "Kebijakan Peningkatan Kualitas ASN di Kota Bukittinggi",
		"Kota Pangkalpinang", "Penyusunan Kebijakan Pengembangan Kompetensi ASN di Pangkalpinang",
		"Kota Sawahlunto", "Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto",
	}
	list := body[strings.Index(body, `<section class="region">`):]
	pos := -1
	for _, s := range order {
		i := strings.Index(list, s)
		if i < 0 {
			t.Fatalf("index page lacks %q", s)
		}
		if i < pos {
			t.Errorf("%q appears out of order", s)
		}
		pos = i
	}
	for _, s := range []string{"Daftar kebijakan", "Draf", "Versi 1", "Peningkatan Kapasitas ASN di Sawahlunto untuk Menghadapi Tantangan Birokrasi"} {
		if !strings.Contains(body, s) {
			t.Errorf("index page lacks %q", s)
		}
	}
}

// publish makes a seeded policy approved, its current version in force, as
// if its approval had run: anyone may then read it.
func publish(t *testing.T, db *postgres.DB, slug string) {
	t.Helper()
	if _, err := db.SQL().Exec(`UPDATE policies SET status = 'approved', in_force_version_id = current_version_id WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
}

func TestIndexFilters(t *testing.T) {
	ts, db := seededServer(t)
	publish(t, db, "pangkalpinang-pengembangan-kompetensi-asn")
	tests := []struct {
		query     string
		status    int
		want, not []string
	}{
		{"?region=pangkalpinang", 200, []string{"Pengembangan Kompetensi ASN di Pangkalpinang"}, []string{"Kota Bukittinggi</h2>", "Kota Sawahlunto</h2>"}},
		// The viewer (of Sawahlunto) sees their city's drafts, no other's.
		{"?status=draft", 200, []string{"Kota Sawahlunto</h2>"}, []string{"Kota Bukittinggi</h2>", "Kota Pangkalpinang</h2>"}},
		{"?status=approved", 200, []string{"Pengembangan Kompetensi ASN di Pangkalpinang"}, []string{"Kota Sawahlunto</h2>"}},
		{"?status=implementing", 200, []string{"Belum ada kebijakan."}, []string{"Kota Sawahlunto</h2>"}},
		{"?status=bogus", 422, []string{"status \"bogus\" tidak dikenal"}, nil},
		{"?region=atlantis", 422, []string{"wilayah \"atlantis\" tidak dikenal"}, nil},
		{"?lang=en", 200, []string{"Policies", "Draft", "Version 1"}, []string{"Daftar kebijakan"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, body := get(t, ts.URL+"/"+tt.query)
			body = html.UnescapeString(body)
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			for _, s := range tt.want {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(body, s) {
					t.Errorf("page contains %q", s)
				}
			}
		})
	}
}

func TestPolicyPageRendersCurrentVersion(t *testing.T) {
	ts, db := seededServer(t)
	id := policyID(t, db, "sawahlunto-peningkatan-kompetensi-asn")
	v, err := db.CurrentVersion(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, ts.URL+"/policies/"+itoa(id))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", res.StatusCode)
	}
	for _, s := range []string{
		`<h1 id="kebijakan-peningkatan-kompetensi-asn-di-kota-sawahlunto">Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto</h1>`,
		`<h2 id="pendahuluan">Pendahuluan</h2>`,
		`<h2 id="evaluasi-dan-monitoring">Evaluasi dan Monitoring</h2>`,
		`<a href="#peran-masyarakat">Peran Masyarakat</a>`, // table of contents
		`<dd id="policy-version">1</dd>`,
		`id="policy-status">Draf</span>`,
		v.SHA256,
		"musyawarah desa",
	} {
		if !strings.Contains(body, s) {
			t.Errorf("policy page lacks %q", s)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy = %q, want script-src 'self'", csp)
	}

	// A new version becomes what the page shows.
	if _, err := db.CreateVersion(context.Background(), id, 1, "# Judul baru\n\n## Bagian Baru\n\nIsi.\n", v.AuthorID, "revisi"); err != nil {
		t.Fatal(err)
	}
	_, body = get(t, ts.URL+"/policies/"+itoa(id))
	if !strings.Contains(body, `<h2 id="bagian-baru">Bagian Baru</h2>`) || !strings.Contains(body, `<dd id="policy-version">2</dd>`) {
		t.Errorf("policy page does not show version 2:\n%s", body)
	}
}

func TestPolicyPageNeverRunsScript(t *testing.T) {
	ts, db := seededServer(t)
	ctx := context.Background()
	author, err := db.UserByEmail(ctx, "penyusun.sawahlunto@policyflow.test")
	if err != nil {
		t.Fatal(err)
	}
	region, _ := db.RegionBySlug(ctx, "sawahlunto")
	units, _ := db.Units(ctx, region.ID)
	md := "# Judul <script>alert(1)</script>\n\n<script>document.title='pwned'</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n"
	p, _, err := db.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: units[0].ID, Slug: "xss", Title: `"><script>alert(1)</script>`, Markdown: md, AuthorID: author.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/policies/" + itoa(p.ID)} {
		_, body := get(t, ts.URL+path)
		// The page's own scripts are the only ones allowed.
		body = strings.Replace(body, `<script src="/static/app.js" defer></script>`, "", 1)
		body = strings.Replace(body, `<script src="/static/passage.js" defer></script>`, "", 1)
		if strings.Contains(body, "<script") || strings.Contains(body, "javascript:") || strings.Contains(body, "onerror") {
			t.Errorf("%s contains executable markup:\n%s", path, body)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the title as escaped text", path)
		}
	}
}

func TestNotFound(t *testing.T) {
	ts, _ := seededServer(t)
	for _, path := range []string{"/policies/999999", "/policies/abc", "/policies/-1", "/tidak-ada"} {
		res, body := get(t, ts.URL+path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
		}
		if !strings.Contains(body, "tidak ditemukan") {
			t.Errorf("GET %s: page lacks an Indonesian not-found message", path)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	ts, _ := seededServer(t)
	if res, body := get(t, ts.URL+"/healthz"); res.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q, want 200 ok", res.StatusCode, body)
	}
	res, body := get(t, ts.URL+"/readyz")
	if res.StatusCode != 200 {
		t.Errorf("/readyz = %d, want 200: %s", res.StatusCode, body)
	}

	// A database that does not answer makes the server not ready.
	closed, err := postgres.Open(context.Background(), devtest.PostgresURL(t), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	down, _ := seededServer(t, server.Check{Name: "postgres", Ping: closed.Ping})
	res, body = get(t, down.URL+"/readyz")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with PostgreSQL down = %d, want 503", res.StatusCode)
	}
	if res.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	var got struct {
		Ready  bool
		Checks map[string]string
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Ready || !strings.HasPrefix(got.Checks["postgres"], "unavailable") {
		t.Errorf("/readyz body = %+v, want postgres unavailable", got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
