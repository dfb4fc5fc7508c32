package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/server"
)

// feedsURL is the PUBLIC_URL of every server of the feed tests: the links
// of a feed are the same whichever server made it.
const feedsURL = "http://policyflow.test"

// countingStore is the database, counting the reads a feed or the
// calendar is made from: a feed served from memory makes none.
type countingStore struct {
	*postgres.DB
	made atomic.Int64
}

func (c *countingStore) PolicyEvents(ctx context.Context, ids []int64, limit int) ([]policies.PolicyEvent, error) {
	c.made.Add(1)
	return c.DB.PolicyEvents(ctx, ids, limit)
}

func (c *countingStore) OpenConsultations(ctx context.Context, regionID int64) ([]policies.ConsultationListing, error) {
	c.made.Add(1)
	return c.DB.OpenConsultations(ctx, regionID)
}

// The feeds and the calendar are kept in memory and right at once (issue
// 26): asked again unchanged, each is served without a read of what it is
// made of (same bytes, same ETag); after each kind of write (a
// consultation opened, its answers published, a topic added and put on a
// policy, renamed,
// removed; a consultation scheduled and cancelled) the very next request
// shows it, on this server and on a second one on the same database
// whose copies were made before the write; each answer is what a server
// with nothing kept makes.
func TestFeedsKeptAndRightAtOnce(t *testing.T) {
	var counting *countingStore
	a := newAppWith(t, func(d *server.Deps) {
		counting = &countingStore{DB: d.Store.(*postgres.DB)}
		d.Store = counting
		d.PublicURL = feedsURL
	})
	second := web.Serve(t, server.Deps{Store: a.st.DB, Lifecycle: a.st.Lifecycle, PublicURL: feedsURL,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	var title string
	a.st.DB.SQL().Get(&title, `SELECT title FROM policies WHERE id = $1`, id)
	anon := &http.Client{} // no cookies: a feed reader (a ?lang= sets none for the next)
	fetch := func(base, path string) (string, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		res, body := devtest.Do(t, anon, req)
		if res.StatusCode != 200 {
			t.Fatalf("%s%s: %d %s", base, path, res.StatusCode, gist(body))
		}
		return body, res.Header.Get("ETag")
	}
	// fresh is what a server with nothing kept answers.
	fresh := func(path string) string {
		t.Helper()
		ts := web.Serve(t, server.Deps{Store: a.st.DB, Lifecycle: a.st.Lifecycle, PublicURL: feedsURL})
		body, _ := fetch(ts.URL, path)
		return strip(body)
	}
	policyFeed := fmt.Sprintf("/policies/%d/feed.atom", id)
	paths := []string{"/policies.atom", "/policies.atom?region=sawahlunto",
		"/konsultasi.ics", "/konsultasi.ics?region=sawahlunto&lang=en"}
	// same: the path answers, from both servers, what a fresh server makes
	// (a calendar's DTSTAMP aside), and asked again unchanged, from memory.
	same := func(step, path string) string {
		t.Helper()
		body, etag := fetch(a.srv.URL, path)
		before := counting.made.Load()
		again, etag2 := fetch(a.srv.URL, path)
		if n := counting.made.Load() - before; n != 0 || again != body || etag2 != etag {
			t.Errorf("after %s: %s asked again unchanged made %d reads, same bytes %v, same ETag %v", step, path, n, again == body, etag2 == etag)
		}
		other, _ := fetch(second.URL, path)
		truth := fresh(path)
		if strip(body) != truth || strip(other) != truth {
			t.Errorf("after %s: %s kept is not what a fresh server makes (first server %v, second %v):\n%s\nwant\n%s", step, path,
				strip(body) == truth, strip(other) == truth, body, truth)
		}
		return body
	}
	all := func(step string) map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, p := range paths {
			out[p] = same(step, p)
		}
		return out
	}
	all("the start") // every copy made on both servers, before any write

	// A consultation opened.
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", id), open, ""); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	paths = append(paths, policyFeed)
	got := all("a consultation opened")
	for _, p := range []string{paths[0], paths[1], policyFeed} {
		if !strings.Contains(got[p], "<title>Konsultasi dibuka: "+title) {
			t.Errorf("after a consultation opened, %s lacks it:\n%s", p, got[p])
		}
	}
	for _, p := range paths[2:4] {
		if !strings.Contains(got[p], "BEGIN:VEVENT") {
			t.Errorf("after a consultation opened, %s lacks it:\n%s", p, got[p])
		}
	}

	// A comment shows in no feed: the feeds stay in memory through a burst
	// of them. Its answer published shows at once.
	res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", fmt.Sprintf("/api/v1/policies/%d/comments", id), map[string]any{"section": "", "body": "Usul untuk dijawab"}, "")
	if res.StatusCode != 201 {
		t.Fatalf("comment: %d %s", res.StatusCode, out)
	}
	var comment struct{ ID int64 }
	json.Unmarshal([]byte(out), &comment)
	before := counting.made.Load()
	for _, p := range paths {
		fetch(a.srv.URL, p)
	}
	if n := counting.made.Load() - before; n != 0 {
		t.Errorf("after a comment the feeds made %d reads, want none (a comment is in no feed)", n)
	}
	var k int64
	a.st.DB.SQL().Get(&k, `SELECT id FROM consultations WHERE policy_id = $1`, id)
	cons := fmt.Sprintf("/api/v1/policies/%d/consultations/%d", id, k)
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", cons+"/answers", map[string]any{"comment_id": comment.ID, "disposition": "diterima", "reason": "Diterima"}, ""); res.StatusCode != 200 {
		t.Fatalf("answer: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", cons+"/publish", nil, ""); res.StatusCode != 200 {
		t.Fatalf("publish: %d %s", res.StatusCode, out)
	}
	if got := all("answers published"); !strings.Contains(got[policyFeed], "<title>Jawaban atas komentar diterbitkan: "+title) {
		t.Errorf("after answers published, the policy's feed lacks them:\n%s", got[policyFeed])
	}

	// A topic added and put on the policy: its feed lists the policy.
	topicFeed := "/policies.atom?region=sawahlunto&topic=pelayanan-publik"
	var topic struct{ ID int64 }
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", "/api/v1/topics", map[string]string{"name": "Pelayanan Publik"}, ""); res.StatusCode != 201 {
		t.Fatalf("topic: %d %s", res.StatusCode, out)
	} else {
		if err := json.Unmarshal([]byte(out), &topic); err != nil {
			t.Fatal(err)
		}
	}
	paths = append(paths, topicFeed)
	if body := same("a topic added", topicFeed); strings.Contains(body, "<entry>") {
		t.Errorf("a new topic's feed has entries:\n%s", body)
	}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/topics", id), map[string]any{"topics": []string{"pelayanan-publik"}}, ""); res.StatusCode != 200 {
		t.Fatalf("tag: %d %s", res.StatusCode, out)
	}
	if got := all("a policy tagged"); !strings.Contains(got[topicFeed], "Konsultasi dibuka: "+title) {
		t.Errorf("the topic's feed lacks the policy tagged:\n%s", got[topicFeed])
	}
	// Renamed: the same address, the new name in its title.
	if res, out := a.api(http.DefaultClient, a.tokens["admin"], "POST", fmt.Sprintf("/api/v1/topics/%d", topic.ID), map[string]string{"name": "Layanan Publik"}, ""); res.StatusCode != 200 {
		t.Fatalf("rename: %d %s", res.StatusCode, out)
	}
	if got := all("a topic renamed"); !strings.Contains(got[topicFeed], "<title>Kabar kebijakan · Kota Sawahlunto · Layanan Publik · Policyflow</title>") {
		t.Errorf("the renamed topic's feed:\n%s", got[topicFeed])
	}

	// A consultation scheduled to open, on another policy: in the
	// calendar at once; cancelled, gone at once.
	other := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	opens := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	act := fmt.Sprintf("/api/v1/policies/%d/actions/", other)
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", act+"open_consultation", map[string]any{"opens_at": opens, "closes_at": opens.Add(20 * 24 * time.Hour), "allow_public": true}, ""); res.StatusCode != 200 {
		t.Fatalf("schedule: %d %s", res.StatusCode, out)
	}
	if got := all("a consultation scheduled"); !strings.Contains(got["/konsultasi.ics"], "UID:opens-jadwal-konsultasi-"+fmt.Sprint(other)) {
		t.Errorf("the calendar lacks the scheduled opening:\n%s", got["/konsultasi.ics"])
	}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", act+"cancel_consultation_schedule", map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("cancel: %d %s", res.StatusCode, out)
	}
	if got := all("a schedule cancelled"); strings.Contains(got["/konsultasi.ics"], "jadwal-konsultasi-") {
		t.Errorf("the calendar still has the cancelled schedule:\n%s", got["/konsultasi.ics"])
	}

	// Removed: its feed is no more (the topic is unknown), the others
	// say so at once.
	if res, out := a.api(http.DefaultClient, a.tokens["admin"], "POST", fmt.Sprintf("/api/v1/topics/%d/delete", topic.ID), nil, ""); res.StatusCode != 200 {
		t.Fatalf("remove: %d %s", res.StatusCode, out)
	}
	for _, base := range []string{a.srv.URL, second.URL} {
		req, _ := http.NewRequest("GET", base+topicFeed, nil)
		if res, _ := devtest.Do(t, anon, req); res.StatusCode != 422 {
			t.Errorf("%s: the removed topic's feed: %d, want 422", base, res.StatusCode)
		}
	}
	paths = paths[:len(paths)-1]
	all("a topic removed")
}

// strip is a feed or calendar without what differs between two makings of
// the same content: a calendar's DTSTAMP (when it was made).
func strip(body string) string {
	lines := strings.Split(body, "\r\n")
	out := lines[:0]
	for _, l := range lines {
		if !strings.HasPrefix(l, "DTSTAMP:") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\r\n")
}

// The feed of a city, asked 300 times: from memory against made every
// time (a store that keeps no feed revision), as requests a second, in the
// test's log (docs: the figure of issue 26).
func TestFeedCacheThroughput(t *testing.T) {
	a := newApp(t)
	a.openPublicConsultation(t)
	uncached := web.Serve(t, server.Deps{Store: struct{ server.Store }{a.st.DB}, Lifecycle: a.st.Lifecycle})
	rate := func(base string) float64 {
		c := a.client()
		const n = 300
		start := time.Now()
		for range n {
			req, _ := http.NewRequest("GET", base+"/policies.atom", nil)
			if res, body := devtest.Do(t, c, req); res.StatusCode != 200 {
				t.Fatalf("%s: %d %s", base, res.StatusCode, gist(body))
			}
		}
		return n / time.Since(start).Seconds()
	}
	rate(a.srv.URL) // warm both
	rate(uncached.URL)
	kept, made := rate(a.srv.URL), rate(uncached.URL)
	t.Logf("GET /policies.atom: %.0f req/s made every time, %.0f req/s kept in memory (×%.1f)", made, kept, kept/made)
}
