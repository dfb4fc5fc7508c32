package i18n_test

import (
	"encoding/json"
	"testing"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// A change is worded field by field: codes by their names, a code with no
// name left out, fields that may hold personal data never shown.
func TestAuditChangesInWords(t *testing.T) {
	before := json.RawMessage(`{"status": "open", "nip": "198503122010011002", "name": "Rina", "jp": 16}`)
	after := json.RawMessage(`{"status": "resolved", "nip": "199001012015032001", "name": "Rina Wati", "jp": 12, "instrument": "tidak_dikenal"}`)
	cs := policies.AuditChanges(before, after)
	for _, tc := range []struct{ lang, want string }{
		{i18n.ID, "JP: 16 → 12; Status: Terbuka → Selesai"},
		{i18n.EN, "JP (learning hours): 16 → 12; Status: Open → Resolved"},
	} {
		got, err := i18n.Locale{Lang: tc.lang, Zone: policies.ZoneWIB}.AuditChanges(cs)
		if err != nil || got != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.lang, got, err, tc.want)
		}
	}
	if s, _ := (i18n.Locale{Lang: i18n.ID}).AuditSubject("comment:7"); s != "Komentar #7" {
		t.Errorf("subject: %q, want Komentar #7", s)
	}
}
