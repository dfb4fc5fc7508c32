package policies

import (
	"context"
	"encoding/json"
	"time"
)

// AdminChange is one administrative change (a person, unit, stakeholder
// group, approval chain, acting official or region setting), audited with
// the record before and after it. The store writes it in the same
// transaction as the change, so there is never one without the other.
type AdminChange struct {
	RegionID int64  // where it happened; 0 for a system administrator's change of no region
	ActorID  int64  // who made it; 0 for the command line (policyflow admin …)
	Action   string // e.g. "user.invited", "unit.updated", "chain.versioned"
	Subject  string // what it is about, e.g. "user:12", "unit:3"
	Before   any    // nil when created
	After    any    // nil when removed
}

// AdminAuditRecord is an administrative change as the region's audit page
// shows it.
type AdminAuditRecord struct {
	ID        int64           `db:"id" json:"id"`
	Actor     *string         `db:"actor" json:"actor,omitempty"` // nil: the command line or the system
	Action    string          `db:"action" json:"action"`
	Subject   string          `db:"subject" json:"subject"`
	Before    json.RawMessage `db:"-" json:"before,omitempty"`
	After     json.RawMessage `db:"-" json:"after,omitempty"`
	CreatedAt time.Time       `db:"created_at" json:"created_at"`
}

// AuditStore reads the administrative audit log.
type AuditStore interface {
	// AdminAudit returns a region's administrative changes, newest first,
	// with id < beforeID (0: from the newest), at most limit.
	AdminAudit(ctx context.Context, regionID, beforeID int64, limit int) ([]AdminAuditRecord, error)
}
