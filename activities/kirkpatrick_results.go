package activities

import (
	"context"
	"fmt"
	"strings"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// The activities of Kirkpatrick level 4 and of judging levels 3 and 4
// when their windows close.

// KirkpatrickResultStore is what these activities need of the record.
type KirkpatrickResultStore interface {
	ProgramResultOf(ctx context.Context, programID int64) (policies.ProgramResult, error)
	BehaviourAnswers(ctx context.Context, programID int64) ([]policies.BehaviourAnswer, error)
}

// AskResults asks the program's unit (its officers and head) to record
// the indicator's measured value, or to set the indicator first when none
// is; it returns 1.
func (a *Activities) AskResults(ctx context.Context, in KirkpatrickInput) (int, error) {
	return a.askResults(ctx, in, false)
}

// RemindResults reminds the unit while no value is recorded; it returns
// 1 when it reminded, 0 when the value is in.
func (a *Activities) RemindResults(ctx context.Context, in KirkpatrickInput) (int, error) {
	return a.askResults(ctx, in, true)
}

func (a *Activities) askResults(ctx context.Context, in KirkpatrickInput, reminder bool) (int, error) {
	res, err := a.Store.ProgramResultOf(ctx, in.ProgramID)
	set := err == nil
	if err != nil && policies.KindOf(err) != policies.KindNotFound {
		return 0, nonRetryable(err)
	}
	if reminder && set && res.Actual != nil {
		return 0, nil
	}
	prog, err := a.Store.ProgramByID(ctx, in.ProgramID)
	if err != nil {
		return 0, nonRetryable(err)
	}
	c, err := a.LoadUnitContacts(ctx, prog.UnitID)
	if err != nil {
		return 0, err
	}
	kind, subject, key := policies.NoticeResultsDue, "Catat indikator hasil program: "+in.Title, "nm_results_due"
	if reminder {
		kind, subject, key = policies.NoticeResultsReminder, "Pengingat indikator hasil: "+in.Title, "nm_results_reminder"
	}
	body := fmt.Sprintf("Mohon catat nilai capaian indikator %s (%s; nilai awal %s, target %s) setelah program %s, dengan tanggal pengukurannya.",
		res.Indicator, res.UnitOfMeasure, num(res.Baseline), num(res.Target), in.Title)
	msg := policies.Msg(key, policies.MsgText(in.Title), policies.MsgText(res.Indicator), policies.MsgText(res.UnitOfMeasure),
		policies.MsgDecimal(res.Baseline), policies.MsgDecimal(res.Target))
	if !set {
		body = fmt.Sprintf("Program %s belum memiliki indikator hasil. Mohon tetapkan indikatornya (nama, satuan, nilai awal, target) dan catat nilai capaiannya.", in.Title)
		msg.Key += "_unset"
	}
	_, err = a.Notify(ctx, NotifyInput{Key: in.Key, PolicyID: in.PolicyID, UserIDs: append([]int64{c.Head}, c.Officers...),
		Kind: kind, Subject: subject, Body: body, Message: msg, Link: in.Link})
	return 1, err
}

// JudgeBehaviour judges level 3 when its links close: weak when at least
// policies.MinBehaviourAnswers supervisors answered and an item's mean is
// below policies.WeakBehaviourMean; the reason names the program, the
// level and the weak items with their means.
func (a *Activities) JudgeBehaviour(ctx context.Context, in KirkpatrickInput) (policies.KirkpatrickJudgement, error) {
	as, err := a.Store.BehaviourAnswers(ctx, in.ProgramID)
	if err != nil {
		return policies.KirkpatrickJudgement{}, nonRetryable(err)
	}
	sum := evaluation.SummarizeLevels(nil, nil, as)
	var weak []string
	for _, i := range sum.WeakBehaviour() {
		weak = append(weak, fmt.Sprintf("%s %s", policies.BehaviourItemNames[policies.BehaviourItems[i]], num(sum.BehaviourItemMeans[i])))
	}
	if len(weak) == 0 {
		return policies.KirkpatrickJudgement{}, nil
	}
	return policies.KirkpatrickJudgement{Weak: true, Reason: fmt.Sprintf(
		"Kirkpatrick tingkat 3 (perilaku) program %s (#%d) lemah: %d atasan menjawab; butir dengan rerata di bawah %s: %s",
		in.Title, in.ProgramID, sum.BehaviourCount, num(policies.WeakBehaviourMean), strings.Join(weak, ", "))}, nil
}

// JudgeResults judges level 4 when its reminders are over: weak when the
// measured value does not reach the target (no value, or no indicator,
// judges nothing); the reason names the program, the level and the indicator.
func (a *Activities) JudgeResults(ctx context.Context, in KirkpatrickInput) (policies.KirkpatrickJudgement, error) {
	res, err := a.Store.ProgramResultOf(ctx, in.ProgramID)
	switch {
	case policies.KindOf(err) == policies.KindNotFound:
		return policies.KirkpatrickJudgement{}, nil
	case err != nil:
		return policies.KirkpatrickJudgement{}, nonRetryable(err)
	case res.Actual == nil || res.Reached():
		return policies.KirkpatrickJudgement{}, nil
	}
	return policies.KirkpatrickJudgement{Weak: true, Reason: fmt.Sprintf(
		"Kirkpatrick tingkat 4 (hasil) program %s (#%d) lemah: indikator %s mencapai %s %s dari nilai awal %s, tidak mencapai target %s",
		in.Title, in.ProgramID, res.Indicator, num(*res.Actual), res.UnitOfMeasure, num(res.Baseline), num(res.Target))}, nil
}

// num writes a figure as a revision's reason does: two decimals, a comma.
func num(f float64) string { return strings.Replace(fmt.Sprintf("%.2f", f), ".", ",", 1) }
