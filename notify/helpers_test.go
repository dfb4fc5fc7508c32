package notify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// received is one message the test mail server accepted (or, with a failing
// server, was given and refused).
type received struct {
	From, To  string
	MessageID string
	Subject   string // decoded
	Body      string // decoded
	Header    mail.Header
	TLS       bool
	User      string // authenticated user, if any
}

// mailServer is a real SMTP server (emersion/go-smtp) on the loopback
// interface that keeps every message it receives.
type mailServer struct {
	Addr string

	mu          sync.Mutex
	msgs        []received // accepted
	refused     int
	refusedRcpt int // recipients refused for good
	failNext    int // refuse this many more messages with 451 at the end of DATA
	// onMessage, if set, runs for each message before the server answers it.
	onMessage func(n int, r received)
	users     map[string]string // AUTH PLAIN accounts; nil: no AUTH
	srv       *smtp.Server
}

func startMailServer(t testing.TB, configure ...func(*mailServer, *smtp.Server)) *mailServer {
	t.Helper()
	m := &mailServer{}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{m: m, c: c}, nil
	}))
	s.Domain = "mail.test"
	s.ReadTimeout = 30 * time.Second
	s.WriteTimeout = 30 * time.Second
	s.MaxMessageBytes = 1 << 20
	for _, f := range configure {
		f(m, s)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.Addr, m.srv = l.Addr().String(), s
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return m
}

func (m *mailServer) URL() string { return "smtp://" + m.Addr }

func (m *mailServer) messages() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.msgs...)
}

func (m *mailServer) failFor(n int) {
	m.mu.Lock()
	m.failNext = n
	m.mu.Unlock()
}

// countByMessageID counts accepted messages per Message-ID.
func (m *mailServer) countByMessageID() map[string]int {
	c := map[string]int{}
	for _, r := range m.messages() {
		c[r.MessageID]++
	}
	return c
}

type mailSession struct {
	m        *mailServer
	c        *smtp.Conn
	from, to string
	user     string
}

func (s *mailSession) AuthMechanisms() []string {
	if s.m.users == nil {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *mailSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if p, ok := s.m.users[user]; !ok || p != pass {
			return errors.New("invalid credentials")
		}
		s.user = user
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.m.users != nil && s.user == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.from = from
	return nil
}

// Rcpt refuses for good (550) the addresses that begin with "tidak-ada".
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(to, "tidak-ada") {
		s.m.mu.Lock()
		s.m.refusedRcpt++
		s.m.mu.Unlock()
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.to = to
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(msg.Body)
	if err != nil {
		return err
	}
	body := string(raw)
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
		if err != nil {
			return err
		}
		body = string(b)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return err
	}
	_, isTLS := s.c.TLSConnectionState()
	rec := received{From: s.from, To: s.to, MessageID: msg.Header.Get("Message-ID"), Subject: subject,
		Body: strings.ReplaceAll(body, "\r\n", "\n"), Header: msg.Header, TLS: isTLS, User: s.user}

	s.m.mu.Lock()
	if s.m.failNext > 0 {
		s.m.failNext--
		s.m.refused++
		s.m.mu.Unlock()
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	s.m.msgs = append(s.m.msgs, rec)
	n := len(s.m.msgs)
	hook := s.m.onMessage
	s.m.mu.Unlock()
	if hook != nil {
		hook(n, rec)
	}
	return nil
}

func (s *mailSession) Reset()        { s.from, s.to = "", "" }
func (s *mailSession) Logout() error { return nil }

// selfSigned returns a server certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}

// fixture is a migrated database with one region, a unit with a webhook
// (set by the test), a unit without, and helpers to add people and rows.
type fixture struct {
	url       string
	db        *postgres.DB
	region    int64
	hookUnit  int64
	plainUnit int64
	serial    int
	// peopleHaveRegion: users.region_id exists (migration 0008, people
	// belong to a region), and anyone in a unit must carry the unit's.
	peopleHaveRegion bool
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	url := devtest.MigratedURL(t)
	db, err := postgres.Open(t.Context(), url, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{url: url, db: db}
	x := db.SQL()
	must(t, x.QueryRowx(`INSERT INTO regions (slug, name) VALUES ('kota-uji', 'Kota Uji') RETURNING id`).Scan(&f.region))
	must(t, x.QueryRowx(`INSERT INTO units (region_id, code, name) VALUES ($1, 'bkpsdm', 'BKPSDM') RETURNING id`, f.region).Scan(&f.hookUnit))
	must(t, x.QueryRowx(`INSERT INTO units (region_id, code, name) VALUES ($1, 'dinkes', 'Dinas Kesehatan') RETURNING id`, f.region).Scan(&f.plainUnit))
	must(t, x.Get(&f.peopleHaveRegion, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'users' AND column_name = 'region_id')`))
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) setWebhook(t testing.TB, url, secret string) {
	t.Helper()
	f.db.SQL().MustExec(`UPDATE units SET webhook_url = $2, webhook_secret = $3 WHERE id = $1`, f.hookUnit, url, secret)
}

// user adds a unit officer of unit with the given notify mode.
func (f *fixture) user(t testing.TB, name, mode string, unit int64) (id int64, email string) {
	t.Helper()
	f.serial++
	email = fmt.Sprintf("pegawai%d@uji.go.id", f.serial)
	q := `INSERT INTO users (email, name, role, unit_id, password_hash, notify_mode)
		VALUES ($1, $2, 'unit_officer', $3, 'x', $4) RETURNING id`
	if f.peopleHaveRegion {
		q = `INSERT INTO users (email, name, role, unit_id, region_id, password_hash, notify_mode)
		SELECT $1, $2, 'unit_officer', id, region_id, 'x', $4 FROM units WHERE id = $3 RETURNING id`
	}
	must(t, f.db.SQL().QueryRowx(q, email, name, unit, mode).Scan(&id))
	return id, email
}

// notify writes an outbox row as activities.Notify does and returns its ID.
func (f *fixture) notify(t testing.TB, n policies.Notification) int64 {
	t.Helper()
	if n.Subject == "" {
		n.Subject = "Pengingat: " + n.DedupKey
	}
	ok, err := f.db.EnqueueNotification(t.Context(), n)
	if err != nil || !ok {
		t.Fatalf("enqueue %s: %v %v", n.DedupKey, ok, err)
	}
	var id int64
	must(t, f.db.SQL().Get(&id, `SELECT id FROM notifications WHERE dedup_key = $1`, n.DedupKey))
	return id
}

// delivery returns an outbox row's delivery state.
func (f *fixture) delivery(ctx context.Context, id int64) (devtest.Delivery, error) {
	return devtest.DeliveryOf(ctx, f.db, id)
}

func (f *fixture) undelivered(t testing.TB) int {
	t.Helper()
	var n int
	must(t, f.db.SQL().Get(&n, `SELECT count(*) FROM notifications WHERE delivered_at IS NULL`))
	return n
}

// clock is a test clock the deliverer reads.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
