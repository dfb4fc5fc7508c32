package docx

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Running pandoc: bounded in time, heap and runs at once; its JSON AST
// cleaned of images and raw parts between reading and writing.

// slots bounds the pandoc runs at once to the machine's cores; a run
// waits for a slot as long as its context allows.
var slots = make(chan struct{}, max(1, runtime.NumCPU()))

// run runs pandoc with args, in on its standard input.
func run(ctx context.Context, in []byte, args ...string) ([]byte, error) {
	return runAt(ctx, in, time.Time{}, args...)
}

// runAt runs pandoc dating what it writes at (SOURCE_DATE_EPOCH), unless
// at is zero.
func runAt(ctx context.Context, in []byte, at time.Time, args ...string) ([]byte, error) {
	bin, err := exec.LookPath("pandoc")
	if err != nil {
		return nil, ErrNoPandoc
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("docx: pandoc: %w", ctx.Err())
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"+RTS", "-M" + maxHeap, "-RTS"}, args...)...)
	cmd.Env = []string{"LANG=C.UTF-8", "HOME=/nonexistent"}
	if !at.IsZero() {
		cmd.Env = append(cmd.Env, "SOURCE_DATE_EPOCH="+strconv.FormatInt(at.Unix(), 10))
	}
	cmd.Stdin = bytes.NewReader(in)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("docx: pandoc: %w", ctx.Err())
		}
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, strings.TrimSpace(firstLine(stderr.String())))
	}
	return out.Bytes(), nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// cleanAST drops images (keeping their description) and raw HTML or
// other raw parts from a pandoc JSON document. With titleHeading, a
// document title (Word's Title style) becomes its level-1 heading when
// the body has none.
func cleanAST(data []byte, titleHeading bool) ([]byte, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	blocks, _ := doc["blocks"].([]any)
	blocks = cleanList(blocks)
	if titleHeading && !hasLevel1(blocks) {
		if meta, ok := doc["meta"].(map[string]any); ok {
			if t, ok := meta["title"].(map[string]any); ok {
				if inl, ok := t["c"].([]any); ok && t["t"] == "MetaInlines" && len(inl) > 0 {
					h := map[string]any{"t": "Header", "c": []any{json.Number("1"), []any{"", []any{}, []any{}}, cleanList(inl)}}
					blocks = append([]any{h}, blocks...)
				}
			}
		}
	}
	if blocks == nil {
		blocks = []any{}
	}
	doc["blocks"] = blocks
	doc["meta"] = map[string]any{}
	return json.Marshal(doc)
}

func hasLevel1(blocks []any) bool {
	for _, b := range blocks {
		if m, ok := b.(map[string]any); ok && m["t"] == "Header" {
			if c, ok := m["c"].([]any); ok && len(c) > 0 && fmt.Sprint(c[0]) == "1" {
				return true
			}
		}
	}
	return false
}

// cleanList cleans a list of AST nodes (or of anything else).
func cleanList(list []any) []any {
	out := make([]any, 0, len(list))
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			switch m["t"] {
			case "RawInline", "RawBlock":
				continue
			case "Image":
				// Image: [attr, description, target] → Span [attr, description].
				if c, ok := m["c"].([]any); ok && len(c) == 3 {
					desc, _ := c[1].([]any)
					out = append(out, map[string]any{"t": "Span", "c": []any{[]any{"", []any{}, []any{}}, cleanList(desc)}})
				}
				continue
			}
		}
		out = append(out, clean(v))
	}
	return out
}

func clean(v any) any {
	switch x := v.(type) {
	case []any:
		return cleanList(x)
	case map[string]any:
		for k, c := range x {
			x[k] = clean(c)
		}
	}
	return v
}
