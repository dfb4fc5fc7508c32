//go:build compose

package check

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// client is the API as people behind the proxy use it: one token per
// person, signed in with the sample users' published password; a request
// that got no answer (a server killed under it) goes again with the same
// Idempotency-Key.
type client struct {
	s      *stack
	mu     sync.Mutex
	tokens map[string]string // email → token
	emails map[int64]string  // user id → email
	keys   atomic.Int64
	acked  atomic.Int64
	retry  atomic.Int64 // requests sent again after no answer or a 5xx
	byKind sync.Map     // kind → *atomic.Int64 acknowledged
}

func newKey(c *client) string {
	return fmt.Sprintf("compose-check-%d", c.keys.Add(1))
}

// do sends one request; status 0 is no answer.
func (c *client) do(ctx context.Context, method, path, token, key string, body any) (int, http.Header, []byte) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(ctx, method, c.s.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := c.s.http.Do(req)
	if err != nil {
		return 0, nil, nil
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

// token signs email in (POST /api/v1/tokens) once.
func (c *client) token(ctx context.Context, email string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if tok, ok := c.tokens[email]; ok {
		return tok, nil
	}
	var last string
	body := map[string]any{"email": email, "password": "policyflow-dev"}
	for attempt := 0; attempt < 100; attempt++ {
		status, h, b := c.do(ctx, "POST", "/api/v1/tokens", "", "", body)
		if status == http.StatusUnauthorized && bytes.Contains(b, []byte(`"field":"totp"`)) && body["totp"] == nil {
			// The account has a second factor: the sample users' published one.
			code, ok := devtest.TOTPCode(c.s.base, email)
			if !ok {
				return "", fmt.Errorf("sign in %s: no TOTP step left", email)
			}
			body["totp"] = code
			continue
		}
		if status == http.StatusCreated {
			var out struct {
				Token string `json:"token"`
			}
			if err := json.Unmarshal(b, &out); err != nil || out.Token == "" {
				return "", fmt.Errorf("sign in %s: %s", email, b)
			}
			c.tokens[email] = out.Token
			return out.Token, nil
		}
		last = fmt.Sprintf("%d %s", status, b)
		if status != 0 && status < 500 && status != http.StatusTooManyRequests {
			break
		}
		backoff(ctx, h)
	}
	return "", fmt.Errorf("sign in %s: %s", email, last)
}

// backoff waits what the server asked (Retry-After) or 200 ms: a client's
// pause between attempts, not a wait for a condition of the check.
func backoff(ctx context.Context, h http.Header) {
	d := 200 * time.Millisecond
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		d = time.Duration(s) * time.Second
	}
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// send makes a write as email until it is answered: the same key again
// after no answer, a 5xx or a 409 for a key whose first request still
// runs. It returns the final answer; want is the success status.
func (c *client) send(ctx context.Context, kind, email, method, path string, body any, want int) (int, http.Header, []byte, error) {
	tok, err := c.token(ctx, email)
	if err != nil {
		return 0, nil, nil, err
	}
	key := newKey(c)
	for attempt := 0; attempt < 300; attempt++ {
		status, h, b := c.do(ctx, method, path, tok, key, body)
		switch {
		case status == want:
			c.acked.Add(1)
			n, _ := c.byKind.LoadOrStore(kind, new(atomic.Int64))
			n.(*atomic.Int64).Add(1)
			return status, h, b, nil
		case status == 0 || status >= 500 || (status == http.StatusConflict && h.Get("Retry-After") != ""):
			c.retry.Add(1)
			backoff(ctx, h)
		default:
			return status, h, b, nil
		}
		if ctx.Err() != nil {
			break
		}
	}
	return 0, nil, nil, fmt.Errorf("%s %s: no answer after 300 attempts", method, path)
}

// policyView is what GET /api/v1/policies/{id} tells the region's staff.
type policyView struct {
	Policy struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	} `json:"policy"`
	InForce bool `json:"in_force"`
	State   *struct {
		Status   string `json:"status"`
		Approval *struct {
			SHA256   string  `json:"sha256"`
			Stage    int     `json:"stage"`
			Awaiting []int64 `json:"awaiting"`
		} `json:"approval"`
	} `json:"state"`
}

// show reads the policy as email, retrying while no server answers.
func (c *client) show(ctx context.Context, email string, id int64) (policyView, error) {
	var v policyView
	tok, err := c.token(ctx, email)
	if err != nil {
		return v, err
	}
	for attempt := 0; attempt < 300; attempt++ {
		status, h, b := c.do(ctx, "GET", fmt.Sprintf("/api/v1/policies/%d", id), tok, "", nil)
		if status == http.StatusOK {
			err := json.Unmarshal(b, &v)
			return v, err
		}
		if status != 0 && status < 500 {
			return v, fmt.Errorf("GET policy %d: %d %s", id, status, b)
		}
		backoff(ctx, h)
	}
	return v, fmt.Errorf("GET policy %d: no answer", id)
}
