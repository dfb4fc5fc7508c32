package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
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

// newDB returns a DB on a fresh, migrated database (a copy of one
// migrated once per test binary: migrate_test.go migrates for itself).
func newDB(t *testing.T) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(t.Context(), devtest.MigratedURL(t), 5*time.Second)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
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
	db := devtest.Seeded(t)
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

// refusal is a change to a valid input that the store refuses with an
// error of kind want.
type refusal[T any] struct {
	name   string
	change func(*T)
	want   policies.ErrorKind
}

// refuses runs, as the subtest name, one subtest per refusal: base changed
// by it, given to try (with the refusal's name), fails with its kind.
func refuses[T any](t *testing.T, name string, base T, try func(name string, in T) error, cases []refusal[T]) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := base
				tc.change(&in)
				wantKind(t, try(tc.name, in), tc.want)
			})
		}
	})
}

// wantList fails the test when the list could not be read (what names the
// call) or holds other than n items (noun names them).
func wantList[T any](t *testing.T, what, noun string, n int, list []T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if len(list) != n {
		t.Fatalf("got %d %s, want %d", len(list), noun, n)
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

// The writes and reads below only tests make; production writes programs,
// rounds and results once per key (CreateProgramOnce, CreateRounds,
// RecordResult) and participants with SaveParticipants.

// createProgram stores a training program.
func createProgram(ctx context.Context, db *postgres.DB, p policies.Program) (policies.Program, error) {
	err := db.SQL().GetContext(ctx, &p, `INSERT INTO programs (policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		RETURNING id, policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants, created_at`,
		p.PolicyID, p.UnitID, p.Kind, p.Title, p.Partner, p.StartsOn, p.EndsOn, p.JP, p.TargetParticipants)
	return p, postgres.MapErr(err)
}

// addParticipant enrols a civil servant in a program; a NIP already
// enrolled is a conflict.
func addParticipant(ctx context.Context, db *postgres.DB, p policies.Participant) (policies.Participant, error) {
	err := db.SQL().GetContext(ctx, &p, `INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, program_id, nip, name, unit_id, attended, completed, created_at`,
		p.ProgramID, p.NIP, p.Name, p.UnitID, p.Attended, p.Completed)
	return p, postgres.MapErr(err)
}

// createRound schedules one evaluation round for a unit; a number the unit
// already has is a conflict.
func createRound(ctx context.Context, db *postgres.DB, r policies.EvaluationRound) (policies.EvaluationRound, error) {
	err := db.SQL().GetContext(ctx, &r, `INSERT INTO evaluation_rounds (policy_id, unit_id, number, due_at)
		VALUES ($1, $2, $3, $4) RETURNING id, policy_id, unit_id, number, due_at, status, created_at`,
		r.PolicyID, r.UnitID, r.Number, r.DueAt)
	return r, postgres.MapErr(err)
}

// roundsOf returns a policy's evaluation rounds by number, then unit.
func roundsOf(ctx context.Context, db *postgres.DB, policyID int64) ([]policies.EvaluationRound, error) {
	var rs []policies.EvaluationRound
	err := db.SQL().SelectContext(ctx, &rs, `SELECT id, policy_id, unit_id, number, due_at, status, created_at
		FROM evaluation_rounds WHERE policy_id = $1 ORDER BY number, unit_id`, policyID)
	return rs, postgres.MapErr(err)
}

// resultsOf returns the results of a round by instrument.
func resultsOf(ctx context.Context, db *postgres.DB, roundID int64) ([]policies.EvaluationResult, error) {
	var rs []policies.EvaluationResult
	err := db.SQL().SelectContext(ctx, &rs, `SELECT id, round_id, instrument, data, score, submitted_by, created_at
		FROM evaluation_results WHERE round_id = $1 ORDER BY instrument`, roundID)
	return rs, postgres.MapErr(err)
}

// commentsOf returns a policy's comments, every status, oldest first.
func commentsOf(ctx context.Context, db *postgres.DB, policyID int64) ([]policies.Comment, error) {
	var cs []policies.Comment
	err := db.SQL().SelectContext(ctx, &cs, `SELECT id, policy_id, version_id, parent_id, section_anchor, author_id,
		author_name, author_email, body, status, created_at FROM comments WHERE policy_id = $1 ORDER BY id`, policyID)
	return cs, postgres.MapErr(err)
}

// decisionsOf returns a policy's decisions, oldest first.
func decisionsOf(ctx context.Context, db *postgres.DB, policyID int64) ([]policies.Decision, error) {
	var ds []policies.Decision
	err := db.SQL().SelectContext(ctx, &ds, `SELECT id, policy_id, version_id, stage_id, approval_run_id, decider_id, acting_for_id, decision,
		reason, sha256_approved, idempotency_key, created_at FROM decisions WHERE policy_id = $1 ORDER BY id`, policyID)
	return ds, postgres.MapErr(err)
}

// addAudit appends an audit entry once per key, as the system does.
func addAudit(ctx context.Context, db *postgres.DB, e policies.AuditEntry, key string) error {
	_, err := db.SQL().ExecContext(ctx, `INSERT INTO audit_log (policy_id, version_id, actor_id, action, detail, idempotency_key)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
		e.PolicyID, e.VersionID, e.ActorID, e.Action, e.Detail, key)
	return postgres.MapErr(err)
}

// auditOf returns a policy's audit history, oldest first.
func auditOf(ctx context.Context, db *postgres.DB, policyID int64) ([]policies.AuditEntry, error) {
	var es []policies.AuditEntry
	err := db.SQL().SelectContext(ctx, &es, `SELECT id, policy_id, version_id, actor_id, action, detail, created_at
		FROM audit_log WHERE policy_id = $1 ORDER BY id`, policyID)
	return es, postgres.MapErr(err)
}

// valid is in after its Validate, as every caller hands an input to a
// store: the stores do not validate (package doc).
func valid[T any, P interface {
	*T
	Validate() error
}](t *testing.T, in T) T {
	t.Helper()
	if err := P(&in).Validate(); err != nil {
		t.Fatalf("%T.Validate: %v", in, err)
	}
	return in
}

// dinkesTraining is a 24-JP training of the fixture's health office on
// the fixture's policy, from 4 to 8 May 2026.
func (f fixture) dinkesTraining(t *testing.T, title string) policies.Program {
	t.Helper()
	return f.dinkesTrainingOn(t, title, day(2026, 5, 4), day(2026, 5, 8))
}

// dinkesTrainingOn is dinkesTraining from starts to ends.
func (f fixture) dinkesTrainingOn(t *testing.T, title string, starts, ends time.Time) policies.Program {
	t.Helper()
	return f.dinkesProgram(t, title, starts, ends, 24)
}

// dinkesProgram is a training of jp JP of the fixture's health office on
// the fixture's policy, from starts to ends.
func (f fixture) dinkesProgram(t *testing.T, title string, starts, ends time.Time, jp int) policies.Program {
	t.Helper()
	p, err := createProgram(t.Context(), f.db, policies.Program{PolicyID: f.policyID, UnitID: f.units["dinkes"], Kind: policies.KindPelatihan,
		Title: title, StartsOn: starts, EndsOn: ends, JP: jp})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
