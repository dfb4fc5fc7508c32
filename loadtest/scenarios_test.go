package loadtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// bigMarkdown is a policy of about 30 KB in ten sections.
func bigMarkdown() string {
	var md strings.Builder
	md.WriteString("# Kebijakan Uji Beban\n\n")
	for i := 0; md.Len() < 30<<10; i++ {
		fmt.Fprintf(&md, "## Bagian %d\n\nPeningkatan kompetensi ASN melalui pelatihan, workshop, seminar dan mentoring. ", i)
		md.WriteString(strings.Repeat("Evaluasi berkala dengan survei kepuasan masyarakat dan Kirkpatrick. ", 5) + "\n\n")
	}
	return md.String()
}

// sawahluntoChain is the approval chain of the seeded Sawahlunto policies.
func sawahluntoChain(e *env, db *stack.Stack) *int64 {
	var id int64
	if err := db.DB.SQL().Get(&id, `SELECT chain_id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`); err != nil {
		e.b.Fatal(err)
	}
	return &id
}

// bigPolicy creates the 30 KB policy with 300 comments over ten sections.
func bigPolicy(e *env, db *stack.Stack, slug string) int64 {
	ctx := context.Background()
	author, _ := db.DB.UserByEmail(ctx, "penyusun.sawahlunto@policyflow.test")
	region, _ := db.DB.RegionBySlug(ctx, "sawahlunto")
	p, v, err := db.DB.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: *author.UnitID, ChainID: sawahluntoChain(e, db),
		Slug: slug, Title: "Kebijakan Uji Beban", Markdown: bigMarkdown(), AuthorID: author.ID})
	if err != nil {
		e.b.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := db.DB.CreateComment(ctx, policies.Comment{PolicyID: p.ID, VersionID: v.ID,
			SectionID: fmt.Sprintf("bagian-%d", i%10), AuthorName: "Uji", Body: "Komentar uji beban nomor " + fmt.Sprint(i)}); err != nil {
			e.b.Fatal(err)
		}
	}
	return p.ID
}

// session signs a seeded user in (once per run) and returns the cookie
// header.
func session(e *env, db *stack.Stack, email string) string {
	if c, ok := e.cookies[email]; ok {
		return c
	}
	u, err := db.DB.UserByEmail(context.Background(), email)
	if err != nil {
		e.b.Fatal(err)
	}
	token := "bench-" + email
	sum := sha256.Sum256([]byte(token))
	if err := db.DB.CreateSession(context.Background(), u.ID, hex.EncodeToString(sum[:]), "csrf", time.Now().Add(time.Hour)); err != nil {
		e.b.Fatal(err)
	}
	if e.cookies == nil {
		e.cookies = map[string]string{}
	}
	e.cookies[email] = "pf_session=" + token
	return e.cookies[email]
}

// policyPage: the page of a 30 KB policy with 300 comments, signed in,
// against the same bytes served from memory by net/http.
func policyPage(e *env, r *report) {
	id := bigPolicy(e, e.st, "uji-beban-halaman")
	if err := e.st.Lifecycle.Start(context.Background(), id); err != nil {
		e.b.Fatal(err)
	}
	cookie := session(e, e.st, "opd.sawahlunto@policyflow.test")
	url := fmt.Sprintf("%s/policies/%d", e.srv.URL, id)
	page := signedInPage(e, id, cookie)
	e.page300 = &page

	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Cookie", cookie)
	res, err := e.client.Do(req)
	if err != nil {
		e.b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	mem := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}))
	defer mem.Close()
	run(4, 50, func(int) error { return e.get(mem.URL) })
	base := run(4, 1000, func(int) error { return e.get(mem.URL) })
	r.add(fmt.Sprintf("policy page (30 KB Markdown, 300 comments, %d KB of HTML), signed in", len(body)>>10),
		page.String(), "same bytes from memory: "+base.String(), ratio(page.p50(), base.p50())+" p50, "+ratio(page.p99(), base.p99())+" p99, "+
			fmt.Sprintf("%.2f× throughput", page.rate()/base.rate()))

	// Signed out: the same page of an approved (public) policy, kept in
	// memory while unchanged (one revision read per request); as the same
	// bytes (identity), and as browsers ask for it (gzip).
	pub := bigPolicy(e, e.st, "uji-beban-halaman-publik")
	devtest.ApproveInSQL(e.b, e.st.DB, pub)
	pubURL := fmt.Sprintf("%s/policies/%d", e.srv.URL, pub)
	visitor := "pf_csrf=" + strings.Repeat("v", 43)
	for _, enc := range []string{"identity", "gzip"} {
		get := func(int) error { return e.get(pubURL, "Cookie", visitor, "Accept-Encoding", enc) }
		run(4, 50, get) // warm up
		out := run(4, 1000, get)
		r.add(fmt.Sprintf("policy page (the same, public), signed out, %s", enc),
			out.String(), "same bytes from memory: "+base.String(), ratio(out.p50(), base.p50())+" p50, "+
				fmt.Sprintf("%.2f× throughput", out.rate()/base.rate()))
	}
}

// commentPosting: comments POSTed over HTTP (token, Idempotency-Key, JSON)
// into PostgreSQL, against the same INSERTs issued directly through sqlx.
func commentPosting(e *env, r *report) {
	ctx := context.Background()
	id := bigPolicy(e, e.st, "uji-beban-komentar")
	v, err := e.st.DB.CurrentVersion(ctx, id)
	if err != nil {
		e.b.Fatal(err)
	}
	token := stack.APIToken(e.b, e.st.DB, "opd.sawahlunto@policyflow.test", "bench-komentar")
	author, _ := e.st.DB.UserByEmail(ctx, "opd.sawahlunto@policyflow.test")
	url := fmt.Sprintf("%s/api/v1/policies/%d/comments", e.srv.URL, id)
	const n, conc = 3000, 8
	post := run(conc, n, func(i int) error {
		return e.post(url, token, fmt.Sprintf("bench-%d", i), fmt.Sprintf(`{"section":"bagian-%d","body":"Komentar beban HTTP %d"}`, i%10, i), http.StatusCreated)
	})
	direct := run(conc, n, func(i int) error {
		_, err := e.st.DB.SQL().ExecContext(ctx, `INSERT INTO comments
			(policy_id, version_id, section_anchor, author_id, author_name, author_email, body, status, idempotency_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) ON CONFLICT (idempotency_key) DO NOTHING`,
			id, v.ID, fmt.Sprintf("bagian-%d", i%10), author.ID, author.Name, author.Email, fmt.Sprintf("Komentar beban SQL %d", i), fmt.Sprintf("direct-%d", i))
		return err
	})
	var stored int
	e.st.DB.SQL().Get(&stored, `SELECT count(*) FROM comments WHERE policy_id = $1 AND body LIKE 'Komentar beban HTTP %'`, id)
	if stored != n-post.errs {
		r.note("comment posting: %d acknowledged but %d stored", n-post.errs, stored)
	}
	r.add("posting a comment over HTTP (API token, Idempotency-Key, JSON) into PostgreSQL",
		post.String(), "the INSERT through sqlx: "+direct.String(),
		fmt.Sprintf("%.1f× p50, %.1f× throughput", float64(post.p50())/float64(direct.p50()), direct.rate()/post.rate()))
}

// echo is the smallest workflow answering an Update: the baseline of a
// Temporal Update round trip on the same server.
func echo(ctx workflow.Context) error {
	done := false
	if err := workflow.SetUpdateHandler(ctx, "echo", func(ctx workflow.Context, s string) (string, error) { return s, nil }); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandler(ctx, "stop", func(ctx workflow.Context) error { done = true; return nil }); err != nil {
		return err
	}
	return workflow.Await(ctx, func() bool { return done })
}

// approvals: a leader's decision through the HTTP API to the approval
// workflow's Update and back, against a bare Update round trip.
func approvals(e *env, r *report) {
	ctx := context.Background()
	const n = 50
	md := bigMarkdown()
	author, _ := e.st.DB.UserByEmail(ctx, "penyusun.sawahlunto@policyflow.test")
	region, _ := e.st.DB.RegionBySlug(ctx, "sawahlunto")
	ids := make([]int64, n)
	for i := range ids {
		p, _, err := e.st.DB.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: *author.UnitID, ChainID: sawahluntoChain(e, e.st),
			Slug: fmt.Sprintf("uji-beban-setuju-%d", i), Title: fmt.Sprintf("Uji persetujuan %d", i), Markdown: md, AuthorID: author.ID})
		if err != nil {
			e.b.Fatal(err)
		}
		ids[i] = p.ID
		if err := e.st.Lifecycle.Start(ctx, p.ID); err != nil {
			e.b.Fatal(err)
		}
	}
	asDrafter := workflows.Actor{UserID: author.ID, Role: policies.RoleDrafter}
	for i, id := range ids {
		if _, err := e.st.Lifecycle.Do(ctx, id, policies.ActSubmit, fmt.Sprintf("bench-submit-%d", i), workflows.Request{Actor: asDrafter}); err != nil {
			e.b.Fatalf("submit %d: %v", id, err)
		}
	}
	var all result
	for stage, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		email := who + ".sawahlunto@policyflow.test"
		token := stack.APIToken(e.b, e.st.DB, email, "bench-"+who)
		shas := make([]string, n)
		for i, id := range ids { // each policy shows the stage before it is decided
			deadline := time.Now().Add(time.Minute)
			for {
				st, err := e.st.Lifecycle.State(ctx, id)
				if err == nil && st.Approval != nil && st.Approval.Stage == stage+1 {
					shas[i] = st.Approval.SHA256
					break
				}
				if time.Now().After(deadline) {
					e.b.Fatalf("policy %d never reached stage %d", id, stage+1)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		res := run(4, n, func(i int) error {
			return e.post(fmt.Sprintf("%s/api/v1/policies/%d/actions/approve", e.srv.URL, ids[i]), token,
				fmt.Sprintf("bench-approve-%d-%d", stage, i), fmt.Sprintf(`{"version_sha256":%q}`, shas[i]), http.StatusOK)
		})
		all.lat = append(all.lat, res.lat...)
		all.n += res.n
		all.errs += res.errs
		all.elapsed += res.elapsed
		all.conc = res.conc
		if all.first == nil {
			all.first = res.first
		}
	}
	slices.Sort(all.lat)

	// The baseline: the same number of Update round trips on n echo workflows.
	w := sdkworker.New(e.st.Temporal, "bench-echo", sdkworker.Options{})
	w.RegisterWorkflow(echo)
	if err := w.Start(); err != nil {
		e.b.Fatal(err)
	}
	defer w.Stop()
	for i := range n {
		if _, err := e.st.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("bench-echo-%d", i), TaskQueue: "bench-echo"}, echo); err != nil {
			e.b.Fatal(err)
		}
	}
	update := func(i int, name string, args ...any) error {
		h, err := e.st.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: fmt.Sprintf("bench-echo-%d", i%n),
			UpdateName: name, Args: args, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return err
		}
		return h.Get(ctx, nil)
	}
	run(4, n, func(i int) error { return update(i, "echo", "panas") }) // warm up
	base := run(4, 4*n, func(i int) error { return update(i, "echo", fmt.Sprint(i)) })
	run(4, n, func(i int) error { return update(i, "stop") })
	// No longer on the decision's path (the client reads the running run
	// from approval_runs); pages still ask it during approval.
	query := run(4, 4*n, func(i int) error { _, err := e.st.Lifecycle.State(ctx, ids[i%n]); return err })
	r.add("a policy's state Query (pages ask it during approval; a decision no longer does: the run is read from approval_runs)",
		query.String(), "bare Temporal Update round trip, same server: "+base.String(), ratio(query.p50(), base.p50())+" p50")
	r.add(fmt.Sprintf("approval decision: HTTP API → approval workflow Update (local activity writes the decision) → answer; %d decisions over 4 stages", all.n),
		fmt.Sprintf("p50 %s, p99 %s (4 workers)%s", ms(all.p50()), ms(all.p99()), errNote(all)),
		"bare Temporal Update round trip, same server: "+base.String(), ratio(all.p50(), base.p50())+" p50, "+ratio(all.p99(), base.p99())+" p99")
}

func errNote(r result) string {
	if r.errs == 0 {
		return ""
	}
	return fmt.Sprintf(", %d ERRORS (first: %v)", r.errs, r.first)
}
