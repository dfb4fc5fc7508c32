package postgres_test

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/devenv/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/postgres"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// openDB returns a Store on a fresh, empty database, not yet migrated.
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

// newDB returns a Store on a fresh, migrated database.
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

func int64p(v int64) *int64 { return &v }

func TestMigrate(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)

	got, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("first Migrate: %v", err)
	}
	if want := migrationFiles(t); got != want {
		t.Errorf("first Migrate applied %d, want %d (one per file)", got, want)
	}
	got, err = db.Migrate(ctx)
	if err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if want := 0; got != want {
		t.Errorf("second Migrate applied %d, want %d", got, want)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	if want := postgres.LatestVersion(); v != want || want < 1 {
		t.Errorf("SchemaVersion = %d, want LatestVersion %d (>= 1)", v, want)
	}
	// The schema is really there.
	if n := countRows(t, db, "policies"); n != 0 {
		t.Errorf("policies on a fresh database: got %d rows, want 0", n)
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	applied, err := db.Migrate(ctx)
	if err == nil {
		t.Fatalf("Migrate on a schema at version 999 succeeded (applied %d), want an error", applied)
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("Migrate error = %q, want it to mention %q", err, "newer")
	}
	if applied != 0 {
		t.Errorf("Migrate applied %d, want 0", applied)
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != 999 {
		t.Errorf("SchemaVersion = %d, %v; want 999, nil", v, err)
	}
}

func TestSeed(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	tables := []string{"regions", "units", "users", "approval_chains", "approval_stages",
		"stage_approvers", "policies", "policy_versions", "audit_log"}
	counts := func() map[string]int {
		m := map[string]int{}
		for _, tb := range tables {
			m[tb] = countRows(t, db, tb)
		}
		return m
	}

	got, err := db.Seed(ctx)
	if err != nil {
		t.Fatalf("first Seed: %v", err)
	}
	if want := (postgres.SeedResult{Regions: 3, Units: 12, Users: 30, Policies: 5}); got != want {
		t.Errorf("first Seed = %+v, want %+v", got, want)
	}
	first := counts()
	wantRows := map[string]int{"regions": 3, "units": 12, "users": 30, "approval_chains": 3,
		"approval_stages": 12, "stage_approvers": 12, "policies": 5, "policy_versions": 5, "audit_log": 5}
	if !reflect.DeepEqual(first, wantRows) {
		t.Errorf("rows after first Seed = %v, want %v", first, wantRows)
	}

	got, err = db.Seed(ctx)
	if err != nil {
		t.Fatalf("second Seed: %v", err)
	}
	if want := (postgres.SeedResult{}); got != want {
		t.Errorf("second Seed = %+v, want %+v", got, want)
	}
	if second := counts(); !reflect.DeepEqual(second, first) {
		t.Errorf("rows after second Seed = %v, want unchanged %v", second, first)
	}

	t.Run("policies per region", func(t *testing.T) {
		for _, tc := range []struct {
			slug, name string
			policies   int
		}{
			{"sawahlunto", "Kota Sawahlunto", 3},
			{"pangkalpinang", "Kota Pangkalpinang", 1},
			{"bukittinggi", "Kota Bukittinggi", 1},
		} {
			t.Run(tc.slug, func(t *testing.T) {
				r, err := db.RegionBySlug(ctx, tc.slug)
				if err != nil {
					t.Fatal(err)
				}
				if r.Name != tc.name {
					t.Errorf("region name = %q, want %q", r.Name, tc.name)
				}
				ps, err := db.Policies(ctx, policies.PolicyFilter{RegionID: r.ID})
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != tc.policies {
					t.Errorf("got %d policies, want %d", len(ps), tc.policies)
				}
				for _, p := range ps {
					if p.RegionName != tc.name {
						t.Errorf("policy %s: region name %q, want %q", p.Slug, p.RegionName, tc.name)
					}
				}
			})
		}
	})

	t.Run("policy texts", func(t *testing.T) {
		for _, sr := range samples.Regions() {
			for _, sp := range sr.Policies {
				t.Run(sp.Slug, func(t *testing.T) {
					md, err := samples.Markdown(sp.File)
					if err != nil {
						t.Fatal(err)
					}
					id := policyIDBySlug(t, db, sp.Slug)
					p, err := db.PolicyByID(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					wantTitle := policies.TitleOf(md)
					if wantTitle == "" || p.Title != wantTitle {
						t.Errorf("title = %q, want the Markdown H1 %q", p.Title, wantTitle)
					}
					if p.Status != policies.StatusDraft || p.CurrentVersion != 1 {
						t.Errorf("status, current version = %q, %d; want draft, 1", p.Status, p.CurrentVersion)
					}
					if p.UnitName != "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM)" {
						t.Errorf("owner unit = %q, want BKPSDM", p.UnitName)
					}
					vs, err := db.Versions(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if len(vs) != 1 {
						t.Fatalf("got %d versions, want 1", len(vs))
					}
					v := vs[0]
					if v.Number != 1 {
						t.Errorf("version number = %d, want 1", v.Number)
					}
					if want := policies.ContentHash(md); v.SHA256 != want {
						t.Errorf("version SHA256 = %s, want %s", v.SHA256, want)
					}
					if v.Markdown != "" {
						t.Errorf("the version list carries %d bytes of text, want none", len(v.Markdown))
					}
					if v, err = db.VersionByNumber(ctx, id, 1); err != nil {
						t.Fatal(err)
					}
					if v.Markdown != md {
						t.Errorf("version Markdown differs from %s (%d bytes, want %d)", sp.File, len(v.Markdown), len(md))
					}
				})
			}
		}
	})

	t.Run("passwords", func(t *testing.T) {
		var hashes []string
		if err := db.SQL().SelectContext(ctx, &hashes, `SELECT DISTINCT password_hash FROM users`); err != nil {
			t.Fatal(err)
		}
		if len(hashes) == 0 {
			t.Fatal("no password hashes")
		}
		for _, h := range hashes {
			if err := bcrypt.CompareHashAndPassword([]byte(h), []byte(samples.DevPassword)); err != nil {
				t.Errorf("password hash %q does not verify against the dev password: %v", h, err)
			}
		}
		u, err := db.UserByEmail(ctx, "ADMIN.Bukittinggi@policyflow.test")
		if err != nil {
			t.Fatalf("UserByEmail is not case-insensitive: %v", err)
		}
		if u.Role != policies.RoleAdmin {
			t.Errorf("admin role = %q, want %q", u.Role, policies.RoleAdmin)
		}
	})
}

func TestCreatePolicy(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	md := "# Kebijakan Uji\n\n## Pendahuluan\n\nTeks.\n"
	good := policies.NewPolicy{
		RegionID: f.regionID, OwnerUnitID: f.units["disdik"], ChainID: &f.chainID,
		Slug: "kebijakan-uji", Title: "Kebijakan Uji", Markdown: md,
		AuthorID: f.users["penyusun"], ChangeSummary: "Draf awal",
	}
	p, v, err := db.CreatePolicy(ctx, good)
	if err != nil {
		t.Fatalf("CreatePolicy: %v", err)
	}
	if p.Status != policies.StatusDraft || v.Number != 1 || v.SHA256 != policies.ContentHash(md) {
		t.Errorf("CreatePolicy = status %q, version %d sha %s; want draft, 1, %s", p.Status, v.Number, v.SHA256, policies.ContentHash(md))
	}
	if p.CurrentVersionID == nil || *p.CurrentVersionID != v.ID {
		t.Errorf("CurrentVersionID = %v, want %d", p.CurrentVersionID, v.ID)
	}

	got, err := db.PolicyByID(ctx, p.ID)
	if err != nil {
		t.Fatalf("PolicyByID: %v", err)
	}
	if got.RegionName != "Kota Sawahlunto" || got.UnitName != "Dinas Pendidikan" {
		t.Errorf("region, unit = %q, %q; want %q, %q", got.RegionName, got.UnitName, "Kota Sawahlunto", "Dinas Pendidikan")
	}
	if got.CurrentVersion != 1 || got.Status != policies.StatusDraft || got.Slug != good.Slug || got.Title != good.Title {
		t.Errorf("PolicyByID = version %d status %q slug %q title %q; want 1, draft, %q, %q",
			got.CurrentVersion, got.Status, got.Slug, got.Title, good.Slug, good.Title)
	}
	if got.CreatedBy != f.users["penyusun"] || got.ChainID == nil || *got.ChainID != f.chainID {
		t.Errorf("PolicyByID created by %d chain %v; want %d, %d", got.CreatedBy, got.ChainID, f.users["penyusun"], f.chainID)
	}

	t.Run("filters", func(t *testing.T) {
		// Move the new policy on so a status filter has something to tell apart.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'consultation' WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		region := func(slug string) int64 {
			r, err := db.RegionBySlug(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		for _, tc := range []struct {
			name   string
			filter policies.PolicyFilter
			want   int
			slugs  []string // checked when set
		}{
			{"all", policies.PolicyFilter{}, 6, nil},
			{"sawahlunto", policies.PolicyFilter{RegionID: f.regionID}, 4, nil},
			{"bukittinggi", policies.PolicyFilter{RegionID: region("bukittinggi")}, 1, []string{"bukittinggi-peningkatan-kualitas-asn"}},
			{"draft", policies.PolicyFilter{Status: policies.StatusDraft}, 5, nil},
			{"consultation", policies.PolicyFilter{Status: policies.StatusConsultation}, 1, []string{"kebijakan-uji"}},
			{"sawahlunto consultation", policies.PolicyFilter{RegionID: f.regionID, Status: policies.StatusConsultation}, 1, []string{"kebijakan-uji"}},
			{"pangkalpinang consultation", policies.PolicyFilter{RegionID: region("pangkalpinang"), Status: policies.StatusConsultation}, 0, nil},
			{"limit", policies.PolicyFilter{Limit: 2}, 2, nil},
			{"offset", policies.PolicyFilter{Offset: 5}, 1, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ps, err := db.Policies(ctx, tc.filter)
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != tc.want {
					t.Fatalf("got %d policies, want %d", len(ps), tc.want)
				}
				for _, p := range ps {
					if tc.filter.RegionID != 0 && p.RegionID != tc.filter.RegionID {
						t.Errorf("policy %s in region %d, want %d", p.Slug, p.RegionID, tc.filter.RegionID)
					}
					if tc.filter.Status != "" && p.Status != tc.filter.Status {
						t.Errorf("policy %s has status %q, want %q", p.Slug, p.Status, tc.filter.Status)
					}
				}
				if tc.slugs != nil {
					var got []string
					for _, p := range ps {
						got = append(got, p.Slug)
					}
					if !reflect.DeepEqual(got, tc.slugs) {
						t.Errorf("got slugs %v, want %v", got, tc.slugs)
					}
				}
			})
		}
	})

	t.Run("invalid status filter", func(t *testing.T) {
		_, err := db.Policies(ctx, policies.PolicyFilter{Status: "published"})
		wantKind(t, err, policies.KindInvalid)
	})

	t.Run("unknown id", func(t *testing.T) {
		_, err := db.PolicyByID(ctx, 987654)
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("duplicate slug", func(t *testing.T) {
		before := countRows(t, db, "policy_versions")
		dup := good
		dup.Title = "Kebijakan Lain"
		_, _, err := db.CreatePolicy(ctx, dup)
		wantKind(t, err, policies.KindConflict)
		if got := countRows(t, db, "policy_versions"); got != before {
			t.Errorf("policy_versions = %d rows after a refused create, want %d", got, before)
		}
	})

	t.Run("refused by the database", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			change func(*policies.NewPolicy)
			want   policies.ErrorKind
		}{
			{"slug format", func(np *policies.NewPolicy) { np.Slug = "Bukan Slug!" }, policies.KindInvalid},
			{"unknown region", func(np *policies.NewPolicy) { np.RegionID = 987654 }, policies.KindNotFound},
			{"unknown author", func(np *policies.NewPolicy) { np.AuthorID = 987654 }, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				np := good
				np.Slug = "kebijakan-lain"
				tc.change(&np)
				_, _, err := db.CreatePolicy(ctx, np)
				wantKind(t, err, tc.want)
			})
		}
		if got := countRows(t, db, "policies"); got != 6 {
			t.Errorf("policies = %d rows after refused creates, want 6", got)
		}
	})

	t.Run("validation", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			change func(*policies.NewPolicy)
			kind   policies.ErrorKind
			field  string
		}{
			{"no region", func(np *policies.NewPolicy) { np.RegionID = 0 }, policies.KindInvalid, "region_id"},
			{"no unit", func(np *policies.NewPolicy) { np.OwnerUnitID = 0 }, policies.KindInvalid, "owner_unit_id"},
			{"empty slug", func(np *policies.NewPolicy) { np.Slug = "" }, policies.KindInvalid, "slug"},
			{"long slug", func(np *policies.NewPolicy) { np.Slug = strings.Repeat("a", 121) }, policies.KindInvalid, "slug"},
			{"empty title", func(np *policies.NewPolicy) { np.Title = "" }, policies.KindInvalid, "title"},
			{"long title", func(np *policies.NewPolicy) { np.Title = strings.Repeat("j", 301) }, policies.KindInvalid, "title"},
			{"empty markdown", func(np *policies.NewPolicy) { np.Markdown = "" }, policies.KindInvalid, "markdown"},
			{"no author", func(np *policies.NewPolicy) { np.AuthorID = 0 }, policies.KindInvalid, "author_id"},
			{"markdown over 512 KB", func(np *policies.NewPolicy) {
				np.Markdown = "# Besar\n" + strings.Repeat("x", policies.MaxDocumentBytes)
			}, policies.KindTooLarge, "markdown"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				np := good
				np.Slug = "kebijakan-tidak-sah"
				tc.change(&np)
				_, _, err := db.CreatePolicy(ctx, np)
				wantKind(t, err, tc.kind)
				if got := fieldOf(err); got != tc.field {
					t.Errorf("error %v names field %q, want %q", err, got, tc.field)
				}
			})
		}
		if got := countRows(t, db, "policies"); got != 6 {
			t.Errorf("policies = %d rows after invalid creates, want 6", got)
		}
	})

	t.Run("exactly 512 KB is accepted", func(t *testing.T) {
		np := good
		np.Slug = "kebijakan-batas"
		np.Markdown = "# Batas\n"
		np.Markdown += strings.Repeat("x", policies.MaxDocumentBytes-len(np.Markdown))
		_, v, err := db.CreatePolicy(ctx, np)
		if err != nil {
			t.Fatalf("CreatePolicy with %d bytes: %v", len(np.Markdown), err)
		}
		if len(v.Markdown) != policies.MaxDocumentBytes {
			t.Errorf("stored %d bytes, want %d", len(v.Markdown), policies.MaxDocumentBytes)
		}
	})
}

func fieldOf(err error) string {
	var de *policies.Error
	if errors.As(err, &de) {
		return de.Field
	}
	return ""
}

func TestCreateVersion(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	author := f.users["penyusun"]
	md2 := "# Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto\n\n## Pendahuluan\n\nRevisi kedua.\n"

	v2, err := db.CreateVersion(ctx, f.policyID, 1, md2, author, "Revisi setelah konsultasi")
	if err != nil {
		t.Fatalf("CreateVersion from base 1: %v", err)
	}
	if v2.Number != 2 || v2.PolicyID != f.policyID || v2.SHA256 != policies.ContentHash(md2) || v2.ChangeSummary != "Revisi setelah konsultasi" {
		t.Errorf("CreateVersion = number %d policy %d sha %s summary %q; want 2, %d, %s, %q",
			v2.Number, v2.PolicyID, v2.SHA256, v2.ChangeSummary, f.policyID, policies.ContentHash(md2), "Revisi setelah konsultasi")
	}
	cur, err := db.CurrentVersion(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	if cur.ID != v2.ID || cur.Number != 2 || cur.Markdown != md2 {
		t.Errorf("CurrentVersion = id %d number %d; want id %d number 2 with the new text", cur.ID, cur.Number, v2.ID)
	}
	p, err := db.PolicyByID(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	if p.CurrentVersion != 2 || p.CurrentVersionID == nil || *p.CurrentVersionID != v2.ID {
		t.Errorf("PolicyByID current version = %d (id %v), want 2 (id %d)", p.CurrentVersion, p.CurrentVersionID, v2.ID)
	}

	t.Run("stale or bad base", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			base int
		}{
			{"stale base 1", 1},
			{"base ahead", 5},
			{"base 0", 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.CreateVersion(ctx, f.policyID, tc.base, md2+"\nLagi.\n", author, "Tabrakan")
				wantKind(t, err, policies.KindConflict)
			})
		}
		vs, err := db.Versions(ctx, f.policyID)
		if err != nil {
			t.Fatal(err)
		}
		var nums []int
		for _, v := range vs {
			nums = append(nums, v.Number)
		}
		if want := []int{2, 1}; !reflect.DeepEqual(nums, want) {
			t.Errorf("versions = %v, want %v (no version 3)", nums, want)
		}
		cur, err := db.CurrentVersion(ctx, f.policyID)
		if err != nil {
			t.Fatal(err)
		}
		if cur.ID != v2.ID {
			t.Errorf("current version id = %d after refused saves, want %d", cur.ID, v2.ID)
		}
	})

	t.Run("invalid input", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			policyID int64
			markdown string
			want     policies.ErrorKind
		}{
			{"empty markdown", f.policyID, "", policies.KindInvalid},
			{"over 512 KB", f.policyID, strings.Repeat("x", policies.MaxDocumentBytes+1), policies.KindTooLarge},
			{"unknown policy", 987654, "# X\n", policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.CreateVersion(ctx, tc.policyID, 2, tc.markdown, author, "")
				wantKind(t, err, tc.want)
			})
		}
		if got := countRows(t, db, "policy_versions"); got != 6 {
			t.Errorf("policy_versions = %d rows, want 6 (5 seeded + 1)", got)
		}
	})

	t.Run("versions are immutable", func(t *testing.T) {
		for _, tc := range []struct {
			name, query string
		}{
			{"update markdown", `UPDATE policy_versions SET markdown = 'diubah' WHERE id = $1`},
			{"update sha256", `UPDATE policy_versions SET sha256 = repeat('0', 64) WHERE id = $1`},
			{"delete", `DELETE FROM policy_versions WHERE id = $1`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.SQL().ExecContext(ctx, tc.query, f.versionID)
				if err == nil {
					t.Fatalf("%s on policy_versions succeeded, want it refused", tc.name)
				}
				if !strings.Contains(err.Error(), "immutable") {
					t.Errorf("error = %q, want it to say the rows are immutable", err)
				}
			})
		}
		var v policies.Version
		if err := db.SQL().GetContext(ctx, &v, `SELECT id, policy_id, number, markdown, sha256, author_id, change_summary, created_at
			FROM policy_versions WHERE id = $1`, f.versionID); err != nil {
			t.Fatal(err)
		}
		if v.SHA256 != f.sha || policies.ContentHash(v.Markdown) != f.sha {
			t.Errorf("version 1 changed: sha %s, hash of text %s; want %s", v.SHA256, policies.ContentHash(v.Markdown), f.sha)
		}
	})
}

func TestComments(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	top, err := db.CreateComment(ctx, policies.Comment{
		PolicyID: f.policyID, VersionID: f.versionID, SectionID: "pendahuluan",
		AuthorID: int64p(f.users["akademisi"]), AuthorName: "Akademisi Universitas",
		AuthorEmail: "akademisi.sawahlunto@policyflow.test", Body: "Mohon tambahkan data kebutuhan pelatihan.",
	})
	if err != nil {
		t.Fatalf("CreateComment: %v", err)
	}
	if top.ID == 0 || top.Status != "open" || top.CreatedAt.IsZero() {
		t.Errorf("CreateComment = id %d status %q created %v; want an id, status open, a time", top.ID, top.Status, top.CreatedAt)
	}
	reply, err := db.CreateComment(ctx, policies.Comment{
		PolicyID: f.policyID, VersionID: f.versionID, ParentID: &top.ID, SectionID: "pendahuluan",
		AuthorID: int64p(f.users["penyusun"]), AuthorName: "Penyusun BKPSDM", Body: "Sudah ditambahkan di versi berikut.",
		Status: "resolved",
	})
	if err != nil {
		t.Fatalf("CreateComment reply: %v", err)
	}

	t.Run("refused", func(t *testing.T) {
		other := policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn")
		for _, tc := range []struct {
			name   string
			change func(*policies.Comment)
			want   policies.ErrorKind
		}{
			{"section anchor with markup", func(c *policies.Comment) { c.SectionID = "a b<script>" }, policies.KindInvalid},
			{"empty body", func(c *policies.Comment) { c.Body = "" }, policies.KindInvalid},
			{"no author name", func(c *policies.Comment) { c.AuthorName = "" }, policies.KindInvalid},
			{"unknown status", func(c *policies.Comment) { c.Status = "deleted" }, policies.KindInvalid},
			{"version of another policy", func(c *policies.Comment) { c.PolicyID = other }, policies.KindNotFound},
			{"unknown parent", func(c *policies.Comment) { c.ParentID = int64p(987654) }, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := policies.Comment{PolicyID: f.policyID, VersionID: f.versionID, SectionID: "tujuan",
					AuthorName: "Warga", Body: "Komentar."}
				tc.change(&c)
				_, err := db.CreateComment(ctx, c)
				wantKind(t, err, tc.want)
			})
		}
	})

	cs, err := db.Comments(ctx, f.policyID)
	if err != nil {
		t.Fatalf("Comments: %v", err)
	}
	if len(cs) != 2 {
		t.Fatalf("got %d comments, want 2", len(cs))
	}
	if cs[0].ID != top.ID || cs[0].ParentID != nil || cs[0].Body != top.Body || cs[0].SectionID != "pendahuluan" {
		t.Errorf("first comment = %+v, want the top-level one %+v", cs[0], top)
	}
	if cs[1].ID != reply.ID || cs[1].ParentID == nil || *cs[1].ParentID != top.ID || cs[1].Status != "resolved" {
		t.Errorf("second comment = %+v, want a resolved reply to %d", cs[1], top.ID)
	}
	if cs[0].AuthorID == nil || *cs[0].AuthorID != f.users["akademisi"] || cs[0].AuthorEmail != "akademisi.sawahlunto@policyflow.test" {
		t.Errorf("first comment author = %v %q, want %d and its email", cs[0].AuthorID, cs[0].AuthorEmail, f.users["akademisi"])
	}
}

func TestApprovalChain(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	c, err := f.db.ApprovalChain(ctx, f.chainID)
	if err != nil {
		t.Fatalf("ApprovalChain: %v", err)
	}
	if c.Name != "Rantai persetujuan Kota Sawahlunto" || c.RegionID != f.regionID {
		t.Errorf("chain = %q in region %d, want %q in %d", c.Name, c.RegionID, "Rantai persetujuan Kota Sawahlunto", f.regionID)
	}
	want := []struct {
		name     string
		approver string
		sla      int
	}{
		{"Kabid Pengembangan Kompetensi", "kabid", 3},
		{"Kepala BKPSDM", "kepala", 3},
		{"Sekretaris Daerah", "sekda", 5},
		{"Wali Kota", "walikota", 7},
	}
	if len(c.Stages) != len(want) {
		t.Fatalf("got %d stages, want %d", len(c.Stages), len(want))
	}
	for i, w := range want {
		st := c.Stages[i]
		if st.Position != i+1 || st.Name != w.name {
			t.Errorf("stage %d = %d %q, want %d %q", i, st.Position, st.Name, i+1, w.name)
		}
		if want := []int64{f.users[w.approver]}; !reflect.DeepEqual(st.ApproverIDs, want) {
			t.Errorf("stage %q approvers = %v, want %v (%s)", st.Name, st.ApproverIDs, want, w.approver)
		}
		if st.Quorum != policies.QuorumAny || st.QuorumN != 1 || st.SLADays != w.sla || st.EscalationDays != 2*w.sla || st.ChainID != f.chainID {
			t.Errorf("stage %q = quorum %q/%d sla %d escalation %d chain %d; want any/1, %d, %d, %d",
				st.Name, st.Quorum, st.QuorumN, st.SLADays, st.EscalationDays, st.ChainID, w.sla, 2*w.sla, f.chainID)
		}
	}

	_, err = f.db.ApprovalChain(ctx, 987654)
	wantKind(t, err, policies.KindNotFound)
}

func TestDecisions(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	chain, err := db.ApprovalChain(ctx, f.chainID)
	if err != nil {
		t.Fatal(err)
	}
	stage1, stage2 := chain.Stages[0].ID, chain.Stages[1].ID
	approve := policies.Decision{
		PolicyID: f.policyID, VersionID: f.versionID, StageID: stage1, DeciderID: f.users["kabid"],
		Decision: "approve", SHA256Approved: f.sha, IdempotencyKey: "policy-1/stage-1/kabid",
	}
	first, err := db.RecordDecision(ctx, approve)
	if err != nil {
		t.Fatalf("RecordDecision: %v", err)
	}
	if first.ID == 0 || first.Decision != "approve" || first.SHA256Approved != f.sha || first.StageID != stage1 {
		t.Errorf("RecordDecision = %+v, want an approval of %s at stage %d", first, f.sha, stage1)
	}
	retry := approve
	retry.Reason = "dikirim ulang" // a retry with the same key must not write anything new
	again, err := db.RecordDecision(ctx, retry)
	if err != nil {
		t.Fatalf("RecordDecision retry: %v", err)
	}
	if again.ID != first.ID || again.Reason != first.Reason {
		t.Errorf("retry returned id %d reason %q, want the stored id %d reason %q", again.ID, again.Reason, first.ID, first.Reason)
	}

	acting := f.users["kepala"]
	changes, err := db.RecordDecision(ctx, policies.Decision{
		PolicyID: f.policyID, VersionID: f.versionID, StageID: stage2, DeciderID: f.users["sekda"], ActingForID: &acting,
		Decision: "request_changes", Reason: "Perjelas anggaran.", SHA256Approved: f.sha, IdempotencyKey: "policy-1/stage-2/kepala",
	})
	if err != nil {
		t.Fatalf("RecordDecision request_changes: %v", err)
	}

	t.Run("refused", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			change func(*policies.Decision)
			want   policies.ErrorKind
		}{
			{"reject without reason", func(d *policies.Decision) { d.Decision = "reject" }, policies.KindInvalid},
			{"request changes without reason", func(d *policies.Decision) { d.Decision = "request_changes" }, policies.KindInvalid},
			{"unknown decision", func(d *policies.Decision) { d.Decision = "abstain"; d.Reason = "x" }, policies.KindInvalid},
			{"malformed hash", func(d *policies.Decision) { d.SHA256Approved = strings.Repeat("Z", 64) }, policies.KindInvalid},
			{"unknown stage", func(d *policies.Decision) { d.StageID = 987654 }, policies.KindNotFound},
			{"unknown decider", func(d *policies.Decision) { d.DeciderID = 987654 }, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				d := approve
				d.IdempotencyKey = "refused/" + tc.name
				tc.change(&d)
				_, err := db.RecordDecision(ctx, d)
				wantKind(t, err, tc.want)
			})
		}
	})

	ds, err := db.Decisions(ctx, f.policyID)
	if err != nil {
		t.Fatalf("Decisions: %v", err)
	}
	if len(ds) != 2 {
		t.Fatalf("got %d decisions, want 2", len(ds))
	}
	if ds[0].ID != first.ID || ds[1].ID != changes.ID {
		t.Errorf("decision ids = %d, %d; want %d, %d", ds[0].ID, ds[1].ID, first.ID, changes.ID)
	}
	if ds[1].ActingForID == nil || *ds[1].ActingForID != acting || ds[1].Reason != "Perjelas anggaran." {
		t.Errorf("second decision acting for %v reason %q, want %d %q", ds[1].ActingForID, ds[1].Reason, acting, "Perjelas anggaran.")
	}
	var n int
	if err := db.SQL().GetContext(ctx, &n, `SELECT count(*) FROM decisions WHERE idempotency_key = $1`, approve.IdempotencyKey); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("rows with key %q = %d, want 1", approve.IdempotencyKey, n)
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestProgramsAndParticipants(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	prog := policies.Program{
		PolicyID: f.policyID, UnitID: f.units["bkpsdm"], Kind: policies.KindPelatihan,
		Title: "Pelatihan Kepemimpinan Administrator", Partner: "BPSDM Provinsi Sumatera Barat",
		StartsOn: day(2026, 3, 2), EndsOn: day(2026, 3, 6), JP: 40, TargetParticipants: 30,
	}
	created, err := db.CreateProgram(ctx, prog)
	if err != nil {
		t.Fatalf("CreateProgram: %v", err)
	}
	oneDay := prog
	oneDay.Kind, oneDay.Title, oneDay.StartsOn, oneDay.EndsOn, oneDay.JP = policies.KindSeminar, "Seminar Sehari", day(2026, 2, 10), day(2026, 2, 10), 8
	if _, err := db.CreateProgram(ctx, oneDay); err != nil {
		t.Fatalf("CreateProgram one day: %v", err)
	}

	t.Run("refused", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			change func(*policies.Program)
			want   policies.ErrorKind
		}{
			{"ends before start", func(p *policies.Program) { p.EndsOn = day(2026, 3, 1) }, policies.KindInvalid},
			{"unknown kind", func(p *policies.Program) { p.Kind = "webinar" }, policies.KindInvalid},
			{"zero JP", func(p *policies.Program) { p.JP = 0 }, policies.KindInvalid},
			{"empty title", func(p *policies.Program) { p.Title = "" }, policies.KindInvalid},
			{"unknown unit", func(p *policies.Program) { p.UnitID = 987654 }, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := prog
				tc.change(&p)
				_, err := db.CreateProgram(ctx, p)
				wantKind(t, err, tc.want)
			})
		}
	})

	ps, err := db.Programs(ctx, f.policyID)
	if err != nil {
		t.Fatalf("Programs: %v", err)
	}
	if len(ps) != 2 {
		t.Fatalf("got %d programs, want 2", len(ps))
	}
	if ps[0].Title != "Seminar Sehari" || ps[1].ID != created.ID {
		t.Errorf("programs = %q, %q; want by start date: Seminar Sehari, then %q", ps[0].Title, ps[1].Title, prog.Title)
	}
	got := ps[1]
	if got.StartsOn.Format(time.DateOnly) != "2026-03-02" || got.EndsOn.Format(time.DateOnly) != "2026-03-06" {
		t.Errorf("dates = %s..%s, want 2026-03-02..2026-03-06", got.StartsOn.Format(time.DateOnly), got.EndsOn.Format(time.DateOnly))
	}
	if got.Kind != policies.KindPelatihan || got.Partner != prog.Partner || got.JP != 40 || got.TargetParticipants != 30 || got.UnitID != prog.UnitID {
		t.Errorf("program = %+v, want %+v", got, prog)
	}

	const nip = "198501012010011001"
	part, err := db.AddParticipant(ctx, policies.Participant{
		ProgramID: created.ID, NIP: nip, Name: "Rina Marlina", UnitID: f.units["dinkes"], Attended: true,
	})
	if err != nil {
		t.Fatalf("AddParticipant: %v", err)
	}
	// The same civil servant may join another program.
	if _, err := db.AddParticipant(ctx, policies.Participant{ProgramID: ps[0].ID, NIP: nip, Name: "Rina Marlina", UnitID: f.units["dinkes"]}); err != nil {
		t.Fatalf("AddParticipant to a second program: %v", err)
	}

	t.Run("participant refused", func(t *testing.T) {
		for _, tc := range []struct {
			name, nip string
			want      policies.ErrorKind
		}{
			{"short NIP", "123", policies.KindInvalid},
			{"NIP with a letter", "19850101201001100X", policies.KindInvalid},
			{"NIP of 19 digits", "1985010120100110012", policies.KindInvalid},
			{"NIP with spaces", "19850101 201001 1 001", policies.KindInvalid},
			{"same NIP twice", nip, policies.KindConflict},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.AddParticipant(ctx, policies.Participant{ProgramID: created.ID, NIP: tc.nip, Name: "Peserta", UnitID: f.units["dinkes"]})
				wantKind(t, err, tc.want)
			})
		}
	})

	pts, err := db.Participants(ctx, created.ID)
	if err != nil {
		t.Fatalf("Participants: %v", err)
	}
	if len(pts) != 1 {
		t.Fatalf("got %d participants, want 1", len(pts))
	}
	if pts[0].ID != part.ID || pts[0].NIP != nip || pts[0].Name != "Rina Marlina" || !pts[0].Attended || pts[0].Completed {
		t.Errorf("participant = %+v, want %s Rina Marlina, attended, not completed", pts[0], nip)
	}
}

func TestEvaluations(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	due := time.Date(2026, 9, 30, 17, 0, 0, 0, time.UTC)
	r1, err := db.CreateEvaluationRound(ctx, policies.EvaluationRound{PolicyID: f.policyID, UnitID: f.units["dinkes"], Number: 1, DueAt: due})
	if err != nil {
		t.Fatalf("CreateEvaluationRound: %v", err)
	}
	if r1.Status != "pending" || !r1.DueAt.Equal(due) {
		t.Errorf("new round status %q due %v, want pending, %v", r1.Status, r1.DueAt, due)
	}
	r2, err := db.CreateEvaluationRound(ctx, policies.EvaluationRound{PolicyID: f.policyID, UnitID: f.units["disdik"], Number: 1, DueAt: due})
	if err != nil {
		t.Fatalf("CreateEvaluationRound for another unit, same number: %v", err)
	}

	t.Run("round refused", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			round policies.EvaluationRound
			want  policies.ErrorKind
		}{
			{"duplicate number for the unit", policies.EvaluationRound{PolicyID: f.policyID, UnitID: f.units["dinkes"], Number: 1, DueAt: due}, policies.KindConflict},
			{"number 0", policies.EvaluationRound{PolicyID: f.policyID, UnitID: f.units["dinkes"], Number: 0, DueAt: due}, policies.KindInvalid},
			{"unknown policy", policies.EvaluationRound{PolicyID: 987654, UnitID: f.units["dinkes"], Number: 1, DueAt: due}, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.CreateEvaluationRound(ctx, tc.round)
				wantKind(t, err, tc.want)
			})
		}
	})

	data := []byte(`{"unsur":{"persyaratan":4,"waktu":3},"responden":25}`)
	res, err := db.SaveEvaluationResult(ctx, policies.EvaluationResult{
		RoundID: r1.ID, Instrument: "skm", Data: data, Score: 82.25, SubmittedBy: f.users["opd"],
	})
	if err != nil {
		t.Fatalf("SaveEvaluationResult: %v", err)
	}
	if res.ID == 0 || res.RoundID != r1.ID {
		t.Errorf("SaveEvaluationResult = id %d round %d, want an id and round %d", res.ID, res.RoundID, r1.ID)
	}

	t.Run("result refused", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			change func(*policies.EvaluationResult)
			want   policies.ErrorKind
		}{
			{"same instrument twice", func(r *policies.EvaluationResult) {}, policies.KindConflict},
			{"unknown instrument", func(r *policies.EvaluationResult) { r.Instrument = "ikm" }, policies.KindInvalid},
			{"score over 100", func(r *policies.EvaluationResult) { r.Instrument = "kirkpatrick"; r.Score = 100.5 }, policies.KindInvalid},
			{"data not JSON", func(r *policies.EvaluationResult) { r.Instrument = "kirkpatrick"; r.Data = []byte("bukan json") }, policies.KindInvalid},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := policies.EvaluationResult{RoundID: r1.ID, Instrument: "skm", Data: data, Score: 80, SubmittedBy: f.users["opd"]}
				tc.change(&r)
				_, err := db.SaveEvaluationResult(ctx, r)
				wantKind(t, err, tc.want)
			})
		}
	})

	results, err := db.EvaluationResults(ctx, r1.ID)
	if err != nil {
		t.Fatalf("EvaluationResults: %v", err)
	}
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	got := results[0]
	if got.ID != res.ID || got.Instrument != "skm" || got.Score != 82.25 || got.SubmittedBy != f.users["opd"] {
		t.Errorf("result = id %d %q score %v by %d; want %d skm 82.25 by %d", got.ID, got.Instrument, got.Score, got.SubmittedBy, res.ID, f.users["opd"])
	}
	var gotData, wantData any
	if err := json.Unmarshal(got.Data, &gotData); err != nil {
		t.Fatalf("stored data is not JSON: %v (%q)", err, got.Data)
	}
	if err := json.Unmarshal(data, &wantData); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotData, wantData) {
		t.Errorf("data = %s, want %s", got.Data, data)
	}

	rounds, err := db.EvaluationRounds(ctx, f.policyID)
	if err != nil {
		t.Fatalf("EvaluationRounds: %v", err)
	}
	status := map[int64]string{}
	for _, r := range rounds {
		status[r.ID] = r.Status
	}
	if want := map[int64]string{r1.ID: "submitted", r2.ID: "pending"}; !reflect.DeepEqual(status, want) {
		t.Errorf("round statuses = %v, want %v", status, want)
	}
}

func TestNotifications(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	user := f.users["kabid"]
	n := policies.Notification{
		DedupKey: "approval-request/policy-1/version-1/stage-1/kabid", UserID: user, PolicyID: &f.policyID,
		Kind: "approval.requested", Subject: "Persetujuan diminta", Body: "Mohon tinjau draf.", Link: "/policies/1",
	}
	for i, want := range []bool{true, false} {
		got, err := db.EnqueueNotification(ctx, n)
		if err != nil {
			t.Fatalf("EnqueueNotification #%d: %v", i+1, err)
		}
		if got != want {
			t.Errorf("EnqueueNotification #%d = %v, want %v", i+1, got, want)
		}
	}
	var rows int
	if err := db.SQL().GetContext(ctx, &rows, `SELECT count(*) FROM notifications WHERE dedup_key = $1`, n.DedupKey); err != nil {
		t.Fatal(err)
	}
	if rows != 1 {
		t.Errorf("rows with key %q = %d, want 1", n.DedupKey, rows)
	}
	reminder := n
	reminder.DedupKey, reminder.Kind, reminder.Subject = "reminder/policy-1/stage-1/kabid/1", "approval.reminder", "Pengingat persetujuan"
	if ok, err := db.EnqueueNotification(ctx, reminder); err != nil || !ok {
		t.Fatalf("EnqueueNotification with a new key = %v, %v; want true, nil", ok, err)
	}

	t.Run("refused", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			change func(*policies.Notification)
			want   policies.ErrorKind
		}{
			{"empty key", func(n *policies.Notification) { n.DedupKey = "" }, policies.KindInvalid},
			{"empty kind", func(n *policies.Notification) { n.DedupKey = "x"; n.Kind = "" }, policies.KindInvalid},
			{"unknown user", func(n *policies.Notification) { n.DedupKey = "y"; n.UserID = 987654 }, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				m := n
				tc.change(&m)
				_, err := db.EnqueueNotification(ctx, m)
				wantKind(t, err, tc.want)
			})
		}
	})

	ns, err := db.Notifications(ctx, user)
	if err != nil {
		t.Fatalf("Notifications: %v", err)
	}
	if len(ns) != 2 {
		t.Fatalf("got %d notifications, want 2", len(ns))
	}
	if ns[0].DedupKey != reminder.DedupKey || ns[1].DedupKey != n.DedupKey {
		t.Errorf("notifications = %q, %q; want newest first: %q, %q", ns[0].DedupKey, ns[1].DedupKey, reminder.DedupKey, n.DedupKey)
	}
	got := ns[1]
	if got.Subject != n.Subject || got.Body != n.Body || got.Link != n.Link || got.Kind != n.Kind ||
		got.PolicyID == nil || *got.PolicyID != f.policyID || got.DeliveredAt != nil || got.ReadAt != nil {
		t.Errorf("notification = %+v, want %+v, undelivered and unread", got, n)
	}
	if others, err := db.Notifications(ctx, f.users["kepala"]); err != nil || len(others) != 0 {
		t.Errorf("another user's notifications = %d, %v; want 0, nil", len(others), err)
	}
}

func TestAuditLog(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	author := f.users["penyusun"]
	p, v1, err := db.CreatePolicy(ctx, policies.NewPolicy{
		RegionID: f.regionID, OwnerUnitID: f.units["bkpsdm"], ChainID: &f.chainID, Slug: "kebijakan-audit",
		Title: "Kebijakan Audit", Markdown: "# Kebijakan Audit\n", AuthorID: author,
	})
	if err != nil {
		t.Fatalf("CreatePolicy: %v", err)
	}
	v2, err := db.CreateVersion(ctx, p.ID, 1, "# Kebijakan Audit\n\nRevisi.\n", author, "Tambah isi")
	if err != nil {
		t.Fatalf("CreateVersion: %v", err)
	}
	es, err := db.AuditLog(ctx, p.ID)
	if err != nil {
		t.Fatalf("AuditLog: %v", err)
	}
	want := []struct {
		action, detail string
		versionID      int64
	}{
		{"policy.created", "Kebijakan Audit", v1.ID},
		{"version.created", "Tambah isi", v2.ID},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d audit entries, want %d: %+v", len(es), len(want), es)
	}
	for i, w := range want {
		e := es[i]
		if e.Action != w.action || e.Detail != w.detail {
			t.Errorf("entry %d = %q %q, want %q %q", i, e.Action, e.Detail, w.action, w.detail)
		}
		if e.PolicyID == nil || *e.PolicyID != p.ID || e.VersionID == nil || *e.VersionID != w.versionID || e.ActorID == nil || *e.ActorID != author {
			t.Errorf("entry %d = policy %v version %v actor %v; want %d, %d, %d", i, e.PolicyID, e.VersionID, e.ActorID, p.ID, w.versionID, author)
		}
	}
	// Seeding audits the seeded policies too.
	seededLog, err := db.AuditLog(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(seededLog) != 1 || seededLog[0].Action != "policy.created" {
		t.Errorf("seeded policy audit = %+v, want one policy.created entry", seededLog)
	}

	t.Run("append only", func(t *testing.T) {
		for _, tc := range []struct {
			name, query string
		}{
			{"update", `UPDATE audit_log SET detail = 'dihapus' WHERE id = $1`},
			{"delete", `DELETE FROM audit_log WHERE id = $1`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := db.SQL().ExecContext(ctx, tc.query, es[0].ID); err == nil {
					t.Fatalf("%s on audit_log succeeded, want it refused", tc.name)
				}
			})
		}
		after, err := db.AuditLog(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 2 || after[0].Detail != "Kebijakan Audit" {
			t.Errorf("audit log changed: %+v", after)
		}
	})
}

// migrationFiles counts the embedded migration files.
func migrationFiles(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}
