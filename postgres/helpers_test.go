package postgres_test

import (
	"errors"
	"testing"
	"time"

	"github.com/policyflow/policyflow/devenv/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// openDB returns a DB on a fresh, empty database, not yet migrated.
func openDB(t *testing.T) *postgres.DB {
	t.Helper()
	url := devtest.PostgresURL(t)
	db, err := postgres.Open(t.Context(), url, 5*time.Second)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newDB returns a DB on a fresh, migrated database.
func newDB(t *testing.T) *postgres.DB {
	t.Helper()
	db := openDB(t)
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db
}

// fixture is a seeded database and one seeded policy to hang records on.
type fixture struct {
	db        *postgres.DB
	regionID  int64
	policyID  int64
	versionID int64
	sha       string
	chainID   int64
	units     map[string]int64 // by code, in the policy's region
	users     map[string]int64 // by sample email prefix ("penyusun", "kabid"…), same region
}

const fixtureSlug = "sawahlunto-peningkatan-kompetensi-asn"

func seeded(t *testing.T) fixture {
	t.Helper()
	ctx := t.Context()
	db := newDB(t)
	if _, err := db.Seed(ctx); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	f := fixture{db: db, units: map[string]int64{}, users: map[string]int64{}}
	r, err := db.RegionBySlug(ctx, "sawahlunto")
	if err != nil {
		t.Fatal(err)
	}
	f.regionID = r.ID
	us, err := db.Units(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		f.units[u.Code] = u.ID
	}
	for _, who := range []string{"penyusun", "akademisi", "kabid", "kepala", "sekda", "walikota", "opd", "admin"} {
		u, err := db.UserByEmail(ctx, who+".sawahlunto@policyflow.test")
		if err != nil {
			t.Fatal(err)
		}
		f.users[who] = u.ID
	}
	f.policyID = policyIDBySlug(t, db, fixtureSlug)
	p, err := db.PolicyByID(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	if p.ChainID == nil {
		t.Fatalf("seeded policy %s has no approval chain", fixtureSlug)
	}
	f.chainID = *p.ChainID
	v, err := db.CurrentVersion(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	f.versionID, f.sha = v.ID, v.SHA256
	return f
}

func policyIDBySlug(t *testing.T, db *postgres.DB, slug string) int64 {
	t.Helper()
	var id int64
	if err := db.SQL().GetContext(t.Context(), &id, `SELECT id FROM policies WHERE slug = $1`, slug); err != nil {
		t.Fatalf("policy %q: %v", slug, err)
	}
	return id
}

func countRows(t *testing.T, db *postgres.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().GetContext(t.Context(), &n, `SELECT count(*) FROM `+table); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// wantKind fails unless err is a domain error of kind want.
func wantKind(t *testing.T, err error, want policies.ErrorKind) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want kind %q", want)
	}
	if got := policies.KindOf(err); got != want {
		t.Fatalf("got kind %q (%v), want %q", got, err, want)
	}
}

func fieldOf(err error) string {
	var de *policies.Error
	if errors.As(err, &de) {
		return de.Field
	}
	return ""
}

func int64p(v int64) *int64 { return &v }

// hashOf returns a 64-hex-digit stand-in for a token's SHA-256.
func hashOf(token string) string { return policies.ContentHash(token) }
