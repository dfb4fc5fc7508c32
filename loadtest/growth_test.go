package loadtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

// grow adds generated policies (one version each, in the five seeded
// policies' regions, units and chains, four statuses) until there are n.
func grow(b *testing.B, db *sqlx.DB, n int) time.Duration {
	t0 := time.Now()
	var have int
	db.Get(&have, `SELECT count(*) FROM policies`)
	if have >= n {
		return 0
	}
	const batch = 20000
	for from := have; from < n; from += batch {
		to := min(n, from+batch) - 1
		_, err := db.Exec(`
			WITH seeds AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, region_id, owner_unit_id, chain_id, created_by
			               FROM policies WHERE slug NOT LIKE 'beban-%' AND slug NOT LIKE 'uji-%' ORDER BY id LIMIT 5),
			ins AS (
				INSERT INTO policies (region_id, owner_unit_id, chain_id, slug, title, status, created_by)
				SELECT s.region_id, s.owner_unit_id, s.chain_id, 'beban-' || g,
				       'Kebijakan ' || (ARRAY['pelatihan','mentoring','seminar','lokakarya','daring'])[1 + g % 5] || ' nomor ' || g,
				       (ARRAY['draft','drafting','approved','implementing'])[1 + g % 4], s.created_by
				FROM generate_series($1::int, $2::int) g JOIN seeds s ON s.k = g % 5
				RETURNING id, title, created_by),
			md AS (SELECT id, created_by, title, '# ' || title || E'\n\n## Pendahuluan\n\n' ||
			              repeat('Peningkatan kompetensi aparatur sipil negara melalui pengembangan berkelanjutan. ', 4) AS markdown FROM ins),
			ins2 AS (
				INSERT INTO policy_versions (policy_id, number, markdown, sha256, author_id, change_summary)
				SELECT id, 1, markdown, encode(sha256(convert_to(markdown, 'UTF8')), 'hex'), created_by, 'dibuat untuk uji pertumbuhan' FROM md
				RETURNING 1)
			SELECT count(*) FROM ins2`, from, to)
		if err != nil {
			b.Fatalf("growing to %d policies: %v", n, err)
		}
		// A statement does not see the rows its own WITH inserted: the
		// current version and search vector are set by a second one.
		_, err = db.Exec(`UPDATE policies p SET current_version_id = v.id,
				search = setweight(to_tsvector('indonesian', p.title), 'A') || setweight(to_tsvector('indonesian', v.markdown), 'B')
			FROM policy_versions v WHERE v.policy_id = p.id AND p.current_version_id IS NULL`)
		if err != nil {
			b.Fatalf("growing to %d policies: %v", n, err)
		}
	}
	db.MustExec(`VACUUM ANALYZE policies`)
	db.MustExec(`VACUUM ANALYZE policy_versions`)
	return time.Since(t0)
}

// addComments spreads n comments over the generated policies.
func addComments(b *testing.B, db *sqlx.DB, n int) time.Duration {
	t0 := time.Now()
	_, err := db.Exec(`
		WITH ps AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, current_version_id FROM policies WHERE slug LIKE 'beban-%'),
		     cnt AS (SELECT count(*) AS c FROM ps)
		INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body)
		SELECT ps.id, ps.current_version_id, 'pendahuluan', 'Warga ' || g % 1000, 'Komentar pertumbuhan nomor ' || g
		FROM generate_series(1, $1::int) g, cnt JOIN ps ON true WHERE ps.k = g % cnt.c`, n)
	if err != nil {
		b.Fatalf("adding %d comments: %v", n, err)
	}
	db.MustExec(`VACUUM ANALYZE comments`)
	return time.Since(t0)
}

// growth: the policy page and the lists at 100, 10,000 and 100,000
// policies (with 1,000,000 comments at the largest), each beside the index
// lookups it needs, issued directly.
func growth(b *testing.B, r *report) {
	ctx := context.Background()
	st := &stack.Stack{DB: devtest.SeededDB(b, devtest.PostgresURL(b))}
	srv := web.Serve(b, server.Deps{Store: st.DB, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	e := &env{b: b, st: st, srv: srv, client: &http.Client{Timeout: time.Minute}}
	id := bigPolicy(e, st, "uji-beban-tumbuh")
	cookie := session(e, st, "opd.sawahlunto@policyflow.test")
	db := st.DB.SQL()
	var region int64
	db.Get(&region, `SELECT id FROM regions WHERE slug = 'sawahlunto'`)

	pageURL := fmt.Sprintf("%s/policies/%d", srv.URL, id)
	listURL := srv.URL + "/api/v1/policies?region=sawahlunto&status=approved"
	searchURL := srv.URL + "/api/v1/policies?q=mentoring+kompetensi"
	indexURL := srv.URL + "/?region=sawahlunto"
	var first map[string]time.Duration
	sizes := []int{100, 10000, *scale}
	if *scale <= 10000 {
		sizes = []int{100, max(*scale, 101)}
	}
	for _, size := range sizes {
		took := grow(b, db, size)
		note := fmt.Sprintf("%d policies", size) // generated, plus the seeded and this scenario's
		if size == *scale {
			took += addComments(b, db, 1000000)
			note += " and 1,000,000 comments"
		}
		var policies, comments int
		db.Get(&policies, `SELECT count(*) FROM policies`)
		db.Get(&comments, `SELECT count(*) FROM comments`)
		r.note("growth to %d policies, %d comments: generated in %s", policies, comments, took.Round(time.Second))

		const n = 200
		get := func(u string) result {
			run(1, 20, func(int) error { return e.get(u, "Cookie", cookie) })
			return run(1, n, func(int) error { return e.get(u, "Cookie", cookie) })
		}
		page, list, search, index := get(pageURL), get(listURL), get(searchURL), get(indexURL)
		// The lookups they need: the policy by key and its first comments
		// by index; one page of a filtered list by index.
		lookPage := run(1, n, func(int) error {
			var x struct {
				ID    int64  `db:"id"`
				Title string `db:"title"`
			}
			if err := db.GetContext(ctx, &x, `SELECT id, title FROM policies WHERE id = $1`, id); err != nil {
				return err
			}
			var cs []int64
			return db.SelectContext(ctx, &cs, `SELECT id FROM comments WHERE policy_id = $1 AND section_anchor = 'bagian-1' ORDER BY created_at LIMIT 20`, id)
		})
		lookList := run(1, n, func(int) error {
			var ids []int64
			return db.SelectContext(ctx, &ids, `SELECT id FROM policies WHERE region_id = $1 AND status = 'approved' ORDER BY id LIMIT 20`, region)
		})
		// Ranking needs every match's rank: the ranked query issued
		// directly is the search's own floor.
		lookSearch := run(1, n, func(int) error {
			var ids []int64
			return db.SelectContext(ctx, &ids, `SELECT id FROM policies WHERE search @@ websearch_to_tsquery('indonesian', 'mentoring kompetensi')
				ORDER BY ts_rank(search, websearch_to_tsquery('indonesian', 'mentoring kompetensi')) DESC, title, id LIMIT 20`)
		})
		figures := map[string]time.Duration{"page": page.p50(), "list": list.p50(), "search": search.p50(), "index": index.p50(),
			"lookPage": lookPage.p50(), "lookList": lookList.p50(), "lookSearch": lookSearch.p50()}
		if first == nil {
			first = figures
		}
		growthOf := func(k string) string { return ratio(figures[k], first[k]) + " of the 100-policy figure" }
		r.add("policy page at "+note, page.String()+"; "+growthOf("page"),
			"policy by key + 20 comments by index: "+lookPage.String()+"; "+growthOf("lookPage"), ratio(page.p50(), lookPage.p50()))
		r.add("API list (region + status, page 1, with total) at "+note, list.String()+"; "+growthOf("list"),
			"20 ids by (region, status) index: "+lookList.String()+"; "+growthOf("lookList"), ratio(list.p50(), lookList.p50()))
		r.add("API full-text search at "+note, search.String()+"; "+growthOf("search"),
			"the best 20 by ts_rank over the GIN index's matches, in SQL: "+lookSearch.String()+"; "+growthOf("lookSearch"), ratio(search.p50(), lookSearch.p50()))
		r.add("index page (HTML list, one region) at "+note, index.String()+"; "+growthOf("index"), "", "")
	}
}
