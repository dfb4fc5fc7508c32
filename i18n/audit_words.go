package i18n

import (
	"fmt"
	"strings"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// AuditSubject says what an audited change is about: the kind of record
// named by the subject's prefix and its number ("Komentar #7" for
// "comment:7"); "" for none.
func (l Locale) AuditSubject(subject string) (string, error) {
	if subject == "" {
		return "", nil
	}
	kind, id, _ := strings.Cut(subject, ":")
	name := Pages[l.Lang]["subject_"+kind]
	if name == "" {
		if Strict {
			return "", fmt.Errorf("i18n: audit subject %q has no name", kind)
		}
		return subject, nil
	}
	if id == "" {
		return name, nil
	}
	return name + " #" + id, nil
}

// auditValueKeys are where the values of a code field are named: the
// catalogue key prefix before the code.
var auditValueKeys = map[string]string{
	"status": "audit_status_", "disposition": "ans_disp_", "channel": "ans_channel_", "instrument": "audit_instrument_", "acting": "audit_acting_", "notify_mode": "audit_notify_mode_",
	"lang": "audit_lang_",
}

// AuditChanges says the fields an audited change changed: "Status:
// Terbuka → Selesai; Alasan: …". A code with no name is left out rather
// than shown raw (a record of another kind may share the field's name).
func (l Locale) AuditChanges(cs []policies.AuditFieldChange) (string, error) {
	var parts []string
	for _, c := range cs {
		field := Pages[l.Lang]["audit_field_"+c.Field]
		if field == "" {
			return "", fmt.Errorf("i18n: audit field %q has no name", c.Field)
		}
		was, ok := l.auditValue(c, c.Before)
		is, ok2 := l.auditValue(c, c.After)
		if !ok || !ok2 {
			continue
		}
		switch {
		case was == "":
			parts = append(parts, field+": "+is)
		case is == "":
			parts = append(parts, field+": "+was+" → –")
		default:
			parts = append(parts, field+": "+was+" → "+is)
		}
	}
	return strings.Join(parts, "; "), nil
}

// auditValue says one value of a changed field: a code by its name (not
// ok when it has none), a time as a date in the page's zone, anything
// else as it is.
func (l Locale) auditValue(c policies.AuditFieldChange, v string) (string, bool) {
	if v == "" {
		return "", true
	}
	if c.Code {
		name := Pages[l.Lang][auditValueKeys[c.Field]+v]
		return name, name != ""
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		at := l.DateOnly
		if strings.HasSuffix(c.Field, "_at") {
			at = l.Date
		}
		s, err := at(t)
		return s, err == nil
	}
	return v, true
}
