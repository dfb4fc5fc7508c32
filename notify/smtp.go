package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SMTP is the mail server the deliverer sends through.
type SMTP struct {
	Addr     string       // host:port
	Username string       // with Password: AUTH PLAIN, only over TLS or to localhost
	Password string       //
	From     mail.Address // the sender
	// ImplicitTLS connects with TLS from the start (smtps://); otherwise the
	// connection switches to TLS with STARTTLS whenever the server offers it.
	ImplicitTLS bool
	// TLSConfig verifies the server; nil means the system roots and the
	// host name of Addr.
	TLSConfig *tls.Config
	// Timeout bounds connecting and each message (default 30 s).
	Timeout time.Duration
	// Connections is how many connections the deliverer sends over at
	// once (SMTP_URL's connections=, 1–32; 0: DefaultMailConnections).
	Connections int
}

// DefaultFrom is the sender when SMTP_URL names none.
var DefaultFrom = mail.Address{Name: "Policyflow", Address: "noreply@policyflow.invalid"}

// ParseSMTPURL reads SMTP_URL: smtp://[user:pass@]host[:port][?from=addr][&connections=n]
// (STARTTLS when the server offers it; port 25 when none is given) or
// smtps://… (TLS from the start; port 465). connections= is how many SMTP
// connections the deliverer sends over at once (1–32, default 16). An empty string means no email:
// it returns nil and no error. Errors never show the password.
func ParseSMTPURL(raw string) (*SMTP, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("SMTP_URL is not a URL: use smtp://[user:pass@]host:port")
	}
	m := &SMTP{From: DefaultFrom}
	port := "25"
	switch u.Scheme {
	case "smtp":
	case "smtps":
		m.ImplicitTLS, port = true, "465"
	default:
		return nil, fmt.Errorf("SMTP_URL scheme %q: use smtp:// or smtps://", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("SMTP_URL has no host: use smtp://[user:pass@]host:port")
	}
	if u.Port() != "" {
		port = u.Port()
	}
	m.Addr = net.JoinHostPort(u.Hostname(), port)
	if u.User != nil {
		m.Username = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	if f := u.Query().Get("from"); f != "" {
		a, err := mail.ParseAddress(f)
		if err != nil {
			return nil, fmt.Errorf("SMTP_URL from=%q is not an email address", f)
		}
		m.From = *a
	}
	if c := u.Query().Get("connections"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 || n > 32 {
			return nil, fmt.Errorf("SMTP_URL connections=%q: a number from 1 to 32", c)
		}
		m.Connections = n
	}
	return m, nil
}

// String describes the server without its password, for logs.
func (m *SMTP) String() string {
	scheme := "smtp"
	if m.ImplicitTLS {
		scheme = "smtps"
	}
	user := ""
	if m.Username != "" {
		user = m.Username + ":xxxxx@"
	}
	return scheme + "://" + user + m.Addr
}

func (m *SMTP) timeout() time.Duration {
	if m.Timeout > 0 {
		return m.Timeout
	}
	return 30 * time.Second
}

// mailConn is one SMTP connection, reused for many messages (pool.go).
type mailConn struct {
	m    *SMTP
	conn net.Conn
	c    *smtp.Client
	used time.Time // when it was last given back to the pool; zero while new
	sent int       // messages the server accepted on it
}

// dial connects, greets, switches to TLS when offered and authenticates.
func (m *SMTP) dial(ctx context.Context) (*mailConn, error) {
	host, _, err := net.SplitHostPort(m.Addr)
	if err != nil {
		return nil, err
	}
	tlsConf := m.TLSConfig
	if tlsConf == nil {
		tlsConf = &tls.Config{}
	}
	if tlsConf.ServerName == "" {
		tlsConf = tlsConf.Clone()
		tlsConf.ServerName = host
	}
	dctx, cancel := context.WithTimeout(ctx, m.timeout())
	defer cancel()
	var conn net.Conn
	if m.ImplicitTLS {
		conn, err = (&tls.Dialer{Config: tlsConf}).DialContext(dctx, "tcp", m.Addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(dctx, "tcp", m.Addr)
	}
	if err != nil {
		return nil, fmt.Errorf("smtp: connect %s: %w", m.Addr, err)
	}
	conn.SetDeadline(time.Now().Add(m.timeout()))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("smtp: %s: %w", m.Addr, err)
	}
	mc := &mailConn{m: m, conn: conn, c: c}
	if err := c.Hello("policyflow"); err != nil {
		mc.close()
		return nil, fmt.Errorf("smtp: %s: EHLO: %w", m.Addr, err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !m.ImplicitTLS {
		if err := c.StartTLS(tlsConf); err != nil {
			mc.close()
			return nil, fmt.Errorf("smtp: %s: STARTTLS: %w", m.Addr, err)
		}
	}
	if m.Username != "" {
		// net/smtp's PLAIN refuses to send the password in clear text
		// except to localhost.
		if err := c.Auth(smtp.PlainAuth("", m.Username, m.Password, host)); err != nil {
			mc.close()
			return nil, fmt.Errorf("smtp: %s: AUTH: %w", m.Addr, err)
		}
	}
	conn.SetDeadline(time.Time{})
	return mc, nil
}

// send transmits one message; the connection stays usable after an error
// the server answered (it is reset), and must be closed after any other.
func (mc *mailConn) send(from, to string, msg []byte) (err error) {
	mc.conn.SetDeadline(time.Now().Add(mc.m.timeout()))
	defer mc.conn.SetDeadline(time.Time{})
	defer func() {
		if err != nil {
			err = fmt.Errorf("smtp: %s: %w", mc.m.Addr, err)
		}
	}()
	if err := mc.c.Mail(from); err != nil {
		var te *textproto.Error
		if !errors.As(err, &te) {
			return &connLost{err}
		}
		return err
	}
	if err := mc.c.Rcpt(to); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) && te.Code >= 500 && te.Code <= 599 {
			return &RecipientRefused{Address: to, Err: err}
		}
		return err
	}
	w, err := mc.c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	return w.Close()
}

// reset ends a failed transaction; it reports whether the connection is
// still usable.
func (mc *mailConn) reset() bool {
	mc.conn.SetDeadline(time.Now().Add(mc.m.timeout()))
	defer mc.conn.SetDeadline(time.Time{})
	return mc.c.Reset() == nil
}

// quit ends the session politely.
func (mc *mailConn) quit() {
	mc.conn.SetDeadline(time.Now().Add(5 * time.Second))
	if err := mc.c.Quit(); err != nil {
		mc.close()
	}
}

func (mc *mailConn) close() { mc.c.Close() }

// safeHeader drops line breaks (and other control characters) so a value
// cannot add header lines.
func safeHeader(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// RecipientRefused is a mail server's permanent refusal (5xx) of one
// recipient, e.g. "550 no such user": sending again cannot help.
type RecipientRefused struct {
	Address string
	Err     error
}

func (e *RecipientRefused) Error() string {
	return fmt.Sprintf("recipient %s refused for good: %v", e.Address, e.Err)
}

func (e *RecipientRefused) Unwrap() error { return e.Err }
