package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/arsearch/arsearch/index"
)

var update = flag.Bool("update", false, "rewrite golden files")

// arsearch runs one command line in-process and returns its exit code,
// stdout and stderr.
func arsearch(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// smallIndex indexes testdata/corpus-small with one worker (one segment,
// so scores are stable) and returns the index directory.
func smallIndex(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	code, _, errOut := arsearch(t, "", "index", "--index", dir, "--workers", "1", "-q", "../../testdata/corpus-small")
	if code != exitOK {
		t.Fatalf("index: exit %d\n%s", code, errOut)
	}
	return dir
}

func TestIndexThenQuery(t *testing.T) {
	dir := smallIndex(t)
	code, out, errOut := arsearch(t, "", "query", "--index", dir, "العراق سوريا")
	if code != exitOK {
		t.Fatalf("query: exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[2], "1. تطوير العلاقات") {
		t.Fatalf("query output does not rank the seed first:\n%s", out)
	}
	if !strings.Contains(out, "[[العراق]]") || !strings.Contains(out, "عنب بلدي") {
		t.Errorf("query output lacks [[marks]] or the source:\n%s", out)
	}
	// A second run changes nothing; --compact then leaves the same hits.
	code, _, errOut = arsearch(t, "", "index", "--index", dir, "--compact", "../../testdata/corpus-small")
	if code != exitOK || !strings.Contains(errOut, "0 added, 0 updated, 32 unchanged") || !strings.Contains(errOut, "compacted in") {
		t.Errorf("second index run with --compact: exit %d, %s", code, errOut)
	}
	// The message says how many segments are left, as they are on disk.
	if want := segments(dir); !strings.Contains(errOut, "compacted in") || !strings.Contains(errOut, ": "+want+"\n") {
		t.Errorf("the compaction message %q does not say the index has %s", errOut, want)
	}
	if code, again, _ := arsearch(t, "", "query", "--index", dir, "العراق سوريا"); code != exitOK || again != out {
		t.Errorf("query after --compact: exit %d, output changed:\n%s\nwas:\n%s", code, again, out)
	}

}

// TestQueryJSONGolden compares `query --json` on the small corpus with
// golden files; scores are rounded so that float noise does not matter.
func TestQueryJSONGolden(t *testing.T) {
	dir := smallIndex(t)
	for _, tc := range []struct{ name, query string }{
		{"plain", "العراق سوريا"},
		{"phrase", `"وزير الخارجية"`},
		{"field", "title:تونس"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := arsearch(t, "", "query", "--index", dir, "--json", "--limit", "5", tc.query)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("--json output is not JSON: %v\n%s", err, out)
			}
			v["took_ms"] = 0
			for _, h := range v["hits"].([]any) {
				hit := h.(map[string]any)
				hit["score"] = math.Round(hit["score"].(float64)*1000) / 1000
			}
			got, _ := json.MarshalIndent(v, "", "  ")
			golden := filepath.Join("testdata", "query-"+tc.name+".golden.json")
			if *update {
				os.MkdirAll("testdata", 0o755)
				os.WriteFile(golden, append(got, '\n'), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/arsearch -update)", err)
			}
			if string(append(got, '\n')) != string(want) {
				t.Errorf("query --json %s differs from %s (run with -update if intended):\n%s", tc.query, golden, got)
			}
		})
	}
}

func TestErrorPaths(t *testing.T) {
	dir := smallIndex(t)
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing index", []string{"query", "--index", filepath.Join(t.TempDir(), "none"), "العراق"}, exitError, "no index here yet"},
		{"malformed query", []string{"query", "--index", dir, `"العراق`}, exitUsage, "unbalanced quote"},
		{"unknown field", []string{"query", "--index", dir, "author:x"}, exitUsage, `unknown field "author"`},
		{"only punctuation", []string{"query", "--index", dir, "؟!..."}, exitUsage, "no searchable words"},
		{"bad date", []string{"query", "--index", dir, "--from", "2024-13-01", "x"}, exitUsage, "--from"},
		{"bad sort", []string{"query", "--index", dir, "--sort", "size", "العراق"}, exitUsage, "sort"},
		{"bad limit", []string{"query", "--index", dir, "--limit", "5000", "العراق"}, exitUsage, "limit"},
		{"unknown flag", []string{"query", "--nope", "x"}, exitUsage, "unknown flag"},
		{"no query", []string{"query"}, exitUsage, "--sort date to list articles"},
		{"missing folder", []string{"index", "--index", dir, "/nonexistent/folder"}, exitUsage, "no such file"},
		{"foreign index dir", []string{"query", "--index", "../../corpus", "x"}, exitError, "not an arsearch index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := arsearch(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.msg) {
				t.Errorf("arsearch %q: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.msg)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 || strings.Contains(errOut, "goroutine") {
				t.Errorf("error is not one line: %q", errOut)
			}
		})
	}
}

func TestUnreadableFileIsReportedAndSkipped(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "good.txt"), []byte("العراق\n\nنص عن العراق.\n"), 0o644)
	os.WriteFile(filepath.Join(root, "bad.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644)
	dir := filepath.Join(t.TempDir(), "index")
	code, _, errOut := arsearch(t, "", "index", "--index", dir, "-q", root)
	if code != exitPartial {
		t.Errorf("exit %d, want %d (some files failed)", code, exitPartial)
	}
	if !strings.Contains(errOut, "bad.txt") || !strings.Contains(errOut, "1 added") {
		t.Errorf("stderr does not name bad.txt or count the good file:\n%s", errOut)
	}
}

func TestAnalyzeLines(t *testing.T) {
	code, out, _ := arsearch(t, "والعراق\nفلسطينيون\n\nفي\nمُحَمَّد ٢٠٢٤\n", "analyze", "--lines", "--no-stop")
	if want := "عراق\nفلسطيني\n\nفي\nمحمد 2024\n"; code != exitOK || out != want {
		t.Errorf("analyze --lines: exit %d, %q; want %q", code, out, want)
	}
	code, out, _ = arsearch(t, "", "analyze", "--json", "وبالعِراقِ")
	var toks []map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &toks) != nil || len(toks) != 1 || toks[0]["term"] != "عراق" || toks[0]["text"] != "وبالعِراقِ" {
		t.Errorf("analyze --json: exit %d, %s", code, out)
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, c := range []string{"index", "query", "analyze", "eval"} {
		code, out, _ := arsearch(t, "", c, "--help")
		if code != exitOK || !strings.Contains(out, "Examples:") || !strings.Contains(out, "arsearch "+c) {
			t.Errorf("%s --help: exit %d, no examples:\n%s", c, code, out)
		}
	}
}

func TestIndexLimits(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	procs, limit := runtime.GOMAXPROCS(0), debug.SetMemoryLimit(-1)
	restore := indexLimits(1)
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Errorf("--workers 1: GOMAXPROCS %d, want 1", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 384<<20 {
		t.Errorf("--workers 1: memory limit %d, want 384 MiB (256 + 128 per core)", got)
	}
	restore()
	if runtime.GOMAXPROCS(0) != procs || debug.SetMemoryLimit(-1) != limit {
		t.Errorf("restore left GOMAXPROCS %d and limit %d, want %d and %d",
			runtime.GOMAXPROCS(0), debug.SetMemoryLimit(-1), procs, limit)
	}
	t.Setenv("GOMEMLIMIT", "2GiB")
	restore = indexLimits(0)
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("with $GOMEMLIMIT set the limit moved to %d", got)
	}
	restore()
}

// TestIndexCompactsLargeRuns: a run that writes the 9,964 ANT articles
// merges the index into one segment by itself, --compact=false keeps the
// segments bleve left, and a run that writes nothing leaves them too.
func TestIndexCompactsLargeRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the ANT corpus twice")
	}
	zaps := func(dir string) int {
		m, err := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
		if err != nil {
			t.Fatal(err)
		}
		return len(m)
	}
	auto := filepath.Join(t.TempDir(), "auto")
	code, _, errOut := arsearch(t, "", "index", "--index", auto, antCorpus)
	if code != exitOK || !strings.Contains(errOut, "9964 added") || !strings.Contains(errOut, "compacted in") || zaps(auto) != 1 {
		t.Errorf("index of the ANT corpus: exit %d, %d segment files, stderr:\n%s", code, zaps(auto), errOut)
	}
	never := filepath.Join(t.TempDir(), "never")
	code, _, errOut = arsearch(t, "", "index", "--index", never, "--compact=false", antCorpus)
	if code != exitOK || strings.Contains(errOut, "compact") || zaps(never) < 2 {
		t.Errorf("index --compact=false: exit %d, %d segment files, stderr:\n%s", code, zaps(never), errOut)
	}
	code, _, errOut = arsearch(t, "", "index", "--index", never, antCorpus)
	if code != exitOK || !strings.Contains(errOut, "9964 unchanged") || strings.Contains(errOut, "compact") {
		t.Errorf("unchanged run: exit %d, stderr:\n%s", code, errOut)
	}
}

// TestIndexIdentity: as a user would, with the command: tech.txt in two
// folders are two articles; an id given in JSON by a file of another
// folder is refused naming both files (exit 3); a removed file is
// reported by a plain run and removed by --prune.
func TestIndexIdentity(t *testing.T) {
	work := t.TempDir()
	for rel, text := range map[string]string{
		"a/tech.txt":  "تقنية الجيل الخامس في دمشق\n\nأطلقت شركة الاتصالات خدمة الجيل الخامس في دمشق.\n",
		"b/tech.txt":  "معرض الكتاب في تونس\n\nافتتح معرض تونس الدولي للكتاب أبوابه.\n",
		"c/one.jsonl": `{"id": "arcd-0001", "title": "مهرجان قرطاج", "body": "انطلق مهرجان قرطاج الدولي."}` + "\n",
		"d/two.jsonl": `{"id": "arcd-0001", "title": "مهرجان جرش", "body": "انطلق مهرجان جرش في الأردن."}` + "\n",
	} {
		p := filepath.Join(work, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "index")
	for _, f := range []string{"a", "b", "c"} {
		code, _, errOut := arsearch(t, "", "index", "--index", dir, "-q", filepath.Join(work, f))
		if code != exitOK || !strings.Contains(errOut, ": 1 added, 0 updated") {
			t.Fatalf("index %s: exit %d, stderr:\n%s", f, code, errOut)
		}
	}
	for q, id := range map[string]string{"دمشق": "a/tech.txt", "تونس": "b/tech.txt", "قرطاج": "arcd-0001"} {
		code, out, _ := arsearch(t, "", "query", "--index", dir, "--json", q)
		if code != exitOK || !strings.Contains(out, `"id": "`+id+`"`) {
			t.Errorf("query %s: exit %d, want %s:\n%s", q, code, id, out)
		}
	}
	code, _, errOut := arsearch(t, "", "index", "--index", dir, "-q", filepath.Join(work, "d"))
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != exitPartial || len(lines) != 3 || !strings.HasPrefix(lines[0], filepath.Join(work, "d", "two.jsonl")+` line 1: id "arcd-0001" is already indexed from `) ||
		!strings.Contains(lines[0], filepath.Join("c", "one.jsonl")) {
		t.Errorf("index d: exit %d, stderr:\n%s\nwant exit 3 and a line naming both files", code, errOut)
	}
	if code, out, _ := arsearch(t, "", "query", "--index", dir, "--json", "قرطاج"); code != exitOK || !strings.Contains(out, `"id": "arcd-0001"`) {
		t.Errorf("the first arcd-0001 is gone after the refused run:\n%s", out)
	}

	if err := os.Remove(filepath.Join(work, "a", "tech.txt")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = arsearch(t, "", "index", "--index", dir, "-q", filepath.Join(work, "a"))
	if code != exitOK || !strings.Contains(errOut, "0 deleted, 0 failed;") || !strings.HasSuffix(errOut, "; 1 indexed file is gone (--prune removes it)\n") {
		t.Errorf("index a after removing its file: exit %d, stderr:\n%s", code, errOut)
	}
	code, out, _ := arsearch(t, "", "index", "--index", dir, "-q", "--json", filepath.Join(work, "a"))
	var st index.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != exitOK || st.Gone != 1 || st.Deleted != 0 {
		t.Errorf("index --json: exit %d, %v, %s; want gone 1", code, err, out)
	}
	code, _, errOut = arsearch(t, "", "index", "--index", dir, "-q", "--prune", filepath.Join(work, "a"))
	if code != exitOK || !strings.Contains(errOut, "1 deleted") || strings.Contains(errOut, "gone") {
		t.Errorf("index --prune: exit %d, stderr:\n%s", code, errOut)
	}
	if code, out, _ := arsearch(t, "", "query", "--index", dir, "--json", "دمشق"); code != exitOK || strings.Contains(out, "a/tech.txt") {
		t.Errorf("a/tech.txt is still found after --prune:\n%s", out)
	}
}
