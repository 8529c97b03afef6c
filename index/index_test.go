package index

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// seedFile is the seed article in testdata/corpus-small, and seedID the id
// Build gives it.
const (
	seedFile = "enab-baladi-syria-iraq.txt"
	seedID   = "corpus-small/" + seedFile
)

// buildSmall indexes testdata/corpus-small (the seed article, a vocalized
// article and 30 ANT articles) into a temporary directory.
func buildSmall(t *testing.T) *Index {
	t.Helper()
	ix, err := Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var bad []error
	st, err := ix.Build(t.Context(), "../testdata/corpus-small", BuildOptions{OnError: func(e error) { bad = append(bad, e) }})
	if err != nil || len(bad) > 0 {
		t.Fatalf("Build: %v, bad records %v", err, bad)
	}
	if st.Added != 32 {
		t.Fatalf("Build added %d articles, want 32", st.Added)
	}
	return ix
}

func TestBuildIncremental(t *testing.T) {
	root := filepath.Join(t.TempDir(), "news")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "العراق وسوريا\n\nبحث الجانبان العلاقات الثنائية.\n")
	write("b.txt", "تونس\n\nانطلاق المهرجان العربي للكاريكاتير في صفاقس.\n")
	write("bad.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	ix, err := Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var errs []string
	opts := BuildOptions{OnError: func(e error) { errs = append(errs, e.Error()) }}
	st, err := ix.Build(t.Context(), root, opts)
	if err != nil || st.Added != 2 || st.Failed != 1 || len(errs) != 1 || !strings.Contains(errs[0], "bad.txt") {
		t.Fatalf("first build: %+v, %v, errors %q", st, err, errs)
	}
	st, err = ix.Build(t.Context(), root, opts)
	if err != nil || st.Unchanged != 2 || st.Added+st.Updated != 0 {
		t.Fatalf("second build: %+v, %v; want 2 unchanged", st, err)
	}
	write("b.txt", "تونس\n\nاختتام المهرجان العربي للكاريكاتير في صفاقس.\n")
	if st, err = ix.Build(t.Context(), root, opts); err != nil || st.Updated != 1 || st.Unchanged != 1 {
		t.Fatalf("after an edit: %+v, %v; want 1 updated, 1 unchanged", st, err)
	}
	if got := ids(doSearch(t, ix, lookup{Query: "اختتام"})); !slices.Equal(got, []string{"news/b.txt"}) {
		t.Errorf("the edit is not searchable: %q", got)
	}
	os.Remove(filepath.Join(root, "a.txt"))
	// A plain run leaves the gone file's article and counts the file.
	if st, err = ix.Build(t.Context(), root, opts); err != nil || st.Gone != 1 || st.Deleted != 0 || st.Unchanged != 1 {
		t.Fatalf("after a removal: %+v, %v; want 1 gone, 1 unchanged", st, err)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("without prune the index holds %d articles, want 2", n)
	}
	if st, err = ix.Build(t.Context(), root, BuildOptions{Prune: true}); err != nil || st.Deleted != 1 || st.Gone != 0 {
		t.Fatalf("prune: %+v, %v; want 1 deleted, none gone", st, err)
	}
	if n, _ := ix.Count(); n != 1 {
		t.Errorf("after prune the index holds %d articles, want 1", n)
	}
}

func TestOpenRefusesWhatIsNotAnIndex(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "none"), Options{}); !errors.Is(err, ErrNoIndex) {
		t.Errorf("missing dir: %v, want ErrNoIndex", err)
	}
	foreign := filepath.Join(dir, "photos")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "cat.jpg"), []byte("not an index"), 0o644)
	if _, err := Open(foreign, Options{}); !errors.Is(err, ErrNotIndex) {
		t.Errorf("foreign dir: %v, want ErrNotIndex", err)
	}
	if _, err := Create(foreign); err == nil {
		t.Error("Create over a foreign dir succeeded")
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "cat.jpg")); string(b) != "not an index" {
		t.Error("the foreign dir was touched")
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := Open(file, Options{}); !errors.Is(err, ErrNotIndex) {
		t.Errorf("a file: %v, want ErrNotIndex", err)
	}
}

func TestSecondWriterGetsErrLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Errorf("second writer: %v, want ErrLocked", err)
	}
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrLocked) {
		t.Errorf("reader while a writer holds it: %v, want ErrLocked", err)
	}
}

// TestPruneKeepsArticlesOfFilesThatFailedToRead: a file that still exists
// but fails to read this time (a truncated .jsonl.gz, a .txt turned into
// invalid UTF-8, a JSONL file with lines gone bad) is not a file that is gone: prune keeps its articles and counts
// them as kept; only the articles of the removed file are deleted.
func TestPruneKeepsArticlesOfFilesThatFailedToRead(t *testing.T) {
	root := filepath.Join(t.TempDir(), "news")
	lines, err := os.ReadFile("../testdata/corpus-small/ant-sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.SplitAfter(strings.TrimSpace(string(lines)), "\n")
	gzPath := filepath.Join(root, "a.jsonl.gz")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Join(all[:10], "")))
	zw.Close()
	write(t, gzPath, gz.String())
	write(t, filepath.Join(root, "b.jsonl"), strings.Join(all[10:20], ""))
	write(t, filepath.Join(root, "c.txt"), "العراق وسوريا\n\nبحث الجانبان العلاقات الثنائية في بغداد.\n")
	write(t, filepath.Join(root, "gone.jsonl"), strings.Join(all[20:25], ""))
	write(t, filepath.Join(root, "sub", "d.txt"), "تونس\n\nانطلاق المهرجان العربي للكاريكاتير في صفاقس.\n")
	ix, err := Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st, err := ix.Build(t.Context(), root, BuildOptions{}); err != nil || st.Added != 27 {
		t.Fatalf("first build: %+v, %v; want 27 added", st, err)
	}

	write(t, gzPath, gz.String()[:gz.Len()/2])                                       // truncated
	write(t, filepath.Join(root, "c.txt"), "العراق\n\nنص \xff\xfe مقطوع\n")          // invalid UTF-8
	b := strings.Join(all[10:20], "")                                                // three lines broken
	write(t, filepath.Join(root, "b.jsonl"), strings.Replace(b, `{"id"`, `{"id`, 3)) // lines 1-3 break
	os.Remove(filepath.Join(root, "gone.jsonl"))
	var errs []string
	st, err := ix.Build(t.Context(), root, BuildOptions{Prune: true, OnError: func(e error) { errs = append(errs, e.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("prune: %+v; errors %q", st, errs)
	// gone.jsonl's 5 articles go; a.jsonl.gz's unread ones, c.txt and the
	// lines of b.jsonl that failed stay.
	if st.Deleted != 5 || st.Kept == 0 || st.Failed < 3 {
		t.Errorf("prune deleted %d, kept %d, failed %d; want 5 deleted (gone.jsonl), some kept, 3 or more failed", st.Deleted, st.Kept, st.Failed)
	}
	if n, _ := ix.Count(); n != 22 {
		t.Errorf("after prune the index holds %d articles, want 22", n)
	}
	if got := ids(doSearch(t, ix, lookup{Query: "العلاقات الثنائية"})); !slices.Contains(got, "news/c.txt") {
		t.Errorf("c.txt, unreadable this time, was pruned: hits %q", got)
	}
}
