// Package samples holds the sample data Policyflow is seeded with: three
// regions named in the source documents, their units (OPD), a user for every
// role, an approval chain per region, and five policy drafts made from the seeds.
package samples

import (
	"embed"
	"fmt"
	"strings"
)

//go:embed *.md
var docs embed.FS

// DevPassword is the password of every sample user. It is for local
// development only and is printed by `policyflow dev`.
const DevPassword = "policyflow-dev"

// DevTOTPSecret is the second factor (TOTP, base32) of every sample user
// whose role needs one (administrators, leaders, Bagian Hukum): add it to
// an authenticator app once to sign in as any of them. For local
// development only, printed by `policyflow dev` like DevPassword.
const DevTOTPSecret = "POLICYFLOWDEV234"

// Region is a sample region with its units, users, chain and policies.
type Region struct {
	Slug        string
	Name        string
	OfficerUnit string // the unit whose officer and head are sample users
	Units       []Unit
	Users       []User
	Chain       Chain
	Policies    []Policy
}

// Unit is a sample OPD.
type Unit struct{ Code, Name string }

// ShortName is the unit's abbreviation in parentheses, if its name ends
// with one, else its name: "BKPSDM", "Dinas Kesehatan".
func (u Unit) ShortName() string {
	if i := strings.LastIndex(u.Name, " ("); i > 0 && strings.HasSuffix(u.Name, ")") {
		return u.Name[i+2 : len(u.Name)-1]
	}
	return u.Name
}

// Heads maps a region's unit codes to the email of the user who heads them.
func (r Region) Heads() map[string]string {
	return map[string]string{
		"bkpsdm":      "kepala." + r.Slug + "@policyflow.test",
		r.OfficerUnit: "kepala.opd." + r.Slug + "@policyflow.test",
	}
}

// User is a sample user; UnitCode names a unit of the same region ("" for none).
type User struct {
	Email, Name, Role, UnitCode, Title string
}

// Chain is a sample approval chain: its stages in order.
type Chain struct {
	Name   string
	Stages []Stage
}

// Stage is one approval stage; Approvers are user emails.
type Stage struct {
	Name           string
	Quorum         string
	QuorumN        int
	SLADays        int
	EscalationDays int
	Approvers      []string
}

// Policy is a sample policy draft; File is a Markdown file of this package.
type Policy struct {
	Slug, File, OwnerUnit, Author string
}

// Markdown returns the text of a sample policy file.
func Markdown(file string) (string, error) {
	b, err := docs.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("samples: %w", err)
	}
	return string(b), nil
}

// Regions returns the sample data. Every region gets the same set of roles
// and a four-stage chain, Kabid Pengembangan Kompetensi → Kepala BKPSDM →
// Sekretaris Daerah → Wali Kota, as the seeds describe.
func Regions() []Region {
	return []Region{
		region("sawahlunto", "Kota Sawahlunto",
			[]Unit{
				{"bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM)"},
				{"dinkes", "Dinas Kesehatan"},
				{"disdik", "Dinas Pendidikan"},
				{"disdukcapil", "Dinas Kependudukan dan Catatan Sipil"},
				{"dispar", "Dinas Pariwisata"},
				{"disdag", "Dinas Perdagangan"},
			},
			"disdukcapil",
			[]Policy{
				{"sawahlunto-peningkatan-kompetensi-asn", "sawahlunto-peningkatan-kompetensi-asn.md", "bkpsdm", ""},
				{"sawahlunto-pengelolaan-kompetensi-asn", "sawahlunto-pengelolaan-kompetensi-asn.md", "bkpsdm", ""},
				{"sawahlunto-peningkatan-kapasitas-asn", "sawahlunto-peningkatan-kapasitas-asn.md", "bkpsdm", ""},
			}),
		region("pangkalpinang", "Kota Pangkalpinang",
			[]Unit{
				{"bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM)"},
				{"diskominfo", "Dinas Komunikasi dan Informatika"},
				{"dinkes", "Dinas Kesehatan"},
			},
			"diskominfo",
			[]Policy{
				{"pangkalpinang-pengembangan-kompetensi-asn", "pangkalpinang-pengembangan-kompetensi-asn.md", "bkpsdm", ""},
			}),
		region("bukittinggi", "Kota Bukittinggi",
			[]Unit{
				{"bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM)"},
				{"disdik", "Dinas Pendidikan"},
				{"dinkes", "Dinas Kesehatan"},
			},
			"disdik",
			[]Policy{
				{"bukittinggi-peningkatan-kualitas-asn", "bukittinggi-peningkatan-kualitas-asn.md", "bkpsdm", ""},
			}),
	}
}

// region builds a region's users and chain from its slug, so every region
// has the same people in the same roles, under emails of its own.
func region(slug, name string, units []Unit, officerUnit string, pols []Policy) Region {
	email := func(who string) string { return who + "." + slug + "@policyflow.test" }
	users := []User{
		{email("penyusun"), "Penyusun BKPSDM", "drafter", "bkpsdm", "Analis SDM Aparatur"},
		{email("akademisi"), "Akademisi Universitas", "stakeholder", "", "Dosen"},
		{email("praktisi"), "Praktisi Pengembangan SDM", "stakeholder", "", "Konsultan Pengembangan SDM"},
		{email("kabid"), "Kabid Pengembangan Kompetensi", "leader", "bkpsdm", "Kepala Bidang Pengembangan Kompetensi"},
		{email("kepala"), "Kepala BKPSDM", "leader", "bkpsdm", "Kepala BKPSDM"},
		{email("sekda"), "Sekretaris Daerah", "leader", "", "Sekretaris Daerah"},
		{email("walikota"), "Wali Kota", "leader", "", "Wali Kota"},
		{email("opd"), "Petugas OPD", "unit_officer", officerUnit, "Pengelola Kepegawaian"},
		{email("kepala.opd"), "Kepala OPD", "leader", officerUnit, "Kepala Perangkat Daerah"},
		{email("admin"), "Admin Policyflow", "admin", "", "Administrator"},
		{email("hukum"), "Kepala Bagian Hukum", "legal", "", "Kepala Bagian Hukum Setda"},
	}
	// Every other unit has an officer too, so its evaluation reminders
	// reach someone: petugas.<unit>.<region>@policyflow.test.
	for _, u := range units {
		if u.Code != officerUnit {
			users = append(users, User{email("petugas." + u.Code), "Petugas " + u.ShortName(), "unit_officer", u.Code, "Pengelola Kepegawaian"})
		}
	}
	stage := func(n, who string, sla int) Stage {
		return Stage{Name: n, Quorum: "any", QuorumN: 1, SLADays: sla, EscalationDays: 2 * sla, Approvers: []string{email(who)}}
	}
	for i := range pols {
		pols[i].Author = email("penyusun")
	}
	return Region{
		Slug:        slug,
		Name:        name,
		OfficerUnit: officerUnit,
		Units:       units,
		Users:       users,
		Chain: Chain{
			Name: "Rantai persetujuan " + name,
			Stages: []Stage{
				stage("Kabid Pengembangan Kompetensi", "kabid", 3),
				stage("Kepala BKPSDM", "kepala", 3),
				stage("Sekretaris Daerah", "sekda", 5),
				stage("Wali Kota", "walikota", 7),
			},
		},
		Policies: pols,
	}
}
