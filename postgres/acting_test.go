package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// An acting official is appointed for a period with a mandate letter,
// audited; ActingFor finds the appointment covering a day, else the latest;
// a revoked one is found no more; people of another region are refused.
func TestActingOfficials(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	adm, sekda, kepala := f.users["admin"], f.users["sekda"], f.users["kepala"]
	other, otherLeader := otherRegion(t, f.db)
	in := policies.ActingInput{PrincipalID: sekda, ActingID: kepala, Kind: policies.ActingPlt, LetterNumber: " 800/12/SP/2026 ",
		LetterDate: "2026-03-01", StartsOn: "2026-03-02", EndsOn: "2026-03-31"}
	a, err := f.db.AppointActing(ctx, f.regionID, adm, valid(t, in))
	if err != nil {
		t.Fatalf("AppointActing: %v", err)
	}
	if a.LetterNumber != "800/12/SP/2026" || a.Principal != "Sekretaris Daerah" || a.PrincipalJob != "Sekretaris Daerah" || a.AppointedBy != adm || a.Kind != policies.ActingPlt {
		t.Errorf("appointment = %+v", a)
	}
	if act, _, b, af := lastAdminAudit(t, f.db, f.regionID); act != "acting.appointed" || b || !af {
		t.Errorf("audit = %s before %v after %v", act, b, af)
	}
	from, until := a.Period(policies.WIB)
	if from.Format(time.RFC3339) != "2026-03-02T00:00:00+07:00" || until.Format(time.RFC3339) != "2026-04-01T00:00:00+07:00" {
		t.Errorf("period = %s – %s", from, until)
	}
	// A later one for April: a day in March finds March's, a day in May the latest.
	in2 := in
	in2.Kind, in2.LetterNumber, in2.StartsOn, in2.EndsOn = policies.ActingPlh, "800/20/SP/2026", "2026-04-01", "2026-04-10"
	a2, err := f.db.AppointActing(ctx, f.regionID, sekda, valid(t, in2))
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	if got, err := f.db.ActingFor(ctx, sekda, kepala, day("2026-03-15")); err != nil || got.ID != a.ID {
		t.Errorf("ActingFor 15 March = %d %v, want %d", got.ID, err, a.ID)
	}
	if got, err := f.db.ActingFor(ctx, sekda, kepala, day("2026-05-15")); err != nil || got.ID != a2.ID {
		t.Errorf("ActingFor 15 May = %d %v, want the latest %d", got.ID, err, a2.ID)
	}
	_, err = f.db.ActingFor(ctx, kepala, sekda, day("2026-03-15"))
	wantKind(t, err, policies.KindNotFound)

	// Refusals change nothing (an input's own faults:
	// policies.TestActingInputValidate).
	n := countRows(t, f.db, "acting_officials")
	for name, c := range map[string]struct {
		in    policies.ActingInput
		field string
	}{
		"acting of another region": {policies.ActingInput{PrincipalID: sekda, ActingID: otherLeader, Kind: "plt", LetterNumber: "1", LetterDate: "2026-01-01", StartsOn: "2026-01-01", EndsOn: "2026-01-02"}, "acting_id"},
		"acting not a leader":      {policies.ActingInput{PrincipalID: sekda, ActingID: f.users["penyusun"], Kind: "plt", LetterNumber: "1", LetterDate: "2026-01-01", StartsOn: "2026-01-01", EndsOn: "2026-01-02"}, "acting_id"},
		"principal not a leader":   {policies.ActingInput{PrincipalID: f.users["penyusun"], ActingID: kepala, Kind: "plt", LetterNumber: "1", LetterDate: "2026-01-01", StartsOn: "2026-01-01", EndsOn: "2026-01-02"}, "principal_id"},
	} {
		_, err := f.db.AppointActing(ctx, f.regionID, adm, valid(t, c.in))
		if policies.KindOf(err) != policies.KindInvalid || fieldOf(err) != c.field {
			t.Errorf("%s: %v (field %q), want invalid %s", name, err, fieldOf(err), c.field)
		}
	}
	if countRows(t, f.db, "acting_officials") != n {
		t.Errorf("refused appointments were stored")
	}

	_, err = f.db.RevokeActing(ctx, other, adm, 0, a.ID, time.Now())
	wantKind(t, err, policies.KindNotFound)
	_, err = f.db.RevokeActing(ctx, f.regionID, kepala, kepala, a.ID, time.Now()) // the acting official is not its principal
	wantKind(t, err, policies.KindForbidden)
	_, err = f.db.RevokeActing(ctx, f.regionID, f.users["walikota"], f.users["walikota"], a.ID, time.Now()) // not theirs at all
	wantKind(t, err, policies.KindNotFound)
	if _, err := f.db.RevokeActing(ctx, f.regionID, adm, 0, a.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if act, _, b, af := lastAdminAudit(t, f.db, f.regionID); act != "acting.revoked" || !b || !af {
		t.Errorf("audit = %s before %v after %v", act, b, af)
	}
	_, err = f.db.RevokeActing(ctx, f.regionID, adm, 0, a.ID, time.Now())
	wantKind(t, err, policies.KindConflict)
	if got, err := f.db.ActingFor(ctx, sekda, kepala, day("2026-03-15")); err != nil || got.ID != a2.ID {
		t.Errorf("after revoking March's, ActingFor 15 March = %d %v, want April's %d (refused by its period)", got.ID, err, a2.ID)
	}
	mine, _ := f.db.ActingAppointments(ctx, f.regionID, kepala)
	all, _ := f.db.ActingAppointments(ctx, f.regionID, 0)
	none, _ := f.db.ActingAppointments(ctx, f.regionID, f.users["walikota"])
	if len(mine) != 2 || len(all) != 2 || len(none) != 0 {
		t.Errorf("lists: mine %d all %d walikota's %d", len(mine), len(all), len(none))
	}
}
