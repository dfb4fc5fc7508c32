package e2e

import (
	"testing"
	"time"
)

// TestAxePrivacyPages runs axe-core, in both languages, on a person's data
// page (with a comment, its published answer and sign-ins to list) and on
// the administrator's retention and erasure page (with an open request).
func TestAxePrivacyPages(t *testing.T) {
	s := newSite(t)
	pol := s.policy(t, "sawahlunto-pengelolaan-kompetensi-asn")
	db := s.st.DB.SQL()
	db.MustExec(`INSERT INTO comments (policy_id, version_id, section_anchor, author_id, author_name, author_email, body)
		SELECT $1, p.current_version_id, '', u.id, u.name, u.email, 'Mohon definisi ASN diperjelas.'
		FROM policies p, users u WHERE p.id = $1 AND u.email = 'akademisi.sawahlunto@policyflow.test'`, pol.ID)
	db.MustExec(`INSERT INTO erasure_requests (user_id, region_id, reason) SELECT id, region_id, 'Tidak lagi terlibat.'
		FROM users WHERE email = 'praktisi.sawahlunto@policyflow.test'`)
	browser := newBrowser(t, 3*time.Minute)
	person := s.signedIn(t, browser, "akademisi.sawahlunto@policyflow.test", "/dashboard")
	person.axeOpenBoth("/privacy", "#erasure-form", "personal data page")
	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin")
	admin.axeOpenBoth("/admin/privacy", "#erase-form", "privacy administration")
}
