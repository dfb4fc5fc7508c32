package server

import (
	"maps"
	"reflect"
	"slices"

	"github.com/policyflow/policyflow/policies"
)

// enums are the values of the API's named string types, from their Go
// constants (the lists the domain keeps where it has one).
func enums() map[reflect.Type][]string {
	str := func(vs ...any) []string {
		out := make([]string, 0, len(vs))
		for _, v := range vs {
			out = append(out, reflect.ValueOf(v).String())
		}
		return out
	}
	all := func(vs any) []string {
		v := reflect.ValueOf(vs)
		out := make([]string, v.Len())
		for i := range out {
			out[i] = v.Index(i).String()
		}
		return out
	}
	return map[reflect.Type][]string{
		reflect.TypeFor[policies.Status]():             all(policies.Statuses),
		reflect.TypeFor[policies.Role]():               append(all(policies.Roles), string(policies.RoleSystem)),
		reflect.TypeFor[policies.Action]():             slices.Sorted(maps.Keys(transitionNames())),
		reflect.TypeFor[policies.Disposition]():        all(policies.Dispositions),
		reflect.TypeFor[policies.Channel]():            all(policies.Channels),
		reflect.TypeFor[policies.AttachmentKind]():     all(policies.AttachmentKinds),
		reflect.TypeFor[policies.LegalForm]():          all(policies.LegalForms),
		reflect.TypeFor[policies.RelationKind]():       all(policies.RelationKinds),
		reflect.TypeFor[policies.ReportReason]():       all(policies.ReportReasons),
		reflect.TypeFor[policies.PaperSize]():          all(policies.PaperSizes),
		reflect.TypeFor[policies.GroupKind]():          all(policies.GroupKinds),
		reflect.TypeFor[policies.ActingKind]():         str(policies.ActingPlt, policies.ActingPlh),
		reflect.TypeFor[policies.Quorum]():             str(policies.QuorumAny, policies.QuorumAll, policies.QuorumNOfM),
		reflect.TypeFor[policies.CommentStatus]():      str(policies.CommentOpen, policies.CommentResolved, policies.CommentPendingModeration, policies.CommentRejected),
		reflect.TypeFor[policies.SignCapacity]():       str(policies.SignOwn, policies.SignPlt, policies.SignPlh, policies.SignOnBehalf),
		reflect.TypeFor[policies.ModerationDecision](): str(policies.DecideApprove, policies.DecideHide, policies.DecideKeep),
		reflect.TypeFor[policies.AnchorState]():        append([]string{""}, str(policies.AnchorApplies, policies.AnchorChanged, policies.AnchorRemoved)...), // "": on the version commented on
		reflect.TypeFor[policies.SuggestionState]():    str(policies.SuggestionPending, policies.SuggestionAccepted, policies.SuggestionDeclined),
		reflect.TypeFor[policies.LinkPurpose]():        str(policies.LinkInvite, policies.LinkReset),
		reflect.TypeFor[policies.NotifyMode]():         str(policies.NotifyImmediate, policies.NotifyDigest, policies.NotifyNone),
		reflect.TypeFor[policies.TimeZone]():           str(policies.ZoneWIB, policies.ZoneWITA, policies.ZoneWIT),
	}
}

// transitionNames is every action of the lifecycle table.
func transitionNames() map[string]bool {
	out := map[string]bool{}
	for a := range policies.Transitions {
		out[string(a)] = true
	}
	return out
}

// clientActions are the actions a person may send through the API, sorted.
func clientActions() []string {
	var out []string
	for a := range policies.Transitions {
		if clientAction(a) {
			out = append(out, string(a))
		}
	}
	slices.Sort(out)
	return out
}
