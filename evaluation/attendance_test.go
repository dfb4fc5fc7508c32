package evaluation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

func TestParseAttendance(t *testing.T) {
	const a, b = "198503122010011002", "199001012015032001"
	rows, errs, err := ParseAttendance(strings.NewReader("\uFEFFNIP;Sesi;Hadir\n" +
		a + ";1;ya\n" +
		a + ";2;tidak\n" +
		"123;1;ya\n" + // bad NIP
		b + ";nol;ya\n" + // bad session
		b + ";0;ya\n" + // session 0
		b + ";1;mungkin\n" + // bad yes/no
		a + ";1;tidak\n" + // repeated
		";;\n" + // blank: skipped
		b + ";2;1\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%d:%s/%d=%v", r.Line, r.NIP[:4], r.Session, r.Present))
	}
	if fmt.Sprint(got) != "[2:1985/1=true 3:1985/2=false 10:1990/2=true]" {
		t.Errorf("rows = %v", got)
	}
	var bad []string
	for _, e := range errs {
		bad = append(bad, fmt.Sprintf("%d:%s", e.Line, e.Field))
	}
	if fmt.Sprint(bad) != "[4:nip 5:sesi 6:sesi 7:hadir 8:nip]" {
		t.Errorf("errors = %v", bad)
	}
	for _, in := range []string{"", "nip,hadir\n" + a + ",ya\n"} {
		if _, _, err := ParseAttendance(strings.NewReader(in)); policies.KindOf(err) != policies.KindInvalid {
			t.Errorf("%q: %v, want the header refused", in, err)
		}
	}
}
