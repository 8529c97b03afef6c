package web

import (
	"fmt"
	"html"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/arsearch/arsearch/search"
)

// TestReadmeJavaScript runs the README's JavaScript client example with
// node against a test server and checks that the words it marks are the
// ones the byte offsets of the same answer mark: the UTF-16 offsets slice
// JavaScript strings correctly.
func TestReadmeJavaScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		fmt.Fprintln(os.Stderr, "!!! SKIPPING TestReadmeJavaScript: no node on $PATH")
		t.Skip("SKIPPING: no node on $PATH to run the README's JavaScript")
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```js\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no ```js block")
	}
	srv := httptest.NewServer(newTestHandler(t))
	defer srv.Close()
	const readmeURL = "http://127.0.0.1:8080"
	if !strings.Contains(string(m[1]), readmeURL) {
		t.Fatalf("the README's example does not use %s", readmeURL)
	}
	js := strings.ReplaceAll(string(m[1]), readmeURL, srv.URL)
	script := filepath.Join(t.TempDir(), "example.mjs")
	if err := os.WriteFile(script, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), node, script).CombinedOutput()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, out)
	}

	// What the byte offsets mark, in the same order.
	var api apiSearch
	getJSON(t, newTestHandler(t), q("/api/search", "q", "العراق سوريا"), &api)
	var want []string
	for _, h := range api.Hits {
		for _, s := range append([]search.Snippet{h.Title}, h.Snippets...) {
			for _, mk := range s.Marks {
				want = append(want, s.Text[mk.Start:mk.End])
			}
		}
	}
	var got []string
	for _, g := range regexp.MustCompile(`<mark>(.*?)</mark>`).FindAllStringSubmatch(string(out), -1) {
		got = append(got, html.UnescapeString(g[1]))
	}
	if len(want) < 10 || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the README's JavaScript marks\n%q\nthe byte offsets mark\n%q", got, want)
	}
	if lines := strings.Count(string(out), "\n"); lines < len(api.Hits)*2 {
		t.Errorf("node printed %d lines for %d hits:\n%s", lines, len(api.Hits), out)
	}
}
