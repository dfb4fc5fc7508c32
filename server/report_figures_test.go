package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// The report's participation figures (issue 26): with one comment answered
// and accepted, and one offline letter unanswered, the page and the API
// say 50% answered, 100% of those accepted, no compared version yet to
// check a change against, half online and half offline, by group; in both
// languages.
func TestReportParticipationFigures(t *testing.T) {
	a := newApp(t)
	w := a.answersWorldOf(t, a.policyID("sawahlunto-peningkatan-kapasitas-asn"), true)
	a.st.DB.SQL().MustExec(`WITH c AS (INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
			SELECT id, current_version_id, '', 'Forum RT 3', '', 'Surat masukan warga' FROM policies WHERE id = $1 RETURNING id)
		INSERT INTO offline_inputs (comment_id, consultation_id, channel, received_on, entered_by)
		SELECT c.id, $2, 'surat', current_date, u.id FROM c, users u WHERE u.email = 'penyusun.sawahlunto@policyflow.test'`, w.policy, w.consultation)
	page := w.base() + "/report"
	for lang, want := range map[string][]string{
		"id": {`id="fig-answered">50,00% (1 dari 2)`, `id="fig-accepted">100,00% (1 dari 1)`, `id="fig-changed">belum ada versi pembanding`,
			`id="fig-online">50,00% (1)`, `id="fig-offline">50,00% (1)`, `<tr data-group="offline"><th scope="row">Masukan luring</th><td>1</td><td>0,00%</td>`},
		"en": {`id="fig-answered">50.00% (1 of 2)`, `id="fig-changed">no compared version yet`, "Participation figures"},
	} {
		_, body := a.get(a.people["drafter"], page+"?lang="+lang)
		for _, s := range want {
			if !strings.Contains(body, s) {
				t.Errorf("%s: the report lacks %q:\n%.1200s", lang, s, gist(body))
			}
		}
	}
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "GET", "/api/v1"+page, nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"figures":{"comments":2,"answered":{"count":1,"of":2,"percent":50}`) ||
		!strings.Contains(out, `"offline":{"count":1,"of":2,"percent":50}`) {
		t.Errorf("the report's API: %d %s", res.StatusCode, out)
	}
}
