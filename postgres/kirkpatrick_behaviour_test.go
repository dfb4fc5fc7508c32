package postgres_test

import (
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A behaviour link is issued once a program is done, to completed
// participants only, once each; it takes one answer with its example (a
// second, or one after the link expired, is a conflict), kept without the
// participant; the unit's head and officers are its contacts; the region's
// months for levels 3 and 4 are read through the program.
func TestBehaviourLinksOneAnswer(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	prog := f.dinkesTraining(t, "Pelatihan perilaku")
	const rina, budi, sari = "198501012010011001", "199002022015032002", "199103032016042003"
	if _, err := db.SaveParticipants(ctx, prog.ID, f.users["opd"], []policies.Participant{{NIP: rina, Name: "Rina", UnitID: f.units["dinkes"], Attended: true, Completed: true},
		{NIP: budi, Name: "Budi", UnitID: f.units["dinkes"], Attended: true}, {NIP: sari, Name: "Sari", UnitID: f.units["dinkes"], Attended: true, Completed: true}}); err != nil {
		t.Fatal(err)
	}
	ps, _ := db.Participants(ctx, prog.ID)
	idOf := map[string]int64{}
	for _, p := range ps {
		idOf[p.NIP] = p.ID
	}
	links := []policies.NewReactionLink{{ParticipantID: idOf[rina], TokenHash: sha("b-rina")}, {ParticipantID: idOf[budi], TokenHash: sha("b-budi")},
		{ParticipantID: idOf[sari], TokenHash: sha("b-sari")}}
	if _, err := db.IssueBehaviourLinks(ctx, prog.ID, links); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("links of a planned program: %v, want a conflict", err)
	}
	db.SQL().MustExec(`UPDATE programs SET status = 'done' WHERE id = $1`, prog.ID)
	issued, err := db.IssueBehaviourLinks(ctx, prog.ID, links)
	if err != nil || len(issued) != 2 {
		t.Fatalf("issued = %v, %v; want Rina's and Sari's (Budi did not complete)", issued, err)
	}
	if again, err := db.IssueBehaviourLinks(ctx, prog.ID, links); err != nil || len(again) != 0 {
		t.Errorf("issued again = %v, %v; want none", again, err)
	}
	// A reaction link's hash is not a behaviour link.
	if _, err := db.BehaviourLinkByHash(ctx, sha("rina")); policies.KindOf(err) != policies.KindNotFound {
		t.Errorf("an unknown hash: %v, want not found", err)
	}
	l, err := db.BehaviourLinkByHash(ctx, sha("b-rina"))
	if err != nil || l.ProgramID != prog.ID || l.ParticipantName != "Rina" || l.ProgramTitle != "Pelatihan perilaku" || l.Expired {
		t.Fatalf("link = %+v, %v", l, err)
	}
	if err := db.AnswerBehaviour(ctx, sha("b-rina"), policies.BehaviourAnswer{Scores: []int{4, 4, 0, 5}}); policies.KindOf(err) != policies.KindInvalid {
		t.Errorf("a 0: %v, want refused", err)
	}
	good := policies.BehaviourAnswer{Scores: []int{4, 3, 3, 5}, Example: "Menyusun SOP antrean"}
	if err := db.AnswerBehaviour(ctx, sha("b-rina"), good); err != nil {
		t.Fatal(err)
	}
	if err := db.AnswerBehaviour(ctx, sha("b-rina"), good); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("a second answer: %v, want a conflict", err)
	}
	db.SQL().MustExec(`UPDATE behaviour_links SET expires_at = now() - interval '1 hour' WHERE token_hash = $1`, sha("b-sari"))
	if err := db.AnswerBehaviour(ctx, sha("b-sari"), good); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("an answer after the link expired: %v, want a conflict", err)
	}
	as, err := db.BehaviourAnswers(ctx, prog.ID)
	if err != nil || len(as) != 1 || as[0].Example != good.Example || as[0].Scores[3] != 5 {
		t.Errorf("answers = %+v, %v; want Rina's supervisor's", as, err)
	}
	var named int
	db.SQL().Get(&named, `SELECT count(*) FROM information_schema.columns WHERE table_name = 'behaviour_answers' AND column_name IN ('participant_id', 'nip')`)
	if named != 0 {
		t.Error("behaviour answers name their participant")
	}
	st, _ := db.BehaviourStatuses(ctx, prog.ID)
	if len(st) != 2 || st[0].Name != "Rina" || st[0].AnsweredAt == nil || st[1].AnsweredAt != nil || st[1].TokenHash != sha("b-sari") {
		t.Errorf("statuses = %+v", st)
	}
	cs, err := db.BehaviourContacts(ctx, prog.ID)
	var head int64
	db.SQL().Get(&head, `SELECT coalesce(head_user_id, 0) FROM units WHERE id = $1`, f.units["dinkes"])
	if err != nil || len(cs) != 1 || cs[0].UnitID != f.units["dinkes"] || cs[0].HeadID != head {
		t.Errorf("contacts = %+v, %v; want dinkes with its head %d", cs, err, head)
	}
	times, err := db.KirkpatrickTimesOf(ctx, prog.ID)
	if err != nil || times.BehaviourMonths != policies.DefaultBehaviourMonths || times.ResultsMonths != policies.DefaultResultsMonths {
		t.Errorf("times = %+v, %v; want the defaults 3 and 6", times, err)
	}
	var audited int
	db.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE action IN ('kirkpatrick.behaviour_links', 'kirkpatrick.behaviour_answered') AND subject = $1`, "program:"+itoa(prog.ID))
	if audited != 2 {
		t.Errorf("audit rows = %d, want the issue and the answer", audited)
	}
}

// A program's results indicator is set while planned, its value only once
// done (a conflict before), nothing once cancelled; each save is audited
// with its before.
func TestProgramResultIndicator(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	prog := f.dinkesTraining(t, "Pelatihan hasil")
	if _, err := db.ProgramResultOf(ctx, prog.ID); policies.KindOf(err) != policies.KindNotFound {
		t.Errorf("no indicator yet: %v, want not found", err)
	}
	in := policies.ResultInput{Indicator: "Keluhan layanan", UnitOfMeasure: "keluhan/bulan", Baseline: 40, Target: 20, LowerIsBetter: true}
	if _, err := db.SaveProgramResult(ctx, prog.ID, f.users["opd"], in); err != nil {
		t.Fatal(err)
	}
	v, on := 25.5, day(2026, 11, 1)
	in.Actual, in.MeasuredOn = &v, &on
	if _, err := db.SaveProgramResult(ctx, prog.ID, f.users["opd"], in); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("a value of a planned program: %v, want a conflict", err)
	}
	db.SQL().MustExec(`UPDATE programs SET status = 'done' WHERE id = $1`, prog.ID)
	got, err := db.SaveProgramResult(ctx, prog.ID, f.users["opd"], in)
	if err != nil || got.Actual == nil || *got.Actual != 25.5 || got.Baseline != 40 || got.Reached() {
		t.Fatalf("saved = %+v, %v; want 25.5 against 40, target 20 missed", got, err)
	}
	read, err := db.ProgramResultOf(ctx, prog.ID)
	if err != nil || read.MeasuredOn == nil || !read.MeasuredOn.Equal(on) || read.Indicator != "Keluhan layanan" {
		t.Errorf("read = %+v, %v", read, err)
	}
	var withBefore int
	db.SQL().Get(&withBefore, `SELECT count(*) FROM audit_log WHERE action = 'kirkpatrick.result' AND subject = $1 AND before IS NOT NULL`, "program:"+itoa(prog.ID))
	if withBefore != 1 {
		t.Errorf("audited changes with their before: %d, want 1", withBefore)
	}
	db.SQL().MustExec(`UPDATE programs SET status = 'cancelled' WHERE id = $1`, prog.ID)
	if _, err := db.SaveProgramResult(ctx, prog.ID, f.users["opd"], in); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("a cancelled program's indicator: %v, want a conflict", err)
	}
}
