package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/policyflow/policyflow/demo"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/pdf"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/seal"
	"github.com/policyflow/policyflow/signing"
	"github.com/policyflow/policyflow/workflows"
)

// make dev's sample data walks: the policies it implements were enacted
// and promulgated first (implementation starts only from a policy in
// force), and are being implemented; with make dev's test keys, the
// official PDF of each enactment and promulgation is signed (the Wali
// Kota's key, then the Sekda's), and its signature checks valid and test.
func TestDemoWalks(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	db, c := stack.OnDefaultNamespace(ctx, t)
	dir := t.TempDir()
	var signers []signing.DevSigner
	for _, r := range samples.Regions() {
		for _, who := range []string{"walikota", "sekda"} {
			signers = append(signers, signing.DevSigner{Region: r.Slug, Email: who + "." + r.Slug + "@policyflow.test", Name: who})
		}
	}
	if err := signing.DevCA(dir, signers, time.Now()); err != nil {
		t.Fatal(err)
	}
	keys, err := signing.LoadKeys(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	var pdfs pdf.Renderer
	sealer := &seal.Sealer{Store: db, Keys: keys, Render: pdfs.Render, VerifyURL: func(sha string) string { return "http://127.0.0.1:8080/verifikasi/" + sha }}
	res, err := demo.RunSealed(ctx, db, &workflows.Client{Temporal: c, Runs: db}, slog.New(slog.NewTextHandler(io.Discard, nil)), sealer)
	if err != nil || res.Walked == 0 {
		t.Fatalf("demo.Run = %+v, %v", res, err)
	}
	for _, slug := range []string{demo.SlugImplementing, demo.SlugEvaluated} {
		var row struct {
			Status      policies.Status `db:"status"`
			Promulgated bool            `db:"promulgated"`
		}
		if err := db.SQL().GetContext(ctx, &row, `SELECT p.status, EXISTS (SELECT 1 FROM enactments e WHERE e.policy_id = p.id
			AND e.promulgated_on IS NOT NULL) AS promulgated FROM policies p WHERE p.slug = $1`, slug); err != nil {
			t.Fatal(err)
		}
		if !row.Promulgated || row.Status == policies.StatusApproved {
			t.Errorf("%s: %+v, want promulgated and past approval", slug, row)
		}
		var docs []struct {
			Act    string `db:"act"`
			Signer string `db:"signer_name"`
			PDF    []byte `db:"pdf"`
		}
		if err := db.SQL().SelectContext(ctx, &docs, `SELECT d.act, d.signer_name, d.pdf FROM signed_documents d JOIN enactments e ON e.id = d.enactment_id
			JOIN policies p ON p.id = e.policy_id WHERE p.slug = $1 ORDER BY d.id`, slug); err != nil {
			t.Fatal(err)
		}
		if len(docs) != 2 || docs[0].Act != "enacted" || docs[1].Act != "promulgated" {
			t.Fatalf("%s: %d signed PDFs, want the enactment's and the promulgation's", slug, len(docs))
		}
		for _, d := range docs {
			if r := keys.Check(d.PDF); !r.Valid() || !r.Test || r.Name != d.Signer {
				t.Errorf("%s %s: %+v", slug, d.Act, r)
			}
		}
	}
}
