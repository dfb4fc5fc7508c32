package server

import (
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// In the server's tests a code with no name in the catalogue fails the
// page (500) instead of showing the code: see i18n.Strict.
func init() { i18n.Strict = true }

// PageRoutes are the routes that answer GET with a page: every GET route
// of the router but the API, static files, health checks, downloads
// (.csv) and redirects (notification links).
func PageRoutes() ([]string, error) {
	var out []string
	mux, _ := (&Server{}).routes().(chi.Routes)
	err := chi.Walk(mux, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		switch {
		case method != http.MethodGet,
			strings.HasPrefix(route, "/api/"), strings.HasPrefix(route, "/static/"),
			route == "/healthz", route == "/readyz", strings.HasSuffix(route, ".csv"),
			route == "/notifications/{nid}/open":
			return nil
		}
		out = append(out, route)
		return nil
	})
	slices.Sort(out)
	return slices.Compact(out), err
}

// Codes are every code the record keeps that a page might show, by what
// it is: a page must show none of them as it is.
func Codes() map[string][]string {
	// str spells codes of any string type, and lists of them.
	str := func(vs ...any) []string {
		var out []string
		for _, v := range vs {
			switch rv := reflect.ValueOf(v); rv.Kind() {
			case reflect.Slice:
				for i := range rv.Len() {
					out = append(out, rv.Index(i).String())
				}
			case reflect.String:
				out = append(out, strings.TrimSpace(rv.String()))
			default:
				panic("Codes: unknown code type")
			}
		}
		return out
	}
	var actions []string
	for a := range policies.Transitions {
		actions = append(actions, string(a))
	}
	slices.Sort(actions)
	return map[string][]string{
		"status": str(policies.Statuses),
		"role":   str(policies.Roles, policies.RoleSystem),
		"action": append(actions, string(policies.ActConsultationClosed), string(policies.ActApprovalCompleted),
			string(policies.ActApprovalReturned), string(policies.ActEvaluationDue), string(policies.ActLowEvaluation)),
		"audit action": {"policy.created", "version.created", "evaluation_plan", "undo", "program.edit_program",
			"program.reschedule_program", "program.cancel_program", "program.program_started", "program.program_finished", "program.budget",
			"participant.added", "participant.readded", "participant.updated", "participant.removed", "participant.attendance", "session.added"},
		"decision":       {"approve", "reject", "request_changes"},
		"outcome":        {"approved", "rejected", "changes_requested", "cancelled"},
		"round status":   {"pending", "submitted", "overdue"},
		"program status": str(policies.ProgramPlanned, policies.ProgramRunning, policies.ProgramDone, policies.ProgramCancelled),
		"program kind": str(policies.KindPelatihan, policies.KindWorkshop, policies.KindSeminar, policies.KindLokakarya,
			policies.KindELearning, policies.KindMentoring, policies.KindSoftSkills),
		"notification kind": str(policies.NoticeApprovalRequest, policies.NoticeApprovalOutcome, policies.NoticeApprovalSLAReminder,
			policies.NoticeApprovalEscalation, policies.NoticeDelegation, policies.NoticeConsultationInvitation,
			policies.NoticeConsultationReminder, policies.NoticeConsultationSummary, policies.NoticeEvaluationReminder,
			policies.NoticeEvaluationOverdue, policies.NoticeProgramStart, policies.NoticeProgramAttendance, policies.NoticeRevisionOpened,
			policies.NoticeProgramRescheduled, policies.NoticeProgramCancelled,
			policies.NoticeInvitation, policies.NoticePasswordReset),
		"comment status": str(policies.CommentOpen, policies.CommentResolved, policies.CommentPendingModeration, policies.CommentRejected),
		"quorum":         str(policies.QuorumAny, policies.QuorumAll, policies.QuorumNOfM),
		"notify mode":    str(policies.NotifyImmediate, policies.NotifyDigest, policies.NotifyNone),
	}
}

// HeavyRoutes are the routes under the per-caller limit of costly.go.
func HeavyRoutes() []string { return slices.Sorted(maps.Keys(heavyRoutes)) }

// Routes are every route of the router as "METHOD /pattern", the API's
// without its /api/v1 prefix (as heavyRoutes names them).
func Routes() (map[string]bool, error) {
	out := map[string]bool{}
	mux, _ := (&Server{}).routes().(chi.Routes)
	err := chi.Walk(mux, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out[method+" "+strings.TrimPrefix(route, "/api/v1")] = true
		return nil
	})
	return out, err
}
