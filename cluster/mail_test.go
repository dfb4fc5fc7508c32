//go:build cluster

package cluster

import (
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// mailSink is a real SMTP server on the loopback that counts what it
// receives by Message-ID.
type mailSink struct {
	Addr  string
	mu    sync.Mutex
	byID  map[string]int
	total int
}

func startMailSink(t *testing.T) *mailSink {
	t.Helper()
	m := &mailSink{byID: map[string]int{}}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{m: m}, nil }))
	s.Domain = "mail.cluster.test"
	s.ReadTimeout, s.WriteTimeout = 30*time.Second, 30*time.Second
	s.MaxMessageBytes = 4 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.Addr = l.Addr().String()
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return m
}

// counts returns a copy of the Message-ID counts and the messages received.
func (m *mailSink) counts() (map[string]int, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := make(map[string]int, len(m.byID))
	for k, v := range m.byID {
		c[k] = v
	}
	return c, m.total
}

type sinkSession struct{ m *mailSink }

func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *sinkSession) Reset()                               {}
func (s *sinkSession) Logout() error                        { return nil }
func (s *sinkSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, msg.Body)
	id := strings.TrimSpace(msg.Header.Get("Message-Id"))
	s.m.mu.Lock()
	s.m.byID[id]++
	s.m.total++
	s.m.mu.Unlock()
	return nil
}
