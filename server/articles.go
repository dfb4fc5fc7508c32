package server

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/policyflow/policyflow/akn"
	"github.com/policyflow/policyflow/consolidate"
	"github.com/policyflow/policyflow/policies"
)

// Machine-readable law (issue 27): every enacted text as Akoma Ntoso 3.0
// XML (package akn) and, for it and for its consolidation on a day, one
// JSON object per Pasal and ayat with the days it is in force with its
// wording and the acts that gave and end that wording (package
// consolidate). Each is read as the text it is made of: an enacted
// version as the version, a consolidation as the consolidated page.

// articleAPIRoutes are the API routes of the article-level texts.
func articleAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/versions/{n}/articles", "Teks yang ditetapkan per Pasal dan ayat: bunyi, tanggal mulai dan akhir berlaku, peraturan yang mengubahnya (409 bila versi ini tidak ditetapkan)", anyone, apiRead((*Server).enactedArticles), nil},
		{"GET", "/policies/{id}/consolidated/articles", "Teks terkonsolidasi (tidak resmi) per Pasal dan ayat pada suatu tanggal (per=YYYY-MM-DD): bunyi, sejak kapan, oleh peraturan mana, sampai kapan", anyone, apiRead((*Server).consolidatedArticles), nil},
	}
}

// articlePages lists the Akoma Ntoso XML of an enacted version.
func articlePages() []pageRoute {
	return []pageRoute{{"GET", "/policies/{id}/versions/{n}/akn", anyone, (*Server).handleVersionAKN}}
}

// articleView is one Pasal (ayat 0) or ayat with its days in force.
type articleView struct {
	EID   string `json:"eid"`   // its eId in the Akoma Ntoso XML: art_4, art_4__para_2
	Label string `json:"label"` // "Pasal 4 ayat (2)"
	Pasal string `json:"pasal"` // "4", "4A"
	Ayat  int    `json:"ayat,omitempty"`
	// AyatLetter is the letter of an ayat an amendment inserted: "a" of (1a).
	AyatLetter string `json:"ayat_letter,omitempty"`
	Text       string `json:"text"` // Markdown: the Pasal's body, or the ayat with its "(n)"
	Repealed   bool   `json:"repealed"`
	// InForceFrom is the first day it reads so (nil: the text's day is
	// not known yet: not promulgated); InForceUntil the first day it no
	// longer does (nil: no act known to end it).
	InForceFrom  *time.Time `json:"in_force_from"`
	InForceUntil *time.Time `json:"in_force_until"`
	// ChangedBy is the act that gave it this wording (empty: as enacted);
	// EndedBy the act that changes or repeals it on InForceUntil.
	ChangedBy string `json:"changed_by,omitempty"`
	EndedBy   string `json:"ended_by,omitempty"`
}

// articlesDoc is a text, Pasal by Pasal and ayat by ayat.
type articlesDoc struct {
	PolicyID int64  `json:"policy_id"`
	Act      string `json:"act"` // "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	// Work and Expression are the FRBR IRIs of the Akoma Ntoso XML.
	Work       string `json:"work"`
	Expression string `json:"expression"`
	// At is the day the text stands at: the day it took effect (else its
	// enactment) as enacted, the day asked for a consolidation.
	At           time.Time     `json:"at"`
	Consolidated bool          `json:"consolidated"`
	Official     bool          `json:"official"` // the enacted text is; a consolidation is not
	XML          string        `json:"xml"`      // where the Akoma Ntoso XML is
	Articles     []articleView `json:"articles"`
}

// aknAct is what the XML of en says of the act, for the text standing at at.
func (s *Server) aknAct(ctx context.Context, p policies.PolicySummary, en policies.Enactment, at time.Time, consolidated bool) (akn.Act, error) {
	rg, err := s.store.RegionByID(ctx, p.RegionID)
	if err != nil {
		return akn.Act{}, err
	}
	return akn.Act{Region: rg.Slug, Subtype: string(en.Form), Year: en.Year, Number: en.Number, Name: en.Label(p.RegionName),
		EnactedOn: en.EnactedOn, At: at, Generated: time.Now(), Consolidated: consolidated}, nil
}

// enactedText is version {n} of the URL's policy, when the viewer may read
// it and it was enacted, with its enactment and the day its text stands at.
func (s *Server) enactedText(r *http.Request) (policies.PolicySummary, policies.Version, policies.Enactment, error) {
	p, v, err := s.readableVersion(r)
	if err != nil {
		return p, v, policies.Enactment{}, err
	}
	en, err := policies.EnactmentIfAny(r.Context(), s.store, v.ID)
	if err != nil {
		return p, v, policies.Enactment{}, err
	}
	if en == nil {
		return p, v, policies.Enactment{}, policies.Errorf(policies.KindConflict, "versi %d tidak ditetapkan: hanya teks yang ditetapkan tersedia sebagai Akoma Ntoso dan per Pasal", v.Number)
	}
	return p, v, *en, nil
}

// textDay is the day an enacted text stands at: the day it takes effect
// once known, else its enactment.
func textDay(en policies.Enactment) time.Time {
	if from, ok := en.EffectiveDate(); ok {
		return from
	}
	return en.EnactedOn
}

// enactedArticles is an enacted version Pasal by Pasal, each until the
// act that changes it, the repeal of the whole, or a later text of the
// policy taking effect (page and API alike: the API's).
func (s *Server) enactedArticles(r *http.Request) (articlesDoc, error) {
	ctx := r.Context()
	p, v, en, err := s.enactedText(r)
	if err != nil {
		return articlesDoc{}, err
	}
	es, err := s.store.Enactments(ctx, p.ID)
	if err != nil {
		return articlesDoc{}, err
	}
	var arts []consolidate.Article
	lt, known := lawText{Enactment: en}, false
	for _, t := range lawTexts(es) {
		if t.Enactment.ID == en.ID {
			lt, known = t, true
		}
	}
	if known {
		l, err := s.lawWith(ctx, p, lt, 0)
		if err != nil {
			return articlesDoc{}, err
		}
		arts = consolidate.EnactedArticles(v.Markdown, l.instructions(), lt.From)
	} else { // not yet promulgated: no day, no history
		arts = consolidate.EnactedArticles(v.Markdown, nil, time.Time{})
	}
	doc, err := s.articlesOf(ctx, p, lt, textDay(en), false, arts, known)
	doc.XML = s.absoluteURL(fmt.Sprintf("/policies/%d/versions/%d/akn", p.ID, v.Number))
	return doc, err
}

// consolidatedArticles is the consolidation on ?per Pasal by Pasal (the API's).
func (s *Server) consolidatedArticles(r *http.Request) (articlesDoc, error) {
	p, c, err := s.consolidationOf(r)
	if err != nil {
		return articlesDoc{}, err
	}
	if !c.InForce {
		return articlesDoc{}, policies.Errorf(policies.KindConflict, "pada tanggal %s peraturan ini tidak berlaku: tidak ada teks per Pasal", c.At.Format(time.DateOnly))
	}
	l := c.law
	arts := consolidate.ArticlesAt(l.Markdown, l.instructions(), l.Text.From, c.At)
	doc, err := s.articlesOf(r.Context(), p, l.Text, c.At, true, arts, true)
	doc.XML = s.absoluteURL(fmt.Sprintf("/policies/%d/konsolidasi?per=%s&format=akn", p.ID, c.At.Format(time.DateOnly)))
	return doc, err
}

// articlesOf words the articles of lt's text standing at at; known: the
// text's day is known, so are its articles' days. A text ends for all its
// articles when an act repeals the policy or a later text takes effect.
func (s *Server) articlesOf(ctx context.Context, p policies.PolicySummary, lt lawText, at time.Time, consolidated bool, arts []consolidate.Article, known bool) (articlesDoc, error) {
	en := lt.Enactment
	act, err := s.aknAct(ctx, p, en, at, consolidated)
	if err != nil {
		return articlesDoc{}, err
	}
	end, endBy, err := s.repealOf(ctx, p)
	if err != nil {
		return articlesDoc{}, err
	}
	if lt.Until != nil && (end == nil || lt.Until.Before(*end)) {
		end, endBy = lt.Until, lt.Next.Label(p.RegionName) // a later text of the same policy
	}
	doc := articlesDoc{PolicyID: p.ID, Act: en.Label(p.RegionName), Work: act.Work(), Expression: act.Expression(), At: at,
		Consolidated: consolidated, Official: !consolidated, Articles: make([]articleView, 0, len(arts))}
	for _, a := range arts {
		v := articleView{EID: akn.EID(a.Pasal.String(), a.Ayat) + a.AyatLetter, Label: a.Label(), Pasal: a.Pasal.String(), Ayat: a.Ayat,
			AyatLetter: a.AyatLetter, Text: a.Text, Repealed: a.Repealed}
		if known {
			from := a.From
			v.InForceFrom, v.InForceUntil = &from, a.Until
			if a.ChangedBy != nil {
				v.ChangedBy = a.ChangedBy.Title
			}
			if a.EndedBy != nil {
				v.EndedBy = a.EndedBy.Title
			}
			if end != nil && (v.InForceUntil == nil || end.Before(*v.InForceUntil)) {
				e := *end
				v.InForceUntil, v.EndedBy = &e, endBy
			}
		}
		doc.Articles = append(doc.Articles, v)
	}
	return doc, nil
}

// handleVersionAKN answers an enacted version as Akoma Ntoso 3.0 XML.
func (s *Server) handleVersionAKN(w http.ResponseWriter, r *http.Request) error {
	p, v, en, err := s.enactedText(r)
	if err != nil {
		return err
	}
	act, err := s.aknAct(r.Context(), p, en, textDay(en), false)
	if err != nil {
		return err
	}
	return writeAKN(w, act, v.Markdown, fmt.Sprintf("%s-%d-%d", en.Form, en.Year, en.Number))
}

// writeAKN answers markdown as the Akoma Ntoso XML of act, named name.xml.
func writeAKN(w http.ResponseWriter, act akn.Act, markdown, name string) error {
	w.Header().Set("Content-Type", "application/akn+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.xml"`, name))
	_, err := w.Write(akn.XML(act, markdown))
	return err
}
