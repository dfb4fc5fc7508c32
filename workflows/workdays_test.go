package workflows

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Working days (issue 23): a stage's SLA and escalation count the
// region's working days in its zone, with the time skipped on the test
// server's clock.

var wit = policies.ZoneWIT.Location()

// startAt moves the test's clock to t before the workflow starts.
func (h *harness) startAt(t time.Time) {
	h.env.SetStartTime(t)
	h.start = t
}

// doAt runs fn at the moment t.
func (h *harness) doAt(t time.Time, fn func()) { h.do(t.Sub(h.start), fn) }

// holidayMovesReminder has the region's administrator add a day off on
// the date day at the moment at, runs the workflow until an hour after the
// deadline moved to (archived then), and checks that the reminders of kind
// to user (whom) wait for it: none a minute after the deadline was, none a
// minute before the one it moved to, one a minute after. It returns the
// state a minute after the deadline was.
func (h *harness) holidayMovesReminder(region int64, at time.Time, day string, kind string, user int64, whom string, was, moved time.Time) PolicyState {
	h.t.Helper()
	h.doAt(at, func() {
		in := policies.RegionHolidayInput{On: day, Name: "Hari jadi kota"}
		if err := in.Validate(); err != nil {
			h.t.Error(err)
			return
		}
		if _, err := h.db.AddRegionHoliday(context.Background(), region, h.users["admin"], in); err != nil {
			h.t.Error(err)
		}
	})
	reminders := map[string]int{}
	var st PolicyState
	h.doAt(was.Add(time.Minute), func() { reminders["old deadline"], st = h.notified(kind, user), h.state() })
	h.doAt(moved.Add(-time.Minute), func() { reminders["before"] = h.notified(kind, user) })
	h.doAt(moved.Add(time.Minute), func() { reminders["after"] = h.notified(kind, user) })
	h.archiveAt(moved.Add(time.Hour).Sub(h.start))
	h.run()

	if want := map[string]int{"old deadline": 0, "before": 0, "after": 1}; !mapsEqual(reminders, want) {
		h.t.Errorf("%s = %v, want %v", whom, reminders, want)
	}
	return st
}

// inWIT moves the harness's region to WIT.
func (h *harness) inWIT() int64 {
	h.t.Helper()
	var id int64
	if err := h.db.SQL().Get(&id, `UPDATE regions SET time_zone = 'WIT' WHERE slug = $1 RETURNING id`, h.region); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// bodies are the bodies of the notices of a kind to a user.
func (h *harness) bodies(kind string, user int64) string {
	h.t.Helper()
	var out []string
	if err := h.db.SQL().Select(&out, `SELECT body FROM notifications WHERE policy_id = $1 AND kind = $2 AND user_id = $3 ORDER BY id`, h.policyID, kind, user); err != nil {
		h.t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

func near(got, want time.Time) bool { return got.Sub(want).Abs() < time.Second }

// Submitted on Wednesday 23 December 2026 at 10.00 WIT, before Christmas:
// the 24th is cuti bersama, the 25th a national holiday, then the weekend.
// Stage 1's 3-working-day SLA ends Wednesday 30 December 10.00 WIT (not
// Saturday the 26th, as 3×24 hours would); its 6-day escalation skips New
// Year's Day and Isra Mikraj (Tuesday 5 January 2027) to Wednesday 6
// January 10.00 WIT.
func TestSLAInWorkingDaysAcrossLongWeekendInWIT(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kapasitas-asn")
	h.inWIT()
	submitted := time.Date(2026, time.December, 23, 10, 0, 0, 0, wit)
	h.startAt(submitted.Add(-time.Hour))
	sha, run := h.submitted()
	slaDue := time.Date(2026, time.December, 30, 10, 0, 0, 0, wit)
	escalationDue := time.Date(2027, time.January, 6, 10, 0, 0, 0, wit)

	counts := map[string][2]int{}
	look := func(label string) func() {
		return func() {
			counts[label] = [2]int{h.notified("approval_sla_reminder", h.users["kabid"]), h.notified("approval_escalation", h.users["kepala"])}
		}
	}
	var st PolicyState
	h.doAt(submitted.Add(time.Minute), func() { st = h.state() })
	h.doAt(submitted.Add(3*day+time.Minute), look("3×24 hours later, Saturday"))
	h.doAt(slaDue.Add(-time.Minute), look("before the SLA"))
	h.doAt(slaDue.Add(time.Minute), look("after the SLA"))
	h.doAt(submitted.Add(6*day+time.Minute), look("6×24 hours later, Tuesday"))
	h.doAt(escalationDue.Add(-time.Minute), look("before the escalation"))
	h.doAt(escalationDue.Add(time.Minute), look("after the escalation"))
	h.decide(escalationDue.Add(time.Hour).Sub(h.start), "kabid", run, policies.ActApprove, "kabid", func() string { return sha }, "")
	h.archiveAt(escalationDue.Add(2 * time.Hour).Sub(h.start))
	h.run()

	if st.Approval == nil || !near(st.Approval.StageStarted, submitted) || !near(st.Approval.SLADue, slaDue) || !near(st.Approval.EscalationDue, escalationDue) {
		t.Fatalf("stage 1 = %+v, want started %s, SLA due %s, escalation %s", st.Approval, submitted, slaDue, escalationDue)
	}
	want := map[string][2]int{"3×24 hours later, Saturday": {0, 0}, "before the SLA": {0, 0}, "after the SLA": {1, 0},
		"6×24 hours later, Tuesday": {0, 0}, "before the escalation": {1, 0}, "after the escalation": {1, 1}}
	for label, w := range want {
		if counts[label] != w {
			t.Errorf("%s: [SLA reminders to Kabid, escalations to Kepala BKPSDM] = %v, want %v", label, counts[label], w)
		}
	}
	for kind, want := range map[string]string{
		"approval_request":      "sebelum 30 Desember 2026 10.00 WIT",
		"approval_sla_reminder": "tenggat 3 hari kerja (30 Desember 2026 10.00 WIT)",
	} {
		if got := h.bodies(kind, h.users["kabid"]); !strings.Contains(got, want) {
			t.Errorf("%s to Kabid says %q, want it to say %q", kind, got, want)
		}
	}
	if got, want := h.bodies("approval_escalation", h.users["kepala"]), "setelah 6 hari kerja (6 Januari 2027 10.00 WIT)"; !strings.Contains(got, want) {
		t.Errorf("escalation says %q, want it to say %q", got, want)
	}
	if r := h.ok("kabid"); r.Outcome != "stage_approved" {
		t.Errorf("late approval = %q, want stage_approved", r.Outcome)
	}
}

// A day off the region's administrator adds while a stage waits moves its
// deadline: with Tuesday 29 December 2026 made a regional holiday on the
// 28th, the SLA that was due Wednesday the 30th at 10.00 WIT is due
// Thursday the 31st, and no reminder goes out before.
func TestAdminHolidayMovesTheDeadline(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kapasitas-asn")
	region := h.inWIT()
	submitted := time.Date(2026, time.December, 23, 10, 0, 0, 0, wit)
	h.startAt(submitted.Add(-time.Hour))
	_, _ = h.submitted()
	was, moved := time.Date(2026, time.December, 30, 10, 0, 0, 0, wit), time.Date(2026, time.December, 31, 10, 0, 0, 0, wit)

	st := h.holidayMovesReminder(region, time.Date(2026, time.December, 28, 12, 0, 0, 0, wit), "2026-12-29",
		"approval_sla_reminder", h.users["kabid"], "SLA reminders to Kabid", was, moved)
	if st.Approval == nil || !near(st.Approval.SLADue, moved) {
		t.Errorf("stage 1 after the holiday was added = %+v, want SLA due %s", st.Approval, moved)
	}
	if got, want := h.bodies("approval_sla_reminder", h.users["kabid"]), "31 Desember 2026 10.00 WIT"; !strings.Contains(got, want) {
		t.Errorf("reminder says %q, want it to name %q", got, want)
	}
}

// A notice names its dates in the region's zone: a stage that starts at
// 00.30 WIT on Tuesday 12 January 2027 (Monday 15.30 UTC) is due in three
// working days, Friday 15 January 00.30 WIT, which is still Thursday in UTC.
func TestNoticeDateInRegionZoneNearMidnight(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kapasitas-asn")
	h.inWIT()
	submitted := time.Date(2027, time.January, 11, 15, 30, 0, 0, time.UTC)
	h.startAt(submitted.Add(-time.Hour))
	_, _ = h.submitted()
	h.archiveAt(2 * time.Hour)
	h.run()

	got := h.bodies("approval_request", h.users["kabid"])
	if want := "sebelum 15 Januari 2027 00.30 WIT"; !strings.Contains(got, want) {
		t.Errorf("approval request says %q, want it to say %q", got, want)
	}
	if strings.Contains(got, "14") {
		t.Errorf("approval request says %q: the UTC date, not WIT's", got)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// A consultation that closes at 00.30 WIT on Tuesday 12 January 2027
// (Monday 15.30 UTC): its invitation, its reminder and the drafter's
// answer name that date and zone, not Monday's.
func TestConsultationNoticesNameTheRegionsZone(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.inWIT()
	closes := time.Date(2027, time.January, 11, 15, 30, 0, 0, time.UTC)
	h.startAt(closes.Add(-3 * day))
	h.openConsultationAt(time.Hour, "open", func() time.Time { return closes })
	h.archiveAt(4 * day)
	h.run()

	want := "12 Januari 2027 00.30 WIT"
	if r := h.ok("open"); !strings.Contains(r.Message, want) {
		t.Errorf("open answers %q, want it to name %q", r.Message, want)
	}
	for _, kind := range []string{"consultation_invitation", "consultation_reminder"} {
		if got := h.bodies(kind, h.users["akademisi"]); !strings.Contains(got, want) {
			t.Errorf("%s says %q, want it to name %q", kind, got, want)
		}
	}
}

// A program that starts at 00.30 WIT on Tuesday 12 January 2027 (Monday
// 15.30 UTC): its unit's start notice names that day, in WIT.
func TestProgramNoticeNamesTheRegionsZone(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.inWIT()
	starts := time.Date(2027, time.January, 11, 15, 30, 0, 0, time.UTC)
	h.startAt(starts.Add(-5 * day))
	h.approved()
	unit := h.unit("disdukcapil")
	h.implementAt(time.Hour, unit)
	h.at(2*time.Hour, "plan", "", policies.ActPlanProgram, func() Request {
		return Request{Actor: h.actor("opd"), Program: &ProgramPlan{UnitID: unit, Kind: policies.KindWorkshop,
			Title: "Workshop arsip", StartsAt: starts, EndsAt: starts.Add(day), JP: 8, TargetParticipants: 20}}
	})
	h.archiveAt(7 * day)
	h.run()

	h.ok("plan")
	if got, want := h.bodies("program_start", h.users["opd"]), "dimulai 12 Januari 2027 00.30 WIT"; !strings.Contains(got, want) {
		t.Errorf("program start notice says %q, want it to say %q", got, want)
	}
}
