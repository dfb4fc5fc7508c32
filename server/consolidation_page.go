package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"github.com/policyflow/policyflow/consolidate"
	"github.com/policyflow/policyflow/policies"
)

// The consolidated text of an enacted Perwali at a date (?per=YYYY-MM-DD,
// in its region's zone; today by default): public as the policy is, and
// labelled as unofficial (the enacted texts stay the official ones).

func init() { pageNames = append(pageNames, "consolidated") }

// consolidationAPIRoutes are the API routes of the consolidated text.
func consolidationAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/consolidated", "Teks terkonsolidasi (tidak resmi) Peraturan Wali Kota pada suatu tanggal (per=YYYY-MM-DD, zona wilayah; bawaan hari ini): teks, ketentuan yang diubah beserta peraturan pengubah dan tanggal berlakunya, perubahan yang belum berlaku", anyone, apiRead((*Server).consolidatedAnswer), nil},
	}
}

// consolidationQueries are the query parameters of consolidationAPIRoutes (apiQueries).
func consolidationQueries() map[string][]apiQuery {
	day := map[string]any{"type": "string", "format": "date"}
	per := []apiQuery{{"per", "the day the text stood on (YYYY-MM-DD, in the region's time zone; default: today)", day}}
	return map[string][]apiQuery{"GET /policies/{id}/consolidated": per, "GET /policies/{id}/consolidated/articles": per}
}

// consolidationPages lists the page of the consolidated text.
func consolidationPages() []pageRoute {
	return []pageRoute{{"GET", "/policies/{id}/konsolidasi", anyone, (*Server).handleConsolidatedPage}}
}

// changedView is one provision an amendment changed.
type changedView struct {
	Label    string    `json:"label"` // "Pasal 4 ayat (2)"
	Op       string    `json:"op"`    // ubah, sisipkan, hapus
	Act      string    `json:"act"`   // "Peraturan Wali Kota Sawahlunto Nomor 5 Tahun 2026"
	From     time.Time `json:"from"`  // the day the act took effect
	Repealed bool      `json:"repealed"`
}

// pendingView is an amending act enacted but not in force on the day.
type pendingView struct {
	Act  string     `json:"act"`
	From *time.Time `json:"from,omitempty"` // nil: not promulgated yet, so its day is not known
}

// consolidation is the text of a policy as it stood on a day.
type consolidation struct {
	PolicyID int64     `json:"policy_id"`
	At       time.Time `json:"at"`
	Official bool      `json:"official"` // always false: the enacted texts are the official ones
	// InForceFrom is the day the policy took effect; RepealedFrom the day
	// an act repealing it did (nil: none in force on At).
	InForceFrom  *time.Time `json:"in_force_from,omitempty"`
	RepealedFrom *time.Time `json:"repealed_from,omitempty"`
	RepealedBy   string     `json:"repealed_by,omitempty"`
	// InForce: the text was in force on At; Markdown is then its text.
	InForce  bool          `json:"in_force"`
	Markdown string        `json:"markdown,omitempty"`
	Changed  []changedView `json:"changed"`
	Pending  []pendingView `json:"pending"`
	// NotApplied counts the points in force that no longer fit the text
	// they met (reported, never applied).
	NotApplied []string `json:"not_applied"`

	law law // the enacted text it stands on, and its amending acts
}

var opWords = map[consolidate.Op]string{consolidate.Replace: string(policies.AmendReplace), consolidate.Insert: string(policies.AmendInsert), consolidate.Repeal: string(policies.AmendRepeal)}

// consolidationOf is the URL's policy's text on the day ?per names.
func (s *Server) consolidationOf(r *http.Request) (policies.PolicySummary, consolidation, error) {
	ctx := r.Context()
	p, err := s.loadPolicy(r)
	if err != nil {
		return p, consolidation{}, err
	}
	day := policies.Today(time.Now(), p.RegionZone)
	if q := r.URL.Query().Get("per"); q != "" {
		day = q
	}
	at, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return p, consolidation{}, policies.FieldError("per", "tanggal %q tidak sah: tulis YYYY-MM-DD", day)
	}
	out := consolidation{PolicyID: p.ID, At: at, Changed: []changedView{}, Pending: []pendingView{}, NotApplied: []string{}}
	l, ok, err := s.lawOn(ctx, p, at, 0)
	if err != nil || !ok {
		return p, out, err // no enacted text whose day is known: nothing to consolidate
	}
	from := l.Text.From
	out.InForceFrom, out.law = &from, l
	if out.RepealedFrom, out.RepealedBy, err = s.repealOf(ctx, p); err != nil {
		return p, out, err
	}
	if at.Before(from) || (out.RepealedFrom != nil && !at.Before(*out.RepealedFrom)) {
		return p, out, nil
	}
	res := l.consolidated(at)
	out.InForce, out.Markdown = true, res.Text
	for _, pr := range res.Provisions {
		if pr.Changed != nil {
			out.Changed = append(out.Changed, changedView{Label: pr.Label(), Op: opWords[pr.Changed.Op], Act: pr.Changed.Act.Title, From: pr.Changed.Act.InForce, Repealed: pr.Repealed})
		}
	}
	for _, m := range res.Misfits {
		out.NotApplied = append(out.NotApplied, m.Instruction.Label()+" ("+m.Instruction.Act.Title+")")
	}
	for _, a := range l.Acts {
		switch {
		case !a.Known:
			out.Pending = append(out.Pending, pendingView{Act: a.Act.Title})
		case a.Act.InForce.After(at):
			f := a.Act.InForce
			out.Pending = append(out.Pending, pendingView{Act: a.Act.Title, From: &f})
		}
	}
	return p, out, nil
}

// repealOf finds the first act in force that repeals p ("mencabut"): the
// day it took effect (never before its promulgation) and its label; nil
// when none.
func (s *Server) repealOf(ctx context.Context, p policies.PolicySummary) (*time.Time, string, error) {
	rels, err := s.store.Relations(ctx, p.ID)
	if err != nil {
		return nil, "", err
	}
	var day *time.Time
	by := ""
	for _, rel := range rels {
		if rel.Kind != policies.RelRepeals || rel.ToPolicyID != p.ID {
			continue
		}
		es, err := s.store.Enactments(ctx, rel.FromPolicyID)
		if err != nil {
			return nil, "", err
		}
		if len(es) == 0 {
			continue
		}
		if from, ok := es[0].EffectiveDate(); ok && (day == nil || from.Before(*day)) {
			day, by = &from, es[0].Label(p.RegionName)
		}
	}
	return day, by, nil
}

// consolidatedAnswer is the consolidation, for the API.
func (s *Server) consolidatedAnswer(r *http.Request) (consolidation, error) {
	_, c, err := s.consolidationOf(r)
	return c, err
}

// handleConsolidatedPage shows the consolidated text with its banner, the
// date picker, the provisions changed and the amendments not yet in force;
// with format=akn, the text as Akoma Ntoso XML.
func (s *Server) handleConsolidatedPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, c, err := s.consolidationOf(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "akn" {
		return s.writeConsolidatedAKN(w, r, p, c)
	}
	data := map[string]any{"Title": messages[lang]["consol_title"] + " — " + p.Title, "Policy": p, "C": c, "Per": c.At.Format(time.DateOnly)}
	if c.InForce {
		md := linkedRefs(c.Markdown, fmt.Sprintf("/policies/%d/konsolidasi?per=%s", p.ID, c.At.Format(time.DateOnly)))
		sum := sha256.Sum256([]byte(md))
		doc, err := s.md.Render(hex.EncodeToString(sum[:]), md)
		if err != nil {
			return err
		}
		doc.HTML = ayatAnchors(doc.HTML, provisionAnchors(policies.ParseLegal(c.Markdown)))
		data["Doc"] = doc
	}
	s.render(w, r, lang, http.StatusOK, "consolidated", data)
	return nil
}

// writeConsolidatedAKN answers the consolidated text c of p as Akoma
// Ntoso 3.0 XML (package akn); 409 on a day the text was not in force.
func (s *Server) writeConsolidatedAKN(w http.ResponseWriter, r *http.Request, p policies.PolicySummary, c consolidation) error {
	if !c.InForce {
		return policies.Errorf(policies.KindConflict, "pada tanggal %s peraturan ini tidak berlaku: tidak ada teks untuk diekspor", c.At.Format(time.DateOnly))
	}
	en := c.law.Text.Enactment
	act, err := s.aknAct(r.Context(), p, en, c.At, true)
	if err != nil {
		return err
	}
	return writeAKN(w, act, c.Markdown, fmt.Sprintf("%s-%d-%d-%s", en.Form, en.Year, en.Number, c.At.Format(time.DateOnly)))
}
