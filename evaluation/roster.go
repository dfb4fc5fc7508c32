package evaluation

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// Limits of a roster CSV file: a city's whole ASN.
const (
	MaxRosterRows  = 20000
	MaxRosterBytes = 8 << 20 // 8 MB
)

// rosterHeaders maps the header names of the SIASN and MyASN exports (and
// plain ones) to the roster's fields. Names are compared in lower case with
// spaces, underscores, dots and hyphens removed.
var rosterHeaders = map[string]string{
	"nip": "nip", "nipbaru": "nip", "nipnipppk": "nip", "nipni": "nip", "nipppk": "nip", "nomorindukpppk": "nip", "nomorinduk": "nip",
	"nama": "name", "namapns": "name", "namapegawai": "name", "namalengkap": "name", "name": "name",
	"jenisasn": "kind", "jenispegawai": "kind", "jenis": "kind", "statusasn": "kind", "kind": "kind",
	"unit": "unit", "kodeunit": "unit", "unor": "unit", "namaunor": "unit", "unitkerja": "unit", "unorinduk": "unit", "namaunorinduk": "unit", "opd": "unit", "perangkatdaerah": "unit",
	"jabatan": "jabatan", "namajabatan": "jabatan",
	"golongan": "golongan", "golru": "golongan", "golonganruang": "golongan", "golonganpangkat": "golongan", "pangkatgolongan": "golongan", "pangkat": "pangkat",
	"email": "email", "alamatemail": "email", "surel": "email", "emailpribadi": "email", "emailkantor": "email",
	"aktif": "active", "active": "active", "status": "active", "kedudukanhukum": "active", "kedudukanpns": "active", "statuspegawai": "active",
}

// rosterRequired are the fields every roster file has a column for.
var rosterRequired = []string{"nip", "name", "unit"}

// RosterRow is one valid line of a roster file.
type RosterRow struct {
	Line int
	policies.RosterInput
}

// FileHash is the SHA-256 of a file's bytes, in hex: what a re-post of the
// same file is recognised by.
func FileHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ParseRoster reads a roster CSV file in the shape the SIASN/MyASN
// exports give: UTF-8 (a leading BOM ignored), comma- or semicolon-
// separated, a header naming at least the number (NIP, "NIP Baru"), the
// name ("Nama", "Namapns") and the unit ("Unit", "Nama Unor", "Unit
// Kerja"), and optionally the ASN kind ("Jenis ASN", "Jenis Pegawai":
// PNS, CPNS, PPPK, PPPK Paruh Waktu; empty: what the number's form says),
// jabatan, golongan and/or pangkat, email ("Email", "Alamat Email":
// without the column, the stored emails stay), and whether active ("Aktif",
// "Kedudukan Hukum": aktif/ya/1 or tidak aktif, pensiun, berhenti…;
// absent: active). unit resolves a unit's code or name to the region's
// unit code. Every problem is a LineError naming its line and field
// (nip, name, kind, unit, jabatan, golongan, active, email); the caller must
// import nothing when there is any. The error is for a file that cannot be
// used at all (as ParseParticipants says).
func ParseRoster(data []byte, unit func(string) (string, bool)) (rows []RosterRow, errs []LineError, err error) {
	f, err := openCSV(data, MaxRosterBytes, "8 MB", "berkas CSV kosong; baris pertama harus berisi header (NIP, Nama, Unit, …)")
	if err != nil {
		return nil, nil, err
	}
	f.maxRows, f.tooMany = MaxRosterRows, "berkas CSV berisi lebih dari %d baris ASN"
	col, err := f.mapNamedHeader(rosterHeaders)
	if err != nil {
		return nil, nil, err
	}
	if missing := missing(col, rosterRequired); len(missing) > 0 {
		return nil, nil, policies.FieldError("header", "header CSV tidak memiliki kolom wajib: %s (misalnya NIP, Nama, Unit — atau NIP Baru, Namapns, Nama Unor dari ekspor SIASN)", strings.Join(missing, ", "))
	}
	seen := firstLines{} // NIP → line it first appeared on
	err = f.lines(&errs, func(rec []string, line int) {
		row, rowErrs := parseRosterRow(rec, col, line, unit)
		if row.NIP != "" && len(row.NIP) == policies.NIPLength {
			rowErrs = append(rowErrs, seen.repeated(row.NIP, line, "nip", "NIP/NI PPPK %s sudah tercantum pada baris %d", row.NIP)...)
		}
		keep(&rows, &errs, row, rowErrs)
	})
	if err != nil {
		return nil, nil, err
	}
	return rows, errs, nil
}

// parseRosterRow reads and checks one line.
func parseRosterRow(rec []string, col map[string]int, line int, unit func(string) (string, bool)) (RosterRow, []LineError) {
	get := func(f string) string {
		i, ok := col[f]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var errs []LineError
	row := RosterRow{Line: line, RosterInput: policies.RosterInput{NIP: get("nip"), Name: get("name"), Jabatan: get("jabatan")}}
	switch g, p := get("golongan"), get("pangkat"); {
	case g != "" && p != "":
		row.Golongan = g + " — " + p
	default:
		row.Golongan = g + p
	}
	switch k := strings.ToUpper(strings.Join(strings.Fields(get("kind")), " ")); k {
	case "":
	case "PNS", "CPNS":
		row.Kind = policies.ASNPNS
	case "PPPK", "P3K", "PPPK PARUH WAKTU":
		row.Kind = policies.ASNPPPK
	default:
		errs = append(errs, lineErrorf(line, "kind", "jenis ASN %q tidak dikenal; gunakan PNS, CPNS, PPPK atau PPPK Paruh Waktu", get("kind")))
		row.Kind = ""
	}
	if _, ok := col["active"]; ok {
		active, known := activeValue(get("active"))
		if !known {
			errs = append(errs, lineErrorf(line, "active", "status %q tidak dikenali; gunakan aktif atau tidak aktif (pensiun, berhenti, meninggal)", get("active")))
		}
		row.Active = &active
	}
	if _, ok := col["email"]; ok {
		email := get("email")
		row.Email = &email // a file with the column says every person's email; without it, they stay
	}
	u := get("unit")
	row.Unit = u
	for _, e := range row.Problems() {
		errs = append(errs, LineError{Line: line, Field: e.Field, Message: e.Message})
	}
	if u != "" {
		if code, ok := unit(u); ok {
			row.Unit = code
		} else {
			errs = append(errs, lineErrorf(line, "unit", "unit %q tidak ada di wilayah ini (tulis kode atau nama unit)", u))
		}
	}
	return row, errs
}

// activeValue reads an active flag as the exports write it; "" is active.
func activeValue(v string) (active, known bool) {
	switch strings.ToLower(strings.Join(strings.Fields(v), " ")) {
	case "", "aktif", "ya", "1", "true", "active", "pns", "cpns", "pppk":
		return true, true
	case "tidak aktif", "tidak", "nonaktif", "non aktif", "0", "false", "inactive", "pensiun", "berhenti", "diberhentikan",
		"meninggal", "meninggal dunia", "mpp", "cltn", "pindah", "keluar":
		return false, true
	}
	return true, false
}
