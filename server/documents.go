package server

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/pdf"
	"github.com/policyflow/policyflow/policies"
)

// Documents out: any version a person may read downloads as a PDF in the
// official layout (package pdf) and as a DOCX of the same (tata naskah),
// each marked RANCANGAN unless the version is enacted, with the SHA-256
// and a QR code of the public verification page, which says which policy
// and version a hash is, who approved it and the enactment record.

func init() { pageNames = append(pageNames, "verify") }

// readableVersion is version n of the policy when the viewer may read it
// now (the version page's rule), else errVersionNotFound.
func (s *Server) readableVersion(r *http.Request) (policies.PolicySummary, policies.Version, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return p, policies.Version{}, err
	}
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n < 1 || n > viewerOf(r).latestVisible(p) {
		return p, policies.Version{}, errVersionNotFound
	}
	v, err := s.store.VersionByNumber(r.Context(), p.ID, n)
	return p, v, err
}

// enactmentOf is the enactment of a version, nil when it has none.
func (s *Server) enactmentOf(ctx context.Context, versionID int64) (*policies.Enactment, error) {
	e, err := s.store.EnactmentOfVersion(ctx, versionID)
	if policies.IsKind(err, policies.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// regionOf is the policy's region (its paper size and name).
func (s *Server) regionOf(ctx context.Context, id int64) (policies.Region, error) {
	rs, err := s.store.Regions(ctx)
	if err != nil {
		return policies.Region{}, err
	}
	for _, rg := range rs {
		if rg.ID == id {
			return rg, nil
		}
	}
	return policies.Region{}, policies.Errorf(policies.KindNotFound, "wilayah tidak ditemukan")
}

// publicBase is the server's public address: Deps.PublicURL, or the
// address the request reached.
func (s *Server) publicBase(r *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// verifyURL is the verification page of a hash.
func (s *Server) verifyURL(r *http.Request, sha string) string {
	return s.publicBase(r) + "/verifikasi/" + sha
}

// naskah is a version as the documents lay it out.
type naskah struct {
	doc       pdf.Document
	enactment *policies.Enactment
}

// titleAfterTentang is the regulation's subject: the first "# " heading
// after "TENTANG", or the heading itself, or fallback.
func titleAfterTentang(md, fallback string) string {
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "# ") {
			continue
		}
		t = strings.TrimSpace(t[2:])
		if i := strings.Index(strings.ToUpper(t), " TENTANG "); i >= 0 {
			return strings.TrimSpace(t[i+len(" TENTANG "):])
		}
		return t
	}
	return fallback
}

// naskahOf builds the document of version v of p.
func (s *Server) naskahOf(r *http.Request, p policies.PolicySummary, v policies.Version) (naskah, error) {
	ctx := r.Context()
	region, err := s.regionOf(ctx, p.RegionID)
	if err != nil {
		return naskah{}, err
	}
	e, err := s.enactmentOf(ctx, v.ID)
	if err != nil {
		return naskah{}, err
	}
	city := policies.CityName(region.Name)
	d := pdf.Document{
		Paper:     string(region.PaperSize),
		City:      city,
		Title:     titleAfterTentang(v.Markdown, p.Title),
		Markdown:  v.Markdown,
		Draft:     e == nil,
		SHA256:    v.SHA256,
		VerifyURL: s.verifyURL(r, v.SHA256),
		Date:      v.CreatedAt,
	}
	legal := len(policies.ParseLegal(v.Markdown).Pasals) > 0
	switch {
	case e != nil:
		d.Form = strings.ToUpper(e.Form.Name() + " " + city)
		d.Number, d.Year = e.Number, e.Year
		d.Signature = &pdf.Signature{Place: e.Place, Date: e.EnactedOn, Prefix: e.Capacity.Prefix(),
			PrincipalOffice: e.PrincipalTitle, SignerOffice: e.SignerTitle, Name: e.SignerName}
		if e.PromulgatedOn != nil {
			pr := &pdf.Promulgation{Place: e.Place, Date: *e.PromulgatedOn}
			if e.PromulgatorPrefix != nil {
				pr.Prefix = *e.PromulgatorPrefix
			}
			if e.PromulgatorTitle != nil {
				pr.Office = *e.PromulgatorTitle
			}
			if e.PromulgatorName != nil {
				pr.Name = *e.PromulgatorName
			}
			if e.GazetteNumber != nil && e.GazetteYear != nil {
				pr.GazetteNumber, pr.GazetteYear = *e.GazetteNumber, *e.GazetteYear
			}
			d.Promulgation = pr
		}
	case legal:
		// A draft regulation: the number and the signature are left blank.
		d.Form = strings.ToUpper(policies.FormPerwali.Name() + " " + city)
		d.Signature = &pdf.Signature{PrincipalOffice: "Wali Kota " + city}
	}
	return naskah{doc: d, enactment: e}, nil
}

// downloadName is the file name of a download: the slug and the version.
func downloadName(disposition, slug string, n int, ext string) string {
	safe := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(slug), "-"), "-")
	if safe == "" {
		safe = "kebijakan"
	}
	return mime.FormatMediaType(disposition, map[string]string{"filename": fmt.Sprintf("%s-v%d.%s", safe, n, ext)})
}

// handleVersionPDF shows a version the viewer may read as a PDF.
func (s *Server) handleVersionPDF(w http.ResponseWriter, r *http.Request) error {
	p, v, err := s.readableVersion(r)
	if err != nil {
		return err
	}
	nk, err := s.naskahOf(r, p, v)
	if err != nil {
		return err
	}
	b, err := s.pdfs.render(r.Context(), nk.doc) // once per document, a few at a time (pdfcache.go)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", downloadName("inline", p.Slug, v.Number, "pdf"))
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(b)
	return nil
}

// naskahMarkdown is the document as Markdown for the DOCX: the heading
// block, RANCANGAN on a draft, the body and the signature and
// promulgation blocks.
func naskahMarkdown(d pdf.Document) string {
	var b strings.Builder
	title := mdText(strings.ToUpper(d.Title))
	if d.Form != "" {
		num, year := "…", "…"
		if d.Number > 0 {
			num, year = strconv.Itoa(d.Number), strconv.Itoa(d.Year)
		}
		fmt.Fprintf(&b, "# %s NOMOR %s TAHUN %s TENTANG %s\n\n", mdText(strings.ToUpper(d.Form)), num, year, title)
	} else {
		fmt.Fprintf(&b, "# %s\n\n", title)
	}
	if d.Draft {
		b.WriteString("**RANCANGAN**\n\n")
	}
	// The body without its own title heading.
	body := d.Markdown
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "# ") {
			body = strings.Join(append(append([]string{}, lines[:i]...), lines[i+1:]...), "\n")
			break
		}
		if strings.TrimSpace(l) != "" {
			break
		}
	}
	b.WriteString(strings.TrimSpace(body))
	b.WriteString("\n\n")
	date := func(t time.Time) string {
		if t.IsZero() {
			return "……………"
		}
		return pdf.DateID(t)
	}
	orBlank := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "……………"
		}
		return mdText(s)
	}
	if sg := d.Signature; sg != nil {
		place := sg.Place
		if place == "" {
			place = d.City
		}
		fmt.Fprintf(&b, "Ditetapkan di %s\\\npada tanggal %s\n\n**%s%s,**", orBlank(place), date(sg.Date), sg.Prefix, mdText(strings.ToUpper(sg.PrincipalOffice)))
		if strings.TrimSpace(sg.Prefix) == "a.n." && sg.SignerOffice != "" {
			fmt.Fprintf(&b, "\\\n**%s,**", mdText(strings.ToUpper(sg.SignerOffice)))
		}
		fmt.Fprintf(&b, "\n\n\\\n\\\n**%s**\n\n", orBlank(strings.ToUpper(sg.Name)))
	}
	if pr := d.Promulgation; pr != nil {
		place := pr.Place
		if place == "" {
			place = d.City
		}
		fmt.Fprintf(&b, "Diundangkan di %s\\\npada tanggal %s\n\n**%s%s,**\n\n\\\n\\\n**%s**\n\n", orBlank(place), date(pr.Date), pr.Prefix, mdText(strings.ToUpper(pr.Office)), orBlank(strings.ToUpper(pr.Name)))
		if pr.GazetteNumber > 0 {
			fmt.Fprintf(&b, "**BERITA DAERAH KOTA %s TAHUN %d NOMOR %d**\n\n", mdText(strings.ToUpper(d.City)), pr.GazetteYear, pr.GazetteNumber)
		}
	}
	fmt.Fprintf(&b, "SHA-256: %s\\\nVerifikasi: %s\n", d.SHA256, d.VerifyURL)
	return b.String()
}

// mdText is text the legal unit or a drafter typed (a title, a place, a
// name, an office) as literal Markdown: every ASCII punctuation mark that
// Markdown reads as syntax is escaped, so "[x](https://…)" stays text.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>()#+-.!|~&\"'", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// handleVersionNaskah downloads a version the viewer may read as a DOCX
// in the official layout (heading block, body, signature blocks).
func (s *Server) handleVersionNaskah(w http.ResponseWriter, r *http.Request) error {
	p, v, err := s.readableVersion(r)
	if err != nil {
		return err
	}
	nk, err := s.naskahOf(r, p, v)
	if err != nil {
		return err
	}
	out, err := docx.ExportAt(r.Context(), naskahMarkdown(nk.doc), p.Title, v.CreatedAt)
	if err != nil {
		if errors.Is(err, docx.ErrNoPandoc) {
			err = policies.Errorf(policies.KindUnavailable, "unduhan .docx belum tersedia: pandoc tidak terpasang di server (hubungi pengelola)")
		}
		return err
	}
	h := w.Header()
	h.Set("Content-Type", docxType)
	h.Set("Content-Disposition", downloadName("attachment", p.Slug+"-naskah", v.Number, "docx"))
	h.Set("Content-Length", strconv.Itoa(len(out)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(out)
	return nil
}

// verifyApproval is one decision on the verified text.
type verifyApproval struct {
	Stage     int       `json:"stage"`
	StageName string    `json:"stage_name"`
	Decider   string    `json:"decider"`
	ActingAs  string    `json:"acting_as,omitempty"` // "Plt. Sekretaris Daerah — Budi"
	Decision  string    `json:"decision"`
	At        time.Time `json:"decided_at"`
}

// verifyEnactment is the enactment record as the verification shows it.
type verifyEnactment struct {
	Label         string     `json:"label"` // "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	Form          string     `json:"form"`
	Number        int        `json:"number"`
	Year          int        `json:"year"`
	Place         string     `json:"place"`
	EnactedOn     time.Time  `json:"enacted_on"`
	Signer        string     `json:"signer"` // "Plt. Wali Kota Sawahlunto — Nama"
	PromulgatedOn *time.Time `json:"promulgated_on,omitempty"`
	Gazette       string     `json:"gazette,omitempty"` // "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12"
	Promulgator   string     `json:"promulgator,omitempty"`
}

// verification is what a hash is. A hash of a version the reader may not
// read says only that it is registered and not open to the public.
type verification struct {
	SHA256    string           `json:"sha256"`
	Public    bool             `json:"public"` // false: a registered draft, not open to the public
	PolicyID  int64            `json:"policy_id,omitempty"`
	Title     string           `json:"title,omitempty"`
	Region    string           `json:"region,omitempty"`
	Version   int              `json:"version,omitempty"`
	Status    string           `json:"status,omitempty"` // rancangan, disetujui, ditetapkan
	Approvals []verifyApproval `json:"approvals,omitempty"`
	Enactment *verifyEnactment `json:"enactment,omitempty"`
	PDF       string           `json:"pdf,omitempty"`
}

// errBadHash is a path that is no SHA-256.
var errBadHash = &policies.Error{Kind: policies.KindBadRequest, Field: "sha256", Message: "SHA-256 harus 64 karakter heksadesimal (0-9, a-f)"}

// errUnknownHash is a hash of no version.
var errUnknownHash = policies.Errorf(policies.KindNotFound, "dokumen tidak dikenal: tidak ada versi kebijakan dengan SHA-256 ini")

// verify finds what the hash is, as the viewer may know it.
func (s *Server) verify(r *http.Request, sha string) (verification, error) {
	ctx := r.Context()
	sha = strings.ToLower(strings.TrimSpace(sha))
	if !policies.ValidSHA256(sha) {
		return verification{}, errBadHash
	}
	refs, err := s.store.VersionsByHash(ctx, sha)
	if err != nil {
		return verification{}, err
	}
	if len(refs) == 0 {
		return verification{}, errUnknownHash
	}
	vw := viewerOf(r)
	for _, ref := range refs {
		p, err := s.store.PolicyByID(ctx, ref.PolicyID)
		if err != nil {
			return verification{}, err
		}
		if !vw.canSee(p) || ref.Number > vw.latestVisible(p) {
			continue
		}
		out := verification{SHA256: sha, Public: true, PolicyID: p.ID, Title: p.Title, Region: p.RegionName,
			Version: ref.Number, Status: "rancangan",
			PDF: fmt.Sprintf("/policies/%d/versions/%d/pdf", p.ID, ref.Number)}
		if ref.Number == p.InForceVersion {
			out.Status = "disetujui"
		}
		ds, err := s.store.DecisionRecords(ctx, p.ID)
		if err != nil {
			return verification{}, err
		}
		for _, d := range ds {
			if d.SHA256 != sha {
				continue
			}
			d.SetActingAs()
			out.Approvals = append(out.Approvals, verifyApproval{Stage: d.StagePosition, StageName: d.StageName,
				Decider: d.Decider, ActingAs: d.ActingAs, Decision: d.Decision, At: d.CreatedAt})
		}
		e, err := s.enactmentOf(ctx, ref.VersionID)
		if err != nil {
			return verification{}, err
		}
		if e != nil {
			out.Status = "ditetapkan"
			ve := &verifyEnactment{Label: e.Label(p.RegionName), Form: e.Form.Name(), Number: e.Number, Year: e.Year,
				Place: e.Place, EnactedOn: e.EnactedOn, PromulgatedOn: e.PromulgatedOn,
				Signer: e.Capacity.Prefix() + e.PrincipalTitle + " — " + e.SignerName}
			if e.GazetteNumber != nil && e.GazetteYear != nil {
				ve.Gazette = fmt.Sprintf("Berita Daerah %s Tahun %d Nomor %d", p.RegionName, *e.GazetteYear, *e.GazetteNumber)
			}
			if e.PromulgatorName != nil && e.PromulgatorTitle != nil {
				prefix := ""
				if e.PromulgatorPrefix != nil {
					prefix = *e.PromulgatorPrefix
				}
				ve.Promulgator = prefix + *e.PromulgatorTitle + " — " + *e.PromulgatorName
			}
			out.Enactment = ve
		}
		return out, nil
	}
	// Registered, but not a text this reader may read.
	return verification{SHA256: sha}, nil
}

// handleVerifyPage is the public verification page of a hash.
func (s *Server) handleVerifyPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	vf, err := s.verify(r, chi.URLParam(r, "hash"))
	data := map[string]any{"Title": messages[lang]["doc_verify_title"]}
	status := http.StatusOK
	switch {
	case policies.IsKind(err, policies.KindBadRequest):
		status = http.StatusBadRequest
		data["Problem"] = messages[lang]["doc_verify_bad"]
	case policies.IsKind(err, policies.KindNotFound):
		status = http.StatusNotFound
		data["Problem"] = messages[lang]["doc_verify_unknown"]
		data["Title"] = messages[lang]["doc_verify_unknown_title"]
		data["Hash"] = strings.ToLower(chi.URLParam(r, "hash"))
	case err != nil:
		return err
	default:
		data["V"] = vf
		data["Hash"] = vf.SHA256
		data["Status"] = messages[lang]["doc_status_"+vf.Status]
		for i := range vf.Approvals {
			if k := "doc_decision_" + vf.Approvals[i].Decision; messages[lang][k] != "" {
				vf.Approvals[i].Decision = messages[lang][k]
			} else {
				vf.Approvals[i].Decision = messages[lang]["doc_decision_other"]
			}
		}
	}
	s.render(w, r, lang, status, "verify", data)
	return nil
}

// handleVerifyForm takes a pasted hash to its verification page.
func (s *Server) handleVerifyForm(w http.ResponseWriter, r *http.Request) error {
	sha := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("sha256")))
	if sha == "" {
		lang := language(w, r)
		s.render(w, r, lang, http.StatusOK, "verify", map[string]any{"Title": messages[lang]["doc_verify_title"]})
		return nil
	}
	target := "/verifikasi/" + url.PathEscape(sha)
	if l := r.URL.Query().Get("lang"); l == langEN {
		target += "?lang=en"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// handleAPIVerify is the verification of a hash as JSON. A path that is
// no SHA-256 names no document: 404, as any API path value naming nothing.
func (s *Server) handleAPIVerify(w http.ResponseWriter, r *http.Request) error {
	vf, err := s.verify(r, chi.URLParam(r, "hash"))
	if policies.IsKind(err, policies.KindBadRequest) {
		err = errUnknownHash
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, vf)
	return nil
}
