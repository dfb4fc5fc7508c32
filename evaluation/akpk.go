package evaluation

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// Limits of an AKPK file: a city's needs for a year.
const (
	MaxAKPKRows  = 20000
	MaxAKPKBytes = 4 << 20 // 4 MB
)

// akpkHeaders maps the column names of an AKPK result (analisis kebutuhan
// pengembangan kompetensi, as the regional BKPSDM/BPSDM sheets and the
// SIASN development module recapitulate it: per unit or per ASN, the
// competency to develop, its kind, the development path, the number of
// ASN and the JP) to a need's fields. Names are compared in lower case with
// spaces, underscores, dots, slashes and hyphens removed.
var akpkHeaders = map[string]string{
	"unit": "unit", "kodeunit": "unit", "unitkerja": "unit", "unor": "unit", "namaunor": "unit", "opd": "unit", "perangkatdaerah": "unit", "instansi": "unit",
	"kompetensi": "competency", "kebutuhankompetensi": "competency", "kompetensiyangdikembangkan": "competency", "kompetensiyangperludikembangkan": "competency",
	"namakompetensi": "competency", "kesenjangankompetensi": "competency", "namapengembangan": "competency",
	"jeniskompetensi": "competency_kind", "kategorikompetensi": "competency_kind", "kelompokkompetensi": "competency_kind",
	"jalur": "path", "jalurpengembangan": "path", "jalurpengembangankompetensi": "path", "metode": "path",
	"jumlah": "participants", "jumlahasn": "participants", "jumlahpns": "participants", "jumlahpeserta": "participants", "targetpeserta": "participants", "peserta": "participants",
	"nip": "nip", "nipbaru": "nip",
	"jp": "jp", "jumlahjp": "jp", "jampelajaran": "jp", "jumlahjampelajaran": "jp", "jpl": "jp",
	"bentukpengembangan": "note", "jenispengembangan": "note", "keterangan": "note", "catatan": "note",
}

// akpkRequired are the fields every AKPK file has a column for; without a
// count column each line is one ASN's need (a per-person AKPK).
var akpkRequired = []string{"unit", "competency", "competency_kind", "path", "jp"}

// AKPKRow is one valid line of an AKPK file.
type AKPKRow struct {
	Line int
	policies.PlanNeedInput
}

// ParseAKPK reads an AKPK result file for year: UTF-8 (a leading BOM
// ignored), comma- or semicolon-separated, a header naming at least the
// unit, the competency, its kind (manajerial, sosial kultural, teknis), the
// path (klasikal, non klasikal) and the JP; optionally the number of ASN
// (absent: one per line, as in a per-person AKPK with a NIP column) and a
// note or form of development. unit resolves a unit's code or name to the
// region's code. Every bad line is a LineError naming its line and field;
// the caller imports nothing when there is any. The error is for a file
// that cannot be used at all.
func ParseAKPK(data []byte, year int, unit func(string) (string, bool)) (rows []AKPKRow, errs []LineError, err error) {
	f, err := openCSV(data, MaxAKPKBytes, "4 MB", "berkas CSV kosong; baris pertama harus berisi header (Unit, Kompetensi, Jenis Kompetensi, Jalur, JP, …)")
	if err != nil {
		return nil, nil, err
	}
	f.maxRows, f.tooMany = MaxAKPKRows, "berkas CSV berisi lebih dari %d baris"
	col, err := f.mapNamedHeader(akpkHeaders)
	if err != nil {
		return nil, nil, err
	}
	if missing := missing(col, akpkRequired); len(missing) > 0 {
		return nil, nil, policies.FieldError("header", "header CSV tidak memiliki kolom wajib: %s (Unit, Kompetensi, Jenis Kompetensi, Jalur, JP)", strings.Join(missing, ", "))
	}
	err = f.lines(&errs, func(rec []string, line int) {
		row, rowErrs := parseAKPKRow(rec, col, line, year, unit)
		keep(&rows, &errs, row, rowErrs)
	})
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 && len(errs) == 0 {
		return nil, nil, policies.FieldError("file", "berkas CSV tidak berisi satu pun kebutuhan")
	}
	return rows, errs, nil
}

func parseAKPKRow(rec []string, col map[string]int, line, year int, unit func(string) (string, bool)) (AKPKRow, []LineError) {
	get := func(f string) string {
		if i, ok := col[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var errs []LineError
	bad := func(field, format string, args ...any) {
		errs = append(errs, LineError{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	in := policies.PlanNeedInput{Year: year, Competency: get("competency"), Note: get("note"),
		CompetencyKind: akpkKind(get("competency_kind")), Path: akpkPath(get("path"))}
	if u := get("unit"); u == "" {
		bad("unit", "unit wajib diisi")
	} else if code, ok := unit(u); !ok {
		bad("unit", "unit %q tidak ada di wilayah ini", u)
	} else {
		in.Unit = code
	}
	in.Participants = 1
	if _, ok := col["participants"]; ok {
		n, err := strconv.Atoi(get("participants"))
		if err != nil {
			bad("participants", "jumlah ASN %q bukan bilangan bulat", get("participants"))
			n = 1
		}
		in.Participants = n
	}
	if jp, err := strconv.Atoi(get("jp")); err != nil {
		bad("jp", "JP %q bukan bilangan bulat", get("jp"))
		in.JP = 1
	} else {
		in.JP = jp
	}
	if in.Unit == "" {
		in.Unit = "?" // named above; keeps Problems from naming it twice
	}
	for _, e := range in.Problems() {
		if e.Field == "competency_kind" && get("competency_kind") != "" {
			e.Message = fmt.Sprintf("jenis kompetensi %q tidak dikenal; gunakan teknis, manajerial atau sosial kultural", get("competency_kind"))
		}
		if e.Field == "path" && get("path") != "" {
			e.Message = fmt.Sprintf("jalur %q tidak dikenal; gunakan klasikal atau nonklasikal", get("path"))
		}
		errs = append(errs, LineError{Line: line, Field: e.Field, Message: e.Message})
	}
	return AKPKRow{Line: line, PlanNeedInput: in}, errs
}

// akpkKind reads a competency kind as AKPK sheets write it.
func akpkKind(v string) policies.CompetencyKind {
	switch strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(v))) {
	case "manajerial":
		return policies.CompetencyManagerial
	case "sosialkultural", "sosiokultural":
		return policies.CompetencySocioCultural
	case "teknis":
		return policies.CompetencyTechnical
	}
	return policies.CompetencyKind(v)
}

// akpkPath reads a development path as AKPK sheets write it.
func akpkPath(v string) policies.DevelopmentPath {
	switch strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(v))) {
	case "klasikal":
		return policies.PathClassical
	case "nonklasikal":
		return policies.PathNonClassical
	}
	return policies.DevelopmentPath(v)
}
