package policies

import "strings"

// ParticipantChangeKind is what an import does to one participation.
type ParticipantChangeKind string

// Changes an import makes.
const (
	ParticipantAdded     ParticipantChangeKind = "added"
	ParticipantBack      ParticipantChangeKind = "readded" // a removed participant imported again
	ParticipantUpdated   ParticipantChangeKind = "updated"
	ParticipantUnchanged ParticipantChangeKind = "unchanged"
)

// ParticipantDiff is the change an import would make to one NIP.
type ParticipantDiff struct {
	Kind   ParticipantChangeKind
	Before *Participant // the participation held, if any
	After  Participant
}

// CompletionChanged says whether the import changes a held participant's
// completion: that changes the JP they earned, so it is applied only when
// asked for explicitly.
func (d ParticipantDiff) CompletionChanged() bool {
	return d.Before != nil && !d.Before.Removed() && d.Before.Completed != d.After.Completed
}

// DiffParticipants compares an import with the participations held, by NIP.
func DiffParticipants(held, incoming []Participant) []ParticipantDiff {
	byNIP := map[string]*Participant{}
	for i := range held {
		byNIP[held[i].NIP] = &held[i]
	}
	out := make([]ParticipantDiff, 0, len(incoming))
	for _, p := range incoming {
		h := byNIP[p.NIP]
		d := ParticipantDiff{Kind: ParticipantAdded, Before: h, After: p}
		switch {
		case h == nil:
		case h.Removed():
			d.Kind = ParticipantBack
		case h.Name != p.Name || h.UnitID != p.UnitID || h.Attended != p.Attended || h.Completed != p.Completed:
			d.Kind = ParticipantUpdated
		default:
			d.Kind = ParticipantUnchanged
		}
		out = append(out, d)
	}
	return out
}

// ParticipantRemoval removes a participant from a program, for a reason.
type ParticipantRemoval struct {
	Reason string `json:"reason"`
}

// Validate checks a removal has its reason.
func (r *ParticipantRemoval) Validate() error {
	r.Reason = strings.TrimSpace(r.Reason)
	return checkLength(r.Reason, "reason", "alasan mengeluarkan peserta wajib diisi", "alasan", maxProgramReason)
}
