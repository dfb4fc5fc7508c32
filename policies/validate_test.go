package policies

import (
	"strings"
	"testing"
	"time"
)

// checkFieldError fails unless err is a KindInvalid *Error on field.
func checkFieldError(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("err = %v (%T), want *Error on %q", err, err, field)
	}
	if e.Kind != KindInvalid || e.Field != field || e.Message == "" {
		t.Errorf("err = %+v, want KindInvalid on field %q with a message", e, field)
	}
}

// A person's input is trimmed, their NIP loses its spaces, and each bad
// field is refused by name (moved from postgres' TestPersonValidationAndScope:
// the store no longer checks them).
func TestPersonInputValidate(t *testing.T) {
	bad := []struct {
		name  string
		in    PersonInput
		field string
	}{
		{"short NIP", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleStakeholder, NIP: "12345"}, "nip"},
		{"NIP birth month 13", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleStakeholder, NIP: "198513122010011001"}, "nip"},
		{"not an email", PersonInput{Email: "bukan-email", Name: "A", Role: RoleStakeholder}, "email"},
		{"no name", PersonInput{Email: "a@b.go.id", Name: "", Role: RoleStakeholder}, "name"},
		{"unknown role", PersonInput{Email: "a@b.go.id", Name: "A", Role: "raja"}, "role"},
		{"drafter without a unit", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleDrafter}, "unit"},
		{"unit code not a code", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleDrafter, Unit: "Tidak Ada!"}, "unit"},
		{"NUL in the title", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleLeader, Title: "a\x00"}, "title"},
		{"title too long", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleLeader, Title: string(make([]rune, 201))}, "title"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			checkFieldError(t, c.in.Validate(true), c.field)
		})
	}

	in := PersonInput{Email: " siti@sawahlunto.go.id ", Name: " Siti Rahma ", Role: RoleDrafter, Unit: " bkpsdm ", NIP: "19850312 201001 2 002"}
	if err := in.Validate(true); err != nil {
		t.Fatal(err)
	}
	if got, want := in, (PersonInput{Email: "siti@sawahlunto.go.id", Name: "Siti Rahma", Role: RoleDrafter, Unit: "bkpsdm", NIP: "198503122010012002"}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	// A PPPK's NI PPPK is a civil servant's number as much as a NIP.
	pppk := PersonInput{Email: "sari@sawahlunto.go.id", Name: "Sari", Role: RoleUnitOfficer, Unit: "dinkes", NIP: "19931228 2025 21 2 001"}
	if err := pppk.Validate(true); err != nil || pppk.NIP != "199312282025212001" {
		t.Errorf("a PPPK's NI PPPK: %v (%q)", err, pppk.NIP)
	}
	// An update keeps the email: none is needed.
	up := PersonInput{Name: "Kabid Baru", Role: RoleLeader}
	if err := up.Validate(false); err != nil {
		t.Errorf("update without an email: %v", err)
	}
}

// A region needs a slug in URL form, a name and a known zone; no zone is
// WIB (moved from postgres' TestCreateRegion).
func TestNewRegionValidate(t *testing.T) {
	bad := []struct {
		name  string
		in    NewRegion
		field string
	}{
		{"slug with capitals", NewRegion{Slug: "Kota Baru!", Name: "Kota"}, "slug"},
		{"unknown zone", NewRegion{Slug: "kota-lain", Name: "Kota", Zone: "CET"}, "zone"},
		{"no name", NewRegion{Slug: "kota-lain", Name: " "}, "name"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			checkFieldError(t, c.in.Validate(), c.field)
		})
	}
	in := NewRegion{Slug: " kota-baru ", Name: "Kota Baru"}
	if err := in.Validate(); err != nil || in.Slug != "kota-baru" || in.Zone != ZoneWIB {
		t.Errorf("got %+v, %v; want kota-baru in WIB", in, err)
	}
}

// validateCase is one refusal of an input's Validate: the field it names
// and, when not KindInvalid, its kind.
type validateCase struct {
	name  string
	err   func() error
	field string
	kind  ErrorKind // "" for KindInvalid
}

func runValidateCases(t *testing.T, cases []validateCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.err()
			if c.kind == "" {
				checkFieldError(t, err, c.field)
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Kind != c.kind || e.Field != c.field {
				t.Errorf("err = %v, want %s on field %q", err, c.kind, c.field)
			}
		})
	}
}

// A new policy names the first field at fault (moved from postgres'
// TestCreatePolicy/validation: the store no longer checks them).
func TestNewPolicyValidate(t *testing.T) {
	good := NewPolicy{RegionID: 1, OwnerUnitID: 2, Slug: "kebijakan-tidak-sah", Title: "Judul", Markdown: "# Judul\n\nIsi.\n", AuthorID: 3, ChangeSummary: "awal"}
	if err := good.Validate(); err != nil {
		t.Fatalf("a good policy: %v", err)
	}
	with := func(change func(*NewPolicy)) func() error {
		return func() error { np := good; change(&np); return np.Validate() }
	}
	runValidateCases(t, []validateCase{
		{"no region", with(func(np *NewPolicy) { np.RegionID = 0 }), "region_id", ""},
		{"no unit", with(func(np *NewPolicy) { np.OwnerUnitID = 0 }), "owner_unit_id", ""},
		{"empty slug", with(func(np *NewPolicy) { np.Slug = "" }), "slug", ""},
		{"long slug", with(func(np *NewPolicy) { np.Slug = strings.Repeat("a", 121) }), "slug", ""},
		{"empty title", with(func(np *NewPolicy) { np.Title = "" }), "title", ""},
		{"long title", with(func(np *NewPolicy) { np.Title = strings.Repeat("j", 301) }), "title", ""},
		{"empty markdown", with(func(np *NewPolicy) { np.Markdown = "" }), "markdown", ""},
		{"no author", with(func(np *NewPolicy) { np.AuthorID = 0 }), "author_id", ""},
		{"markdown over 512 KB", with(func(np *NewPolicy) { np.Markdown = "# Besar\n" + strings.Repeat("x", MaxDocumentBytes) }), "markdown", KindTooLarge},
	})
}

// Moved from postgres' TestRegionSettings.
func TestRegionSettingsValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"time_zone", RegionSettings{TimeZone: "UTC", JPMinPNS: 20, JPMinPPPK: 20, IKMThresholdDefault: 76.61}.Validate, "time_zone", ""},
		{"jp_min_pns", RegionSettings{TimeZone: "WIB", JPMinPNS: -1, JPMinPPPK: 20, IKMThresholdDefault: 76.61}.Validate, "jp_min_pns", ""},
		{"jp_min_pppk", RegionSettings{TimeZone: "WIB", JPMinPNS: 20, JPMinPPPK: 1001, IKMThresholdDefault: 76.61}.Validate, "jp_min_pppk", ""},
		{"ikm_threshold_default", RegionSettings{TimeZone: "WIB", JPMinPNS: 20, JPMinPPPK: 20, IKMThresholdDefault: 24.99}.Validate, "ikm_threshold_default", ""},
		{"jp_max_pns below the minimum", RegionSettings{TimeZone: "WIB", JPMinPNS: 20, JPMinPPPK: 20, JPMaxPNS: 19, IKMThresholdDefault: 76.61}.Validate, "jp_max_pns", ""},
		{"jp_max_pppk over 1000", RegionSettings{TimeZone: "WIB", JPMinPNS: 20, JPMinPPPK: 20, JPMaxPPPK: 1001, IKMThresholdDefault: 76.61}.Validate, "jp_max_pppk", ""},
	})
	// A maximum is optional (0) or at least the minimum.
	for _, ok := range []RegionSettings{
		{TimeZone: "WIB", JPMinPNS: 20, JPMinPPPK: 20, IKMThresholdDefault: 76.61},
		{TimeZone: "WIB", JPMinPNS: 20, JPMinPPPK: 20, JPMaxPNS: 20, JPMaxPPPK: 24, IKMThresholdDefault: 76.61},
	} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
}

// Moved from postgres' TestStakeholderGroups.
func TestGroupInputValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"unknown kind", (&GroupInput{Name: "X", Kind: "rahasia"}).Validate, "kind", ""},
		{"no name", (&GroupInput{Kind: GroupOther}).Validate, "name", ""},
	})
}

// Moved from postgres' TestUnitAdministration; a new unit's names are trimmed.
func TestUnitInputValidate(t *testing.T) {
	create := func(in UnitInput) func() error { return func() error { return in.Validate(true) } }
	runValidateCases(t, []validateCase{
		{"bad code", create(UnitInput{Code: "Bappeda!", Name: "X"}), "code", ""},
		{"no name", create(UnitInput{Code: "x1", Name: " "}), "name", ""},
		{"short name of 61 letters", create(UnitInput{Code: "x3", Name: "X", ShortName: string(make([]byte, 61))}), "short_name", ""},
	})
	in := UnitInput{Code: "bappeda", Name: " Badan Perencanaan Pembangunan Daerah ", ShortName: "Bappeda"}
	if err := in.Validate(true); err != nil || in.Name != "Badan Perencanaan Pembangunan Daerah" {
		t.Errorf("got %+v, %v; want the name trimmed", in, err)
	}
}

// Moved from postgres' TestApprovalChainVersioning.
func TestChainInputValidate(t *testing.T) {
	three := []int64{1, 2, 3}
	runValidateCases(t, []validateCase{
		{"no stage", (&ChainInput{Name: "X"}).Validate, "stages", ""},
		{"quorum 4 of 3", (&ChainInput{Name: "X", Stages: []StageInput{{Name: "A", Quorum: QuorumNOfM, QuorumN: 4, SLADays: 2, EscalationDays: 4, SuperiorID: 9, ApproverIDs: three}}}).Validate, "stages[0].quorum_n", ""},
		{"escalation before the SLA", (&ChainInput{Name: "X", Stages: []StageInput{{Name: "A", Quorum: "any", SLADays: 5, EscalationDays: 3, ApproverIDs: three}}}).Validate, "stages[0].escalation_days", ""},
	})
}

// Moved from postgres' TestConsultationAnswers.
func TestAnswerInputValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"empty reason", (&AnswerInput{CommentID: 1, Disposition: DispositionAccepted, Reason: "  "}).Validate, "reason", ""},
	})
}

// Moved from postgres' TestJDIHRelationsAndMetadata.
func TestRelationInputValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"unknown kind", func() error { return RelationInput{ToPolicyID: 1, Kind: "menghapus"}.Validate(2) }, "kind", ""},
	})
}

// Moved from postgres' TestJDIHRelationsAndMetadata.
func TestJDIHInputValidate(t *testing.T) {
	good := JDIHInput{TEUBadan: "Kota Sawahlunto", Subjek: "KEPEGAWAIAN", BidangHukum: "Hukum Tata Negara", Bahasa: JDIHLanguages[0],
		Lokasi: "Kota Sawahlunto", Status: "Berlaku", Abstrak: "Abstrak uji."}
	if err := good.Validate(); err != nil {
		t.Fatalf("good metadata: %v", err)
	}
	bad := good
	bad.Status = "Hilang"
	runValidateCases(t, []validateCase{{"unknown status", bad.Validate, "status", ""}})
}

// Moved from postgres' TestEnactCapacities (a date after today needs the
// region's zone: the store still refuses it).
func TestEnactmentInputValidate(t *testing.T) {
	good := EnactmentInput{Form: FormPerwali, EnactedOn: "2026-01-02", PrincipalID: 1, SignerID: 1}
	if err := good.Validate(); err != nil {
		t.Fatalf("good enactment: %v", err)
	}
	with := func(change func(*EnactmentInput)) func() error {
		return func() error { in := good; change(&in); return in.Validate() }
	}
	runValidateCases(t, []validateCase{
		{"form", with(func(in *EnactmentInput) { in.Form = "perda" }), "form", ""},
		{"place", with(func(in *EnactmentInput) { in.Place = string(make([]byte, 101)) }), "place", ""},
		{"no principal", with(func(in *EnactmentInput) { in.PrincipalID = 0 }), "principal_id", ""},
		{"no signer", with(func(in *EnactmentInput) { in.SignerID = 0 }), "signer_id", ""},
		{"bad date", with(func(in *EnactmentInput) { in.EnactedOn = "2-1-2026" }), "enacted_on", ""},
	})
	runValidateCases(t, []validateCase{
		{"promulgation date", PromulgationInput{PromulgatedOn: "kemarin", PromulgatorID: 1}.Validate, "promulgated_on", ""},
		{"no promulgator", PromulgationInput{PromulgatedOn: "2026-01-02"}.Validate, "promulgator_id", ""},
	})
}

func TestEvaluationPlanValidate(t *testing.T) {
	if err := (EvaluationPlan{Months: 6, Threshold: 76.61}).Validate(); err != nil {
		t.Fatalf("a good plan: %v", err)
	}
	runValidateCases(t, []validateCase{
		{"no months", EvaluationPlan{Months: 0, Threshold: 76.61}.Validate, "evaluation_months", ""},
		{"61 months", EvaluationPlan{Months: 61, Threshold: 76.61}.Validate, "evaluation_months", ""},
		{"threshold 24.99", EvaluationPlan{Months: 6, Threshold: 24.99}.Validate, "ikm_threshold", ""},
		{"threshold 100.01", EvaluationPlan{Months: 6, Threshold: 100.01}.Validate, "ikm_threshold", ""},
	})
}

// Moved from postgres' TestCommentThreads/status_changes.
func TestCommentStatusValidateManualStatus(t *testing.T) {
	for _, s := range []CommentStatus{CommentResolved, CommentOpen, CommentRejected} {
		if err := s.ValidateManualStatus(); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	runValidateCases(t, []validateCase{
		{"deleted", CommentStatus("deleted").ValidateManualStatus, "status", ""},
		{"pending moderation", CommentPendingModeration.ValidateManualStatus, "status", ""},
	})
}

// Moved from postgres' TestPassageComments/decline_needs_a_reason,_once.
func TestDeclineReason(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"blank", func() error { _, err := DeclineReason(" "); return err }, "reason", ""},
		{"too long", func() error { _, err := DeclineReason(strings.Repeat("a", MaxDeclineReason+1)); return err }, "reason", KindTooLarge},
	})
	if got, err := DeclineReason(" Bagian penutup dihapus "); err != nil || got != "Bagian penutup dihapus" {
		t.Errorf("got %q, %v", got, err)
	}
}

// Moved from postgres' TestActingOfficials; a valid input keeps its dates.
func TestActingInputValidate(t *testing.T) {
	const sekda, kepala = 1, 2
	in := func(a ActingInput) func() error { return a.Validate }
	runValidateCases(t, []validateCase{
		{"oneself", in(ActingInput{PrincipalID: sekda, ActingID: sekda, Kind: "plt", LetterNumber: "1", LetterDate: "2026-01-01", StartsOn: "2026-01-01", EndsOn: "2026-01-02"}), "acting_id", ""},
		{"ends before it starts", in(ActingInput{PrincipalID: sekda, ActingID: kepala, Kind: "plt", LetterNumber: "1", LetterDate: "2026-01-01", StartsOn: "2026-01-05", EndsOn: "2026-01-02"}), "ends_on", ""},
		{"no letter", in(ActingInput{PrincipalID: sekda, ActingID: kepala, Kind: "plt", LetterDate: "2026-01-01", StartsOn: "2026-01-01", EndsOn: "2026-01-02"}), "letter_number", ""},
		{"unknown kind", in(ActingInput{PrincipalID: sekda, ActingID: kepala, Kind: "pj", LetterNumber: "1", LetterDate: "2026-01-01", StartsOn: "2026-01-01", EndsOn: "2026-01-02"}), "kind", ""},
		{"bad date", in(ActingInput{PrincipalID: sekda, ActingID: kepala, Kind: "plt", LetterNumber: "1", LetterDate: "1/1/2026", StartsOn: "2026-01-01", EndsOn: "2026-01-02"}), "letter_date", ""},
	})
	a := ActingInput{PrincipalID: sekda, ActingID: kepala, Kind: ActingPlt, LetterNumber: " 800/12/SP/2026 ", LetterDate: "2026-03-01", StartsOn: "2026-03-02", EndsOn: "2026-03-31"}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.LetterNumber != "800/12/SP/2026" || a.Dates.StartsOn.Format(time.DateOnly) != "2026-03-02" || a.Dates.EndsOn.Format(time.DateOnly) != "2026-03-31" {
		t.Errorf("got %+v, want the letter trimmed and the dates kept", a)
	}
}

func TestNewVersionValidate(t *testing.T) {
	if err := (NewVersion{BaseVersion: 1, Markdown: "# A\n", ChangeSummary: "ubah"}).Validate(); err != nil {
		t.Fatalf("a good version: %v", err)
	}
	runValidateCases(t, []validateCase{
		{"no base version", NewVersion{ChangeSummary: "ubah"}.Validate, "base_version", ""},
		{"summary of 2001 bytes", NewVersion{BaseVersion: 1, ChangeSummary: strings.Repeat("a", 2001)}.Validate, "change_summary", ""},
		{"no summary", NewVersion{BaseVersion: 1}.Validate, "change_summary", ""},
	})
}

func TestSuggestionAcceptanceValidate(t *testing.T) {
	many := make([]int64, MaxAcceptAtOnce+1)
	runValidateCases(t, []validateCase{
		{"none chosen", SuggestionAcceptance{BaseVersion: 1}.Validate, "comment_ids", ""},
		{"too many", SuggestionAcceptance{CommentIDs: many, BaseVersion: 1}.Validate, "comment_ids", ""},
		{"no base version", SuggestionAcceptance{CommentIDs: []int64{1}}.Validate, "base_version", ""},
		{"long summary", SuggestionAcceptance{CommentIDs: []int64{1}, BaseVersion: 1, ChangeSummary: strings.Repeat("é", 1001)}.Validate, "change_summary", ""},
	})
}

func TestCommentReportValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"unknown reason", (&CommentReport{Reason: "bosan"}).Validate, "reason", ""},
		{"long detail", (&CommentReport{Reason: ReportSpam, Detail: strings.Repeat("a", MaxReportDetail+1)}).Validate, "detail", ""},
		{"other without words", (&CommentReport{Reason: ReportOther, Detail: "  "}).Validate, "detail", ""},
		{"unknown decision", ModerationDecision("delete").Validate, "decision", ""},
	})
	r := CommentReport{Reason: ReportOther, Detail: " menyinggung "}
	if err := r.Validate(); err != nil || r.Detail != "menyinggung" {
		t.Errorf("got %q, %v", r.Detail, err)
	}
}

func TestNewAPITokenValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"long name", (&NewAPIToken{Name: strings.Repeat("n", 101), Days: 1}).Validate, "name", ""},
		{"no days", (&NewAPIToken{Name: "ci", Days: 0}).Validate, "expires_in_days", ""},
		{"too many days", (&NewAPIToken{Name: "ci", Days: APITokenMaxDays + 1}).Validate, "expires_in_days", ""},
	})
	tok := NewAPIToken{Name: " ", Days: APITokenDays}
	if err := tok.Validate(); err != nil || tok.Name != "api" {
		t.Errorf("got %+v, %v; want it named api", tok, err)
	}
}

func TestUnansweredReasonValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"blank", (&UnansweredReason{Reason: " "}).Validate, "reason", ""},
		{"too long", (&UnansweredReason{Reason: strings.Repeat("a", MaxAnswerReason+1)}).Validate, "reason", KindTooLarge},
		{"unknown attachment kind", AttachmentKind("foto").Validate, "kind", ""},
	})
}

func TestNewCommentValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"blank body", (&NewComment{Body: "  "}).Validate, "body", ""},
		{"long body", (&NewComment{Body: strings.Repeat("é", MaxCommentBody+1)}).Validate, "body", KindTooLarge},
		{"section not an anchor", (&NewComment{Body: "Setuju.", Section: "bab 1"}).Validate, "section", ""},
		{"public without a name", (&PublicCommenter{Name: " ", Email: "a@b.id"}).Validate, "name", ""},
		{"public with a display-name email", (&PublicCommenter{Name: "Siti", Email: "Siti <a@b.id>"}).Validate, "email", ""},
	})
	c := NewComment{Body: " Setuju. ", Section: "pendahuluan"}
	if err := c.Validate(); err != nil || c.Body != "Setuju." {
		t.Errorf("got %+v, %v; want the body trimmed", c, err)
	}
	if err := ValidateSection(""); err != nil {
		t.Errorf("the general section: %v", err)
	}
}

// Moved from postgres' TestCreatePolicy/invalid_status_filter and
// TestSearchPolicies/invalid_status.
func TestSearchFilterValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"invalid status filter", SearchFilter{Status: "published"}.Validate, "status", ""},
		{"invalid status in the list", SearchFilter{Statuses: []Status{StatusApproved, "published"}}.Validate, "status", ""},
		{"long query", SearchFilter{Query: strings.Repeat("q", MaxSearchQuery+1)}.Validate, "q", ""},
	})
}

func TestProvisionRefValidate(t *testing.T) {
	for _, ok := range []ProvisionRef{{}, {Pasal: 3}, {Pasal: 3, Ayat: 2}} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	runValidateCases(t, []validateCase{
		{"ayat without a Pasal", ProvisionRef{Ayat: 2}.Validate, "pasal", ""},
		{"negative ayat", ProvisionRef{Pasal: 1, Ayat: -1}.Validate, "ayat", ""},
		{"a reply naming a Pasal", ProvisionRef{Pasal: 1, Reply: true}.Validate, "pasal", ""},
	})
}
