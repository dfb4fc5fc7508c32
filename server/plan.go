package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// The region's yearly competency-development plan (PP 11/2017 Ps.
// 205–207): the region's drafters (BKPSDM) write it; a unit officer reads
// their unit's part and proposes needs for their unit; nobody else reads
// any.

func planPages() []pageRoute {
	return []pageRoute{
		{"GET", "/plan", recorders, (*Server).handlePlan},
		{"POST", "/plan/needs", recorders, (*Server).handlePlanNeed},
		{"POST", "/plan/needs/import", drafter, (*Server).handlePlanImport},
		{"POST", "/plan/items", drafter, (*Server).handlePlanItem},
		{"POST", "/plan/links", drafter, (*Server).handlePlanLink},
		{"POST", "/plan/items/{iid}", drafter, (*Server).handlePlanItemEdit},
		{"POST", "/plan/items/{iid}/delete", drafter, (*Server).handlePlanItemDelete},
		{"POST", "/plan/items/{iid}/unlink", drafter, (*Server).handlePlanUnlink},
	}
}

func planAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/plan", "Rencana pengembangan kompetensi wilayah setahun (?year=): kebutuhan, butir rencana, programnya, dan rencana lawan realisasi per unit dan per kebijakan (petugas unit: unitnya saja)", recorders, apiRead((*Server).planAnswerOf), nil},
		{"POST", "/plan/needs", "Catat satu kebutuhan pengembangan kompetensi unit (petugas unit: unitnya sendiri)", recorders, apiWrite(http.StatusCreated, (*Server).addPlanNeed), policies.PlanNeedInput{}},
		{"POST", "/plan/needs/import", "Impor kebutuhan dari hasil AKPK (text/csv, ?year=): semua baris atau tidak sama sekali", drafter, csvAPIOn(http.StatusCreated, evaluation.MaxAKPKBytes+64<<10, nothing, (*Server).importAKPKBody), csvBody{}},
		{"POST", "/plan/items", "Tambah butir rencana: unit, kompetensi, jenis pengembangan, target peserta dan JP, anggaran", drafter, apiWrite(http.StatusCreated, (*Server).createPlanItem), policies.PlanItemInput{}},
		{"POST", "/plan/links", "Catat program yang merealisasikan butir rencana (program wilayah dan unit yang sama)", drafter, apiWrite(http.StatusOK, (*Server).linkPlanProgram), policies.PlanLinkInput{}},
		{"POST", "/plan/items/{iid}", "Ubah butir rencana (409 bila unit atau kebijakannya tidak lagi cocok dengan program realisasinya)", drafter, apiWriteOn(http.StatusOK, (*Server).planItemOf, (*Server).updatePlanItem), policies.PlanItemInput{}},
		{"POST", "/plan/items/{iid}/delete", "Hapus butir rencana yang tidak direalisasikan program (409 menyebut programnya bila ada)", drafter, (*Server).handleAPIPlanItemDelete, nil},
		{"POST", "/plan/items/{iid}/unlink", "Lepaskan program dari butir rencana yang direalisasikannya", drafter, apiWriteOn(http.StatusOK, (*Server).planItemOf, (*Server).unlinkPlanProgram), policies.PlanUnlinkInput{}},
	}
}

// planRegion is the region whose plan the viewer writes (planScope).
func (s *Server) planRegion(r *http.Request) (policies.Region, error) {
	rg, _, err := s.planScope(r)
	return rg, err
}

// planScope is the viewer's region, their unit (0 for a drafter, who
// reads the whole region) and its code.
func (s *Server) planScope(r *http.Request) (policies.Region, policies.Unit, error) {
	rg, unitID, err := s.rosterScope(r)
	if err != nil || unitID == 0 {
		return rg, policies.Unit{}, err
	}
	units, err := s.store.Units(r.Context(), rg.ID)
	if err != nil {
		return rg, policies.Unit{}, err
	}
	for _, u := range units {
		if u.ID == unitID {
			return rg, u, nil
		}
	}
	return rg, policies.Unit{}, errPersonalData
}

// planYear is the URL's year, or this year in the region's time zone.
func planYear(r *http.Request, rg policies.Region) (int, error) {
	y := r.URL.Query().Get("year")
	if y == "" {
		return time.Now().In(rg.TimeZone.Location()).Year(), nil
	}
	n, err := strconv.Atoi(y)
	if err != nil || n < 2000 || n > 2100 {
		return 0, policies.FieldError("year", "tahun tidak sah")
	}
	return n, nil
}

// planAnswer is the plan of a year as the viewer may read it.
type planAnswer struct {
	Region string                `json:"region"`
	Year   int                   `json:"year"`
	Unit   string                `json:"unit,omitempty"` // a unit officer's unit
	Needs  []policies.PlanNeed   `json:"needs"`
	Items  []policies.PlanItem   `json:"items"`
	Report evaluation.PlanReport `json:"report"`
}

func (s *Server) planAnswerOf(r *http.Request) (planAnswer, error) {
	rg, unit, err := s.planScope(r)
	if err != nil {
		return planAnswer{}, err
	}
	year, err := planYear(r, rg)
	if err != nil {
		return planAnswer{}, err
	}
	f := policies.PlanFilter{Year: year, UnitID: unit.ID}
	needs, err := s.store.PlanNeeds(r.Context(), rg.ID, f)
	if err != nil {
		return planAnswer{}, err
	}
	items, err := s.store.PlanItems(r.Context(), rg.ID, f)
	if err != nil {
		return planAnswer{}, err
	}
	done, err := s.store.PlanCompletions(r.Context(), rg.ID, f)
	if err != nil {
		return planAnswer{}, err
	}
	return planAnswer{Region: rg.Slug, Year: year, Unit: unit.Code, Needs: needs, Items: items, Report: evaluation.Realisation(items, done)}, nil
}

// addPlanNeed records one need; a unit officer only for their own unit.
func (s *Server) addPlanNeed(r *http.Request, in policies.PlanNeedInput) (policies.PlanNeed, error) {
	rg, unit, err := s.planScope(r)
	if err != nil {
		return policies.PlanNeed{}, err
	}
	if err := in.Validate(); err != nil {
		return policies.PlanNeed{}, err
	}
	if unit.ID != 0 && !strings.EqualFold(in.Unit, unit.Code) {
		return policies.PlanNeed{}, policies.Errorf(policies.KindForbidden, "petugas unit hanya mengusulkan kebutuhan untuk unitnya sendiri (%s)", unit.Code)
	}
	if unit.ID != 0 {
		in.Unit = unit.Code
	}
	ns, err := s.store.AddPlanNeeds(r.Context(), rg.ID, viewerOf(r).User.ID, "manual", []policies.PlanNeedInput{in})
	if err != nil {
		return policies.PlanNeed{}, err
	}
	return ns[0], nil
}

// importAKPK checks every line of an AKPK file and adds its needs, all or
// none: a refusal names every bad line.
func (s *Server) importAKPK(r *http.Request, year int, data []byte) ([]policies.PlanNeed, error) {
	rg, _, err := s.planScope(r)
	if err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, policies.FieldError("year", "tahun rencana harus antara 2000 dan 2100")
	}
	if err := csvText(data); err != nil {
		return nil, err
	}
	units, err := s.store.Units(r.Context(), rg.ID)
	if err != nil {
		return nil, err
	}
	rows, lineErrs, err := evaluation.ParseAKPK(data, year, unitMatcher(units))
	if err != nil {
		return nil, err
	}
	if len(lineErrs) > 0 {
		return nil, lineRefusal("%d masalah pada berkas; tidak ada yang diimpor", lineErrs)
	}
	in := make([]policies.PlanNeedInput, len(rows))
	for i, row := range rows {
		in[i] = row.PlanNeedInput
	}
	return s.store.AddPlanNeeds(r.Context(), rg.ID, viewerOf(r).User.ID, "akpk", in)
}

// importAKPKBody imports an AKPK CSV body for ?year=.
func (s *Server) importAKPKBody(r *http.Request, _ struct{}, data []byte) (planImported, error) {
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil {
		return planImported{}, policies.FieldError("year", "tahun rencana (?year=) wajib diisi")
	}
	ns, err := s.importAKPK(r, year, data)
	if err != nil {
		return planImported{}, err
	}
	return planImported{Imported: len(ns), Needs: ns}, nil
}

// planImported is what an AKPK import added.
type planImported struct {
	Imported int                 `json:"imported"`
	Needs    []policies.PlanNeed `json:"needs"`
}

// createPlanItem adds an item to the drafter's region's plan.
func (s *Server) createPlanItem(r *http.Request, in policies.PlanItemInput) (policies.PlanItem, error) {
	return createIn(s.planRegion, r, &in, in.Validate, s.store.CreatePlanItem)
}

// linkPlanProgram records a program realising an item of the drafter's
// region (another region's item is 404).
func (s *Server) linkPlanProgram(r *http.Request, in policies.PlanLinkInput) (policies.PlanItem, error) {
	return createIn(s.planRegion, r, &in, in.Validate, s.store.LinkPlanProgram)
}

// planURL is the plan page of a year, saying it was saved.
func planURL(year int) string { return savedURL(fmt.Sprintf("/plan?year=%d", year)) }

// planInt reads a whole number from the form (0 when empty or not a number:
// the input's Validate names the field).
func planInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
	return n
}

func (s *Server) handlePlanNeed(w http.ResponseWriter, r *http.Request) error {
	in := policies.PlanNeedInput{Year: planInt(r, "year"), Unit: r.PostFormValue("unit"), Competency: r.PostFormValue("competency"),
		CompetencyKind: policies.CompetencyKind(r.PostFormValue("competency_kind")), Path: policies.DevelopmentPath(r.PostFormValue("path")),
		Participants: planInt(r, "participants"), JP: planInt(r, "jp"), Note: r.PostFormValue("note")}
	_, err := s.addPlanNeed(r, in)
	return s.planFormDone(w, r, in.Year, err)
}

// planItemFromForm reads a plan item form (to add or to edit an item).
func planItemFromForm(r *http.Request) policies.PlanItemInput {
	budget, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("budget")), 10, 64)
	return policies.PlanItemInput{Year: planInt(r, "year"), Unit: r.PostFormValue("unit"), PolicyID: int64(planInt(r, "policy_id")),
		Competency: r.PostFormValue("competency"), Kind: policies.ProgramKind(r.PostFormValue("kind")),
		TargetParticipants: planInt(r, "target_participants"), TargetJP: planInt(r, "target_jp"), Budget: budget}
}

func (s *Server) handlePlanItem(w http.ResponseWriter, r *http.Request) error {
	in := planItemFromForm(r)
	_, err := s.createPlanItem(r, in)
	return s.planFormDone(w, r, in.Year, err)
}

func (s *Server) handlePlanLink(w http.ResponseWriter, r *http.Request) error {
	in := policies.PlanLinkInput{ItemID: int64(planInt(r, "item_id")), ProgramID: int64(planInt(r, "program_id"))}
	it, err := s.linkPlanProgram(r, in)
	return s.planFormDone(w, r, it.Year, err)
}

func (s *Server) handlePlanImport(w http.ResponseWriter, r *http.Request) error {
	year := planInt(r, "year")
	f, _, err := r.FormFile("file")
	if err != nil {
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, planForm{Error: messages[language(w, r)]["roster_file_required"]})
	}
	defer f.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(f); err != nil {
		return err
	}
	_, err = s.importAKPK(r, year, b.Bytes())
	if rf := (*refusal)(nil); errors.As(err, &rf) && len(rf.lines) > 0 {
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, planForm{Error: rf.err.Message, Lines: rf.lines})
	}
	return s.planFormDone(w, r, year, err)
}

// planFormDone sends the browser back to the plan of year, or shows the
// page again with a refusal that names a field.
func (s *Server) planFormDone(w http.ResponseWriter, r *http.Request, year int, err error) error {
	var e *policies.Error
	if err != nil && errors.As(err, &e) && (e.Kind == policies.KindInvalid || e.Kind == policies.KindConflict) && e.Field != "" {
		status := http.StatusUnprocessableEntity
		if e.Kind == policies.KindConflict {
			status = http.StatusConflict
		}
		return s.renderPlan(w, r, status, planForm{Error: e.Message, Field: e.Field})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, planURL(year), http.StatusSeeOther)
	return nil
}
