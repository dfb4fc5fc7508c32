package postgres_test

import (
	"errors"
	"testing"

	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

func TestUserByID(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	want, err := f.db.UserByEmail(ctx, "kabid.sawahlunto@policyflow.test")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.db.UserByID(ctx, want.ID)
	if err != nil {
		t.Fatalf("UserByID: %v", err)
	}
	if got.ID != want.ID || got.Email != want.Email || got.Name != want.Name || got.Role != want.Role ||
		got.Title != want.Title || got.PasswordHash != want.PasswordHash || !got.CreatedAt.Equal(want.CreatedAt) ||
		got.UnitID == nil || want.UnitID == nil || *got.UnitID != *want.UnitID {
		t.Errorf("UserByID = %+v, want %+v", got, want)
	}
	_, err = f.db.UserByID(ctx, 987654)
	wantKind(t, err, policies.KindNotFound)
}

// Each city is its own, down to the schema: a person's unit, a policy's
// approval chain and every approver of a chain lie in one region; a person
// given a unit alone takes the unit's region.
func TestRegionsHoldTogether(t *testing.T) {
	f := seeded(t)
	db := f.db.SQL()
	var otherUnit, otherUser, otherChain int64
	if err := db.Get(&otherUnit, `SELECT un.id FROM units un JOIN regions r ON r.id = un.region_id WHERE r.slug = 'pangkalpinang' AND un.code = 'dinkes'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&otherUser, `SELECT id FROM users WHERE email = 'kabid.pangkalpinang@policyflow.test'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&otherChain, `SELECT id FROM approval_chains WHERE region_id <> $1 LIMIT 1`, f.regionID); err != nil {
		t.Fatal(err)
	}
	refused := func(name, query string, args ...any) {
		t.Helper()
		_, err := db.Exec(query, args...)
		var pqErr *pq.Error
		if !errors.As(err, &pqErr) || pqErr.Code.Class() != "23" {
			t.Errorf("%s: %v, want an integrity constraint violation", name, err)
		}
	}
	refused("a person of Sawahlunto in a unit of Pangkalpinang",
		`UPDATE users SET unit_id = $1 WHERE id = $2`, otherUnit, f.users["penyusun"])
	refused("a Sawahlunto policy on Pangkalpinang's chain",
		`UPDATE policies SET chain_id = $1 WHERE id = $2`, otherChain, f.policyID)
	var stage int64
	if err := db.Get(&stage, `SELECT id FROM approval_stages WHERE chain_id = $1 AND position = 1`, f.chainID); err != nil {
		t.Fatal(err)
	}
	refused("a Pangkalpinang leader approving on Sawahlunto's chain",
		`INSERT INTO stage_approvers (stage_id, user_id) VALUES ($1, $2)`, stage, otherUser)
	refused("a Pangkalpinang leader as the superior of a Sawahlunto stage",
		`UPDATE approval_stages SET superior_id = $1 WHERE id = $2`, otherUser, stage)

	var region int64
	if err := db.Get(&region, `INSERT INTO users (email, name, role, unit_id, password_hash)
		VALUES ('baru@policyflow.test', 'Petugas Baru', 'unit_officer', $1, 'x') RETURNING region_id`, otherUnit); err != nil {
		t.Fatal(err)
	}
	var want int64
	db.Get(&want, `SELECT region_id FROM units WHERE id = $1`, otherUnit)
	if region != want {
		t.Errorf("a person given a unit only: region %d, want the unit's %d", region, want)
	}
}
