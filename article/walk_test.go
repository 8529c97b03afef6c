package article

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// makeTree writes files (path -> contents) under dir and makes symlinks
// (path -> target).
func makeTree(t *testing.T, dir string, files map[string][]byte, links map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
	}
}

// walkSummary is an Item in a line, with its file and hash, for Walk tests.
func walkSummary(it Item) string {
	s := filepath.ToSlash(it.Path) + ": " + summary(it)
	if it.Converted != "" {
		s += " from " + it.Converted
	}
	if it.Err == nil && len(it.Hash) != 64 {
		s += " bad hash " + it.Hash
	}
	return s
}

func TestWalk(t *testing.T) {
	seed := readTestdata(t, "seed.txt")
	legacy, err := charmap.Windows1256.NewEncoder().Bytes(seed)
	if err != nil {
		t.Fatal(err)
	}
	ant := readTestdata(t, "ant.jsonl.gz")
	t.Chdir(t.TempDir())
	makeTree(t, "corpus", map[string][]byte{
		"seed.txt":           seed,
		"news/ant.jsonl.gz":  ant,
		"news/noid.ndjson":   []byte(objB + "\n" + `{"title": 1}` + "\n" + objB + "\n"),
		"news/one.JSON":      []byte(objB),
		"news/ant-copy.gz":   ant, // no known extension
		"legacy/cp1256.txt":  legacy,
		"bad/empty.txt":      nil,
		"bad/binary.txt":     []byte("\x7fELF\x00\x00"),
		"bad/latin1.txt":     []byte("Caf\xe9"),
		"bad/short.jsonl.gz": ant[:100],
		"notes.md":           []byte("# ملاحظات"),
		".git/HEAD.txt":      seed,
		".hidden.txt":        seed,
	}, map[string]string{
		"loop":             ".",  // the root itself
		"news/up":          "..", // back to the root
		"legacy/news":      "../news",
		"bad/dangling.txt": "nowhere.txt",
		"bad/dangling":     "nowhere",
	})
	var got []string
	err = Walk(context.Background(), "corpus", func(it Item) error {
		got = append(got, walkSummary(it))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"corpus/bad/binary.txt: line 0 #0: error: corpus/bad/binary.txt: binary file (NUL byte)",
		"corpus/bad/dangling.txt: line 0 #0: error: corpus/bad/dangling.txt: stat: no such file or directory",
		"corpus/bad/empty.txt: line 0 #0: error: corpus/bad/empty.txt: empty file",
		"corpus/bad/latin1.txt: line 0 #0: error: corpus/bad/latin1.txt: invalid UTF-8 at byte 3",
		"corpus/bad/short.jsonl.gz: line 0 #0: error: corpus/bad/short.jsonl.gz: truncated gzip stream",
		`corpus/legacy/cp1256.txt: line 0 #1: id="corpus/legacy/cp1256.txt" title="تطوير العلاقات.. محور اتصال سوري- عراقي" from windows-1256`,
		// legacy/news is a link to news, which is read here, under its
		// first path, and not again.
		`corpus/legacy/news/ant.jsonl.gz: ` + strings.TrimSuffix(antLine1, "\n"),
		`corpus/legacy/news/ant.jsonl.gz: ` + strings.TrimSuffix(antLine2, "\n"),
		`corpus/legacy/news/ant.jsonl.gz: ` + strings.TrimSuffix(antLine3, "\n"),
		`corpus/legacy/news/noid.ndjson: line 1 #1: id="corpus/legacy/news/noid.ndjson#1" title="اختتام المهرجان العربي للإذاعة"`,
		`corpus/legacy/news/noid.ndjson: line 2 #2: error: corpus/legacy/news/noid.ndjson: line 2: field "title": want a string`,
		`corpus/legacy/news/noid.ndjson: line 3 #3: id="corpus/legacy/news/noid.ndjson#3" title="اختتام المهرجان العربي للإذاعة"`,
		`corpus/legacy/news/one.JSON: line 1 #1: id="corpus/legacy/news/one.JSON#1" title="اختتام المهرجان العربي للإذاعة"`,
		`corpus/seed.txt: line 0 #1: id="corpus/seed.txt" title="تطوير العلاقات.. محور اتصال سوري- عراقي"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Walk:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWalkRootFile(t *testing.T) {
	seed := readTestdata(t, "seed.txt")
	t.Chdir(t.TempDir())
	makeTree(t, "corpus", map[string][]byte{"2025/seed.txt": seed}, nil)
	var got []string
	err := Walk(context.Background(), "corpus/2025/seed.txt", func(it Item) error {
		got = append(got, walkSummary(it))
		return nil
	})
	want := `corpus/2025/seed.txt: line 0 #1: id="2025/seed.txt" title="تطوير العلاقات.. محور اتصال سوري- عراقي"`
	if err != nil || len(got) != 1 || got[0] != want {
		t.Errorf("Walk = %v, %q, want %q", err, got, want)
	}
	for _, root := range []string{"corpus/missing", "corpus/2025/seed.md"} {
		if err := os.WriteFile("corpus/2025/seed.md", nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Walk(context.Background(), root, func(Item) error { return nil }); err == nil || !strings.HasPrefix(err.Error(), root+": ") {
			t.Errorf("Walk(%q) = %v, want an error naming it", root, err)
		}
	}
}

func TestWalkStops(t *testing.T) {
	seed, ant := readTestdata(t, "seed.txt"), readTestdata(t, "ant.jsonl")
	t.Chdir(t.TempDir())
	makeTree(t, "corpus", map[string][]byte{"a.txt": seed, "b.jsonl": ant}, nil)
	stop := errors.New("stop")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tests := []struct {
		name string
		ctx  context.Context
		fn   func(Item) error
		want error
	}{
		{"fn error", context.Background(), func(Item) error { return stop }, stop},
		{"cancelled", ctx, func(Item) error { cancel(); return nil }, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := Walk(tt.ctx, "corpus", func(it Item) error { calls++; return tt.fn(it) })
			if !errors.Is(err, tt.want) || calls != 1 {
				t.Errorf("Walk = %v after %d calls, want %v after 1", err, calls, tt.want)
			}
		})
	}
}

func TestDupTracker(t *testing.T) {
	var d DupTracker
	adds := []struct {
		id, path string
		line     int
		want     string
	}{
		{"x", "a.jsonl", 3, ""},
		{"y", "a.jsonl", 4, ""},
		{"2025/seed.txt", "corpus/2025/seed.txt", 0, ""},
		{"x", "b.jsonl", 9, `duplicate id "x": a.jsonl line 3 and b.jsonl line 9`},
		{"x", "c.json", 1, `duplicate id "x": a.jsonl line 3 and c.json line 1`},
		{"2025/seed.txt", "b.jsonl", 10, `duplicate id "2025/seed.txt": corpus/2025/seed.txt and b.jsonl line 10`},
	}
	for _, a := range adds {
		err := d.Add(a.id, a.path, a.line)
		if got := errString(err); got != a.want {
			t.Errorf("Add(%q, %q, %d) = %q, want %q", a.id, a.path, a.line, got, a.want)
		}
	}
	if d.Len() != 3 {
		t.Errorf("Len = %d, want 3", d.Len())
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestWalkOrigin: an item's Origin is its file's real path, the same for
// a file reached through a link to its folder, and ids start with the
// root folder's real name even when root is a link or ".".
func TestWalkOrigin(t *testing.T) {
	seed := readTestdata(t, "seed.txt")
	dir := t.TempDir()
	t.Chdir(dir)
	makeTree(t, "archive", map[string][]byte{"news/seed.txt": seed}, map[string]string{"mirror": "news"})
	if err := os.Symlink("archive", "link"); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	real, err := Canonical(filepath.Join("archive", "news", "seed.txt"))
	if err != nil || !filepath.IsAbs(real) {
		t.Fatalf("Canonical = %q, %v", real, err)
	}
	for _, root := range []string{"archive", "link", "archive/news/seed.txt", "link/mirror/seed.txt"} {
		var got []string
		err := Walk(context.Background(), root, func(it Item) error {
			if it.Origin != real {
				t.Errorf("Walk(%s): %s: Origin %q, want %q", root, it.Path, it.Origin, real)
			}
			got = append(got, it.Article.ID)
			return nil
		})
		want := map[string]string{"archive": "archive/mirror/seed.txt", "link": "archive/mirror/seed.txt", // mirror comes first
			"archive/news/seed.txt": "news/seed.txt", "link/mirror/seed.txt": "news/seed.txt"}[root]
		if err != nil || len(got) != 1 || got[0] != want {
			t.Errorf("Walk(%s) = %q, %v; want one article %q", root, got, err, want)
		}
	}
	t.Chdir(filepath.Join(dir, "archive"))
	if name := RootName("."); name != "archive" {
		t.Errorf(`RootName(".") = %q, want "archive"`, name)
	}
}
