package postgres_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func TestDashboard(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	drafter, stakeholder := f.users["penyusun"], f.users["akademisi"]
	now := time.Now().UTC().Truncate(time.Second)
	other := policyIDBySlug(t, db, "sawahlunto-pengelolaan-kompetensi-asn")
	otherV, err := db.CurrentVersion(ctx, other)
	if err != nil {
		t.Fatal(err)
	}

	open := func(policyID, versionID int64, wf string, closes time.Time, invite ...int64) policies.Consultation {
		t.Helper()
		c, _, err := db.OpenConsultation(ctx, policies.Consultation{
			PolicyID: policyID, VersionID: versionID, WorkflowID: wf, OpenedBy: drafter, OpenedAt: now.Add(-time.Hour), ClosesAt: closes,
		}, invite)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	later := open(f.policyID, f.versionID, "c-later", now.Add(14*24*time.Hour), stakeholder)
	sooner := open(other, otherV.ID, "c-sooner", now.Add(7*24*time.Hour), stakeholder, f.users["kabid"])
	open(f.policyID, f.versionID, "c-closed", now.Add(3*24*time.Hour), stakeholder)
	if _, err := db.CloseConsultation(ctx, "c-closed", now, "early"); err != nil {
		t.Fatal(err)
	}
	open(other, otherV.ID, "c-not-invited", now.Add(24*time.Hour), f.users["sekda"])

	t.Run("invited consultations", func(t *testing.T) {
		cs, err := db.InvitedConsultations(ctx, stakeholder)
		if err != nil {
			t.Fatalf("InvitedConsultations: %v", err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.WorkflowID)
		}
		if want := []string{"c-sooner", "c-later"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v (open ones, closing soonest first)", got, want)
		}
		if cs[0].ID != sooner.ID || cs[0].PolicyTitle != "Kebijakan Pengelolaan Kompetensi ASN di Kota Sawahlunto" || cs[0].VersionNumber != 1 ||
			cs[0].ClosedAt != nil || !cs[0].ClosesAt.Equal(sooner.ClosesAt) {
			t.Errorf("first = %+v, want c-sooner with its policy title", cs[0])
		}
		if cs[1].ID != later.ID || cs[1].PolicyTitle != "Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto" {
			t.Errorf("second = %+v, want c-later with its policy title", cs[1])
		}
		none, err := db.InvitedConsultations(ctx, f.users["walikota"])
		if err != nil || none == nil || len(none) != 0 {
			t.Errorf("uninvited user's consultations = %v, %v; want an empty list", none, err)
		}
	})

	t.Run("rounds due", func(t *testing.T) {
		dinkes, disdik := f.units["dinkes"], f.units["disdik"]
		sep, mar := time.Date(2026, 9, 30, 17, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)
		if _, err := db.CreateRounds(ctx, f.policyID, 1, sep, []int64{dinkes, disdik}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateRounds(ctx, other, 1, mar, []int64{dinkes}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MarkOverdue(ctx, other, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateRounds(ctx, other, 2, mar.AddDate(0, 1, 0), []int64{dinkes}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordResult(ctx, other, dinkes, 2, policies.EvaluationResult{
			Instrument: "skm", Data: []byte(`{}`), Score: 80, SubmittedBy: f.users["opd"],
		}, "result-1"); err != nil {
			t.Fatal(err)
		}
		rs, err := db.RoundsDue(ctx, dinkes)
		if err != nil {
			t.Fatalf("RoundsDue: %v", err)
		}
		if len(rs) != 2 {
			t.Fatalf("got %d rounds, want 2: %+v", len(rs), rs)
		}
		if r := rs[0]; r.PolicyID != other || r.Number != 1 || r.Status != "overdue" || !r.DueAt.Equal(mar) ||
			r.PolicyTitle != "Kebijakan Pengelolaan Kompetensi ASN di Kota Sawahlunto" || r.UnitID != dinkes {
			t.Errorf("first = %+v, want the overdue round 1 of %d due %v", r, other, mar)
		}
		if r := rs[1]; r.PolicyID != f.policyID || r.Status != "pending" || !r.DueAt.Equal(sep) ||
			r.PolicyTitle != "Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto" {
			t.Errorf("second = %+v, want the pending round of %d due %v", r, f.policyID, sep)
		}
		rs, err = db.RoundsDue(ctx, disdik)
		if err != nil || len(rs) != 1 || rs[0].PolicyID != f.policyID {
			t.Errorf("disdik's rounds = %+v, %v; want the one pending round", rs, err)
		}
		rs, err = db.RoundsDue(ctx, f.units["dispar"])
		if err != nil || rs == nil || len(rs) != 0 {
			t.Errorf("dispar's rounds = %+v, %v; want an empty list", rs, err)
		}
	})
}

// The summary of a closed consultation names each section by its heading
// in the consulted version, as the pages do, not by its anchor.
func TestConsultationSummaryNamesSections(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	drafter, stakeholder := f.users["penyusun"], f.users["akademisi"]
	md := "# Kebijakan Uji\n\n## Latar Belakang\n\nTeks.\n\n## Tujuan dan `Sasaran`\n\nTeks.\n\n## Latar Belakang\n\nLagi.\n"
	v, err := db.CreateVersion(ctx, f.policyID, 1, md, drafter, "Untuk konsultasi")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	if _, _, err := db.OpenConsultation(ctx, policies.Consultation{PolicyID: f.policyID, VersionID: v.ID, WorkflowID: "c-titles",
		OpenedBy: drafter, OpenedAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, []int64{stakeholder}); err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{"latar-belakang", "latar-belakang", "tujuan-dan-sasaran", "latar-belakang-1", ""} {
		if _, err := db.CreateComment(ctx, policies.Comment{PolicyID: f.policyID, VersionID: v.ID, SectionID: section,
			AuthorID: &stakeholder, AuthorName: "Akademisi", Body: "Masukan.", Status: policies.CommentOpen}); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := db.CloseConsultation(ctx, "c-titles", now, "deadline")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range sum.Sections {
		got[s.Section] = fmt.Sprintf("%s/%d", s.Title, s.Comments)
	}
	want := map[string]string{"": "/1", "latar-belakang": "Latar Belakang/2", "latar-belakang-1": "Latar Belakang/1", "tujuan-dan-sasaran": "Tujuan dan Sasaran/1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sections = %v, want %v", got, want)
	}
}
