package server

import (
	"net/http"
	"strings"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// The region's ASN roster (daftar ASN): personal data (UU 27/2022), so the
// region's drafters (BKPSDM) read and keep all of it, a unit officer reads
// their unit's people, and nobody else reads any (errPersonalData).

func rosterPages() []pageRoute {
	return []pageRoute{
		{"GET", "/roster", recorders, (*Server).handleRoster},
		{"POST", "/roster", drafter, (*Server).handleRosterCreate},
		{"GET", "/roster/{rid}", drafter, (*Server).handleRosterPerson},
		{"POST", "/roster/{rid}", drafter, (*Server).handleRosterUpdate},
		{"POST", "/roster/import", drafter, rosterImportPage},
		{"POST", "/roster/import/apply", drafter, formWrite(rosterApplyFromForm, (*Server).applyRosterImport, rosterApplied)},
	}
}

func rosterAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/roster", "Daftar ASN wilayah (unit petugas saja bagi petugas unit)", recorders, apiRead((*Server).rosterList), nil},
		{"POST", "/roster", "Tambah satu ASN ke daftar ASN wilayah", drafter, apiWrite(http.StatusCreated, (*Server).createRosterPerson), policies.RosterInput{}},
		{"POST", "/roster/{rid}", "Perbaiki data satu ASN (termasuk aktif/tidak aktif)", drafter, apiWrite(http.StatusOK, (*Server).updateRosterPerson), policies.RosterInput{}},
		{"POST", "/roster/import", "Pratinjau impor daftar ASN dari CSV ekspor SIASN/MyASN (text/csv): perubahan tanpa menyimpan; dengan ?token= dari pratinjau, berkas yang sama diterapkan", drafter, csvAPIOn(http.StatusOK, rosterBody, nothing, (*Server).importRoster), csvBody{}},
		{"POST", "/roster/import/apply", "Terapkan impor daftar ASN yang sudah dipratinjau (token pratinjau)", drafter, apiWrite(http.StatusOK, (*Server).applyRosterImport), rosterApplyInput{}},
	}
}

// rosterRegion is the region whose roster the viewer reads (rosterScope).
func (s *Server) rosterRegion(r *http.Request) (policies.Region, error) {
	rg, _, err := s.rosterScope(r)
	return rg, err
}

// rosterScope is the viewer's region and, for a unit officer, their unit
// (0 for a drafter, who reads the whole region).
func (s *Server) rosterScope(r *http.Request) (policies.Region, int64, error) {
	v := viewerOf(r)
	if !v.Is(policies.RoleDrafter, policies.RoleUnitOfficer) || v.RegionID() == 0 {
		return policies.Region{}, 0, errPersonalData
	}
	var unitID int64
	if v.Is(policies.RoleUnitOfficer) {
		if v.User.UnitID == nil {
			return policies.Region{}, 0, errPersonalData
		}
		unitID = *v.User.UnitID
	}
	rg, err := s.store.RegionByID(r.Context(), v.RegionID())
	return rg, unitID, err
}

// rosterAnswer is the roster as the viewer may read it.
type rosterAnswer struct {
	Region string                  `json:"region"`
	People []policies.RosterPerson `json:"people"`
}

// rosterList reads the roster the viewer may read (page and API).
func (s *Server) rosterList(r *http.Request) (rosterAnswer, error) {
	rg, unitID, err := s.rosterScope(r)
	if err != nil {
		return rosterAnswer{}, err
	}
	ps, err := s.store.Roster(r.Context(), rg.ID, policies.RosterFilter{UnitID: unitID})
	return rosterAnswer{Region: rg.Slug, People: ps}, err
}

// createRosterPerson adds one person to the drafter's region's roster.
func (s *Server) createRosterPerson(r *http.Request, in policies.RosterInput) (policies.RosterPerson, error) {
	return s.saveRosterPerson(r, 0, in)
}

// updateRosterPerson corrects the person of the URL; another region's is 404.
func (s *Server) updateRosterPerson(r *http.Request, in policies.RosterInput) (policies.RosterPerson, error) {
	id, err := pathID(r, "rid")
	if err != nil {
		return policies.RosterPerson{}, err
	}
	return s.saveRosterPerson(r, id, in)
}

func (s *Server) saveRosterPerson(r *http.Request, id int64, in policies.RosterInput) (policies.RosterPerson, error) {
	rg, _, err := s.rosterScope(r)
	if err != nil {
		return policies.RosterPerson{}, err
	}
	if id != 0 {
		if _, err := s.store.RosterPersonByID(r.Context(), rg.ID, id); err != nil {
			return policies.RosterPerson{}, err
		}
	}
	if err := in.Validate(); err != nil {
		return policies.RosterPerson{}, err
	}
	return s.store.SaveRosterPerson(r.Context(), rg.ID, viewerOf(r).User.ID, id, in)
}

// previewRosterImport checks every line of a roster file and, when all are
// good, keeps it as a pending import and answers what it would change;
// otherwise a refusal naming every bad line, and nothing kept.
func (s *Server) previewRosterImport(r *http.Request, data []byte) (policies.RosterPreview, error) {
	rg, _, err := s.rosterScope(r)
	if err != nil {
		return policies.RosterPreview{}, err
	}
	if err := csvText(data); err != nil {
		return policies.RosterPreview{}, err
	}
	units, err := s.store.Units(r.Context(), rg.ID)
	if err != nil {
		return policies.RosterPreview{}, err
	}
	rows, lineErrs, err := evaluation.ParseRoster(data, unitMatcher(units))
	if err != nil {
		return policies.RosterPreview{}, err
	}
	if len(lineErrs) > 0 {
		return policies.RosterPreview{}, lineRefusal("%d masalah pada berkas; tidak ada yang diimpor", lineErrs)
	}
	in := make([]policies.RosterInput, len(rows))
	for i, row := range rows {
		in[i] = row.RosterInput
	}
	return s.store.PreviewRosterImport(r.Context(), rg.ID, viewerOf(r).User.ID, evaluation.FileHash(data), in)
}

// rosterApplyInput confirms a previewed import.
type rosterApplyInput struct {
	Token string `json:"token"`
}

func rosterApplyFromForm(r *http.Request) (rosterApplyInput, error) {
	return rosterApplyInput{Token: r.PostFormValue("token")}, nil
}

// applyRosterImport applies the import a preview's token names (page and API).
func (s *Server) applyRosterImport(r *http.Request, in rosterApplyInput) (policies.RosterPreview, error) {
	rg, _, err := s.rosterScope(r)
	if err != nil {
		return policies.RosterPreview{}, err
	}
	if !rosterToken(in.Token) {
		return policies.RosterPreview{}, policies.FieldError("token", "token pratinjau tidak sah; unggah berkasnya lagi")
	}
	return s.store.ApplyRosterImport(r.Context(), rg.ID, viewerOf(r).User.ID, in.Token)
}

func rosterToken(t string) bool {
	if len(t) != 32 {
		return false
	}
	for _, c := range t {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

func rosterApplied(p policies.RosterPreview) string { return savedURL("/roster") }

// importRoster previews a CSV body; with ?token= it applies the same file
// at once when the token is the one its preview gave against the roster as
// it stands (a conflict otherwise: preview again).
func (s *Server) importRoster(r *http.Request, _ struct{}, data []byte) (policies.RosterPreview, error) {
	p, err := s.previewRosterImport(r, data)
	if err != nil {
		return p, err
	}
	if token := r.URL.Query().Get("token"); token != "" {
		if token != p.Token {
			return p, &policies.Error{Kind: policies.KindConflict, Field: "token",
				Message: "berkas atau daftar ASN berbeda dari saat pratinjau; periksa pratinjau yang baru"}
		}
		return s.applyRosterImport(r, rosterApplyInput{Token: token})
	}
	return p, nil
}

// rosterBody is the most a roster upload may hold: the file and the form around it.
const rosterBody = evaluation.MaxRosterBytes + 64<<10

// rosterImportPage previews an uploaded file on its own page, or shows the
// roster page again with every bad line.
var rosterImportPage = csvPageOn(nothing,
	func(s *Server, r *http.Request, _ struct{}, data []byte) (policies.RosterPreview, error) {
		return s.previewRosterImport(r, data)
	}, "roster_file_required",
	func(s *Server, w http.ResponseWriter, r *http.Request, _ struct{}, status int, lines []evaluation.LineError, msg string) error {
		return s.renderRoster(w, r, status, rosterForm{Error: msg, Lines: lines})
	},
	func(s *Server, w http.ResponseWriter, r *http.Request, p policies.RosterPreview) error {
		lang := language(w, r)
		s.render(w, r, lang, http.StatusOK, "roster_preview", map[string]any{"Title": messages[lang]["roster_preview"], "Preview": p, "Kinds": policies.RosterChangeKinds})
		return nil
	})
