package workflows

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The legal steps after the last approval (issue 23): harmonisation,
// paraf, enactment and promulgation, each timed in working days of the
// region's calendar, each ended by its record.

// perwaliText is a Peraturan Wali Kota (it has Pasal): its form is
// harmonised and initialled.
const perwaliText = "# PERATURAN WALI KOTA SAWAHLUNTO TENTANG PENGEMBANGAN KOMPETENSI\n\n## BAB I KETENTUAN UMUM\n\n### Pasal 1\n\nPeraturan ini berlaku sejak diundangkan.\n"

// asPerwali makes the policy's working text a Perwali (version 2).
func (h *harness) asPerwali() {
	h.t.Helper()
	ctx := context.Background()
	v, err := h.db.CurrentVersion(ctx, h.policyID)
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.db.CreateVersion(ctx, h.policyID, v.Number, perwaliText, h.users["penyusun"], "naskah Perwali"); err != nil {
		h.t.Fatal(err)
	}
}

// approvedAt has the drafter submit an hour after the start and the four
// stages approve one an hour after the other, the last at last: the
// version's legal steps begin then.
func (h *harness) approvedAt(last time.Time) {
	h.startAt(last.Add(-5 * time.Hour))
	sha, run := h.submitted()
	for i, who := range stages {
		h.decide(time.Duration(2+i)*time.Hour, who, run, policies.ActApprove, who, func() string { return sha }, "")
	}
}

// legalAt writes a legal record at t, then tells the workflow as the
// server does after such a write (UpdateLegalRecorded), as who.
func (h *harness) legalAt(t time.Time, name, who string, write func(ctx context.Context, region int64) error) {
	h.doAt(t, func() {
		ctx := context.Background()
		if err := write(ctx, h.regionID()); err != nil {
			h.t.Errorf("%s: %v", name, err)
			return
		}
		h.env.UpdateWorkflowByID(WorkflowID(h.policyID), string(UpdateLegalRecorded), name, h.outcome(name), Request{Actor: h.actor(who)})
	})
}

func (h *harness) regionID() int64 {
	var id int64
	if err := h.db.SQL().Get(&id, `SELECT id FROM regions WHERE slug = $1`, h.region); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// harmonised sets whether the region requires the harmonisation of a Perwali.
func (h *harness) harmonised(required bool) {
	h.t.Helper()
	in := policies.HarmonisationSettingInput{Form: policies.FormPerwali, Required: required}
	if _, err := h.db.SetHarmonisation(context.Background(), h.regionID(), h.users["admin"], in); err != nil {
		h.t.Fatal(err)
	}
}

// today is the real day: the store refuses a record dated after it.
func today() string { return time.Now().Format(time.DateOnly) }

func (h *harness) enact(ctx context.Context, region int64) error {
	_, err := h.db.Enact(ctx, region, h.users["hukum"], h.policyID, policies.EnactmentInput{Form: policies.FormPerwali,
		EnactedOn: today(), PrincipalID: h.users["walikota"], SignerID: h.users["walikota"]})
	return err
}

func (h *harness) promulgate(ctx context.Context, region int64) error {
	_, err := h.db.Promulgate(ctx, region, h.users["hukum"], h.policyID, policies.PromulgationInput{PromulgatedOn: today(), PromulgatorID: h.users["sekda"]})
	return err
}

func (h *harness) requestHarmonisation(ctx context.Context, region int64) error {
	_, err := h.db.RequestHarmonisation(ctx, region, h.users["hukum"], h.policyID, policies.HarmonisationRequestInput{RequestedOn: today(), RequestLetter: "100.3/12/Hukum"})
	return err
}

// answerHarmonisation records the Kanwil's answer, with its Berita Acara.
func (h *harness) answerHarmonisation(result policies.HarmonisationResult, notes string) func(ctx context.Context, region int64) error {
	return func(ctx context.Context, region int64) error {
		ba, err := h.db.CreateAttachment(ctx, policies.Attachment{PolicyID: h.policyID, Kind: policies.AttachmentLetter, Name: "berita-acara.pdf",
			ContentType: "application/pdf", Content: []byte("%PDF-1.4 berita acara"), UploadedBy: h.users["hukum"]})
		if err != nil {
			return err
		}
		_, err = h.db.AnswerHarmonisation(ctx, region, h.users["hukum"], h.policyID, policies.HarmonisationAnswerInput{AnswerLetter: "W3-HH.01/77",
			AnsweredOn: today(), BeritaAcaraID: ba.ID, Result: result, Notes: notes})
		return err
	}
}

// Each step of a Perwali moves on its record: harmonisation (its request
// keeps it waiting, the Kanwil's "selesai" ends it), the Sekda's paraf,
// the enactment, the promulgation; Bagian Hukum hears of each step and
// the Sekda of the paraf awaited. Nothing is followed once promulgated.
func TestLegalStepsAdvanceOnTheirRecords(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.asPerwali()
	h.harmonised(true)
	if _, err := h.db.AddParafStep(context.Background(), h.regionID(), h.users["admin"], policies.ParafStepInput{Form: policies.FormPerwali,
		Kind: policies.ParafHierarchy, Position: 1, UserID: h.users["sekda"], Office: "Sekretaris Daerah"}); err != nil {
		t.Fatal(err)
	}
	h.approvedAt(monday)
	steps := map[string]*LegalStepState{}
	look := func(label string) func() {
		return func() {
			st := h.state()
			steps[label] = st.Legal
		}
	}
	h.doAt(monday.Add(time.Minute), look("approved"))
	h.legalAt(monday.Add(time.Hour), "request", "hukum", h.requestHarmonisation)
	h.doAt(monday.Add(61*time.Minute), look("requested"))
	h.legalAt(monday.Add(2*time.Hour), "selesai", "hukum", h.answerHarmonisation(policies.HarmonisationDone, ""))
	h.doAt(monday.Add(121*time.Minute), look("harmonised"))
	h.legalAt(monday.Add(3*time.Hour), "paraf", "sekda", func(ctx context.Context, region int64) error {
		var step int64
		if err := h.db.SQL().Get(&step, `SELECT id FROM paraf_steps WHERE region_id = $1 AND user_id = $2`, region, h.users["sekda"]); err != nil {
			return err
		}
		_, err := h.db.GiveParaf(ctx, region, h.users["sekda"], h.policyID, policies.ParafInput{StepID: step, VersionSHA256: h.sha()})
		return err
	})
	h.doAt(monday.Add(181*time.Minute), look("initialled"))
	h.legalAt(monday.Add(4*time.Hour), "enact", "hukum", h.enact)
	h.doAt(monday.Add(241*time.Minute), look("enacted"))
	h.legalAt(monday.Add(5*time.Hour), "promulgate", "hukum", h.promulgate)
	h.doAt(monday.Add(301*time.Minute), look("promulgated"))
	h.archiveAt(monday.Add(30 * day).Sub(h.start))
	h.run()

	want := map[string]policies.LegalStep{"approved": policies.StepHarmonisation, "requested": policies.StepHarmonisation,
		"harmonised": policies.StepParaf, "initialled": policies.StepEnactment, "enacted": policies.StepPromulgation, "promulgated": ""}
	for label, step := range want {
		got := steps[label]
		switch {
		case step == "" && got != nil:
			t.Errorf("%s: the workflow still follows %+v, want no step", label, got)
		case step != "" && (got == nil || got.Step != step):
			t.Errorf("%s: step %+v, want %s", label, got, step)
		}
	}
	if s := steps["approved"]; s != nil && !near(s.Started, monday) {
		t.Errorf("harmonisation started %s, want at the last approval %s", s.Started, monday)
	}
	if s := steps["requested"]; s != nil && !near(s.Started, monday) {
		t.Errorf("the request restarted the harmonisation's clock (%s): it waits for the answer", s.Started)
	}
	for name, outcome := range map[string]string{"request": "legal_step_harmonisation", "selesai": "legal_step_paraf",
		"paraf": "legal_step_enactment", "enact": "legal_step_promulgation", "promulgate": "legal_steps_done"} {
		if r := h.ok(name); r.Outcome != outcome {
			t.Errorf("%s answered %q, want %q", name, r.Outcome, outcome)
		}
	}
	if n := h.notified("legal_step", h.users["hukum"]); n != 4 {
		t.Errorf("Bagian Hukum heard of %d steps, want 4 (harmonisation, paraf, enactment, promulgation)", n)
	}
	if got := h.bodies("legal_step", h.users["sekda"]); !strings.Contains(got, "Paraf") {
		t.Errorf("the Sekda, whose paraf is awaited, was told %q", got)
	}
	// Every step ended on its record, long before its SLA: no reminder.
	if n := h.notified("legal_step_reminder", h.users["hukum"]); n != 0 {
		t.Errorf("%d reminders after every step ended, want 0", n)
	}
}

// Approved on Wednesday 23 December 2026 at 10.00 WIT, with no
// harmonisation or paraf required, the version waits for its enactment:
// 5 working days skip the cuti bersama of the 24th, Christmas, the
// weekend and New Year's Day to Monday 4 January 2027 10.00 WIT (not
// Monday 28 December, as 5×24 hours would); Bagian Hukum is reminded one
// working day before (Thursday 31 December) and when it has passed; the
// 7-day escalation skips Isra Mikraj (Tuesday 5 January) to Thursday 7
// January 10.00 WIT, to the region's administrator. The enactment ends
// its timers: the promulgation's clock starts, and its reminder comes one
// working day before its SLA.
func TestLegalStepSLAInWorkingDaysAcrossLongWeekendInWIT(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.inWIT()
	h.asPerwali()
	h.harmonised(false)
	approved := time.Date(2026, time.December, 23, 10, 0, 0, 0, wit)
	h.approvedAt(approved)
	remindAt := time.Date(2026, time.December, 31, 10, 0, 0, 0, wit)
	due := time.Date(2027, time.January, 4, 10, 0, 0, 0, wit)
	escalation := time.Date(2027, time.January, 7, 10, 0, 0, 0, wit)

	counts := map[string][2]int{}
	look := func(label string) func() {
		return func() {
			counts[label] = [2]int{h.notified("legal_step_reminder", h.users["hukum"]), h.notified("legal_step_escalation", h.users["admin"])}
		}
	}
	var first, after PolicyState
	h.doAt(approved.Add(time.Minute), func() { first = h.state() })
	h.doAt(approved.Add(5*day+time.Minute), look("5×24 hours later"))
	h.doAt(remindAt.Add(-time.Minute), look("before the reminder"))
	h.doAt(remindAt.Add(time.Minute), look("after the reminder"))
	h.doAt(due.Add(-time.Minute), look("before the SLA"))
	h.doAt(due.Add(time.Minute), look("after the SLA"))
	h.doAt(escalation.Add(-time.Minute), look("before the escalation"))
	h.doAt(escalation.Add(time.Minute), look("after the escalation"))
	enacted := escalation.Add(time.Hour)
	h.legalAt(enacted, "enact", "hukum", h.enact)
	h.doAt(enacted.Add(time.Minute), func() { after = h.state() })
	// The promulgation's 3 working days from Thursday 11.00 end Tuesday 12
	// January 11.00 WIT; its reminder, one working day before, comes on
	// Monday after the weekend.
	promulgationReminder := time.Date(2027, time.January, 11, 11, 0, 0, 0, wit)
	h.doAt(promulgationReminder.Add(-time.Minute), look("before the promulgation's reminder"))
	h.doAt(promulgationReminder.Add(time.Minute), look("after the promulgation's reminder"))
	h.archiveAt(enacted.Add(11 * day).Sub(h.start))
	h.run()

	ls := first.Legal
	if ls == nil || ls.Step != policies.StepEnactment || !near(ls.Started, approved) || !near(ls.SLADue, due) || !near(ls.RemindAt, remindAt) || !near(ls.EscalationDue, escalation) {
		t.Fatalf("after approval the workflow follows %+v, want enactment from %s, reminder %s, due %s, escalation %s", ls, approved, remindAt, due, escalation)
	}
	want := map[string][2]int{"5×24 hours later": {0, 0}, "before the reminder": {0, 0}, "after the reminder": {1, 0},
		"before the SLA": {1, 0}, "after the SLA": {2, 0}, "before the escalation": {2, 0}, "after the escalation": {2, 1},
		"before the promulgation's reminder": {2, 1}, "after the promulgation's reminder": {3, 1}}
	for label, w := range want {
		if counts[label] != w {
			t.Errorf("%s: [reminders to Bagian Hukum, escalations to the administrator] = %v, want %v", label, counts[label], w)
		}
	}
	if got, want := h.bodies("legal_step", h.users["hukum"]), "sebelum 4 Januari 2027 10.00 WIT (5 hari kerja)"; !strings.Contains(got, want) {
		t.Errorf("the enactment's announcement says %q, want it to say %q", got, want)
	}
	if got, want := h.bodies("legal_step_reminder", h.users["hukum"]), "melewati tenggat 5 hari kerja (4 Januari 2027 10.00 WIT)"; !strings.Contains(got, want) {
		t.Errorf("the reminders say %q, want one to say %q", got, want)
	}
	if got, want := h.bodies("legal_step_escalation", h.users["admin"]), "setelah 7 hari kerja (7 Januari 2027 10.00 WIT)"; !strings.Contains(got, want) {
		t.Errorf("the escalation says %q, want it to say %q", got, want)
	}
	if ls := after.Legal; ls == nil || ls.Step != policies.StepPromulgation || !near(ls.Started, enacted) || ls.Reminded || ls.Escalated {
		t.Errorf("after the enactment the workflow follows %+v, want the promulgation from %s with nothing sent", ls, enacted)
	}
}

// The Kanwil's "perlu perbaikan" reopens the draft through the workflow:
// the policy goes to revision, the drafter is told why, no step is
// followed; the corrected version, approved, waits for its own
// harmonisation: the old version's does not count.
func TestHarmonisationCorrectionReopensTheDraft(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.asPerwali()
	h.harmonised(true)
	h.approvedAt(monday)
	h.legalAt(monday.Add(time.Hour), "request", "hukum", h.requestHarmonisation)
	h.legalAt(monday.Add(2*time.Hour), "perbaikan", "hukum", h.answerHarmonisation(policies.HarmonisationCorrection, "Pasal 3 bertentangan dengan PP 11/2017"))
	var reopened PolicyState
	var status policies.Status
	h.doAt(monday.Add(121*time.Minute), func() { reopened, status = h.state(), h.status() })
	// The drafter corrects the text (version 2) and submits it; the four
	// stages approve it.
	h.doAt(monday.Add(3*time.Hour), func() {
		v, err := h.db.CurrentVersion(context.Background(), h.policyID)
		if err != nil {
			t.Error(err)
			return
		}
		if _, err := h.db.CreateVersion(context.Background(), h.policyID, v.Number, v.Markdown+"\n### Pasal 2\n\nPerbaikan sesuai harmonisasi.\n", h.users["penyusun"], "perbaikan harmonisasi"); err != nil {
			t.Error(err)
		}
	})
	var sha2 string
	h.doAt(monday.Add(3*time.Hour+time.Minute), func() { sha2 = h.sha() })
	h.submitAt(monday.Add(4*time.Hour).Sub(h.start), "submit 2")
	for i, who := range stages {
		h.decide(monday.Add(time.Duration(5+i)*time.Hour).Sub(h.start), who+" 2", h.child("approval", 3), policies.ActApprove, who, func() string { return sha2 }, "")
	}
	var again PolicyState
	h.doAt(monday.Add(10*time.Hour), func() { again = h.state() })
	h.archiveAt(monday.Add(11 * time.Hour).Sub(h.start))
	h.run()

	if r := h.ok("perbaikan"); r.Status != policies.StatusRevision || r.Outcome != "revision_opened" {
		t.Errorf("the answer perlu perbaikan = %+v, want a revision opened", r)
	}
	if status != policies.StatusRevision || reopened.Status != policies.StatusRevision || reopened.Legal != nil {
		t.Errorf("after perlu perbaikan: record %s, workflow %s following %+v; want revision, no step", status, reopened.Status, reopened.Legal)
	}
	if got := h.bodies("revision_opened", h.users["penyusun"]); !strings.Contains(got, "perlu perbaikan") || !strings.Contains(got, "PP 11/2017") {
		t.Errorf("the drafter was told %q, want the Kanwil's notes", got)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'harmonisation_correction'`, h.policyID); n != 1 {
		t.Errorf("%d audit lines of the revision opened by the Kanwil's answer, want 1", n)
	}
	if ls := again.Legal; ls == nil || ls.Step != policies.StepHarmonisation || ls.VersionNumber != 3 {
		t.Errorf("the corrected version, approved, waits for %+v; want its own harmonisation (version 3)", ls)
	}
}

// A day off the region's administrator adds while a step waits moves its
// deadlines: with Wednesday 30 December 2026 made a regional holiday on
// the 28th, the enactment's reminder, due Thursday the 31st at 10.00 WIT,
// comes on Monday 4 January 2027 at 10.00 WIT.
func TestAdminHolidayMovesTheLegalStepDeadline(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	region := h.inWIT()
	h.asPerwali()
	h.harmonised(false)
	approved := time.Date(2026, time.December, 23, 10, 0, 0, 0, wit)
	h.approvedAt(approved)
	was, moved := time.Date(2026, time.December, 31, 10, 0, 0, 0, wit), time.Date(2027, time.January, 4, 10, 0, 0, 0, wit)
	st := h.holidayMovesReminder(region, time.Date(2026, time.December, 28, 12, 0, 0, 0, wit), "2026-12-30",
		"legal_step_reminder", h.users["hukum"], "reminders to Bagian Hukum", was, moved)
	if ls := st.Legal; ls == nil || !near(ls.RemindAt, moved) {
		t.Errorf("after the holiday was added the step is %+v, want its reminder at %s", ls, moved)
	}
}
