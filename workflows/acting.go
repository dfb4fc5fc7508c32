package workflows

import (
	"time"

	"github.com/policyflow/policyflow/policies"
)

// ActingAppointment is a standing appointment of the actor as acting
// official (Plt. or Plh.) for a principal over a period, made by the
// official or the region's administrator outside any run (issue 11). The
// server finds it in the record and passes it in the Request; the approval
// accepts a decision "on behalf of" the principal when it names them and
// the workflow's clock is inside the period. Unlike a delegation made inside
// a run, it covers every approval in the period.
type ActingAppointment struct {
	ID           int64
	PrincipalID  int64
	Kind         policies.ActingKind
	LetterNumber string
	From, Until  time.Time // Until is exclusive: the midnight after the last day
}

// actingCovers reports whether the request's appointment lets the actor
// decide for req.OnBehalfOf at now, and if not, why.
func actingCovers(req Request, now time.Time) error {
	a := req.Acting
	if a == nil || a.PrincipalID != req.OnBehalfOf || !a.Kind.Valid() {
		return forbidden("Anda bukan Plt. yang sedang berlaku untuk penyetuju %d", req.OnBehalfOf)
	}
	if now.Before(a.From) || !now.Before(a.Until) {
		return forbidden("Masa tugas %s Anda (surat %s) berlaku %s sampai %s; di luar masa itu Anda tidak dapat memberi keputusan atas nama penyetuju %d",
			a.Kind.Abbrev(), a.LetterNumber, a.From.Format("02-01-2006"), a.Until.Add(-time.Second).Format("02-01-2006"), req.OnBehalfOf)
	}
	return nil
}
