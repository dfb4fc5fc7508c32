package postgres_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func TestCreatePolicy(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	md := "# Kebijakan Uji\n\n## Pendahuluan\n\nTeks.\n"
	good := policies.NewPolicy{
		RegionID: f.regionID, OwnerUnitID: f.units["disdik"], ChainID: &f.chainID,
		Slug: "kebijakan-uji", Title: "Kebijakan Uji", Markdown: md,
		AuthorID: f.users["penyusun"], ChangeSummary: "Draf awal",
	}
	p, v, err := db.CreatePolicy(ctx, good)
	if err != nil {
		t.Fatalf("CreatePolicy: %v", err)
	}
	if p.Status != policies.StatusDraft || v.Number != 1 || v.SHA256 != policies.ContentHash(md) {
		t.Errorf("CreatePolicy = status %q, version %d sha %s; want draft, 1, %s", p.Status, v.Number, v.SHA256, policies.ContentHash(md))
	}
	if p.CurrentVersionID == nil || *p.CurrentVersionID != v.ID {
		t.Errorf("CurrentVersionID = %v, want %d", p.CurrentVersionID, v.ID)
	}

	got, err := db.PolicyByID(ctx, p.ID)
	if err != nil {
		t.Fatalf("PolicyByID: %v", err)
	}
	if got.RegionName != "Kota Sawahlunto" || got.UnitName != "Dinas Pendidikan" {
		t.Errorf("region, unit = %q, %q; want %q, %q", got.RegionName, got.UnitName, "Kota Sawahlunto", "Dinas Pendidikan")
	}
	if got.CurrentVersion != 1 || got.Status != policies.StatusDraft || got.Slug != good.Slug || got.Title != good.Title {
		t.Errorf("PolicyByID = version %d status %q slug %q title %q; want 1, draft, %q, %q",
			got.CurrentVersion, got.Status, got.Slug, got.Title, good.Slug, good.Title)
	}
	if got.CreatedBy != f.users["penyusun"] || got.ChainID == nil || *got.ChainID != f.chainID {
		t.Errorf("PolicyByID created by %d chain %v; want %d, %d", got.CreatedBy, got.ChainID, f.users["penyusun"], f.chainID)
	}

	t.Run("filters", func(t *testing.T) {
		// Move the new policy on so a status filter has something to tell apart.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'consultation' WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		region := func(slug string) int64 {
			r, err := db.RegionBySlug(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		for _, tc := range []struct {
			name   string
			filter policies.SearchFilter
			want   int
			slugs  []string // checked when set
		}{
			{"all", policies.SearchFilter{}, 6, nil},
			{"sawahlunto", policies.SearchFilter{RegionID: f.regionID}, 4, nil},
			{"bukittinggi", policies.SearchFilter{RegionID: region("bukittinggi")}, 1, []string{"bukittinggi-peningkatan-kualitas-asn"}},
			{"draft", policies.SearchFilter{Status: policies.StatusDraft}, 5, nil},
			{"consultation", policies.SearchFilter{Status: policies.StatusConsultation}, 1, []string{"kebijakan-uji"}},
			{"sawahlunto consultation", policies.SearchFilter{RegionID: f.regionID, Status: policies.StatusConsultation}, 1, []string{"kebijakan-uji"}},
			{"pangkalpinang consultation", policies.SearchFilter{RegionID: region("pangkalpinang"), Status: policies.StatusConsultation}, 0, nil},
			{"limit", policies.SearchFilter{Limit: 2}, 2, nil},
			{"offset", policies.SearchFilter{Offset: 5}, 1, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ps, _, err := db.SearchPolicies(ctx, tc.filter)
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != tc.want {
					t.Fatalf("got %d policies, want %d", len(ps), tc.want)
				}
				for _, p := range ps {
					if tc.filter.RegionID != 0 && p.RegionID != tc.filter.RegionID {
						t.Errorf("policy %s in region %d, want %d", p.Slug, p.RegionID, tc.filter.RegionID)
					}
					if tc.filter.Status != "" && p.Status != tc.filter.Status {
						t.Errorf("policy %s has status %q, want %q", p.Slug, p.Status, tc.filter.Status)
					}
				}
				if tc.slugs != nil {
					var got []string
					for _, p := range ps {
						got = append(got, p.Slug)
					}
					if !reflect.DeepEqual(got, tc.slugs) {
						t.Errorf("got slugs %v, want %v", got, tc.slugs)
					}
				}
			})
		}
	})

	// An invalid status filter: policies.TestSearchFilterValidate.

	t.Run("unknown id", func(t *testing.T) {
		_, err := db.PolicyByID(ctx, 987654)
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("duplicate slug", func(t *testing.T) {
		before := countRows(t, db, "policy_versions")
		dup := good
		dup.Title = "Kebijakan Lain"
		_, _, err := db.CreatePolicy(ctx, dup)
		wantKind(t, err, policies.KindConflict)
		if got := countRows(t, db, "policy_versions"); got != before {
			t.Errorf("policy_versions = %d rows after a refused create, want %d", got, before)
		}
	})

	t.Run("refused by the database", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			change func(*policies.NewPolicy)
			want   policies.ErrorKind
		}{
			{"slug format", func(np *policies.NewPolicy) { np.Slug = "Bukan Slug!" }, policies.KindInvalid},
			{"unknown region", func(np *policies.NewPolicy) { np.RegionID = 987654 }, policies.KindNotFound},
			{"unknown author", func(np *policies.NewPolicy) { np.AuthorID = 987654 }, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				np := good
				np.Slug = "kebijakan-lain"
				tc.change(&np)
				_, _, err := db.CreatePolicy(ctx, np)
				wantKind(t, err, tc.want)
			})
		}
		if got := countRows(t, db, "policies"); got != 6 {
			t.Errorf("policies = %d rows after refused creates, want 6", got)
		}
	})

	// Validation: policies.TestNewPolicyValidate.

	t.Run("exactly 512 KB is accepted", func(t *testing.T) {
		np := good
		np.Slug = "kebijakan-batas"
		np.Markdown = "# Batas\n"
		np.Markdown += strings.Repeat("x", policies.MaxDocumentBytes-len(np.Markdown))
		_, v, err := db.CreatePolicy(ctx, np)
		if err != nil {
			t.Fatalf("CreatePolicy with %d bytes: %v", len(np.Markdown), err)
		}
		if len(v.Markdown) != policies.MaxDocumentBytes {
			t.Errorf("stored %d bytes, want %d", len(v.Markdown), policies.MaxDocumentBytes)
		}
	})
}

func slugsOf(ps []policies.PolicySummary) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return out
}

func TestSearchPolicies(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	search := func(t *testing.T, sf policies.SearchFilter) ([]policies.PolicySummary, int) {
		t.Helper()
		ps, total, err := db.SearchPolicies(ctx, sf)
		if err != nil {
			t.Fatalf("SearchPolicies(%+v): %v", sf, err)
		}
		return ps, total
	}
	const (
		bukittinggi   = "bukittinggi-peningkatan-kualitas-asn"
		pangkalpinang = "pangkalpinang-pengembangan-kompetensi-asn"
		kapasitas     = "sawahlunto-peningkatan-kapasitas-asn"
	)
	// Without a query: region name, then title.
	all := []string{bukittinggi, pangkalpinang, "sawahlunto-pengelolaan-kompetensi-asn", fixtureSlug, kapasitas}

	t.Run("no filter", func(t *testing.T) {
		ps, total := search(t, policies.SearchFilter{})
		if got := slugsOf(ps); !reflect.DeepEqual(got, all) || total != 5 {
			t.Errorf("got %v (total %d), want %v (total 5)", got, total, all)
		}
		if ps[0].RegionName != "Kota Bukittinggi" || ps[0].CurrentVersion != 1 || ps[0].UnitName == "" {
			t.Errorf("first = %+v, want Kota Bukittinggi's policy at version 1 with its unit", ps[0])
		}
	})

	t.Run("stemming", func(t *testing.T) {
		for _, q := range []string{"pelatihan", "latih", "Pelatihan", "melatih"} {
			t.Run(q, func(t *testing.T) {
				ps, total := search(t, policies.SearchFilter{Query: q})
				if len(ps) != 5 || total != 5 {
					t.Errorf("query %q found %v (total %d), want all 5", q, slugsOf(ps), total)
				}
			})
		}
	})

	t.Run("place name", func(t *testing.T) {
		ps, total := search(t, policies.SearchFilter{Query: "Bukittinggi"})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{bukittinggi}) || total != 1 {
			t.Errorf("got %v (total %d), want only %s", got, total, bukittinggi)
		}
	})

	t.Run("rank", func(t *testing.T) {
		// "kapasitas" is in one title (and often in its text) and once in another text.
		ps, total := search(t, policies.SearchFilter{Query: "kapasitas"})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{kapasitas, bukittinggi}) || total != 2 {
			t.Errorf("got %v (total %d), want %s first, then %s", got, total, kapasitas, bukittinggi)
		}
	})

	t.Run("no match", func(t *testing.T) {
		ps, total := search(t, policies.SearchFilter{Query: "kriptografi"})
		if len(ps) != 0 || total != 0 || ps == nil {
			t.Errorf("got %v (total %d), want an empty page", slugsOf(ps), total)
		}
	})

	t.Run("filters", func(t *testing.T) {
		if _, err := db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'approved' WHERE slug = $1`, kapasitas); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'implementing' WHERE slug = $1`, bukittinggi); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			sf    policies.SearchFilter
			slugs []string
		}{
			{"region", policies.SearchFilter{RegionID: f.regionID}, []string{"sawahlunto-pengelolaan-kompetensi-asn", fixtureSlug, kapasitas}},
			{"unit", policies.SearchFilter{UnitID: f.units["bkpsdm"]}, []string{"sawahlunto-pengelolaan-kompetensi-asn", fixtureSlug, kapasitas}},
			{"other unit", policies.SearchFilter{UnitID: f.units["dinkes"]}, []string{}},
			{"status", policies.SearchFilter{Status: policies.StatusApproved}, []string{kapasitas}},
			{"statuses", policies.SearchFilter{Statuses: []policies.Status{policies.StatusApproved, policies.StatusImplementing}}, []string{bukittinggi, kapasitas}},
			{"statuses and query", policies.SearchFilter{Statuses: []policies.Status{policies.StatusApproved, policies.StatusImplementing}, Query: "latih"},
				[]string{bukittinggi, kapasitas}},
			{"statuses, query, region", policies.SearchFilter{Statuses: []policies.Status{policies.StatusApproved, policies.StatusImplementing},
				Query: "pelatihan", RegionID: f.regionID}, []string{kapasitas}},
			{"status and statuses", policies.SearchFilter{Status: policies.StatusDraft, Statuses: []policies.Status{policies.StatusApproved}}, []string{}},
			{"draft in region", policies.SearchFilter{Status: policies.StatusDraft, RegionID: f.regionID}, []string{"sawahlunto-pengelolaan-kompetensi-asn", fixtureSlug}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ps, total := search(t, tc.sf)
				got := slugsOf(ps)
				if tc.sf.Query != "" {
					slices.Sort(got) // ranked by relevance, not by name
				}
				if !reflect.DeepEqual(got, tc.slugs) || total != len(tc.slugs) {
					t.Errorf("got %v (total %d), want %v", got, total, tc.slugs)
				}
			})
		}
		if _, err := db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'draft'`); err != nil {
			t.Fatal(err)
		}
	})

	// An invalid status: policies.TestSearchFilterValidate.

	t.Run("paging", func(t *testing.T) {
		var got []string
		for off := 0; off < 6; off += 2 {
			ps, total := search(t, policies.SearchFilter{Limit: 2, Offset: off})
			if total != 5 {
				t.Errorf("offset %d: total %d, want 5", off, total)
			}
			if want := min(2, 5-off); len(ps) != want {
				t.Errorf("offset %d: got %d, want %d", off, len(ps), want)
			}
			got = append(got, slugsOf(ps)...)
		}
		if !reflect.DeepEqual(got, all) {
			t.Errorf("pages = %v, want %v", got, all)
		}
		ps, total := search(t, policies.SearchFilter{Offset: 10, Query: "pelatihan"})
		if len(ps) != 0 || total != 5 {
			t.Errorf("past the end: got %d (total %d), want 0 (total 5)", len(ps), total)
		}
		ps, total = search(t, policies.SearchFilter{Limit: 1, Offset: 1, Query: "kapasitas"})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{bukittinggi}) || total != 2 {
			t.Errorf("second page of kapasitas = %v (total %d), want [%s] (total 2)", got, total, bukittinggi)
		}
		ps, _ = search(t, policies.SearchFilter{Limit: 1000, Offset: -3})
		if len(ps) != 5 {
			t.Errorf("limit 1000, offset -3: got %d, want 5", len(ps))
		}
	})

	t.Run("new versions are searchable", func(t *testing.T) {
		const word = "Tanjungsarilamo"
		if ps, _ := search(t, policies.SearchFilter{Query: word}); len(ps) != 0 {
			t.Fatalf("%s found before it was written: %v", word, slugsOf(ps))
		}
		md := "# Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto\n\n## Pendahuluan\n\nPelatihan di " + word + ".\n"
		if _, err := db.CreateVersion(ctx, f.policyID, 1, md, f.users["penyusun"], "Tambah lokasi"); err != nil {
			t.Fatal(err)
		}
		ps, total := search(t, policies.SearchFilter{Query: strings.ToLower(word)})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{fixtureSlug}) || total != 1 {
			t.Errorf("after the new version: got %v (total %d), want [%s]", got, total, fixtureSlug)
		}
		if ps[0].CurrentVersion != 2 {
			t.Errorf("current version = %d, want 2", ps[0].CurrentVersion)
		}
		// The old text is no longer the current one: words only it had are gone.
		if ps, _ := search(t, policies.SearchFilter{Query: "Bukittinggi", RegionID: f.regionID}); len(ps) != 0 {
			t.Errorf("found %v in Sawahlunto for Bukittinggi", slugsOf(ps))
		}
		np := policies.NewPolicy{
			RegionID: f.regionID, OwnerUnitID: f.units["dinkes"], Slug: "kebijakan-baru", Title: "Kebijakan Vaksinasi Pegawai",
			Markdown: "# Kebijakan Vaksinasi Pegawai\n\nVaksinasi di puskesmas.\n", AuthorID: f.users["penyusun"],
		}
		if _, _, err := db.CreatePolicy(ctx, np); err != nil {
			t.Fatal(err)
		}
		ps, total = search(t, policies.SearchFilter{Query: "puskesmas vaksinasi"})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{"kebijakan-baru"}) || total != 1 {
			t.Errorf("new policy: got %v (total %d), want [kebijakan-baru]", got, total)
		}
	})

	t.Run("hostile queries", func(t *testing.T) {
		before := countRows(t, db, "policies")
		for _, q := range []string{
			`'); DROP TABLE policies;--`,
			`' OR 1=1 --`,
			`"; DELETE FROM policies; --`,
			`\'; TRUNCATE policies CASCADE; --`,
			`pelatihan & | ! ( ) :* <-> ''`,
			`"unterminated`,
			`-`,
			`$1`,
			"pelatihan\x00",
			"\xff\xfe latih",
			strings.Repeat("a", 5000),
		} {
			ps, total, err := db.SearchPolicies(ctx, policies.SearchFilter{Query: q})
			if err != nil {
				t.Errorf("query %q: %v", q, err)
				continue
			}
			if len(ps) != total {
				t.Errorf("query %q: %d results, total %d", q, len(ps), total)
			}
		}
		if after := countRows(t, db, "policies"); after != before {
			t.Errorf("policies = %d rows after hostile queries, want %d", after, before)
		}
		if ps, _ := search(t, policies.SearchFilter{Query: `' OR 1=1 --`}); len(ps) != 0 {
			t.Errorf("' OR 1=1 -- matched %v, want nothing", slugsOf(ps))
		}
	})
}

// A long list counts its matches only up to CountCap past the page, in
// title order within a region, and the pages still follow one another.
func TestSearchPoliciesCountsUpToTheCap(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	const extra = policies.CountCap + 30
	f.db.SQL().MustExec(`INSERT INTO policies (region_id, owner_unit_id, slug, title, created_by)
		SELECT region_id, owner_unit_id, 'banyak-' || g, 'Kebijakan ' || lpad(g::text, 5, '0'), created_by
		FROM generate_series(1, $1::int) g, (SELECT region_id, owner_unit_id, created_by FROM policies WHERE id = $2) p`, extra, f.policyID)
	var region int64
	f.db.SQL().Get(&region, `SELECT region_id FROM policies WHERE id = $1`, f.policyID)
	var inRegion int
	f.db.SQL().Get(&inRegion, `SELECT count(*) FROM policies WHERE region_id = $1`, region)

	first, total, err := f.db.SearchPolicies(ctx, policies.SearchFilter{RegionID: region, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if total != policies.CountCap+1 || len(first) != 20 || first[0].Title != "Kebijakan 00001" {
		t.Errorf("first page: %d rows from %q, total %d; want 20 from \"Kebijakan 00001\", total %d (more than the cap)",
			len(first), first[0].Title, total, policies.CountCap+1)
	}
	second, _, _ := f.db.SearchPolicies(ctx, policies.SearchFilter{RegionID: region, Limit: 20, Offset: 20})
	if len(second) != 20 || second[0].Title != "Kebijakan 00021" {
		t.Errorf("second page starts at %q, want \"Kebijakan 00021\"", second[0].Title)
	}
	// Near the end the count is exact again.
	last, total, _ := f.db.SearchPolicies(ctx, policies.SearchFilter{RegionID: region, Limit: 20, Offset: inRegion - 5})
	if total != inRegion || len(last) != 5 {
		t.Errorf("last page: %d rows, total %d; want 5 and the exact %d", len(last), total, inRegion)
	}
}

func TestTimeline(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	drafter := f.users["penyusun"]
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

	run, chain, err := db.StartApprovalRun(ctx, policies.ApprovalRun{
		PolicyID: f.policyID, VersionID: f.versionID, SHA256: f.sha, WorkflowID: "approval-1-v1", SubmittedBy: drafter, StartedAt: start,
	})
	if err != nil {
		t.Fatalf("StartApprovalRun: %v", err)
	}
	if _, err := db.RecordDecision(ctx, policies.Decision{
		PolicyID: f.policyID, VersionID: f.versionID, StageID: chain.Stages[0].ID, ApprovalRunID: &run.ID, DeciderID: f.users["kabid"],
		Decision: "approve", SHA256Approved: f.sha, IdempotencyKey: "d1",
	}); err != nil {
		t.Fatal(err)
	}
	acting := f.users["kepala"]
	if _, err := db.RecordDecision(ctx, policies.Decision{
		PolicyID: f.policyID, VersionID: f.versionID, StageID: chain.Stages[1].ID, ApprovalRunID: &run.ID, DeciderID: f.users["sekda"],
		ActingForID: &acting, Decision: "request_changes", Reason: "Perjelas anggaran.", SHA256Approved: f.sha, IdempotencyKey: "d2",
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndApprovalRun(ctx, "approval-1-v1", "changes_requested", start.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	c1, _, err := db.OpenConsultation(ctx, policies.Consultation{
		PolicyID: f.policyID, VersionID: f.versionID, WorkflowID: "consultation-1", OpenedBy: drafter,
		OpenedAt: start.Add(-240 * time.Hour), ClosesAt: start.Add(-24 * time.Hour), AllowPublic: true,
	}, []int64{f.users["akademisi"]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseConsultation(ctx, "consultation-1", start.Add(-48*time.Hour), "early"); err != nil {
		t.Fatal(err)
	}
	v2, err := db.CreateVersion(ctx, f.policyID, 1, "# Judul\n\nVersi dua.\n", drafter, "Revisi")
	if err != nil {
		t.Fatal(err)
	}
	c2, _, err := db.OpenConsultation(ctx, policies.Consultation{
		PolicyID: f.policyID, VersionID: v2.ID, WorkflowID: "consultation-2", OpenedBy: drafter,
		OpenedAt: start.Add(72 * time.Hour), ClosesAt: start.Add(240 * time.Hour),
	}, []int64{f.users["akademisi"]})
	if err != nil {
		t.Fatal(err)
	}
	if err := addAudit(ctx, db, policies.AuditEntry{PolicyID: &f.policyID, Action: "consultation_closed", Detail: "tenggat"}, "system-1"); err != nil {
		t.Fatal(err)
	}

	t.Run("approval runs", func(t *testing.T) {
		rs, err := db.ApprovalRuns(ctx, f.policyID)
		wantList(t, "ApprovalRuns", "runs", 1, rs, err)
		r := rs[0]
		if r.ID != run.ID || r.WorkflowID != "approval-1-v1" || r.VersionNumber != 1 || r.SHA256 != f.sha ||
			r.SubmittedBy != "Penyusun BKPSDM" || !r.StartedAt.Equal(start) {
			t.Errorf("run = %+v, want approval-1-v1 of version 1 by Penyusun BKPSDM from %v", r, start)
		}
		if r.EndedAt == nil || !r.EndedAt.Equal(start.Add(48*time.Hour)) || r.Outcome == nil || *r.Outcome != "changes_requested" {
			t.Errorf("run ended %v with %v, want %v changes_requested", r.EndedAt, r.Outcome, start.Add(48*time.Hour))
		}
	})

	t.Run("decisions", func(t *testing.T) {
		ds, err := db.DecisionRecords(ctx, f.policyID)
		wantList(t, "DecisionRecords", "decisions", 2, ds, err)
		d := ds[0]
		if d.StagePosition != 1 || d.StageName != "Kabid Pengembangan Kompetensi" || d.Decider != "Kabid Pengembangan Kompetensi" ||
			d.ActingFor != nil || d.Decision != "approve" || d.SHA256 != f.sha || d.ApprovalRunID == nil || *d.ApprovalRunID != run.ID {
			t.Errorf("first decision = %+v, want stage 1 approved by Kabid in run %d", d, run.ID)
		}
		d = ds[1]
		if d.StagePosition != 2 || d.StageName != "Kepala BKPSDM" || d.Decider != "Sekretaris Daerah" ||
			d.ActingFor == nil || *d.ActingFor != "Kepala BKPSDM" || d.Decision != "request_changes" || d.Reason != "Perjelas anggaran." {
			t.Errorf("second decision = %+v (acting for %v), want stage 2 by Sekretaris Daerah acting for Kepala BKPSDM", d, d.ActingFor)
		}
	})

	t.Run("consultations", func(t *testing.T) {
		cs, err := db.Consultations(ctx, f.policyID)
		wantList(t, "Consultations", "consultations", 2, cs, err)
		closed, open := cs[0], cs[1]
		if closed.ID != c1.ID || closed.VersionNumber != 1 || closed.WorkflowID != "consultation-1" || !closed.AllowPublic ||
			closed.ClosedAt == nil || closed.ClosedReason == nil || *closed.ClosedReason != "early" {
			t.Errorf("first consultation = %+v, want consultation-1 on version 1, closed early", closed)
		}
		var sum policies.ConsultationSummary
		if err := json.Unmarshal(closed.Summary, &sum); err != nil || sum.ConsultationID != c1.ID || sum.Reason != "early" {
			t.Errorf("summary = %s (%v), want the closing summary of %d", closed.Summary, err, c1.ID)
		}
		if open.ID != c2.ID || open.VersionNumber != 2 || open.VersionID != v2.ID || open.ClosedAt != nil || open.ClosedReason != nil ||
			open.Summary != nil || open.OpenedBy != drafter || !open.ClosesAt.Equal(start.Add(240*time.Hour)) {
			t.Errorf("second consultation = %+v, want consultation-2 on version 2, open", open)
		}
	})

	t.Run("audit", func(t *testing.T) {
		es, err := db.AuditRecords(ctx, f.policyID)
		if err != nil {
			t.Fatalf("AuditRecords: %v", err)
		}
		// The approvers' two decisions are audited between, by them (approval.go).
		n := len(es)
		es = slices.DeleteFunc(es, func(e policies.AuditRecord) bool { return strings.HasPrefix(e.Action, "decision.") && e.Actor != nil })
		if n-len(es) != 2 {
			t.Errorf("%d decisions audited, want 2", n-len(es))
		}
		if len(es) != 3 {
			t.Fatalf("got %d audit records, want 3: %+v", len(es), es)
		}
		if e := es[0]; e.Action != "policy.created" || e.Actor == nil || *e.Actor != "Penyusun BKPSDM" || e.VersionNumber == nil || *e.VersionNumber != 1 {
			t.Errorf("first = %+v, want policy.created by Penyusun BKPSDM on version 1", e)
		}
		if e := es[1]; e.Action != "version.created" || e.Detail != "Revisi" || e.VersionNumber == nil || *e.VersionNumber != 2 {
			t.Errorf("second = %+v, want version.created of version 2", e)
		}
		if e := es[2]; e.Action != "consultation_closed" || e.Actor != nil || e.VersionNumber != nil || e.Detail != "tenggat" {
			t.Errorf("third = %+v, want the system's entry with no actor and no version", e)
		}
	})

	t.Run("versions by number", func(t *testing.T) {
		for n, want := range map[int]int64{1: f.versionID, 2: v2.ID} {
			v, err := db.VersionByNumber(ctx, f.policyID, n)
			if err != nil || v.ID != want || v.Number != n || v.PolicyID != f.policyID {
				t.Errorf("VersionByNumber(%d) = id %d number %d, %v; want id %d", n, v.ID, v.Number, err, want)
			}
		}
		v, err := db.VersionByNumber(ctx, f.policyID, 1)
		if err != nil || v.SHA256 != f.sha || policies.ContentHash(v.Markdown) != f.sha {
			t.Errorf("version 1 = sha %s, %v; want %s", v.SHA256, err, f.sha)
		}
		_, err = db.VersionByNumber(ctx, f.policyID, 3)
		wantKind(t, err, policies.KindNotFound)
		_, err = db.VersionByNumber(ctx, policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn"), 2)
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("another policy has none", func(t *testing.T) {
		other := policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn")
		rs, err1 := db.ApprovalRuns(ctx, other)
		ds, err2 := db.DecisionRecords(ctx, other)
		cs, err3 := db.Consultations(ctx, other)
		if err1 != nil || err2 != nil || err3 != nil || rs == nil || ds == nil || cs == nil || len(rs)+len(ds)+len(cs) != 0 {
			t.Errorf("other policy: runs %v, decisions %v, consultations %v (%v %v %v); want empty lists", rs, ds, cs, err1, err2, err3)
		}
	})
}

func TestAuditLog(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	author := f.users["penyusun"]
	p, v1, err := db.CreatePolicy(ctx, policies.NewPolicy{
		RegionID: f.regionID, OwnerUnitID: f.units["bkpsdm"], ChainID: &f.chainID, Slug: "kebijakan-audit",
		Title: "Kebijakan Audit", Markdown: "# Kebijakan Audit\n", AuthorID: author,
	})
	if err != nil {
		t.Fatalf("CreatePolicy: %v", err)
	}
	v2, err := db.CreateVersion(ctx, p.ID, 1, "# Kebijakan Audit\n\nRevisi.\n", author, "Tambah isi")
	if err != nil {
		t.Fatalf("CreateVersion: %v", err)
	}
	es, err := auditOf(ctx, db, p.ID)
	if err != nil {
		t.Fatalf("auditOf: %v", err)
	}
	want := []struct {
		action, detail string
		versionID      int64
	}{
		{"policy.created", "Kebijakan Audit", v1.ID},
		{"version.created", "Tambah isi", v2.ID},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d audit entries, want %d: %+v", len(es), len(want), es)
	}
	for i, w := range want {
		e := es[i]
		if e.Action != w.action || e.Detail != w.detail {
			t.Errorf("entry %d = %q %q, want %q %q", i, e.Action, e.Detail, w.action, w.detail)
		}
		if e.PolicyID == nil || *e.PolicyID != p.ID || e.VersionID == nil || *e.VersionID != w.versionID || e.ActorID == nil || *e.ActorID != author {
			t.Errorf("entry %d = policy %v version %v actor %v; want %d, %d, %d", i, e.PolicyID, e.VersionID, e.ActorID, p.ID, w.versionID, author)
		}
	}
	// Seeding audits the seeded policies too.
	seededLog, err := auditOf(ctx, db, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(seededLog) != 1 || seededLog[0].Action != "policy.created" {
		t.Errorf("seeded policy audit = %+v, want one policy.created entry", seededLog)
	}

	t.Run("append only", func(t *testing.T) {
		for _, tc := range []struct {
			name, query string
		}{
			{"update", `UPDATE audit_log SET detail = 'dihapus' WHERE id = $1`},
			{"delete", `DELETE FROM audit_log WHERE id = $1`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := db.SQL().ExecContext(ctx, tc.query, es[0].ID); err == nil {
					t.Fatalf("%s on audit_log succeeded, want it refused", tc.name)
				}
			})
		}
		after, err := auditOf(ctx, db, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 2 || after[0].Detail != "Kebijakan Audit" {
			t.Errorf("audit log changed: %+v", after)
		}
	})
}
