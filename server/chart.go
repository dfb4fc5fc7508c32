package server

import (
	"html/template"

	"github.com/policyflow/policyflow/chart"
)

// trendChart draws IKM per unit over rounds (chart.IKMTrend); unit names
// are escaped there.
func trendChart(rows []evaluationRowView) template.HTML {
	series := map[string][]chart.Point{}
	for _, r := range rows {
		if r.SKM != nil {
			series[r.UnitName] = append(series[r.UnitName], chart.Point{Round: r.Round, Value: *r.SKM})
		}
	}
	return chart.IKMTrend(series)
}
