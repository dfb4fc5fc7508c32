//go:build apiclient

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/e2e/apiclient"
	"github.com/policyflow/policyflow/policies/samples"
)

// A policy driven through the Go client that oapi-codegen generates from
// the served OpenAPI document (make apiclient), against the real server,
// PostgreSQL, Temporal and worker: what an integrator's program does. The
// drafter signs in for a token, creates a policy, saves a second version
// and opens a public consultation; a stakeholder comments; the drafter
// resolves the comment and closes the consultation; each answer is read
// back through the client's types.
func TestGeneratedClientDrivesAPolicy(t *testing.T) {
	s := newSite(t) // the real server on the whole stack (browser_test.go)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	anon, err := apiclient.NewClientWithResponses(s.base)
	if err != nil {
		t.Fatal(err)
	}
	signIn := func(email string) *apiclient.ClientWithResponses {
		t.Helper()
		name := "klien Go"
		res, err := anon.PostTokensWithResponse(ctx, nil, apiclient.PostTokensJSONRequestBody{Email: email, Password: samples.DevPassword, Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		if res.JSON201 == nil || res.JSON201.Token == "" || res.JSON201.User.Email != email {
			t.Fatalf("sign-in of %s: %d %s", email, res.StatusCode(), res.Body)
		}
		bearer := func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+res.JSON201.Token)
			return nil
		}
		c, err := apiclient.NewClientWithResponses(s.base, apiclient.WithRequestEditorFn(bearer))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	drafter := signIn("penyusun.sawahlunto@policyflow.test")
	// The city's unit officer comments on the draft (a stakeholder would
	// read it only once invited to its consultation).
	stakeholder := signIn("opd.sawahlunto@policyflow.test")

	// A new policy, then its second version.
	first := "# Pedoman Uji Klien\n\n## Tujuan\n\nPedoman ini mengatur pelatihan daring.\n"
	summary := "Rancangan awal"
	created, err := drafter.PostPoliciesWithResponse(ctx, nil, apiclient.PostPoliciesJSONRequestBody{
		Region: "sawahlunto", Slug: "pedoman-uji-klien", Markdown: first, ChangeSummary: &summary})
	if err != nil {
		t.Fatal(err)
	}
	if created.JSON201 == nil || created.JSON201.Title != "Pedoman Uji Klien" || created.JSON201.Slug != "pedoman-uji-klien" {
		t.Fatalf("create: %d %s", created.StatusCode(), created.Body)
	}
	id := fmt.Sprint(created.JSON201.Id)
	second := first + "\n## Sasaran\n\nSeluruh ASN mengikuti paling sedikit satu pelatihan setiap tahun.\n"
	saved, err := drafter.PostPoliciesIdVersionsWithResponse(ctx, id, nil, apiclient.PostPoliciesIdVersionsJSONRequestBody{
		BaseVersion: 1, Markdown: second, ChangeSummary: "Sasaran ditambahkan"})
	if err != nil {
		t.Fatal(err)
	}
	if saved.JSON201 == nil || saved.JSON201.Number != 2 || saved.JSON201.Markdown != second || len(saved.JSON201.Sha256) != 64 {
		t.Fatalf("save version 2: %d %s", saved.StatusCode(), saved.Body)
	}

	// A public consultation on it, for three days.
	closes, public := time.Now().Add(72*time.Hour).Truncate(time.Second), true
	opened, err := drafter.PostPoliciesIdActionsActionWithResponse(ctx, id, "open_consultation", nil,
		apiclient.PostPoliciesIdActionsActionJSONRequestBody{ClosesAt: &closes, AllowPublic: &public})
	if err != nil {
		t.Fatal(err)
	}
	if opened.JSON200 == nil || opened.JSON200.Status != "consultation" {
		t.Fatalf("open consultation: %d %s", opened.StatusCode(), opened.Body)
	}

	// A stakeholder comments on the new section; the drafter resolves it.
	section, body := "sasaran", "Mohon sasaran juga mencakup PPPK."
	posted, err := stakeholder.PostPoliciesIdCommentsWithResponse(ctx, id, nil, apiclient.PostPoliciesIdCommentsJSONRequestBody{Section: &section, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if posted.JSON201 == nil || posted.JSON201.Body != body || posted.JSON201.Status != "open" || posted.JSON201.SectionAnchor != section {
		t.Fatalf("comment: %d %s", posted.StatusCode(), posted.Body)
	}
	resolved, err := drafter.PostCommentsCidStatusWithResponse(ctx, fmt.Sprint(posted.JSON201.Id), nil, apiclient.PostCommentsCidStatusJSONRequestBody{Status: "resolved"})
	if err != nil {
		t.Fatal(err)
	}
	if resolved.JSON200 == nil || resolved.JSON200.Status != "resolved" {
		t.Fatalf("resolve: %d %s", resolved.StatusCode(), resolved.Body)
	}

	// Read back: the policy in consultation on version 2 (its workflow's
	// state shown to the signed-in), the comment resolved.
	shown, err := drafter.GetPoliciesIdWithResponse(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if p := shown.JSON200; p == nil || p.Policy.Status != "consultation" || p.Version.Number != 2 || p.Policy.ConsultedVersion == nil || *p.Policy.ConsultedVersion != 2 || !strings.Contains(p.Html, "Sasaran") ||
		p.State == nil || p.State.Consultation == nil || p.State.Consultation.VersionNumber != 2 || !p.State.Consultation.ClosesAt.Equal(closes) {
		t.Fatalf("the policy read back: %d %s", shown.StatusCode(), shown.Body)
	}
	page, err := anon.GetPoliciesIdCommentsWithResponse(ctx, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if page.JSON200 == nil || page.JSON200.Threads == nil || len(*page.JSON200.Threads) != 1 {
		t.Fatalf("comments read back: %d %s", page.StatusCode(), page.Body)
	}
	if th := (*page.JSON200.Threads)[0]; th.Id != posted.JSON201.Id || th.Body != body || th.Status != "resolved" || th.AuthorName != "Petugas OPD" {
		t.Errorf("the thread read back: %+v", th)
	}

	// The drafter closes the consultation early: drafting again.
	reason := "Masukan sudah cukup"
	closed, err := drafter.PostPoliciesIdActionsActionWithResponse(ctx, id, "close_consultation", nil,
		apiclient.PostPoliciesIdActionsActionJSONRequestBody{Reason: &reason})
	if err != nil {
		t.Fatal(err)
	}
	if closed.JSON200 == nil || closed.JSON200.Status != "drafting" || closed.JSON200.Summary == nil || closed.JSON200.Summary.Total != 1 {
		t.Fatalf("close consultation: %d %s", closed.StatusCode(), closed.Body)
	}
	shown, err = drafter.GetPoliciesIdWithResponse(ctx, id) // a draft again: hidden from the public
	if err != nil {
		t.Fatal(err)
	}
	if shown.JSON200 == nil || shown.JSON200.Policy.Status != "drafting" {
		t.Fatalf("the policy after the consultation: %d %s", shown.StatusCode(), shown.Body)
	}
}
