package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// approvers of the sample chain, stage by stage.
var approvers = []string{"kabid", "kepala", "sekda", "walikota"}

// submitAndApprove submits the current version and has the first stages'
// approvers approve it.
func (r *runner) submitAndApprove(ctx context.Context, p *policy, stages int) error {
	if _, err := r.do(ctx, p, "penyusun", policies.ActSubmit, "submit", workflows.Request{}); err != nil {
		return err
	}
	sha, err := r.sha(ctx, p)
	if err != nil {
		return err
	}
	for _, who := range approvers[:stages] {
		if _, err := r.do(ctx, p, who, policies.ActApprove, "approve-"+who, workflows.Request{VersionSHA256: sha}); err != nil {
			return err
		}
	}
	return nil
}

// approvalWithPlt leaves the policy at its third stage: the first approved
// by the Kabid, the second by the Kabid as Plt. of the Kepala BKPSDM, who
// appointed them.
func (r *runner) approvalWithPlt(ctx context.Context, p *policy) error {
	if err := r.submitAndApprove(ctx, p, 1); err != nil {
		return err
	}
	if _, err := r.do(ctx, p, "kepala", policies.ActDelegate, "delegate", workflows.Request{
		DelegateTo: p.people["kabid"].ID, DelegateUntil: r.now.AddDate(0, 0, 14)}); err != nil {
		return err
	}
	sha, err := r.sha(ctx, p)
	if err != nil {
		return err
	}
	_, err = r.do(ctx, p, "kabid", policies.ActApprove, "approve-plt-kepala", workflows.Request{
		VersionSHA256: sha, OnBehalfOf: p.people["kepala"].ID})
	return err
}

// approveAndStart approves the policy through its chain, has the legal
// unit enact and promulgate it (implementation starts only from a policy
// in force), and starts its implementation for the units named by code.
func (r *runner) approveAndStart(ctx context.Context, p *policy, startedOn time.Time, units ...string) error {
	if err := r.submitAndApprove(ctx, p, len(approvers)); err != nil {
		return err
	}
	if err := r.promulgate(ctx, p, startedOn); err != nil {
		return err
	}
	ids, err := r.units(ctx, p, units...)
	if err != nil {
		return err
	}
	_, err = r.do(ctx, p, "penyusun", policies.ActStartImplementation, "start", workflows.Request{UnitIDs: ids, StartedOn: startedOn})
	return err
}

func (r *runner) units(ctx context.Context, p *policy, codes ...string) ([]int64, error) {
	us, err := r.db.Units(ctx, p.RegionID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, c := range codes {
		found := false
		for _, u := range us {
			if u.Code == c {
				ids, found = append(ids, u.ID), true
			}
		}
		if !found {
			return nil, fmt.Errorf("no unit %q in %s", c, p.region)
		}
	}
	return ids, nil
}

// promulgate has the legal unit enact the approved text as a Perwali
// signed by the Wali Kota and promulgate it, as the Sekda, on the same
// day: today, or the day before a backdated start of implementation. A
// policy already promulgated is left as it is (the demo runs again).
func (r *runner) promulgate(ctx context.Context, p *policy, startedOn time.Time) error {
	es, err := r.db.Enactments(ctx, p.ID)
	if err != nil {
		return err
	}
	if len(es) > 0 && es[0].PromulgatedOn != nil {
		return nil
	}
	day := r.now
	if !startedOn.IsZero() {
		day = startedOn.AddDate(0, 0, -1)
	}
	on := day.In(p.RegionZone.Location()).Format(time.DateOnly)
	legal, wali, sekda := p.people["hukum"], p.people["walikota"], p.people["sekda"]
	if legal.ID == 0 || wali.ID == 0 || sekda.ID == 0 {
		return fmt.Errorf("no sample legal unit, Wali Kota or Sekda in %s", p.region)
	}
	if len(es) == 0 {
		if err := r.harmonise(ctx, p, legal.ID, on); err != nil {
			return fmt.Errorf("harmonise %s: %w", p.Slug, err)
		}
		e, err := r.db.Enact(ctx, p.RegionID, legal.ID, p.ID, policies.EnactmentInput{Form: policies.FormPerwali, EnactedOn: on,
			PrincipalID: wali.ID, SignerID: wali.ID})
		if err != nil {
			return fmt.Errorf("enact %s: %w", p.Slug, err)
		}
		r.seal(ctx, p, e, policies.ActEnacted, legal.ID)
	}
	e, err := r.db.Promulgate(ctx, p.RegionID, legal.ID, p.ID, policies.PromulgationInput{PromulgatedOn: on, PromulgatorID: sekda.ID})
	if err != nil {
		return fmt.Errorf("promulgate %s: %w", p.Slug, err)
	}
	r.seal(ctx, p, e, policies.ActPromulgated, legal.ID)
	// The policy's workflow, told, follows no legal step any more.
	if _, err := r.lc.LegalRecorded(ctx, p.ID, "demo-promulgated-"+p.Slug, workflows.Actor{UserID: legal.ID, Role: policies.RoleLegal}); err != nil {
		r.log.Warn("sample promulgation not told to the workflow", "policy", p.Slug, "err", err)
	}
	return nil
}

// seal signs the official PDF of the act just recorded, when the run has
// a sealer; a failure leaves it unsigned (logged), as on the server.
func (r *runner) seal(ctx context.Context, p *policy, e policies.Enactment, act policies.SignedAct, actorID int64) {
	if r.sealer == nil {
		return
	}
	err := func() error {
		rs, err := r.db.Regions(ctx)
		if err != nil {
			return err
		}
		for _, rg := range rs {
			if rg.ID == p.RegionID {
				return r.sealer.Act(ctx, p.PolicySummary, rg, e, act, actorID)
			}
		}
		return fmt.Errorf("no region %d", p.RegionID)
	}()
	if err != nil {
		r.log.Warn("sample act not signed", "policy", p.Slug, "act", act, "err", err)
	}
}

// harmonise has the legal unit record the harmonisation of the approved
// text by the Kanwil Kementerian Hukum (UU 13/2022 Pasal 58 and 97D;
// Permenkum 40/2025) on day on: the request, and the answer "selesai"
// with its Berita Acara as an attachment. A request recorded already (the
// demo runs again) is answered if it has no answer.
func (r *runner) harmonise(ctx context.Context, p *policy, legalID int64, on string) error {
	hs, err := r.db.Harmonisations(ctx, p.ID)
	if err != nil {
		return err
	}
	if len(hs) == 0 {
		if _, err := r.db.RequestHarmonisation(ctx, p.RegionID, legalID, p.ID, policies.HarmonisationRequestInput{
			RequestedOn: on, RequestLetter: "100.3/" + p.Slug + "/Hukum"}); err != nil {
			return err
		}
	} else if hs[0].Result != nil {
		return nil
	}
	ba, err := r.db.CreateAttachment(ctx, policies.Attachment{PolicyID: p.ID, Kind: policies.AttachmentLetter, Name: "Berita Acara Harmonisasi.pdf",
		ContentType: "application/pdf", Content: []byte("%PDF-1.4\n% Berita Acara Harmonisasi (contoh demo)\n%%EOF\n"), UploadedBy: legalID})
	if err != nil {
		return err
	}
	_, err = r.db.AnswerHarmonisation(ctx, p.RegionID, legalID, p.ID, policies.HarmonisationAnswerInput{AnswerLetter: "W.3-HH.01/" + p.Slug,
		AnsweredOn: on, BeritaAcaraID: ba.ID, Result: policies.HarmonisationDone})
	return err
}
