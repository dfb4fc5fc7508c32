package policies

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"
)

// AdminChange is one audited change: an administrative one (a person,
// unit, stakeholder group, approval chain, acting official or region
// setting), a policy's (a comment resolved, an answer published, a program
// planned…) or a person's own (a sign-in, an API token). It is audited
// with the record before and after it; the store writes it in the same
// transaction as the change, so there is never one without the other.
type AdminChange struct {
	RegionID  int64  // where it happened; 0 for a policy's change (its policy's region) or a system administrator's of no region
	PolicyID  int64  // the policy whose history shows it; 0 for none
	VersionID int64  // the policy's version it concerns; 0 for none
	ActorID   int64  // who made it; 0 for the command line (policyflow admin …) or a workflow
	Action    string // e.g. "user.invited", "unit.updated", "comment.resolved"
	Subject   string // what it is about, e.g. "user:12", "unit:3", "comment:7"
	Detail    string // words for the history, no personal data; "" for none
	Key       string // a retried writer's key: the row is written once; "" for none
	Before    any    // nil when created
	After     any    // nil when removed
}

// AdminAuditRecord is an administrative change as the region's audit page
// shows it.
type AdminAuditRecord struct {
	ID        int64              `db:"id" json:"id"`
	Actor     *string            `db:"actor" json:"actor,omitempty"` // nil: the command line or the system
	Action    string             `db:"action" json:"action"`
	Subject   string             `db:"subject" json:"subject"`
	PolicyID  *int64             `db:"policy_id" json:"policy_id,omitempty"` // a policy's change: read its record on the policy's history
	Detail    string             `db:"detail" json:"detail,omitempty"`
	Changes   []AuditFieldChange `db:"-" json:"changes,omitempty"`
	Before    json.RawMessage    `db:"-" json:"before,omitempty"`
	After     json.RawMessage    `db:"-" json:"after,omitempty"`
	CreatedAt time.Time          `db:"created_at" json:"created_at"`
}

// AuditStore reads the administrative audit log.
type AuditStore interface {
	// AdminAudit returns a region's changes, newest first, with id <
	// beforeID (0: from the newest), at most limit: its administrative
	// ones with the record before and after, and its policies' without
	// (a participation is personal data the policy's history keeps).
	AdminAudit(ctx context.Context, regionID, beforeID int64, limit int) ([]AdminAuditRecord, error)
}

// AuditFieldChange is one field an audited change changed, as the history and
// the administrative audit word it: Before "" when the record was
// created, After "" when removed.
type AuditFieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	Code   bool   `json:"-"` // the values are codes, named on the page
}

// auditFields are the fields of an audited record that the history shows
// when they change, each saying whether its values are codes. Only these:
// a record may hold personal data (a participant's NIP, a person's
// email) that those who read a policy's history may not read.
var auditFields = map[string]bool{
	"status": true, "disposition": true, "channel": true, "instrument": true, "acting": true, "closes_at": false, "due_at": false, "notify_mode": true, "lang": true, "ends_at": false, "units": false,
	"reason": false, "status_reason": false, "received_on": false, "version": false, "answers": false,
	"unanswered": false, "round": false, "score": false, "webhook": false, "title": false,
	"starts_on": false, "ends_on": false, "jp": false, "target_participants": false,
}

// AuditFieldNames are the fields AuditChanges may name, sorted.
func AuditFieldNames() []string {
	out := make([]string, 0, len(auditFields))
	for f := range auditFields {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// AuditChanges is what an audited change changed, field by field, of the
// fields the history shows (auditFields), in their order. Before and
// after are the record's JSON objects (nil: none).
func AuditChanges(before, after json.RawMessage) []AuditFieldChange {
	var b, a map[string]any
	_ = json.Unmarshal(before, &b) // not an object: nothing to show
	_ = json.Unmarshal(after, &a)
	var out []AuditFieldChange
	for _, f := range AuditFieldNames() {
		was, is := auditValue(b[f]), auditValue(a[f])
		if was != is {
			out = append(out, AuditFieldChange{Field: f, Before: was, After: is, Code: auditFields[f]})
		}
	}
	return out
}

// auditValue is a JSON scalar as text; anything else is "".
func auditValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}
