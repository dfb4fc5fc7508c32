package server

import (
	"io"
	"strconv"
	"strings"
)

// writeSKMTableCSV writes a unit's SKM calculation table: one line per
// element U1..U9 (its counts per score, answers, sum, NRR, weight,
// weighted NRR, its score ×25 and whether it is below the threshold), then
// the lines TOTAL (the weighted NRR summed), IKM (×25, band, label) and
// SAMPEL (respondents, required, population, sufficient). Numbers carry a
// decimal point, so a spreadsheet recomputes them as they are.
func writeSKMTableCSV(w io.Writer, v skmTableView) error {
	e, err := newCSVExport(w, []string{"unsur", "nama", "nilai_1", "nilai_2", "nilai_3", "nilai_4", "jumlah_jawaban", "jumlah_nilai",
		"nrr", "bobot", "nrr_tertimbang", "nilai_unsur_x25", "di_bawah_ambang"},
		"nilai_1", "nilai_2", "nilai_3", "nilai_4", "jumlah_jawaban", "jumlah_nilai", "nrr", "bobot", "nrr_tertimbang", "nilai_unsur_x25")
	if err != nil {
		return err
	}
	t := v.Table
	f4 := func(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }
	f2 := func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
	yes := func(b bool) string {
		if b {
			return "ya"
		}
		return "tidak"
	}
	weight := strconv.Itoa(t.WeightNum) + "/" + strconv.Itoa(t.WeightDen)
	for _, r := range t.Rows {
		cells := []string{strings.ToUpper(r.Code), r.Name}
		for _, c := range r.Counts {
			cells = append(cells, strconv.Itoa(c))
		}
		cells = append(cells, strconv.Itoa(r.Answers), strconv.Itoa(r.Sum))
		if r.Answered {
			cells = append(cells, f4(r.NRR), weight, f4(r.Weighted), f2(r.Score), yes(r.Weak))
		} else {
			cells = append(cells, "", "", "", "", "")
		}
		if err := e.write(cells...); err != nil {
			return err
		}
	}
	lines := [][]string{
		{"TOTAL", "NRR tertimbang", "", "", "", "", "", "", "", weight, f4(t.TotalWeighted), "", ""},
		{"IKM", "NRR tertimbang x 25", "", "", "", "", "", "", "", "", "", f2(t.IKM), t.Band + " " + t.Label},
	}
	pop := ""
	if v.Sample.Population > 0 {
		pop = strconv.Itoa(v.Sample.Population)
	}
	lines = append(lines, []string{"SAMPEL", "responden / minimum / populasi", "", "", "", "", strconv.Itoa(v.Sample.Respondents),
		strconv.Itoa(v.Sample.Required), pop, "", "", "", "cukup: " + yes(v.Sample.Sufficient)})
	for _, l := range lines {
		if err := e.write(l...); err != nil {
			return err
		}
	}
	return e.flush()
}
