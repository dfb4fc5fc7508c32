package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.temporal.io/sdk/activity"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// JudgeSKMInput is a low SKM result to judge before it may open a
// revision: its unit, answers (per element U1..U9, respondents answering
// 1–4, JSON), the population the unit entered and the policy's threshold.
type JudgeSKMInput struct {
	PolicyID, UnitID int64
	Data             []byte
	Population       int
	Threshold        float64
}

// SKMJudgement is the judgement: the unit's name, the sample against the
// Krejcie–Morgan size (or the region's minimum) and the weak elements.
type SKMJudgement struct {
	UnitName string
	Sample   evaluation.SKMSample
	Weak     []string // codes of the elements scoring below the threshold
}

// JudgeSKM reads the unit's name and its region's minimum of respondents
// and judges the answers' sample and elements (in an activity, so the
// workflow replays the judgement as recorded). Answers that cannot be read
// count as no respondent: they reopen nothing.
func (a *Activities) JudgeSKM(ctx context.Context, in JudgeSKMInput) (SKMJudgement, error) {
	r, err := a.Store.SKMSampleRule(ctx, in.PolicyID, in.UnitID)
	if err != nil {
		return SKMJudgement{}, nonRetryable(err)
	}
	j := SKMJudgement{UnitName: r.UnitName}
	var responses evaluation.SKMResponses
	respondents := 0
	if json.Unmarshal(in.Data, &responses) == nil {
		if t, err := evaluation.NewSKMTable(responses, in.Threshold); err == nil {
			respondents, j.Weak = t.Respondents, t.WeakElements()
		}
	}
	j.Sample = evaluation.SampleOf(respondents, in.Population, r.RegionMinimum)
	return j, nil
}

// RemindFollowUpInput is one reminder of a follow-up (rencana tindak lanjut).
type RemindFollowUpInput struct {
	FollowUpID int64
	Key        string // per reminder: each person gets it once
	Overdue    bool   // past its due date: the unit head hears of it too
}

// FollowUpReminded says whether the follow-up needs no more reminders.
type FollowUpReminded struct {
	Done bool // done, moot (its policy archived), or no longer recorded
}

// RemindFollowUp reminds the officers of a follow-up's unit (and, overdue
// or with no officer, its head) that it is not done, in one write; a
// follow-up done, moot or gone is not reminded and says so.
func (a *Activities) RemindFollowUp(ctx context.Context, in RemindFollowUpInput) (FollowUpReminded, error) {
	f, err := a.Store.FollowUpByID(ctx, in.FollowUpID)
	if policies.IsKind(err, policies.KindNotFound) {
		return FollowUpReminded{Done: true}, nil
	}
	if err != nil {
		return FollowUpReminded{}, nonRetryable(err)
	}
	if f.Moot() {
		return FollowUpReminded{Done: true}, nil
	}
	contacts, err := a.Store.UnitContacts(ctx, []int64{f.UnitID})
	if err != nil {
		return FollowUpReminded{}, nonRetryable(err)
	}
	c := contacts[f.UnitID]
	to := c.Officers
	if c.Head != 0 && (in.Overdue || len(to) == 0) {
		to = append(to, c.Head)
	}
	if len(to) == 0 {
		activity.GetLogger(ctx).Warn("follow-up reminder reaches nobody: the unit has no officer nor head", "follow_up", f.ID, "unit", f.UnitID)
	}
	// A day of the region's calendar, named with its zone.
	due := i18n.Locale{Lang: i18n.ID, Zone: f.Zone}.Day(f.DueOn) + " (" + f.Zone.Location().String() + ")"
	subject := fmt.Sprintf("Tindak lanjut SKM %s (putaran %d) tenggat %s", strings.ToUpper(f.Element), f.Round, due)
	if in.Overdue {
		subject = fmt.Sprintf("Terlambat: tindak lanjut SKM %s (putaran %d), tenggat %s", strings.ToUpper(f.Element), f.Round, due)
	}
	key := "nm_skm_follow_up"
	if in.Overdue {
		key = "nm_skm_follow_up_late"
	}
	if _, err := a.Notify(ctx, NotifyInput{Key: in.Key, PolicyID: f.PolicyID, UserIDs: to, Kind: policies.NoticeEvaluationReminder, Subject: subject,
		Body: fmt.Sprintf("Rencana tindak lanjut unit %s: %s (penanggung jawab %s) belum selesai. Perbarui statusnya bila sudah selesai.", f.UnitName, f.Action, f.Owner),
		Message: policies.Msg(key, policies.MsgText(strings.ToUpper(f.Element)), policies.MsgNumber(f.Round),
			policies.MsgParts(policies.MsgDay(f.DueOn), policies.MsgText(" ("+f.Zone.Location().String()+")")),
			policies.MsgText(f.UnitName), policies.MsgText(f.Action), policies.MsgText(f.Owner)),
		Link: fmt.Sprintf("/policies/%d/evaluations/%d/units/%d/skm", f.PolicyID, f.Round, f.UnitID)}); err != nil {
		return FollowUpReminded{}, err
	}
	return FollowUpReminded{}, nil
}
