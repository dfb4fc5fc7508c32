package postgres_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// approvedPolicy creates a policy in the fixture's region and sets it
// approved with its first version in force, as the approval workflow would.
func approvedPolicy(t *testing.T, f fixture, slug string) int64 {
	t.Helper()
	ctx := t.Context()
	p, v, err := f.db.CreatePolicy(ctx, policies.NewPolicy{RegionID: f.regionID, OwnerUnitID: f.units["bkpsdm"], ChainID: &f.chainID,
		Slug: slug, Title: "Kebijakan " + slug, Markdown: "# Kebijakan " + slug + "\n\nIsi.\n", AuthorID: f.users["penyusun"]})
	if err != nil {
		t.Fatalf("CreatePolicy %s: %v", slug, err)
	}
	setApproved(t, f.db, p.ID, v.ID)
	return p.ID
}

func setApproved(t *testing.T, db *postgres.DB, policyID, versionID int64) {
	t.Helper()
	// The enactment tests are of numbers and signers: their regions do not
	// require harmonisation (harmonisation_test.go does).
	if _, err := db.SQL().ExecContext(t.Context(), `INSERT INTO harmonisation_settings (region_id, form, required)
		SELECT id, 'perwali', false FROM regions ON CONFLICT DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(t.Context(), `UPDATE policies SET status = 'approved', in_force_version_id = $2 WHERE id = $1`,
		policyID, versionID); err != nil {
		t.Fatal(err)
	}
}

func today() string { return time.Now().In(policies.ZoneWIB.Location()).Format(time.DateOnly) }

func ownInput(f fixture) policies.EnactmentInput {
	return policies.EnactmentInput{Form: policies.FormPerwali, EnactedOn: today(), PrincipalID: f.users["walikota"], SignerID: f.users["walikota"]}
}

// Twenty enactments of twenty policies at once take the numbers 1 to 20,
// each once; a refused enactment takes none; another region counts apart.
func TestEnactNumbersRaceWithoutGapsOrRepeats(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	ids := make([]int64, 20)
	for i := range ids {
		ids[i] = approvedPolicy(t, f, fmt.Sprintf("sawahlunto-perwali-%02d", i))
	}
	numbers := make([]int, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			e, err := f.db.Enact(ctx, f.regionID, f.users["admin"], id, ownInput(f))
			numbers[i], errs[i] = e.Number, err
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Enact %d: %v", i, err)
		}
	}
	slices.Sort(numbers)
	for i, n := range numbers {
		if n != i+1 {
			t.Fatalf("numbers = %v, want 1..20 each once", numbers)
		}
	}

	// A refused enactment (a signer with no Plt./Plh. appointment) takes no number.
	next := approvedPolicy(t, f, "sawahlunto-perwali-next")
	bad := ownInput(f)
	bad.SignerID = f.users["kabid"]
	_, err := f.db.Enact(ctx, f.regionID, f.users["admin"], next, bad)
	wantKind(t, err, policies.KindInvalid)
	if fieldOf(err) != "signer_id" {
		t.Fatalf("field = %q, want signer_id (%v)", fieldOf(err), err)
	}
	e, err := f.db.Enact(ctx, f.regionID, f.users["admin"], next, ownInput(f))
	if err != nil {
		t.Fatal(err)
	}
	if e.Number != 21 || e.Capacity != policies.SignOwn || e.Place != "Sawahlunto" || e.PrincipalTitle != "Wali Kota Sawahlunto" {
		t.Fatalf("after a refusal: %+v, want number 21, own, Sawahlunto, Wali Kota Sawahlunto", e)
	}
	// A Keputusan has a register of its own.
	kep := approvedPolicy(t, f, "sawahlunto-kepwali-01")
	in := ownInput(f)
	in.Form = policies.FormKepwali
	if e, err := f.db.Enact(ctx, f.regionID, f.users["admin"], kep, in); err != nil || e.Number != 1 {
		t.Fatalf("first Keputusan: %+v, %v; want number 1", e, err)
	}

	// Another region's register starts at 1.
	other, _ := otherRegion(t, f.db)
	pk := policyIDBySlug(t, f.db, "pangkalpinang-pengembangan-kompetensi-asn")
	var pkVersion int64
	if err := f.db.SQL().GetContext(ctx, &pkVersion, `SELECT current_version_id FROM policies WHERE id = $1`, pk); err != nil {
		t.Fatal(err)
	}
	setApproved(t, f.db, pk, pkVersion)
	wali, err := f.db.UserByEmail(ctx, "walikota.pangkalpinang@policyflow.test")
	if err != nil {
		t.Fatal(err)
	}
	e, err = f.db.Enact(ctx, other, wali.ID, pk, policies.EnactmentInput{Form: policies.FormPerwali, EnactedOn: today(), PrincipalID: wali.ID, SignerID: wali.ID})
	if err != nil || e.Number != 1 || e.Place != "Pangkalpinang" {
		t.Fatalf("other region: %+v, %v; want number 1 in Pangkalpinang", e, err)
	}
	// A region cannot enact another region's policy, nor name another region's signer.
	_, err = f.db.Enact(ctx, other, wali.ID, approvedPolicy(t, f, "sawahlunto-perwali-foreign"), policies.EnactmentInput{Form: policies.FormPerwali,
		EnactedOn: today(), PrincipalID: wali.ID, SignerID: wali.ID})
	wantKind(t, err, policies.KindNotFound)
	foreign := ownInput(f)
	foreign.PrincipalID, foreign.SignerID = wali.ID, wali.ID
	_, err = f.db.Enact(ctx, f.regionID, f.users["admin"], policyIDBySlug(t, f.db, "sawahlunto-perwali-foreign"), foreign)
	wantKind(t, err, policies.KindInvalid)
	if fieldOf(err) != "principal_id" {
		t.Fatalf("foreign principal: field %q, want principal_id", fieldOf(err))
	}
}

func TestEnactCapacities(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	// Plt.: the Wakil Wali Kota acts for the Wali Kota over a period
	// covering today, and signs a Keputusan (a Plt. enacts no Peraturan:
	// TestActingMandateOnEnactment).
	day := time.Now().In(policies.ZoneWIB.Location())
	wakil := wakilWaliKota(t, f)
	a, err := f.db.AppointActing(ctx, f.regionID, f.users["admin"], valid(t, policies.ActingInput{PrincipalID: f.users["walikota"], ActingID: wakil,
		Kind: policies.ActingPlt, LetterNumber: "800/12/2026", LetterDate: day.AddDate(0, 0, -10).Format(time.DateOnly),
		StartsOn: day.AddDate(0, 0, -10).Format(time.DateOnly), EndsOn: day.AddDate(0, 0, 10).Format(time.DateOnly)}))
	if err != nil {
		t.Fatal(err)
	}
	in := ownInput(f)
	in.Form, in.SignerID = policies.FormKepwali, wakil
	e, err := f.db.Enact(ctx, f.regionID, f.users["admin"], approvedPolicy(t, f, "sawahlunto-plt"), in)
	if err != nil {
		t.Fatal(err)
	}
	if e.Capacity != policies.SignPlt || e.ActingID == nil || *e.ActingID != a.ID || e.SignerName != "Wakil Wali Kota" {
		t.Fatalf("Plt. enactment: %+v, want capacity plt by appointment %d", e, a.ID)
	}
	// Before the appointment's period the same signer is refused.
	in.EnactedOn = day.AddDate(0, 0, -11).Format(time.DateOnly)
	_, err = f.db.Enact(ctx, f.regionID, f.users["admin"], approvedPolicy(t, f, "sawahlunto-before"), in)
	wantKind(t, err, policies.KindInvalid)
	if fieldOf(err) != "signer_id" {
		t.Fatalf("field %q, want signer_id", fieldOf(err))
	}
	// a.n.: the Kepala BKPSDM signs on the Wali Kota's behalf under their own office.
	an := ownInput(f)
	an.Form, an.SignerID, an.OnBehalf = policies.FormKepwali, f.users["kepala"], true
	e, err = f.db.Enact(ctx, f.regionID, f.users["admin"], policyIDBySlug(t, f.db, "sawahlunto-before"), an)
	if err != nil {
		t.Fatal(err)
	}
	if e.Capacity != policies.SignOnBehalf || e.ActingID != nil || e.SignerTitle != "Kepala BKPSDM" {
		t.Fatalf("a.n. enactment: %+v", e)
	}
	// a.n. by someone who is no leader is refused.
	an.SignerID = f.users["penyusun"]
	_, err = f.db.Enact(ctx, f.regionID, f.users["admin"], approvedPolicy(t, f, "sawahlunto-an-bad"), an)
	wantKind(t, err, policies.KindInvalid)
	// A date in the future: refused naming the field (a bad form, a long
	// place: policies.TestEnactmentInputValidate).
	for field, mod := range map[string]func(*policies.EnactmentInput){
		"enacted_on": func(in *policies.EnactmentInput) { in.EnactedOn = day.AddDate(0, 0, 2).Format(time.DateOnly) },
	} {
		in := ownInput(f)
		mod(&in)
		_, err := f.db.Enact(ctx, f.regionID, f.users["admin"], policyIDBySlug(t, f.db, "sawahlunto-an-bad"), in)
		wantKind(t, err, policies.KindInvalid)
		if fieldOf(err) != field {
			t.Errorf("field %q, want %q (%v)", fieldOf(err), field, err)
		}
	}
}

func TestEnactRefusesWrongStateAndIsImmutable(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	// The fixture policy is not approved: 409.
	_, err := f.db.Enact(ctx, f.regionID, f.users["admin"], f.policyID, ownInput(f))
	wantKind(t, err, policies.KindConflict)
	// In approval with an earlier version in force: still 409.
	if _, err := f.db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'in_approval', in_force_version_id = $2 WHERE id = $1`, f.policyID, f.versionID); err != nil {
		t.Fatal(err)
	}
	_, err = f.db.Enact(ctx, f.regionID, f.users["admin"], f.policyID, ownInput(f))
	wantKind(t, err, policies.KindConflict)
	// Promulgating before any enactment: 409.
	_, err = f.db.Promulgate(ctx, f.regionID, f.users["admin"], f.policyID, policies.PromulgationInput{PromulgatedOn: today(), PromulgatorID: f.users["sekda"]})
	wantKind(t, err, policies.KindConflict)

	id := approvedPolicy(t, f, "sawahlunto-immutable")
	e, err := f.db.Enact(ctx, f.regionID, f.users["admin"], id, ownInput(f))
	if err != nil {
		t.Fatal(err)
	}
	// The same version twice: 409.
	_, err = f.db.Enact(ctx, f.regionID, f.users["admin"], id, ownInput(f))
	wantKind(t, err, policies.KindConflict)
	// The record cannot be renumbered or deleted.
	if _, err := f.db.SQL().ExecContext(ctx, `UPDATE enactments SET number = 99 WHERE id = $1`, e.ID); err == nil {
		t.Fatal("UPDATE of an enactment's number succeeded")
	}
	if _, err := f.db.SQL().ExecContext(ctx, `DELETE FROM enactments WHERE id = $1`, e.ID); err == nil {
		t.Fatal("DELETE of an enactment succeeded")
	}
	// Promulgation: a date before the enactment and a promulgator who is no leader are refused, naming the field.
	_, err = f.db.Promulgate(ctx, f.regionID, f.users["admin"], id, policies.PromulgationInput{PromulgatedOn: "2020-01-01", PromulgatorID: f.users["sekda"]})
	wantKind(t, err, policies.KindInvalid)
	if fieldOf(err) != "promulgated_on" {
		t.Fatalf("field %q, want promulgated_on", fieldOf(err))
	}
	_, err = f.db.Promulgate(ctx, f.regionID, f.users["admin"], id, policies.PromulgationInput{PromulgatedOn: today(), PromulgatorID: f.users["penyusun"]})
	if fieldOf(err) != "promulgator_id" {
		t.Fatalf("promulgator no leader: %v, want field promulgator_id", err)
	}
	p, err := f.db.Promulgate(ctx, f.regionID, f.users["admin"], id, policies.PromulgationInput{PromulgatedOn: today(), PromulgatorID: f.users["sekda"]})
	if err != nil {
		t.Fatal(err)
	}
	if p.GazetteNumber == nil || *p.GazetteNumber != 1 || *p.GazetteYear != time.Now().In(policies.ZoneWIB.Location()).Year() ||
		*p.PromulgatorName != "Sekretaris Daerah" || *p.PromulgatorTitle != "Sekretaris Daerah Kota Sawahlunto" || *p.PromulgatorPrefix != "" || p.Number != e.Number {
		t.Fatalf("promulgated: %+v", p)
	}
	// Twice: 409, from the store and from the trigger alike.
	_, err = f.db.Promulgate(ctx, f.regionID, f.users["admin"], id, policies.PromulgationInput{PromulgatedOn: today(), PromulgatorID: f.users["sekda"]})
	wantKind(t, err, policies.KindConflict)
	if _, err := f.db.SQL().ExecContext(ctx, `UPDATE enactments SET gazette_number = 7 WHERE id = $1`, e.ID); err == nil {
		t.Fatal("a second promulgation UPDATE succeeded")
	}
	// The next promulgation takes the gazette's next number.
	id2 := approvedPolicy(t, f, "sawahlunto-immutable-2")
	if _, err := f.db.Enact(ctx, f.regionID, f.users["admin"], id2, ownInput(f)); err != nil {
		t.Fatal(err)
	}
	p2, err := f.db.Promulgate(ctx, f.regionID, f.users["admin"], id2, policies.PromulgationInput{PromulgatedOn: today(), PromulgatorID: f.users["sekda"]})
	if err != nil || *p2.GazetteNumber != 2 {
		t.Fatalf("second gazette: %+v, %v; want number 2", p2, err)
	}
	// Reads: the list, newest first, and by version.
	es, err := f.db.Enactments(ctx, id)
	if err != nil || len(es) != 1 || es[0].PromulgatedOn == nil {
		t.Fatalf("Enactments: %+v, %v", es, err)
	}
	got, err := f.db.EnactmentOfVersion(ctx, e.VersionID)
	if err != nil || got.ID != e.ID {
		t.Fatalf("EnactmentOfVersion: %+v, %v", got, err)
	}
	_, err = f.db.EnactmentOfVersion(ctx, f.versionID)
	wantKind(t, err, policies.KindNotFound)
	// Both are in the policy's audit trail.
	as, err := auditOf(ctx, f.db, id)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range as {
		actions = append(actions, a.Action)
	}
	if !slices.Contains(actions, "enactment.recorded") || !slices.Contains(actions, "enactment.promulgated") {
		t.Fatalf("audit actions %v lack the enactment and promulgation", actions)
	}
}

// An acting Sekretaris Daerah promulgates as Plt. of that office.
func TestPromulgateByActingSekda(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	day := time.Now().In(policies.ZoneWIB.Location())
	if _, err := f.db.AppointActing(ctx, f.regionID, f.users["admin"], valid(t, policies.ActingInput{PrincipalID: f.users["sekda"], ActingID: f.users["kepala"],
		Kind: policies.ActingPlh, LetterNumber: "800/13/2026", LetterDate: day.Format(time.DateOnly),
		StartsOn: day.Format(time.DateOnly), EndsOn: day.AddDate(0, 0, 3).Format(time.DateOnly)})); err != nil {
		t.Fatal(err)
	}
	id := approvedPolicy(t, f, "sawahlunto-plh-sekda")
	if _, err := f.db.Enact(ctx, f.regionID, f.users["admin"], id, ownInput(f)); err != nil {
		t.Fatal(err)
	}
	p, err := f.db.Promulgate(ctx, f.regionID, f.users["admin"], id, policies.PromulgationInput{PromulgatedOn: today(), PromulgatorID: f.users["kepala"]})
	if err != nil {
		t.Fatal(err)
	}
	if *p.PromulgatorPrefix != "Plh. " || *p.PromulgatorTitle != "Sekretaris Daerah Kota Sawahlunto" || *p.PromulgatorName != "Kepala BKPSDM" {
		t.Fatalf("promulgated by Plh. Sekda: %+v", p)
	}
}
