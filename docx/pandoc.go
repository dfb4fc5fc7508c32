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
// other raw parts from a pandoc JSON document. With titleHeading, the
// document's title (pandoc's meta title: a paragraph in Word's Title
// style) becomes its level-1 heading, the only one: see titled.
func cleanAST(data []byte, titleHeading bool) ([]byte, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	blocks, _ := doc["blocks"].([]any)
	blocks = cleanList(blocks)
	if titleHeading {
		blocks = titled(blocks, metaTitle(doc))
	}
	if blocks == nil {
		blocks = []any{}
	}
	doc["blocks"] = blocks
	doc["meta"] = map[string]any{}
	return json.Marshal(doc)
}

// titled puts a Word document's title over its sections. A policy's
// Markdown has one "# Title" and its sections below it ("##", "###"), and
// a Word author marks the same outline in one of two ways:
//   - Title style, then Heading 1, Heading 2 for the sections: the title
//     becomes "# Title" and, when the body uses Heading 1, every heading
//     moves one level down (Heading 1 "##", Heading 2 "###"…, at most six
//     levels), so the title stays the one "#". A body that starts at
//     Heading 2 keeps its levels under the title.
//   - no Title style: the first Heading 1 is the title and Heading 2 the
//     sections; the headings keep their levels.
//
// title is nil for a document without a Title paragraph.
func titled(blocks, title []any) []any {
	if len(title) == 0 {
		return blocks
	}
	level1 := false
	headers(blocks, func(c []any) { level1 = level1 || fmt.Sprint(c[0]) == "1" })
	if level1 {
		headers(blocks, func(c []any) {
			if n, err := strconv.Atoi(fmt.Sprint(c[0])); err == nil {
				c[0] = json.Number(strconv.Itoa(min(n+1, 6)))
			}
		})
	}
	h := map[string]any{"t": "Header", "c": []any{json.Number("1"), []any{"", []any{}, []any{}}, cleanList(title)}}
	return append([]any{h}, blocks...)
}

// metaTitle is the inlines of a pandoc document's meta title, or nil.
func metaTitle(doc map[string]any) []any {
	meta, _ := doc["meta"].(map[string]any)
	t, _ := meta["title"].(map[string]any)
	if inl, ok := t["c"].([]any); ok && t["t"] == "MetaInlines" {
		return inl
	}
	return nil
}

// headers calls f with the content ([level, attr, inlines]) of every
// Header in an AST node, however deep (a heading can sit in a Div).
func headers(v any, f func(c []any)) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			headers(e, f)
		}
	case map[string]any:
		if c, ok := x["c"].([]any); ok && x["t"] == "Header" && len(c) == 3 {
			f(c)
			return
		}
		headers(x["c"], f)
	}
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
