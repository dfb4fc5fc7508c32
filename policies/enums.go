package policies

import (
	"maps"
	"reflect"
	"slices"
)

// ByPerson reports whether people take the action; the rest are the
// system's (the workflows').
func (a Action) ByPerson() bool {
	t, ok := Transitions[a]
	return ok && !slices.Contains(t.Roles, RoleSystem)
}

// ByClient reports whether a person may send the action themselves.
// Evaluation results are not among them: scores reach the workflow only
// through the SKM and Kirkpatrick forms, computed from the answers.
func (a Action) ByClient() bool {
	return a.ByPerson() && a != ActRecordEvaluation
}

// ClientActions are the actions a person may send themselves, sorted.
func ClientActions() []string {
	var out []string
	for a := range Transitions {
		if a.ByClient() {
			out = append(out, string(a))
		}
	}
	slices.Sort(out)
	return out
}

// Enums are the values of the domain's named string types, from their Go
// constants (the lists kept where there is one), for the documents that
// describe them (the API's OpenAPI document).
func Enums() map[reflect.Type][]string {
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
	actions := slices.Sorted(maps.Keys(Transitions))
	return map[reflect.Type][]string{
		reflect.TypeFor[Status]():              all(Statuses),
		reflect.TypeFor[Role]():                append(all(Roles), string(RoleSystem)),
		reflect.TypeFor[Action]():              all(actions),
		reflect.TypeFor[Disposition]():         all(Dispositions),
		reflect.TypeFor[Channel]():             all(Channels),
		reflect.TypeFor[AttachmentKind]():      all(AttachmentKinds),
		reflect.TypeFor[LegalForm]():           all(LegalForms),
		reflect.TypeFor[RelationKind]():        all(RelationKinds),
		reflect.TypeFor[ReportReason]():        all(ReportReasons),
		reflect.TypeFor[PaperSize]():           all(PaperSizes),
		reflect.TypeFor[GroupKind]():           all(GroupKinds),
		reflect.TypeFor[CommentGroupKind]():    all(CommentGroupKinds),
		reflect.TypeFor[ActingKind]():          str(ActingPlt, ActingPlh),
		reflect.TypeFor[Quorum]():              str(QuorumAny, QuorumAll, QuorumNOfM),
		reflect.TypeFor[CommentStatus]():       str(CommentOpen, CommentResolved, CommentPendingModeration, CommentRejected),
		reflect.TypeFor[SignCapacity]():        str(SignOwn, SignPlt, SignPlh, SignOnBehalf),
		reflect.TypeFor[ModerationDecision]():  str(DecideApprove, DecideHide, DecideKeep),
		reflect.TypeFor[AnchorState]():         append([]string{""}, str(AnchorApplies, AnchorChanged, AnchorRemoved)...), // "": on the version commented on
		reflect.TypeFor[SuggestionState]():     str(SuggestionPending, SuggestionAccepted, SuggestionDeclined),
		reflect.TypeFor[LinkPurpose]():         str(LinkInvite, LinkReset),
		reflect.TypeFor[NotifyMode]():          str(NotifyImmediate, NotifyDigest, NotifyNone),
		reflect.TypeFor[TimeZone]():            str(ZoneWIB, ZoneWITA, ZoneWIT),
		reflect.TypeFor[ParafKind]():           all(ParafKinds),
		reflect.TypeFor[HarmonisationResult](): all(HarmonisationResults),
		reflect.TypeFor[HolidayKind]():         str(HolidayNational, HolidayJointLeave, HolidayRegional),
	}
}
