package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// TestAxeKirkpatrickPages runs axe-core, in both languages, on the unit
// officer's Kirkpatrick page of a done program (figures, links, behaviour
// means and links, the results indicator and its form, the score form and
// CSV), on the policy's Kirkpatrick report and on the public reaction form
// and behaviour survey opened from their links (the site signs with no
// key, as the test server has none).
func TestAxeKirkpatrickPages(t *testing.T) {
	s := newSite(t)
	pol := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	db := s.st.DB.SQL()
	var program int64
	if err := db.Get(&program, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp, status)
		SELECT $1, unit_id, 'pelatihan', 'Pelatihan uji aksesibilitas', '2026-01-10', '2026-01-11', 8, 'done'
		FROM users WHERE email = $2 RETURNING id`, pol.ID, officerEmail); err != nil {
		t.Fatal(err)
	}
	db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed) SELECT $1, '198503122010011002', 'Rina Wati', unit_id, true, true FROM programs WHERE id = $1`, program)
	db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed) SELECT $1, '199001012015032001', 'Budi Santoso', unit_id, true, true FROM programs WHERE id = $1`, program)
	db.MustExec(`INSERT INTO learning_scores (participant_id, pre_score, post_score) SELECT id, 40, 85 FROM participants WHERE program_id = $1 AND name = 'Rina Wati'`, program)
	tok := policies.SignLinkToken(nil, policies.PurposeReaction, "aksesibilitas")
	db.MustExec(`INSERT INTO reaction_links (program_id, participant_id, token_hash, expires_at)
		SELECT $1, id, $2, now() + interval '1 day' FROM participants WHERE program_id = $1 AND name = 'Budi Santoso'`, program, policies.HashLinkToken(tok))
	// Rina's supervisor's behaviour link, as the workflow issues it (a derived token; the page shows it again).
	var rina int64
	if err := db.Get(&rina, `SELECT id FROM participants WHERE program_id = $1 AND name = 'Rina Wati'`, program); err != nil {
		t.Fatal(err)
	}
	btok := policies.DerivedLinkToken(nil, policies.PurposeBehaviour, rina)
	db.MustExec(`INSERT INTO behaviour_links (program_id, participant_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
		program, rina, policies.HashLinkToken(btok))
	db.MustExec(`INSERT INTO behaviour_answers (program_id, scores, example) VALUES ($1, '{4,3,4,5}', 'SOP baru')`, program)
	db.MustExec(`INSERT INTO program_results (program_id, indicator, unit_of_measure, baseline, target, lower_is_better, actual, measured_on)
		VALUES ($1, 'Waktu layanan KTP', 'hari', 14, 7, true, 9, '2026-07-01')`, program)

	browser := newBrowser(t, 4*time.Minute)
	officer := s.signedIn(t, browser, officerEmail, "/settings")
	visitor := s.person(t, browser)
	page := fmt.Sprintf("/policies/%d/programs/%d/kirkpatrick", pol.ID, program)
	for _, lang := range []string{"id", "en"} {
		officer.axeOpen(withLang(page, lang), 200, "#kp-score-form", "unit officer Kirkpatrick page ["+lang+"]")
		visitor.axeOpen(withLang("/kirkpatrick/reaksi/"+tok, lang), 200, "#reaction-form", "public reaction form ["+lang+"]")
		visitor.axeOpen(withLang("/kirkpatrick/perilaku/"+btok, lang), 200, "#behaviour-form", "public behaviour survey ["+lang+"]")
		officer.axeOpen(withLang(fmt.Sprintf("/policies/%d/kirkpatrick", pol.ID), lang), 200, "#kp-overall", "policy's Kirkpatrick report ["+lang+"]")
	}
}
