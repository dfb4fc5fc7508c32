package postgres_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

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
