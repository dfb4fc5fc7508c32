package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// A large attachment streams out whole, in ranges (a resumed download, a
// PDF viewer asking for pages) across the store's 1 MB pieces, and not at
// all to a reader who has it already.
func TestAttachmentDownloadStreamsAndAnswersRanges(t *testing.T) {
	a := newApp(t)
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	// 3.5 MB: a PDF header, then bytes that repeat nowhere.
	pdf := append([]byte("%PDF-1.4\n%"), make([]byte, 3_500_000)...)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := 10; i < len(pdf); i++ {
		pdf[i] = byte(rng.UintN(256))
	}
	pdf = append(pdf, "\n%%EOF\n"...)
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/attachments", draft),
		map[string]string{"name": "naskah besar.pdf", "kind": "naskah_akademik", "content_base64": base64.StdEncoding.EncodeToString(pdf)}, "")
	var att policies.Attachment
	json.Unmarshal([]byte(out), &att)
	if res.StatusCode != 201 || att.Size != int64(len(pdf)) {
		t.Fatalf("upload: %d %.200s", res.StatusCode, out)
	}
	path := fmt.Sprintf("%s/policies/%d/attachments/%d", a.srv.URL, draft, att.ID)
	reader := a.people["unit_officer"]
	get := func(method string, header ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, body := devtest.Do(t, reader, req)
		return res, []byte(body)
	}

	res, body := get("GET")
	if res.StatusCode != 200 || !bytes.Equal(body, pdf) || res.Header.Get("Content-Length") != strconv.Itoa(len(pdf)) ||
		res.Header.Get("Accept-Ranges") != "bytes" || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("whole download: %d, %d of %d bytes, same %v, Content-Length %q, Accept-Ranges %q, Content-Type %q", res.StatusCode, len(body), len(pdf),
			bytes.Equal(body, pdf), res.Header.Get("Content-Length"), res.Header.Get("Accept-Ranges"), res.Header.Get("Content-Type"))
	}
	n := len(pdf)
	for _, c := range []struct {
		rng        string
		from, to   int // the bytes expected: pdf[from:to]
		wantHeader string
	}{
		{"bytes=0-99", 0, 100, fmt.Sprintf("bytes 0-99/%d", n)},
		{"bytes=1048000-1049999", 1048000, 1050000, fmt.Sprintf("bytes 1048000-1049999/%d", n)}, // across the first piece's end
		{"bytes=3000000-", 3000000, n, fmt.Sprintf("bytes 3000000-%d/%d", n-1, n)},
		{"bytes=-500", n - 500, n, fmt.Sprintf("bytes %d-%d/%d", n-500, n-1, n)},
	} {
		res, body := get("GET", "Range", c.rng)
		if res.StatusCode != http.StatusPartialContent || !bytes.Equal(body, pdf[c.from:c.to]) || res.Header.Get("Content-Range") != c.wantHeader {
			t.Errorf("Range %s: %d, %d bytes (want %d, same %v), Content-Range %q, want %q", c.rng, res.StatusCode, len(body), c.to-c.from,
				bytes.Equal(body, pdf[c.from:c.to]), res.Header.Get("Content-Range"), c.wantHeader)
		}
	}
	if res, _ := get("GET", "Range", fmt.Sprintf("bytes=%d-", n+10)); res.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("a range past the end: %d, want 416", res.StatusCode)
	}
	if res, body := get("GET", "If-None-Match", `"`+att.SHA256+`"`); res.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match with the file's SHA-256: %d with %d bytes, want 304 and none", res.StatusCode, len(body))
	}
}
