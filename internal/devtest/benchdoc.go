package devtest

import (
	"fmt"
	"os"
	"runtime"
	"strings"
)

// Machine names the machine a benchmark ran on, for the figures it writes.
func Machine() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s, %d CPUs, %s, %s/%s", host, runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// WriteBenchSection puts body between the markers "<!-- marker: begin -->"
// and "<!-- marker: end -->" of the Markdown file at path, or appends it
// under heading with those markers if the file has none: `make bench`
// rewrites its figures and leaves the hand-written text around them.
func WriteBenchSection(path, marker, heading, body string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	s := string(old)
	begin, end := "<!-- "+marker+": begin -->", "<!-- "+marker+": end -->"
	block := begin + "\n" + body + end
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i >= 0 && j > i {
		s = s[:i] + block + s[j+len(end):]
	} else {
		s += "\n## " + heading + "\n\n" + block + "\n"
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
