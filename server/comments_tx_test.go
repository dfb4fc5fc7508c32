package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A comment POST by API token with an Idempotency-Key claims the key,
// stores the comment, a reply's notice and the answer in one transaction
// (the rows share their writing transaction's id); a refusal is kept and
// replayed too, and a key first used on another route is refused.
func TestCommentPostIsOneTransaction(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	path := fmt.Sprintf("/api/v1/policies/%d/comments", id)
	c := http.DefaultClient
	officer := a.tokens["unit_officer"]
	// sameTx says whether the key's row was last written by the
	// transaction that wrote the row of table with that id.
	sameTx := func(t *testing.T, key, table string, rowID int64) {
		t.Helper()
		var same bool
		err := db.Get(&same, fmt.Sprintf(`SELECT k.xmin::text = r.xmin::text FROM idempotency_keys k, %s r
			WHERE k.key = $1 AND r.id = $2`, table), key, rowID)
		if err != nil || !same {
			t.Errorf("the answer to %s and the %s row %d: same transaction %v (%v), want true", key, table, rowID, same, err)
		}
	}

	res, out := a.api(c, officer, "POST", path, map[string]any{"section": "pendahuluan", "body": "Satu transaksi."}, "tx-1")
	var first policies.Comment
	if err := json.Unmarshal([]byte(out), &first); res.StatusCode != 201 || err != nil {
		t.Fatalf("POST: %d %s", res.StatusCode, out)
	}
	var kept struct {
		Status int
		Body   string
	}
	if err := db.Get(&kept, `SELECT status, convert_from(body, 'UTF8') AS body FROM idempotency_keys WHERE key = 'tx-1'`); err != nil || kept.Status != 201 || kept.Body != out {
		t.Errorf("the kept answer: %+v %v, want 201 and the body sent", kept, err)
	}
	sameTx(t, "tx-1", "comments", first.ID)
	res, again := a.api(c, officer, "POST", path, map[string]any{"section": "pendahuluan", "body": "Satu transaksi."}, "tx-1")
	if res.StatusCode != 201 || again != out || res.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry: %d %s (replayed %q), want the first answer", res.StatusCode, again, res.Header.Get("Idempotent-Replayed"))
	}

	// A reply: its notice to the first comment's author (the drafter
	// answers the officer) is written in the same transaction.
	res, out = a.api(c, a.tokens["drafter"], "POST", path, map[string]any{"body": "Akan kami tambahkan.", "parent_id": first.ID}, "tx-reply")
	var reply policies.Comment
	if err := json.Unmarshal([]byte(out), &reply); res.StatusCode != 201 || err != nil {
		t.Fatalf("reply: %d %s", res.StatusCode, out)
	}
	sameTx(t, "tx-reply", "comments", reply.ID)
	var notice int64
	if err := db.Get(&notice, `SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = $1 AND n.kind = 'comment_reply' ORDER BY n.id DESC LIMIT 1`, roleEmails["unit_officer"]); err != nil {
		t.Fatalf("the reply's notice: %v", err)
	}
	sameTx(t, "tx-reply", "notifications", notice)

	// A refusal writes nothing and is kept: the retry gets it back.
	bad := map[string]any{"section": "tidak-ada", "body": "Bagian yang tidak ada."}
	res, out = a.api(c, officer, "POST", path, bad, "tx-bad")
	if res.StatusCode != 422 {
		t.Fatalf("a comment on a missing section: %d %s, want 422", res.StatusCode, out)
	}
	res, again = a.api(c, officer, "POST", path, bad, "tx-bad")
	if res.StatusCode != 422 || again != out || res.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retried refusal: %d %s (replayed %q), want the first answer", res.StatusCode, again, res.Header.Get("Idempotent-Replayed"))
	}

	// A key first used on another route: refused, nothing stored.
	if res, out := a.api(c, a.tokens["drafter"], "POST", "/api/v1/preview", map[string]string{"markdown": "x"}, "tx-other"); res.StatusCode != 200 {
		t.Fatalf("preview: %d %s", res.StatusCode, out)
	}
	res, out = a.api(c, a.tokens["drafter"], "POST", path, map[string]any{"section": "pendahuluan", "body": "Kunci rute lain."}, "tx-other")
	if e := decodeErr(t, out); res.StatusCode != 422 || e.Error.Field != "Idempotency-Key" {
		t.Errorf("a key of another route: %d %s, want 422 naming Idempotency-Key", res.StatusCode, out)
	}
	var n int
	db.Get(&n, `SELECT count(*) FROM comments WHERE policy_id = $1 AND body IN ('Kunci rute lain.', 'Bagian yang tidak ada.')`, id)
	if n != 0 {
		t.Errorf("%d comments stored by refused requests", n)
	}
}
