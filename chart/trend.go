package chart

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"
)

// Point is one value of a series in one round.
type Point struct {
	Round int
	Value float64
}

// IKMTrend draws IKM per series (a unit's name) over rounds as an SVG line
// chart over the bands A–D; "" when there is nothing to draw.
func IKMTrend(series map[string][]Point) template.HTML {
	if len(series) == 0 {
		return ""
	}
	maxRound := 1
	for _, pts := range series {
		for _, p := range pts {
			maxRound = max(maxRound, p.Round)
		}
	}
	const w, h, left, bottom, top = 640.0, 260.0, 40.0, 30.0, 10.0
	x := func(round int) float64 {
		if maxRound == 1 {
			return left + (w-left-10)/2
		}
		return left + float64(round-1)*(w-left-10)/float64(maxRound-1)
	}
	y := func(v float64) float64 { return top + (100-v)*(h-top-bottom)/75 }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="chart-title"><title id="chart-title">Tren IKM per unit</title>`, w, h)
	for _, band := range []struct {
		lo, hi float64
		name   string
		fill   string
	}{{88.31, 100, "A", "#e6f4ea"}, {76.61, 88.31, "B", "#eef6ff"}, {65, 76.61, "C", "#fff4e0"}, {25, 65, "D", "#fbe3e3"}} {
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.0f" height="%.1f" fill="%s"/><text x="4" y="%.1f" font-size="11">%s</text>`,
			left, y(band.hi), w-left-10, y(band.lo)-y(band.hi), band.fill, y((band.lo+band.hi)/2)+4, band.name)
	}
	for r := 1; r <= maxRound; r++ {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="11" text-anchor="middle">%d</text>`, x(r), h-10, r)
	}
	names := make([]string, 0, len(series))
	for n := range series {
		names = append(names, n)
	}
	sort.Strings(names)
	colors := []string{"#0b5cad", "#a31515", "#1f7a3a", "#9a6100", "#6b2fa3", "#00707a"}
	for i, n := range names {
		c := colors[i%len(colors)]
		var pts []string
		for _, p := range series[n] {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.Round), y(p.Value)))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, c, strings.Join(pts, " "))
		for _, p := range series[n] {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s, putaran %d: %.2f</title></circle>`, x(p.Round), y(p.Value), c, html.EscapeString(n), p.Round, p.Value)
		}
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="11" fill="%s">%s</text>`, left+4, top+12+float64(i)*13, c, html.EscapeString(n))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built here, every user string escaped
}
