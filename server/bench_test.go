package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/devenv/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
)

// bigPolicy makes a policy of about 30 KB of Markdown with 300 comments.
func bigPolicy(b *testing.B, st *stack.Stack) int64 {
	ctx := context.Background()
	var md strings.Builder
	md.WriteString("# Kebijakan Uji Beban\n\n")
	for i := 0; md.Len() < 30<<10; i++ {
		fmt.Fprintf(&md, "## Bagian %d\n\nPeningkatan kompetensi ASN melalui pelatihan, workshop, seminar dan mentoring. ", i)
		md.WriteString(strings.Repeat("Evaluasi berkala dengan survei kepuasan masyarakat dan Kirkpatrick. ", 5) + "\n\n")
	}
	author, _ := st.DB.UserByEmail(ctx, "penyusun.sawahlunto@policyflow.test")
	region, _ := st.DB.RegionBySlug(ctx, "sawahlunto")
	p, v, err := st.DB.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: *author.UnitID,
		Slug: "uji-beban", Title: "Kebijakan Uji Beban", Markdown: md.String(), AuthorID: author.ID})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := st.DB.CreateComment(ctx, policies.Comment{PolicyID: p.ID, VersionID: v.ID,
			SectionID: fmt.Sprintf("bagian-%d", i%10), AuthorName: "Uji", Body: "Komentar uji beban nomor " + fmt.Sprint(i)}); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Lifecycle.Start(ctx, p.ID); err != nil {
		b.Fatal(err)
	}
	return p.ID
}

// measure requests url b.N times in sequence and reports the median and p99.
func measure(b *testing.B, c *http.Client, url, cookie string) {
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("GET", url, nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		start := time.Now()
		res, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		durations = append(durations, time.Since(start))
		if res.StatusCode != 200 {
			b.Fatalf("status %d", res.StatusCode)
		}
		b.SetBytes(n)
	}
	b.StopTimer()
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkPolicyPage serves the policy page (30 KB Markdown, 300 comments,
// rendered Markdown cached per version hash, workflow state queried from
// Temporal), signed in; BenchmarkPolicyPageBytesFromMemory serves the same
// bytes from memory with net/http, the physical baseline.
func BenchmarkPolicyPage(b *testing.B) {
	st := stack.New(b)
	id := bigPolicy(b, st)
	h, err := server.NewServer(server.Deps{Store: st.DB, Lifecycle: st.Lifecycle})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	u, _ := st.DB.UserByEmail(context.Background(), "akademisi.sawahlunto@policyflow.test")
	token := "bench-session-token"
	st.DB.CreateSession(context.Background(), u.ID, hashHex(token), "csrf", time.Now().Add(time.Hour))
	url := fmt.Sprintf("%s/policies/%d", srv.URL, id)
	cookie := "pf_session=" + token

	b.Run("server", func(b *testing.B) { measure(b, srv.Client(), url, cookie) })

	res, err := srv.Client().Do(func() *http.Request {
		r, _ := http.NewRequest("GET", url, nil)
		r.Header.Set("Cookie", cookie)
		return r
	}())
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	mem := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer mem.Close()
	b.Run("bytes-from-memory", func(b *testing.B) { measure(b, mem.Client(), mem.URL, "") })
}
