package workflows

import (
	"encoding/json"
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// versionSKMSample guards the sample rule of a low SKM: a result opens a
// revision only when its sample is sufficient, and the revision's reason
// names the unit, the round and the weak elements.
const versionSKMSample = "skm-sample-gate"

// skmVerdict is how a low SKM result is judged.
type skmVerdict struct {
	UnitName string
	Sample   evaluation.SKMSample
	Weak     []string // codes of the elements scoring below the threshold
}

// judgeSKM reads the unit's name and its region's minimum (a local
// activity, recorded in the history) and judges the report's sample and
// elements from its answers (pure, deterministic). A report whose answers
// cannot be read counts as no respondent: it reopens nothing.
func judgeSKM(ctx workflow.Context, policyID int64, e *EvaluationReport, threshold float64) (skmVerdict, error) {
	var rule policies.SKMSampleRule
	if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.SKMSampleRule, activities.SKMSampleRuleInput{
		PolicyID: policyID, UnitID: e.UnitID}).Get(ctx, &rule); err != nil {
		return skmVerdict{}, err
	}
	v := skmVerdict{UnitName: rule.UnitName}
	var responses evaluation.SKMResponses
	respondents := 0
	if json.Unmarshal(e.Data, &responses) == nil {
		if t, err := evaluation.NewSKMTable(responses, threshold); err == nil {
			respondents, v.Weak = t.Respondents, t.WeakElements()
		}
	}
	v.Sample = evaluation.SampleOf(respondents, e.Population, rule.RegionMinimum)
	return v, nil
}

// reason is the revision's reason: the unit, the round, the IKM against the
// threshold, the sample and the weak elements by code and name.
func (v skmVerdict) reason(e *EvaluationReport, threshold float64) string {
	var weak []string
	for _, code := range v.Weak {
		for _, el := range evaluation.SKMElements {
			if el.Code == code {
				weak = append(weak, strings.ToUpper(code)+" "+el.Name)
			}
		}
	}
	s := fmt.Sprintf("IKM %.2f pada putaran %d di bawah ambang %.2f: unit %s (%d responden, sampel minimum %d)",
		e.Score, e.Round, threshold, v.UnitName, v.Sample.Respondents, v.Sample.Required)
	if len(weak) > 0 {
		s += "; unsur di bawah ambang: " + strings.Join(weak, ", ")
	}
	return s
}

// populationOf is the report's population as the record keeps it (nil: none).
func populationOf(e *EvaluationReport) *int {
	if e.Population <= 0 {
		return nil
	}
	n := e.Population
	return &n
}
