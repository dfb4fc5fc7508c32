package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// TestAxeHarmonisationPages runs axe-core, in both languages, on the
// harmonisation page of an approved Perwali as Bagian Hukum sees it (the
// request recorded, an attachment to name as Berita Acara, the answer's
// form) and on the administrator's page of which forms are harmonised.
func TestAxeHarmonisationPages(t *testing.T) {
	s := newSite(t)
	pol := s.policy(t, "sawahlunto-pengelolaan-kompetensi-asn")
	db := s.st.DB.SQL()
	devtest.ApproveInSQL(t, s.st.DB, pol.ID)
	db.MustExec(`INSERT INTO attachments (policy_id, kind, name, content_type, size, sha256, content, uploaded_by)
		SELECT $1, 'surat', 'Berita Acara Harmonisasi.pdf', 'application/pdf', 8, repeat('a', 64), '%PDF-1.4'::bytea, id
		FROM users WHERE email = 'hukum.sawahlunto@policyflow.test'`, pol.ID)
	db.MustExec(`INSERT INTO harmonisations (policy_id, region_id, version_id, version_number, requested_on, request_letter, requested_by)
		SELECT p.id, p.region_id, v.id, v.number, current_date, '100.3/45/Hukum', u.id
		FROM policies p JOIN policy_versions v ON v.id = p.in_force_version_id, users u
		WHERE p.id = $1 AND u.email = 'hukum.sawahlunto@policyflow.test'`, pol.ID)
	browser := newBrowser(t, 3*time.Minute)
	legal := s.signedIn(t, browser, "hukum.sawahlunto@policyflow.test", "/dashboard")
	legal.axeOpenBoth(fmt.Sprintf("/policies/%d/harmonisation", pol.ID), "#harmo-answer-form", "harmonisation page")
	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin")
	for _, lang := range []string{"id", "en"} {
		admin.axeOpen(withLang("/admin/harmonisation", lang), 200, "#harmo-settings", "harmonisation settings ["+lang+"]")
		admin.axeOpen(withLang("/admin/legal-steps", lang), 200, "#legal-step-settings #sla-enactment", "legal step deadlines ["+lang+"]")
	}
}
