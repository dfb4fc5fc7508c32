package postgres_test

import (
	"errors"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// wakilWaliKota adds the region's Wakil Wali Kota, a leader (the seed has
// none), and returns their ID.
func wakilWaliKota(t *testing.T, f fixture) int64 {
	t.Helper()
	var id int64
	if err := f.db.SQL().GetContext(t.Context(), &id, `INSERT INTO users (email, name, role, region_id, title, password_hash)
		VALUES ('wakil.sawahlunto@policyflow.test', 'Wakil Wali Kota', 'leader', $1, 'Wakil Wali Kota Sawahlunto', '') RETURNING id`, f.regionID); err != nil {
		t.Fatal(err)
	}
	return id
}

// keyOf is the catalogue key of a refusal.
func keyOf(err error) string {
	var de *policies.Error
	if errors.As(err, &de) {
		return de.Key
	}
	return ""
}

// Appointments follow the region's rules for acting officials: the Sekda
// is refused as Plt. Wali Kota and accepted as Plh.; the Wakil is accepted
// as Plt. within the term and refused past it; a refusal names the field
// and the rule and writes nothing.
func TestActingMandateOnAppointment(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	wakil := wakilWaliKota(t, f)
	appoint := func(acting int64, kind policies.ActingKind, starts, ends string) (policies.ActingAppointment, error) {
		return f.db.AppointActing(ctx, f.regionID, f.users["admin"], valid(t, policies.ActingInput{PrincipalID: f.users["walikota"], ActingID: acting,
			Kind: kind, LetterNumber: "800/1/2026", LetterDate: starts, StartsOn: starts, EndsOn: ends}))
	}
	n, audits := countRows(t, f.db, "acting_officials"), countRows(t, f.db, "audit_log")
	for name, c := range map[string]struct {
		acting       int64
		kind         policies.ActingKind
		starts, ends string
		field, key   string
	}{
		"Sekda as Plt. Wali Kota":  {f.users["sekda"], policies.ActingPlt, "2026-03-01", "2026-03-10", "kind", "acting_refused_kind"},
		"Kepala as Plh. Wali Kota": {f.users["kepala"], policies.ActingPlh, "2026-03-01", "2026-03-10", "acting_id", "acting_refused_office"},
		"Plt. for 3 months a day":  {wakil, policies.ActingPlt, "2026-03-01", "2026-06-01", "ends_on", "acting_refused_term_plt"},
		"Plh. for 31 days":         {f.users["sekda"], policies.ActingPlh, "2026-03-01", "2026-03-31", "ends_on", "acting_refused_term_plh"},
	} {
		_, err := appoint(c.acting, c.kind, c.starts, c.ends)
		wantKind(t, err, policies.KindInvalid)
		if fieldOf(err) != c.field || keyOf(err) != c.key {
			t.Errorf("%s: field %q key %q, want %q %q (%v)", name, fieldOf(err), keyOf(err), c.field, c.key, err)
		}
	}
	if got, gotAudits := countRows(t, f.db, "acting_officials"), countRows(t, f.db, "audit_log"); got != n || gotAudits != audits {
		t.Fatalf("refusals wrote rows: %d → %d appointments, %d → %d audit rows", n, got, audits, gotAudits)
	}
	// Within the rules: the Wakil as Plt. for 3 months, the Sekda as Plh. for 30 days.
	if _, err := appoint(wakil, policies.ActingPlt, "2026-03-01", "2026-05-31"); err != nil {
		t.Errorf("Wakil as Plt. for 3 months: %v", err)
	}
	if _, err := appoint(f.users["sekda"], policies.ActingPlh, "2026-03-01", "2026-03-30"); err != nil {
		t.Errorf("Sekda as Plh. for 30 days: %v", err)
	}
	// An office the rules do not list is not limited by them.
	if _, err := f.db.AppointActing(ctx, f.regionID, f.users["admin"], valid(t, policies.ActingInput{PrincipalID: f.users["sekda"], ActingID: f.users["kepala"],
		Kind: policies.ActingPlt, LetterNumber: "800/2/2026", LetterDate: "2026-03-01", StartsOn: "2026-03-01", EndsOn: "2026-03-31"})); err != nil {
		t.Errorf("Kepala as Plt. Sekda: %v", err)
	}

	// The administrator's rules replace the defaults, audited: with the
	// Sekda allowed as Plt., the same appointment passes.
	rules := policies.DefaultActingRules()
	rules.StandIns[1].Kinds = []policies.ActingKind{policies.ActingPlt, policies.ActingPlh}
	saved, err := f.db.SetActingRules(ctx, f.regionID, f.users["admin"], valid(t, rules))
	if err != nil || saved.Default || saved.UpdatedAt == nil {
		t.Fatalf("SetActingRules: %+v %v", saved, err)
	}
	if act, _, b, af := lastAdminAudit(t, f.db, f.regionID); act != "acting_rules.updated" || !b || !af {
		t.Errorf("audit = %s before %v after %v", act, b, af)
	}
	if _, err := appoint(f.users["sekda"], policies.ActingPlt, "2026-04-01", "2026-04-10"); err != nil {
		t.Errorf("Sekda as Plt. under the region's own rules: %v", err)
	}
	// Another region still follows the defaults.
	other, _ := otherRegion(t, f.db)
	if r, err := f.db.ActingRules(ctx, other); err != nil || !r.Default {
		t.Errorf("another region's rules: %+v %v", r, err)
	}
}

// Enactment follows the rules: a Plh. and a Plt. are refused on a
// Peraturan, an a.n. too; an a.n. signs a Keputusan, but not a strategic
// one; an appointment older than the rules is refused past their term; a
// refusal takes no number.
func TestActingMandateOnEnactment(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	wakil := wakilWaliKota(t, f)
	day := time.Now().In(policies.ZoneWIB.Location())
	d := func(n int) string { return day.AddDate(0, 0, n).Format(time.DateOnly) }
	appoint := func(acting int64, kind policies.ActingKind) {
		if _, err := f.db.AppointActing(ctx, f.regionID, f.users["admin"], valid(t, policies.ActingInput{PrincipalID: f.users["walikota"], ActingID: acting,
			Kind: kind, LetterNumber: "800/3/2026", LetterDate: d(-1), StartsOn: d(-1), EndsOn: d(5)})); err != nil {
			t.Fatal(err)
		}
	}
	// The Wakil's older letter of a year, from before the rules: its term
	// ran out after 3 months (a newer letter, below, is the one that counts).
	if _, err := f.db.SQL().ExecContext(ctx, `INSERT INTO acting_officials (region_id, principal_id, acting_id, kind, letter_number, letter_date, starts_on, ends_on, appointed_by)
		VALUES ($1, $2, $3, 'plt', '800/0/2025', $4::date - 200, $4::date - 200, $4::date + 100, $5)`, f.regionID, f.users["walikota"], wakil, d(0), f.users["admin"]); err != nil {
		t.Fatal(err)
	}
	policy := approvedPolicy(t, f, "sawahlunto-mandat")
	registers := countRows(t, f.db, "legal_registers")
	enact := func(form policies.LegalForm, signer int64, onBehalf, strategic bool) error {
		in := policies.EnactmentInput{Form: form, EnactedOn: d(0), PrincipalID: f.users["walikota"], SignerID: signer, OnBehalf: onBehalf, Strategic: strategic}
		_, err := f.db.Enact(ctx, f.regionID, f.users["admin"], policy, in)
		return err
	}
	err := enact(policies.FormKepwali, wakil, false, false)
	wantKind(t, err, policies.KindInvalid)
	if fieldOf(err) != "signer_id" || keyOf(err) != "acting_refused_term_plt" {
		t.Errorf("Plt. past the term: field %q key %q (%v)", fieldOf(err), keyOf(err), err)
	}
	appoint(f.users["sekda"], policies.ActingPlh)
	appoint(wakil, policies.ActingPlt)
	for name, c := range map[string]struct {
		form                policies.LegalForm
		signer              int64
		onBehalf, strategic bool
		field, key          string
	}{
		"Plh. on a Perwali":           {policies.FormPerwali, f.users["sekda"], false, false, "signer_id", "acting_refused_enact_peraturan"},
		"Plt. on a Perwali":           {policies.FormPerwali, wakil, false, false, "signer_id", "acting_refused_enact_peraturan"},
		"a.n. on a Perwali":           {policies.FormPerwali, f.users["kepala"], true, false, "on_behalf", "acting_refused_an_peraturan"},
		"a.n. on a strategic Kepwali": {policies.FormKepwali, f.users["kepala"], true, true, "strategic", "acting_refused_strategic"},
		"Plt. on a strategic Kepwali": {policies.FormKepwali, wakil, false, true, "strategic", "acting_refused_strategic"},
	} {
		err := enact(c.form, c.signer, c.onBehalf, c.strategic)
		wantKind(t, err, policies.KindInvalid)
		if fieldOf(err) != c.field || keyOf(err) != c.key {
			t.Errorf("%s: field %q key %q, want %q %q (%v)", name, fieldOf(err), keyOf(err), c.field, c.key, err)
		}
	}
	if n := countRows(t, f.db, "enactments"); n != 0 || countRows(t, f.db, "legal_registers") != registers {
		t.Fatalf("refused enactments left %d records or took a number", n)
	}
	// The Wakil as Plt. signs a Keputusan that is not strategic: number 1.
	if err := enact(policies.FormKepwali, wakil, false, false); err != nil {
		t.Fatalf("Plt. Wali Kota signs a Keputusan: %v", err)
	}
	var number int
	if err := f.db.SQL().GetContext(ctx, &number, `SELECT number FROM enactments WHERE policy_id = $1`, policy); err != nil || number != 1 {
		t.Fatalf("number %d %v, want 1", number, err)
	}
}
