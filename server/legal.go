package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// Legal-drafting structure (issue 13): the Peraturan Wali Kota template,
// the structure check of the editor, the save and the API, and comments
// anchored to a Pasal or ayat by number (stored as passage comments).

// legalAPIRoutes are the API routes of the legal-drafting structure.
func legalAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/templates/perwali", "Templat Peraturan Wali Kota (Markdown) untuk wilayah pemanggil", drafter, apiRead((*Server).perwaliTemplateAnswer), nil},
		{"POST", "/structure-check", "Periksa struktur Peraturan Wali Kota (Pasal, ayat, BAB, Menimbang, Mengingat, rujukan) tanpa menyimpan", drafter, (*Server).handleAPIStructureCheck, structureCheckInput{}},
	}
}

// legalPages lists the pages of the legal-drafting structure.
func legalPages() []pageRoute {
	return []pageRoute{
		{"POST", "/policies/{id}/structure", drafter, (*Server).handleStructureCheck},
	}
}

// findingView is one structure finding as a page or the API shows it.
type findingView struct {
	Line    int    `json:"line"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// findingViews says each finding in the reader's language: "Baris 12: …".
func findingViews(lang string, fs []policies.StructureFinding) []findingView {
	out := make([]findingView, 0, len(fs))
	for _, f := range fs {
		out = append(out, findingView{Line: f.Line, Code: f.Code, Message: i18n.Finding(lang, f)})
	}
	return out
}

// perwaliTemplate is the Peraturan Wali Kota template for the viewer's region.
func (s *Server) perwaliTemplate(ctx context.Context, v *viewer) (string, error) {
	if v.RegionID() == 0 {
		return "", policies.Errorf(policies.KindForbidden, "pengguna tanpa wilayah tidak dapat memakai templat wilayah")
	}
	rg, err := s.store.RegionByID(ctx, v.RegionID())
	if err != nil {
		return "", err
	}
	return policies.PerwaliTemplate(rg.Name, ""), nil
}

// newPolicyForm is what the new-policy form starts with: an empty
// narrative, or (?template=perwali) the region's Peraturan Wali Kota template.
func (s *Server) newPolicyForm(r *http.Request) (template, markdown string, err error) {
	switch t := r.URL.Query().Get("template"); t {
	case "":
		return "", "# ", nil
	case "perwali":
		md, err := s.perwaliTemplate(r.Context(), viewerOf(r))
		return t, md, err
	default:
		return "", "", policies.FieldError("template", "templat tidak dikenal: pilih perwali atau kosongkan")
	}
}

// perwaliTemplateAnswer is the viewer's region's template, for the API
// (the new-policy page starts from it: newPolicyForm).
func (s *Server) perwaliTemplateAnswer(r *http.Request) (map[string]string, error) {
	md, err := s.perwaliTemplate(r.Context(), viewerOf(r))
	if err != nil {
		return nil, err
	}
	return map[string]string{"markdown": md}, nil
}

// structureCheckInput is the body of POST /api/v1/structure-check.
type structureCheckInput struct {
	Markdown string `json:"markdown"`
	// Previous is the text before the edit, when there was one: the
	// references it kept that a renumbering made point elsewhere are
	// flagged too (ref_moved, ref_other).
	Previous string `json:"previous,omitempty" required:"false"`
}

// checkStructure is the structure check of a text (a revision of prev,
// "" for none), the editor's and the API's: its findings in the reader's
// language; nothing is saved.
func checkStructure(lang, prev, md string) ([]findingView, error) {
	if len(md) > policies.MaxDocumentBytes || len(prev) > policies.MaxDocumentBytes {
		return nil, &policies.Error{Kind: policies.KindTooLarge, Field: "markdown", Message: "isi kebijakan melebihi batas 512 KB"}
	}
	return findingViews(lang, policies.CheckRevision(prev, md)), nil
}

// versionText is the text of version n of policy (the one a revision was
// written from), "" when there is none.
func (s *Server) versionText(ctx context.Context, policy int64, n int) (string, error) {
	if n < 1 {
		return "", nil
	}
	v, err := s.store.VersionByNumber(ctx, policy, n)
	if policies.IsKind(err, policies.KindNotFound) {
		return "", nil
	}
	return v.Markdown, err
}

func (s *Server) handleAPIStructureCheck(w http.ResponseWriter, r *http.Request) error {
	var in structureCheckInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	fs, err := checkStructure(language(w, r), in.Previous, in.Markdown)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"findings": fs})
	return nil
}

// handleStructureCheck is the editor's "Periksa struktur": the editor again,
// with the text, base version and change summary as sent and the findings
// listed. Nothing is saved.
func (s *Server) handleStructureCheck(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	md := r.PostFormValue("markdown")
	v, err := s.store.CurrentVersion(r.Context(), p.ID)
	if err != nil {
		return err
	}
	if base, err := strconv.Atoi(r.PostFormValue("base_version")); err == nil && base >= 1 && base <= v.Number {
		v.Number = base // the version the drafter edits: saving still refuses a newer one's overwrite
	}
	prev, err := s.versionText(r.Context(), p.ID, v.Number)
	if err != nil {
		return err
	}
	findings, err := checkStructure(lang, prev, md)
	if err != nil {
		return err
	}
	v.Markdown = md
	doc, err := s.md.Render(policies.ContentHash(md), md)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "edit", map[string]any{"Title": p.Title, "Policy": p, "Version": v, "Doc": doc,
		"Checked": true, "Findings": findings, "ChangeSummary": r.PostFormValue("change_summary")})
	return nil
}

// editExtras is what the editor shows after a save with findings
// (?saved=N): the version saved and the findings of its text.
// (against the version before it: references a renumbering moved).
func (s *Server) editExtras(r *http.Request, lang string, v policies.Version) (map[string]any, error) {
	n, err := strconv.Atoi(r.URL.Query().Get("saved"))
	if err != nil || n != v.Number {
		return nil, nil
	}
	prev, err := s.versionText(r.Context(), v.PolicyID, v.Number-1)
	return map[string]any{"Saved": n, "Checked": true, "Findings": findingViews(lang, policies.CheckRevision(prev, v.Markdown))}, err
}

// savedVersion is a new version as the API answers it: the version, with
// its structure findings when it has some (the save is not refused).
type savedVersion struct {
	policies.Version
	StructureFindings []findingView `json:"structure_findings,omitempty"`
}

// provisionInput reads the optional pasal and ayat numbers of a comment form:
// absent is 0; anything but a whole number is refused naming the field.
func provisionInput(r *http.Request) (pasal, ayat int, err error) {
	for _, f := range []struct {
		name string
		to   *int
	}{{"pasal", &pasal}, {"ayat", &ayat}} {
		v := strings.TrimSpace(r.PostFormValue(f.name))
		if v == "" {
			continue
		}
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 {
			return 0, 0, policies.FieldError(f.name, "nomor %s harus bilangan bulat positif", f.name)
		}
		*f.to = n
	}
	return pasal, ayat, nil
}
