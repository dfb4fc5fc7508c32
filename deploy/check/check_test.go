//go:build compose

// Package check holds `make compose-check`: docker-compose.yml started for
// real (images from deploy/base.sh's Debian base or an official one), a few
// policies driven through consultation, four approval stages, enactment,
// promulgation and the start of implementation over HTTPS through the
// proxy, while a worker container and a server container are SIGKILLed;
// then every acknowledged action is in the record exactly once and nothing
// was done twice; then a backup of the running stack is restored into a
// new one, which goes on (restore_test.go); then the stack is torn down
// with its volumes.
package check

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// regionPeople are a sample region's people and a seeded text to copy,
// read from the database.
type regionPeople struct {
	slug, drafter, legal, wali, sekda string
	waliID, sekdaID, unitID           int64
	markdown                          string
}

func TestComposeStack(t *testing.T) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 35*time.Minute)
	defer cancel()
	s := startStack(ctx, t)
	c := &client{s: s, tokens: map[string]string{}, emails: map[int64]string{}}

	// Emails of the stage approvers (the state names them by id), and the
	// people of each sample region with a seeded policy to copy.
	for _, r := range s.psql(ctx, `SELECT id, email FROM users WHERE deactivated_at IS NULL`) {
		id, _ := strconv.ParseInt(r[0], 10, 64)
		c.emails[id] = r[1]
	}
	var regions []regionPeople
	for _, r := range s.psql(ctx, `SELECT g.slug,
			(SELECT u.email FROM users u WHERE u.id = p.created_by),
			(SELECT min(u.email) FROM users u WHERE u.region_id = g.id AND u.role = 'legal'),
			(SELECT min(u.id) FROM users u WHERE u.region_id = g.id AND u.email LIKE 'walikota.%'),
			(SELECT min(u.id) FROM users u WHERE u.region_id = g.id AND u.email LIKE 'sekda.%'),
			(SELECT min(u.unit_id) FROM users u JOIN units un ON un.id = u.unit_id WHERE u.role = 'unit_officer' AND un.region_id = g.id),
			p.id
		FROM regions g JOIN policies p ON p.id = (SELECT min(id) FROM policies WHERE region_id = g.id)
		ORDER BY g.id`) {
		var rp regionPeople
		rp.slug, rp.drafter, rp.legal = r[0], r[1], r[2]
		rp.waliID, _ = strconv.ParseInt(r[3], 10, 64)
		rp.sekdaID, _ = strconv.ParseInt(r[4], 10, 64)
		rp.unitID, _ = strconv.ParseInt(r[5], 10, 64)
		if rp.legal == "" || rp.waliID == 0 || rp.sekdaID == 0 || rp.unitID == 0 {
			continue
		}
		rp.markdown = s.markdownOf(ctx, r[6])
		regions = append(regions, rp)
	}
	if len(regions) == 0 {
		t.Fatal("no sample region with a drafter, legal unit, Wali Kota, Sekda and unit officer: did the demo seed run?")
	}
	t.Logf("sample regions: %d; %d people", len(regions), len(c.emails))

	n := *nPolicy
	total := int64(n * 10) // create, open, close, submit, 4 approvals, enact, promulgate (start_implementation aside)
	killed := make(chan struct{})
	done := make(chan struct{}) // the lifecycles ended (a failed run must not wait for kills)
	go func() {
		defer close(killed)
		for _, k := range []struct {
			at      int64
			service string
		}{{total / 3, "worker-1"}, {total / 2, "server-1"}} {
			for c.acked.Load() < k.at && ctx.Err() == nil {
				select {
				case <-ctx.Done():
				case <-done:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
			if ctx.Err() != nil {
				return
			}
			at := c.acked.Load()
			s.crash(ctx, k.service)
			t.Logf("%s SIGKILLed after %d acknowledged actions, back and healthy", k.service, at)
		}
	}()

	t0 := time.Now()
	var wg sync.WaitGroup
	ids := make([]int64, n)
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := lifecycle(ctx, c, regions[i%len(regions)], i)
			ids[i] = id
			if err != nil {
				errs <- fmt.Errorf("policy %d (%d): %w", i, id, err)
			}
		}()
	}
	wg.Wait()
	close(done)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	<-killed
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("%d policies from creation to implementation in %s: %d actions acknowledged, %d requests sent again after no answer",
		n, time.Since(t0).Round(100*time.Millisecond), c.acked.Load(), c.retry.Load())
	verify(ctx, t, s, c, n)
	backupRestore(ctx, t, s, c, regions[0])
	t.Logf("compose check: %s in all (tear down follows)", time.Since(start).Round(time.Second))
}

// markdownOf is a policy's current text, read whole (psql's unaligned
// output keeps its newlines).
func (s *stack) markdownOf(ctx context.Context, policyID string) string {
	out, err := s.compose(ctx, "exec", "-T", "postgres", "psql", "-h", "/run/postgresql", "-U", "policyflow", "-d", "policyflow",
		"-tAq", "-c", `SELECT v.markdown FROM policies p JOIN policy_versions v ON v.id = p.current_version_id WHERE p.id = `+policyID)
	if err != nil {
		s.t.Fatal(err)
	}
	return strings.TrimRight(out, "\n")
}

var locationID = regexp.MustCompile(`/api/v1/policies/(\d+)`)

// lifecycle takes one new policy of region r from creation to
// implementation over the API, as its drafter, approvers and legal unit.
func lifecycle(ctx context.Context, c *client, r regionPeople, i int) (int64, error) {
	slug := fmt.Sprintf("uji-compose-%03d", i)
	id, err := createPolicy(ctx, c, r, slug)
	if err != nil {
		return id, err
	}
	if err := consultAndSubmit(ctx, c, r, id); err != nil {
		return id, err
	}
	if err := approve(ctx, c, r, id, func(policyView) bool { return false }); err != nil {
		return id, err
	}
	if _, err := enact(ctx, c, r, id, slug); err != nil {
		return id, err
	}
	if err := c.act(ctx, r.drafter, id, "start_implementation", map[string]any{"unit_ids": []int64{r.unitID}}); err != nil {
		return id, err
	}
	return id, waitStatus(ctx, c, r.drafter, id, "implementing")
}

// createPolicy makes a new draft from the region's seeded text (marked
// with the slug, so no two drafts are the same) and returns its id.
func createPolicy(ctx context.Context, c *client, r regionPeople, slug string) (int64, error) {
	md := strings.Replace(r.markdown, "\n", fmt.Sprintf(" (%s)\n", slug), 1)
	status, h, b, err := c.send(ctx, "create", r.drafter, "POST", "/api/v1/policies", map[string]any{"slug": slug, "markdown": md, "change_summary": "uji compose"}, http.StatusCreated)
	if err != nil {
		return 0, err
	}
	if status != http.StatusCreated {
		return 0, fmt.Errorf("create: %d %s", status, b)
	}
	m := locationID.FindStringSubmatch(h.Get("Location"))
	if m == nil {
		return 0, fmt.Errorf("create: no Location in %v", h)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id, nil
}

// act sends a lifecycle action as email until it is answered 200.
func (c *client) act(ctx context.Context, email string, id int64, action string, body map[string]any) error {
	status, _, b, err := c.send(ctx, action, email, "POST", fmt.Sprintf("/api/v1/policies/%d/actions/%s", id, action), body, http.StatusOK)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("%s: %d %s", action, status, b)
	}
	return err
}

// consultAndSubmit opens a consultation, closes it and submits the draft
// for approval.
func consultAndSubmit(ctx context.Context, c *client, r regionPeople, id int64) error {
	closes := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
	if err := c.act(ctx, r.drafter, id, "open_consultation", map[string]any{"closes_at": closes}); err != nil {
		return err
	}
	if err := c.act(ctx, r.drafter, id, "close_consultation", map[string]any{}); err != nil {
		return err
	}
	if err := waitStatus(ctx, c, r.drafter, id, "drafting"); err != nil {
		return err
	}
	return c.act(ctx, r.drafter, id, "submit", map[string]any{})
}

// approve decides stage after stage: the first approver still awaited
// approves the version the run is about, until the policy is approved or
// stop holds for what the drafter reads.
func approve(ctx context.Context, c *client, r regionPeople, id int64, stop func(policyView) bool) error {
	for ctx.Err() == nil {
		v, err := c.show(ctx, r.drafter, id)
		if err != nil {
			return err
		}
		if v.Policy.Status == "approved" || stop(v) {
			return nil
		}
		if v.State == nil || v.State.Approval == nil || len(v.State.Approval.Awaiting) == 0 {
			// The run has not named this stage's approvers yet (or a
			// killed worker's activity waits out its timeout): a person
			// would wait too.
			backoff(ctx, http.Header{})
			continue
		}
		a := v.State.Approval
		status, _, b, err := c.send(ctx, "approve", c.emailOf(a.Awaiting[0]), "POST", fmt.Sprintf("/api/v1/policies/%d/actions/approve", id),
			map[string]any{"version_sha256": a.SHA256}, http.StatusOK)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			// Refused (the stage moved on under a retried request): read
			// the state again.
			c.s.t.Logf("policy %d: approve at stage %d refused: %d %.200s", id, a.Stage, status, b)
		}
	}
	return fmt.Errorf("approval did not end: %w", ctx.Err())
}

// enact takes an approved Peraturan Wali Kota through the legal unit:
// harmonised first (UU 13/2022: the request, the Kanwil's Berita Acara
// attached, the answer "selesai"), enacted, promulgated. It returns the
// register number the enactment was given.
func enact(ctx context.Context, c *client, r regionPeople, id int64, slug string) (int, error) {
	today := time.Now().In(time.FixedZone("WIB", 7*3600)).Format(time.DateOnly)
	legal := func(kind, path string, body map[string]any, want int) ([]byte, error) {
		status, _, b, err := c.send(ctx, kind, r.legal, "POST", fmt.Sprintf("/api/v1/policies/%d/%s", id, path), body, want)
		if err == nil && status != want {
			err = fmt.Errorf("%s: %d %s", kind, status, b)
		}
		return b, err
	}
	if _, err := legal("harmonisation request", "harmonisation/request", map[string]any{"requested_on": today, "request_letter": fmt.Sprintf("100.3/%s/Hukum", slug)}, http.StatusCreated); err != nil {
		return 0, err
	}
	pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n% Berita Acara Harmonisasi (compose check)\n%%EOF\n"))
	status, _, b, err := c.send(ctx, "attach", r.drafter, "POST", fmt.Sprintf("/api/v1/policies/%d/attachments", id),
		map[string]any{"name": "Berita Acara Harmonisasi.pdf", "kind": "surat", "content_base64": pdf}, http.StatusCreated)
	var att struct {
		ID int64 `json:"id"`
	}
	if err == nil && (status != http.StatusCreated || json.Unmarshal(b, &att) != nil || att.ID == 0) {
		err = fmt.Errorf("attach the Berita Acara: %d %s", status, b)
	}
	if err != nil {
		return 0, err
	}
	if _, err := legal("harmonisation answer", "harmonisation/answer", map[string]any{"answer_letter": "W.3-HH.01/" + slug, "answered_on": today,
		"berita_acara_id": att.ID, "result": "selesai"}, http.StatusOK); err != nil {
		return 0, err
	}
	b, err = legal("enact", "enactments", map[string]any{"form": "perwali", "enacted_on": today, "principal_id": r.waliID, "signer_id": r.waliID}, http.StatusCreated)
	if err != nil {
		return 0, err
	}
	var e struct {
		Number int `json:"number"`
	}
	if err := json.Unmarshal(b, &e); err != nil || e.Number == 0 {
		return 0, fmt.Errorf("enact: no register number in %.300s", b)
	}
	_, err = legal("promulgate", "promulgation", map[string]any{"promulgated_on": today, "promulgator_id": r.sekdaID}, http.StatusOK)
	return e.Number, err
}

// waitStatus reads the policy until its status is want (children report
// to the policy's workflow by signal, a moment after the answer).
func waitStatus(ctx context.Context, c *client, email string, id int64, want string) error {
	last := ""
	for ctx.Err() == nil {
		v, err := c.show(ctx, email, id)
		if err != nil {
			return err
		}
		if v.Policy.Status == want {
			return nil
		}
		last = v.Policy.Status
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("status %q, want %q: %w", last, want, ctx.Err())
}

// emailOf names an approver (emails is filled before the run, read only).
func (c *client) emailOf(id int64) string { return c.emails[id] }
