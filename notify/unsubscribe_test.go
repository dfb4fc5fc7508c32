package notify_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
)

var unsubKey = []byte("kunci-uji-berhenti-berlangganan-0123456789abcdef")

// unsubWorld is a deliverer with an unsubscribe key whose links point at a
// real Policyflow web server on the same database.
type unsubWorld struct {
	f   *fixture
	ms  *mailServer
	d   *notify.Deliverer
	srv *httptest.Server
}

func newUnsubWorld(t *testing.T) *unsubWorld {
	t.Helper()
	f := newFixture(t)
	ms := startMailServer(t)
	srv := web.Serve(t, server.Deps{Store: f.db, UnsubscribeKey: unsubKey})
	d := deliverer(f, mailTo(t, ms))
	d.BaseURL = srv.URL
	d.UnsubscribeKey = unsubKey
	return &unsubWorld{f: f, ms: ms, d: d, srv: srv}
}

func (w *unsubWorld) deliver(t *testing.T, want int) {
	t.Helper()
	if sent, err := w.d.DeliverOnce(t.Context()); err != nil || sent != want {
		t.Fatalf("DeliverOnce = %d, %v; want %d sent", sent, err, want)
	}
}

func (w *unsubWorld) unsubscribes(t *testing.T) []string {
	t.Helper()
	var rows []string
	must(t, w.f.db.SQL().Select(&rows, `SELECT email || '/' || category FROM unsubscribes ORDER BY 1`))
	return rows
}

var linkRe = regexp.MustCompile(`Unsubscribe: (\S+)`)

// checkUnsubscribeHeaders checks RFC 8058's headers on m and that the body
// carries the same link; it returns the link.
func checkUnsubscribeHeaders(t *testing.T, m received, base string) string {
	t.Helper()
	lu := m.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<"+base+"/unsubscribe?t=") || !strings.HasSuffix(lu, ">") {
		t.Fatalf("List-Unsubscribe = %q", lu)
	}
	if p := m.Header.Get("List-Unsubscribe-Post"); p != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", p)
	}
	link := strings.Trim(lu, "<>")
	if got := linkRe.FindStringSubmatch(m.Body); got == nil || got[1] != link {
		t.Errorf("body's unsubscribe link %v, header's %s:\n%s", got, link, m.Body)
	}
	return link
}

// A notice to someone without an account goes by email, once, with a
// working one-click unsubscribe link; once used, no more comment notices
// reach that address, while other categories still do.
func TestEmailOnlyNoticeAndOneClickUnsubscribe(t *testing.T) {
	w := newUnsubWorld(t)
	id := w.f.notify(t, policies.Notification{DedupKey: "answer/1", Email: "Warga.Satu@Contoh.id", Kind: policies.NoticeCommentAnswered,
		Subject: "Komentar Anda telah ditanggapi / Your comment has been answered", Body: "Tanggapan: diterima.", Link: "/policies/1#c-1"})
	w.deliver(t, 1)
	w.deliver(t, 0) // delivered: never sent again
	msgs := w.ms.messages()
	if len(msgs) != 1 || w.ms.countByMessageID()[notify.MessageID("answer/1")] != 1 {
		t.Fatalf("got %d messages: %+v", len(msgs), msgs)
	}
	m := msgs[0]
	if m.To != "Warga.Satu@Contoh.id" || m.Subject != "Komentar Anda telah ditanggapi / Your comment has been answered" {
		t.Errorf("to %s, subject %q", m.To, m.Subject)
	}
	for _, want := range []string{"Yth. Bapak/Ibu,", "Tanggapan: diterima.", "Open in Policyflow: " + w.srv.URL + "/policies/1#c-1", "please do not reply"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, m.Body)
		}
	}
	if strings.Contains(m.Body, "/notifications") {
		t.Errorf("an email to someone without an account points to an inbox:\n%s", m.Body)
	}
	if st, _ := w.f.delivery(t.Context(), id); st.EmailedAt == nil || st.DeliveredAt == nil {
		t.Errorf("row after delivery: %+v", st)
	}
	link := checkUnsubscribeHeaders(t, m, w.srv.URL)

	// Opening the link asks first and changes nothing.
	res, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "warga.satu@contoh.id") || !strings.Contains(string(body), `id="unsubscribe-submit"`) {
		t.Fatalf("GET link: %d\n%s", res.StatusCode, body)
	}
	if u := w.unsubscribes(t); len(u) != 0 {
		t.Fatalf("GET unsubscribed: %v", u)
	}

	// The one-click POST of a mail client: no session, no CSRF token.
	res, err = http.Post(link, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `id="unsubscribe-done"`) {
		t.Fatalf("one-click POST: %d\n%s", res.StatusCode, body)
	}
	if u := w.unsubscribes(t); len(u) != 1 || u[0] != "warga.satu@contoh.id/comments" {
		t.Fatalf("unsubscribes = %v", u)
	}
	// Again: still one row, still 200.
	if res, err := http.Post(link, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click")); err != nil || res.StatusCode != 200 {
		t.Fatalf("second POST: %v %v", res, err)
	}

	// A later comment notice to the address (any case) is not emailed, and
	// is done with; a consultation invitation (another category) still is.
	later := w.f.notify(t, policies.Notification{DedupKey: "reply/2", Email: "warga.satu@contoh.ID", Kind: policies.NoticeCommentReply, Subject: "Balasan"})
	invite := w.f.notify(t, policies.Notification{DedupKey: "invite/3", Email: "warga.satu@contoh.id", Kind: policies.NoticeConsultationInvitation, Subject: "Undangan konsultasi"})
	w.deliver(t, 1)
	if st, _ := w.f.delivery(t.Context(), later); st.EmailedAt != nil || st.DeliveredAt == nil {
		t.Errorf("notice after unsubscribing: %+v", st)
	}
	if st, _ := w.f.delivery(t.Context(), invite); st.EmailedAt == nil {
		t.Errorf("invitation (another category) not emailed: %+v", st)
	}
	msgs = w.ms.messages()
	if len(msgs) != 2 || msgs[1].Subject != "Undangan konsultasi" {
		t.Fatalf("messages after unsubscribing: %d", len(msgs))
	}
	if l := checkUnsubscribeHeaders(t, msgs[1], w.srv.URL); l == link {
		t.Error("the invitation's link is the comment notices' link: one token per category")
	}
}

// A token that is not signed with the key, or is cut or altered, is refused
// with 400 and changes nothing, by GET and POST alike.
func TestForgedUnsubscribeTokenRefused(t *testing.T) {
	w := newUnsubWorld(t)
	uid, email := w.f.user(t, "Budi", "immediate", w.f.plainUnit)
	good := policies.UnsubscribeToken(unsubKey, email, policies.UnsubscribeAll)
	p, mac, _ := strings.Cut(good, ".")
	other := policies.UnsubscribeToken([]byte("kunci-lain-yang-tidak-dipakai-server-0123456789"), email, policies.UnsubscribeAll)
	// Another address's payload with this address's signature.
	swapped := strings.SplitN(policies.UnsubscribeToken(unsubKey, "orang.lain@contoh.id", policies.UnsubscribeAll), ".", 2)[0] + "." + mac
	flipped := p + "." + strings.Map(func(r rune) rune {
		if r == 'A' {
			return 'B'
		}
		return 'A'
	}, mac[:1]) + mac[1:]
	for _, tok := range []string{"", "x", other, swapped, flipped, p, p + ".", good + "x"} {
		for _, method := range []string{"GET", "POST"} {
			var res *http.Response
			var err error
			if method == "GET" {
				res, err = http.Get(w.srv.URL + "/unsubscribe?t=" + url.QueryEscape(tok))
			} else {
				res, err = http.PostForm(w.srv.URL+"/unsubscribe", url.Values{"t": {tok}})
			}
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 400 {
				t.Errorf("%s token %q: %d, want 400", method, tok, res.StatusCode)
			}
		}
	}
	// No token at all: a page saying where the link is, nothing done.
	res, err := http.Get(w.srv.URL + "/unsubscribe?lang=en")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "open the unsubscribe link at the bottom of an email") || strings.Contains(string(body), "<form method=\"post\" action=\"/unsubscribe\"") {
		t.Errorf("no token: %d\n%s", res.StatusCode, body)
	}
	if u := w.unsubscribes(t); len(u) != 0 {
		t.Errorf("a bad token unsubscribed: %v", u)
	}
	if mode, _ := w.f.db.NotifyMode(t.Context(), uid); mode != policies.NotifyImmediate {
		t.Errorf("mode = %s", mode)
	}
	// The genuine token works (the refusals above were the token's fault).
	res, err = http.PostForm(w.srv.URL+"/unsubscribe", url.Values{"t": {good}})
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("good token: %v %v", res, err)
	}
}

// A person with an account who unsubscribes from everything gets notify
// mode none: later notices reach their inbox but no email. Transactional
// emails (a password link) carry no unsubscribe link and still go out.
func TestAccountUnsubscribeAllKeepsInbox(t *testing.T) {
	w := newUnsubWorld(t)
	uid, email := w.f.user(t, "Siti", "immediate", w.f.plainUnit)
	w.f.notify(t, policies.Notification{DedupKey: "approval/1", UserID: uid, Kind: policies.NoticeApprovalRequest, Subject: "Permintaan persetujuan"})
	w.deliver(t, 1)
	m := w.ms.messages()[0]
	if !strings.Contains(m.Body, w.srv.URL+"/notifications") {
		t.Errorf("a person with an account is not pointed to their inbox:\n%s", m.Body)
	}
	link := checkUnsubscribeHeaders(t, m, w.srv.URL)
	res, err := http.Post(link, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("one-click: %v %v", res, err)
	}
	if mode, _ := w.f.db.NotifyMode(t.Context(), uid); mode != policies.NotifyNone {
		t.Errorf("mode after unsubscribing from all = %s, want none", mode)
	}
	later := w.f.notify(t, policies.Notification{DedupKey: "approval/2", UserID: uid, Kind: policies.NoticeApprovalOutcome, Subject: "Hasil persetujuan"})
	w.deliver(t, 0)
	if st, _ := w.f.delivery(t.Context(), later); st.EmailedAt != nil || st.DeliveredAt == nil {
		t.Errorf("later notice: %+v", st)
	}
	if ns, _ := w.f.db.Notifications(t.Context(), uid); len(ns) != 2 {
		t.Errorf("inbox has %d, want both", len(ns))
	}
	w.f.notify(t, policies.Notification{DedupKey: "reset/1", UserID: uid, Kind: policies.NoticePasswordReset, Subject: "Atur ulang kata sandi", Link: "/reset/abc"})
	w.deliver(t, 1)
	msgs := w.ms.messages()
	if len(msgs) != 2 || msgs[1].To != email {
		t.Fatalf("password link not emailed: %d messages", len(msgs))
	}
	if h := msgs[1].Header.Get("List-Unsubscribe"); h != "" || strings.Contains(msgs[1].Body, "/unsubscribe") {
		t.Errorf("a transactional email carries an unsubscribe link: %q\n%s", h, msgs[1].Body)
	}
}

// The outbox takes exactly one recipient: a person or an address.
func TestOutboxOneRecipient(t *testing.T) {
	f := newFixture(t)
	uid, _ := f.user(t, "Ani", "immediate", f.plainUnit)
	for _, n := range []policies.Notification{
		{DedupKey: "none", Kind: policies.NoticeCommentReply, Subject: "x"},
		{DedupKey: "both", UserID: uid, Email: "a@contoh.id", Kind: policies.NoticeCommentReply, Subject: "x"},
	} {
		if _, err := f.db.EnqueueNotification(t.Context(), n); policies.KindOf(err) != policies.KindInvalid {
			t.Errorf("%s: err %v, want invalid", n.DedupKey, err)
		}
	}
	// The database says so too.
	if _, err := f.db.SQL().Exec(`INSERT INTO notifications (dedup_key, user_id, email, kind, subject) VALUES ('sql-both', $1, 'a@contoh.id', 'uji', 'x')`, uid); err == nil {
		t.Error("a row with both a user and an address was stored")
	}
	if _, err := f.db.SQL().Exec(`INSERT INTO notifications (dedup_key, kind, subject) VALUES ('sql-none', 'uji', 'x')`); err == nil {
		t.Error("a row with no recipient was stored")
	}
}
