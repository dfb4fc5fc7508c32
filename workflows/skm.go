package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/evaluation"
)

// versionSKMSample guards the sample rule of a low SKM: a result opens a
// revision only when its sample is sufficient, and the revision's reason
// names the unit, the round and the weak elements.
const versionSKMSample = "skm-sample-gate"

// skmVerdict is how a low SKM result is judged (activities.JudgeSKM).
type skmVerdict activities.SKMJudgement

// judgeSKM judges a low SKM result in a local activity, recorded in the
// history: the unit's name, its sample against the Krejcie–Morgan size of
// the population (or the region's minimum), its weak elements.
func judgeSKM(ctx workflow.Context, policyID int64, e *EvaluationReport, threshold float64) (skmVerdict, error) {
	var j activities.SKMJudgement
	err := workflow.ExecuteLocalActivity(withLocal(ctx), a.JudgeSKM, activities.JudgeSKMInput{
		PolicyID: policyID, UnitID: e.UnitID, Data: e.Data, Population: e.Population, Threshold: threshold}).Get(ctx, &j)
	return skmVerdict(j), err
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
