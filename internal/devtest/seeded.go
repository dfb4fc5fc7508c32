package devtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"
	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/postgres"
)

// SeededDB opens the database at url, migrates and seeds it; it is closed
// when the test ends.
func SeededDB(t testing.TB, url string) *postgres.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := openDB(ctx, t, url)
	if err := migrateAndSeed(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// Seeded is a new database on the package's throwaway cluster, migrated
// and seeded, dropped when the test ends; it is closed when the test ends.
// It is a copy (CREATE DATABASE … TEMPLATE) of a database migrated and
// seeded once per test binary: what SeededDB gives, without migrating and
// seeding again for every test. One difference, for speed only: the sample
// users' password hash has bcrypt's minimum cost (see buildTemplate).
func Seeded(t testing.TB) *postgres.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return openDB(ctx, t, SeededURL(t))
}

// SeededURL is the URL of the database Seeded opens, for tests that give
// it to processes of their own.
func SeededURL(t testing.TB) string {
	t.Helper()
	return fromTemplate(t, seeded)
}

// MigratedURL is the URL of a new database on the package's throwaway
// cluster with every migration applied and no rows, dropped when the test
// ends: a copy of one migrated once per test binary.
func MigratedURL(t testing.TB) string {
	t.Helper()
	return fromTemplate(t, migrated)
}

// The template databases: migrated; seeded (a copy of migrated, seeded).
const (
	migrated = "migrated"
	seeded   = "seeded"
)

var (
	tmplMu    sync.Mutex
	templates = map[string]string{} // kind → the template database's name
	tmplErrs  = map[string]error{}
)

// fromTemplate creates a database that is a copy of the package's template
// of kind, made on first use, and returns its URL.
func fromTemplate(t testing.TB, kind string) string {
	t.Helper()
	admin := clusterURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tmplMu.Lock()
	name, err := templateDB(ctx, admin, kind)
	tmplMu.Unlock()
	if err != nil {
		t.Fatalf("devtest: the %s template database: %v", kind, err)
	}
	return newDatabase(t, admin, name)
}

// templateDB is the name of the template database of kind, made when there
// is none yet; tmplMu is held.
func templateDB(ctx context.Context, adminURL, kind string) (string, error) {
	if name, err := templates[kind], tmplErrs[kind]; name != "" || err != nil {
		return name, err
	}
	name := fmt.Sprintf("%s_%d", kind, os.Getpid())
	err := buildTemplate(ctx, adminURL, kind, name)
	if err == nil {
		// No one connects to a template again: copies need it alone.
		err = execAdmin(ctx, adminURL, "ALTER DATABASE "+pq.QuoteIdentifier(name)+" WITH ALLOW_CONNECTIONS false")
	}
	if err != nil {
		name = ""
	}
	templates[kind], tmplErrs[kind] = name, err
	return name, err
}

// buildTemplate creates the database name of kind. The seeded one's sample
// users sign in with samples.DevPassword under a hash of bcrypt's minimum
// cost: a test signs in dozens of times (each role, each principal of a
// matrix), and at bcrypt's default cost each check is ~60 ms of CPU, most
// of a server test's time. The sign-in path is the production one (it
// checks whatever cost a hash was made with); the cost new passwords get
// (server/passwords.go) and the cost of `policyflow dev`'s seed are not
// changed, and SeededDB still seeds at the default cost.
func buildTemplate(ctx context.Context, adminURL, kind, name string) error {
	create := "CREATE DATABASE " + pq.QuoteIdentifier(name)
	if kind == seeded {
		from, err := templateDB(ctx, adminURL, migrated)
		if err != nil {
			return err
		}
		create += " TEMPLATE " + pq.QuoteIdentifier(from)
	}
	if err := execAdmin(ctx, adminURL, create); err != nil {
		return err
	}
	db, err := postgres.Open(ctx, replaceDB(adminURL, name), 5*time.Second)
	if err != nil {
		return err
	}
	defer db.Close()
	if kind == migrated {
		_, err = db.Migrate(ctx)
		return err
	}
	if _, err := db.Seed(ctx); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(samples.DevPassword), bcrypt.MinCost)
	if err != nil {
		return err
	}
	_, err = db.SQL().ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE password_hash <> ''`, string(hash))
	return err
}

func execAdmin(ctx context.Context, adminURL, stmt string) error {
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.ExecContext(ctx, stmt)
	return err
}

func openDB(ctx context.Context, t testing.TB, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(ctx, url, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func migrateAndSeed(ctx context.Context, db *postgres.DB) error {
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	_, err := db.Seed(ctx)
	return err
}

// Delivery is an outbox row's delivery columns.
type Delivery struct {
	ID             int64      `db:"id"`
	Attempts       int        `db:"attempts"`
	NextAttemptAt  time.Time  `db:"next_attempt_at"`
	LastError      *string    `db:"last_error"`
	EmailedAt      *time.Time `db:"emailed_at"`
	EmailRefusedAt *time.Time `db:"email_refused_at"`
	WebhookAt      *time.Time `db:"webhook_at"`
	DeliveredAt    *time.Time `db:"delivered_at"`
	DigestID       *int64     `db:"digest_id"`
}

// DeliveryOf returns an outbox row's delivery state.
func DeliveryOf(ctx context.Context, db *postgres.DB, id int64) (Delivery, error) {
	var st Delivery
	err := db.SQL().GetContext(ctx, &st, `SELECT id, attempts, next_attempt_at, last_error, emailed_at, email_refused_at, webhook_at,
		delivered_at, digest_id FROM notifications WHERE id = $1`, id)
	return st, err
}

// EnactInSQL records an enactment of a policy's text in force directly
// (through SQL, as the enactment's own workflow is not under test): a
// Perwali signed by the Wali Kota in their own right, promulgated in the
// Berita Daerah with gazette number gazette when it is not 0.
func EnactInSQL(t testing.TB, db *postgres.DB, policyID int64, number int, enactedOn string, gazette int) {
	t.Helper()
	EnactEffectiveInSQL(t, db, policyID, number, enactedOn, "", gazette)
}

// EnactEffectiveInSQL is EnactInSQL of a text that sets the day it takes
// effect (effectiveOn, YYYY-MM-DD; "" for none).
func EnactEffectiveInSQL(t testing.TB, db *postgres.DB, policyID int64, number int, enactedOn, effectiveOn string, gazette int) {
	t.Helper()
	sql := db.SQL()
	sql.MustExec(`INSERT INTO enactments (policy_id, region_id, version_id, version_number, sha256, form, number, year, title, place,
		enacted_on, effective_on, principal_id, principal_title, signer_id, signer_name, capacity, recorded_by)
		SELECT p.id, p.region_id, v.id, v.number, v.sha256, 'perwali', $2, extract(year FROM $3::date), p.title,
			replace(r.name, 'Kota ', ''), $3::date, NULLIF($4, '')::date, u.id, 'Wali Kota '||replace(r.name, 'Kota ', ''), u.id, u.name, 'own', u.id
		FROM policies p JOIN policy_versions v ON v.id = p.in_force_version_id JOIN regions r ON r.id = p.region_id
		JOIN users u ON u.region_id = p.region_id AND u.email LIKE 'walikota.%'
		WHERE p.id = $1`, policyID, number, enactedOn, effectiveOn)
	if gazette > 0 {
		PromulgateInSQL(t, db, policyID, gazette)
	}
}

// PromulgateInSQL records the promulgation of a policy's enactment
// directly (through SQL), the day after its enactment, in the Berita
// Daerah under number gazette.
func PromulgateInSQL(t testing.TB, db *postgres.DB, policyID int64, gazette int) {
	t.Helper()
	db.SQL().MustExec(`UPDATE enactments SET promulgated_on = enacted_on + 1, gazette_number = $2, gazette_year = year,
		promulgator_id = recorded_by, promulgator_name = signer_name, promulgator_title = 'Sekretaris Daerah', promulgator_prefix = ''
		WHERE policy_id = $1 AND promulgated_on IS NULL`, policyID, gazette)
}

// ApproveInSQL approves a policy directly (through SQL, as approval is
// not under test): its current version becomes the approved text. It is
// not in force until enacted and promulgated (InForceInSQL).
func ApproveInSQL(t testing.TB, db *postgres.DB, policyID int64) {
	t.Helper()
	if _, err := db.SQL().Exec(`UPDATE policies SET status = 'approved', in_force_version_id = current_version_id WHERE id = $1`, policyID); err != nil {
		t.Fatal(err)
	}
}

// InForceInSQL puts a policy's approved text in force directly (through
// SQL, as enactment is not under test): PutInForce, failing the test on
// an error.
func InForceInSQL(t testing.TB, db *postgres.DB, policyID int64) {
	t.Helper()
	if err := PutInForce(context.Background(), db, policyID); err != nil {
		t.Fatal(err)
	}
}

// PutInForce enacts a policy's approved text two days ago as a Perwali
// and promulgates it the day after, under a Perwali and Berita Daerah
// number of its own (past every number a register gives in a test, and
// unique per policy and enactment, so that runs at once never collide):
// implementation starts only from a policy in force. Safe from any
// goroutine.
func PutInForce(ctx context.Context, db *postgres.DB, policyID int64) error {
	_, err := db.SQL().ExecContext(ctx, `INSERT INTO enactments (policy_id, region_id, version_id, version_number, sha256, form, number, year, title, place,
		enacted_on, principal_id, principal_title, signer_id, signer_name, capacity, recorded_by,
		promulgated_on, gazette_number, gazette_year, promulgator_id, promulgator_name, promulgator_title, promulgator_prefix)
		SELECT p.id, p.region_id, v.id, v.number, v.sha256, 'perwali',
			n.number,
			extract(year FROM d.day), p.title, replace(r.name, 'Kota ', ''), d.day, u.id, 'Wali Kota '||replace(r.name, 'Kota ', ''),
			u.id, u.name, 'own', u.id,
			d.day + 1, n.number,
			extract(year FROM d.day + 1), u.id, u.name, 'Sekretaris Daerah', ''
		FROM policies p JOIN policy_versions v ON v.id = p.in_force_version_id JOIN regions r ON r.id = p.region_id
		JOIN users u ON u.region_id = p.region_id AND u.email LIKE 'walikota.%'
		CROSS JOIN (SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date - 2 AS day) d
		CROSS JOIN (SELECT 10000 + 10 * $1::int + (SELECT count(*) FROM enactments WHERE policy_id = $1)::int AS number) n
		WHERE p.id = $1`, policyID)
	return err
}
