package postgres_test

import (
	"reflect"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/postgres"
)

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
	if want := (postgres.SeedResult{Regions: 3, Units: 12, Users: 42, Policies: 5}); got != want {
		t.Errorf("first Seed = %+v, want %+v", got, want)
	}
	first := counts()
	wantRows := map[string]int{"regions": 3, "units": 12, "users": 42, "approval_chains": 3,
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
				ps, _, err := db.SearchPolicies(ctx, policies.SearchFilter{RegionID: r.ID, Limit: 100})
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
