package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// rosterNames are the sample civil servants' names, dealt out to each
// city's units in turn.
var rosterNames = []string{"Ahmad Fauzi", "Siti Rahmawati", "Budi Santoso", "Nurul Hidayah", "Hendra Gunawan", "Yuliana Putri",
	"Agus Salim", "Desi Ratnasari", "Rizki Pratama", "Lestari Wulandari", "Fajar Nugroho", "Intan Permata",
	"Doni Saputra", "Maya Sari", "Irwan Syah", "Wahyuni Lubis"}

// bukittinggiTrainees are the participants of the implementing scenario's
// programs (programs.go): on Bukittinggi's roster, so the ledger shows them
// with their JP beside colleagues at 0 JP.
var bukittinggiTrainees = []string{
	"198503152010011001;Andi Saputra;PNS;disdik", "199001202015032002;Rina Marlina;PNS;disdik",
	"198712052011011003;Yusuf Hamdani;PNS;disdik", "199205182019022004;Dewi Kartika;PNS;disdik",
	"198811242012121005;Fitri Handayani;PNS;dinkes", "199303082020121006;Rudi Hartono;PNS;dinkes",
	"198406302009031007;Sri Wahyuni;PNS;dinkes",
}

// SeedRosters gives every city whose roster is empty a sample ASN roster
// (PNS and PPPK in each unit, most of them at 0 JP), imported the way
// BKPSDM imports one: a SIASN-shaped file, previewed, then applied by the
// city's drafter. It returns how many cities it seeded.
func SeedRosters(ctx context.Context, db *postgres.DB) (int, error) {
	return seedCities(ctx, db, "roster",
		func(_ int, rg policies.Region) (bool, error) {
			have, err := db.Roster(ctx, rg.ID, policies.RosterFilter{})
			return len(have) == 0, err
		},
		func(i int, rg policies.Region, drafterID int64, units []policies.Unit) error {
			return seedRoster(ctx, db, rg, drafterID, units, i)
		})
}

// seedCities seeds what (for errors) in every city that has none yet (empty
// says so; i is the city's place among the regions), as the city's sample
// drafter, with its units; a region made by hand, without the sample
// people, is left alone. It returns how many cities it seeded.
func seedCities(ctx context.Context, db *postgres.DB, what string, empty func(i int, rg policies.Region) (bool, error),
	seed func(i int, rg policies.Region, drafterID int64, units []policies.Unit) error) (int, error) {
	regions, err := db.Regions(ctx)
	if err != nil {
		return 0, err
	}
	seeded := 0
	for i, rg := range regions {
		ok, err := empty(i, rg)
		if err != nil {
			return seeded, err
		}
		if !ok {
			continue
		}
		units, err := db.Units(ctx, rg.ID)
		if err != nil {
			return seeded, err
		}
		drafter, err := db.UserByEmail(ctx, "penyusun."+rg.Slug+"@policyflow.test")
		if err != nil || len(units) == 0 {
			continue // a region made by hand, without the sample people
		}
		if err := seed(i, rg, drafter.ID, units); err != nil {
			return seeded, fmt.Errorf("demo %s %s: %w", what, rg.Slug, err)
		}
		seeded++
	}
	return seeded, nil
}

// sampleEmail is a sample ASN's address on the sample domain, as the
// sample users have theirs: "andi.saputra.bukittinggi@policyflow.test".
func sampleEmail(name, region string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), ".")) + "." + region + "@policyflow.test"
}

func seedRoster(ctx context.Context, db *postgres.DB, rg policies.Region, drafterID int64, units []policies.Unit, region int) error {
	var b strings.Builder
	b.WriteString("NIP Baru;Namapns;Jenis ASN;Unit Kerja;Nama Jabatan;Golongan;Email\n")
	codes := map[string]bool{}
	for _, u := range units {
		codes[u.Code] = true
	}
	if rg.Slug == "bukittinggi" {
		for _, t := range bukittinggiTrainees {
			if f := strings.Split(t, ";"); codes[f[3]] {
				b.WriteString(t + ";Pelaksana;II/c;" + sampleEmail(f[1], rg.Slug) + "\n")
			}
		}
	}
	for i, name := range rosterNames {
		u := units[i%len(units)]
		birth := fmt.Sprintf("19%02d%02d%02d", 70+(i*3+region)%25, 1+i%12, 1+(i*7)%28)
		sex := 1 + i%2
		if i%4 == 3 { // every fourth a PPPK: NI PPPK, appointed 2023
			fmt.Fprintf(&b, "%s2023%d%d%03d;%s;PPPK;%s;Ahli Pertama;IX;%s\n", birth, 21, sex, 100+region*20+i, name, u.Code, sampleEmail(name, rg.Slug))
			continue
		}
		email := sampleEmail(name, rg.Slug)
		if i%5 == 4 {
			email = "" // not every ASN's address is known
		}
		fmt.Fprintf(&b, "%s2015%02d%d%03d;%s;PNS;%s;Pelaksana;III/a;%s\n", birth, 1+i%12, sex, 100+region*20+i, name, u.Code, email)
	}
	file := []byte(b.String())
	rows, lineErrs, err := evaluation.ParseRoster(file, func(v string) (string, bool) { return v, codes[v] })
	if err != nil {
		return err
	}
	if len(lineErrs) > 0 {
		return fmt.Errorf("sample roster: %v", lineErrs)
	}
	in := make([]policies.RosterInput, len(rows))
	for i, r := range rows {
		in[i] = r.RosterInput
	}
	p, err := db.PreviewRosterImport(ctx, rg.ID, drafterID, evaluation.FileHash(file), in)
	if err != nil {
		return err
	}
	_, err = db.ApplyRosterImport(ctx, rg.ID, drafterID, p.Token)
	return err
}
