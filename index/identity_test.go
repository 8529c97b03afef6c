package index

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/arsearch/arsearch/article"
)

const (
	techText  = "تقنية الجيل الخامس في دمشق\n\nأطلقت شركة الاتصالات خدمة الجيل الخامس في دمشق هذا الأسبوع.\n"
	techText2 = "معرض الكتاب في تونس\n\nافتتح معرض تونس الدولي للكتاب أبوابه بمشاركة دور نشر عراقية.\n"
)

// put writes text to dir/rel, making folders.
func put(t *testing.T, dir, rel, text string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func newTestIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// build runs Build and returns its statistics and the problems reported.
func build(t *testing.T, ix *Index, root string, prune bool) (Stats, []string) {
	t.Helper()
	var errs []string
	st, err := ix.Build(t.Context(), root, BuildOptions{Prune: prune, OnError: func(e error) { errs = append(errs, e.Error()) }})
	if err != nil {
		t.Fatalf("Build(%s): %v", root, err)
	}
	return st, errs
}

// TestSameNamedFilesInTwoFolders: tech.txt in folder a and in folder b are
// two articles, a/tech.txt and b/tech.txt, both found after both runs; a
// run over one folder again updates its own article in place.
func TestSameNamedFilesInTwoFolders(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "a/tech.txt", techText)
	put(t, dir, "b/tech.txt", techText2)
	ix := newTestIndex(t)
	for _, folder := range []string{"a", "b"} {
		if st, errs := build(t, ix, filepath.Join(dir, folder), false); st.Added != 1 || st.Updated != 0 || len(errs) > 0 {
			t.Fatalf("index %s: %+v, %q; want 1 added", folder, st, errs)
		}
	}
	if got := ids(doSearch(t, ix, lookup{Query: "دمشق"})); !slices.Equal(got, []string{"a/tech.txt"}) {
		t.Errorf("دمشق: %q, want a/tech.txt", got)
	}
	if got := ids(doSearch(t, ix, lookup{Query: "تونس"})); !slices.Equal(got, []string{"b/tech.txt"}) {
		t.Errorf("تونس: %q, want b/tech.txt", got)
	}
	// Folder a again, edited: its article is updated, b's untouched.
	put(t, dir, "a/tech.txt", strings.Replace(techText, "هذا الأسبوع", "أمس في حلب", 1))
	if st, errs := build(t, ix, filepath.Join(dir, "a"), false); st.Updated != 1 || st.Added != 0 || len(errs) > 0 {
		t.Fatalf("index a again: %+v, %q; want 1 updated", st, errs)
	}
	if got := ids(doSearch(t, ix, lookup{Query: "حلب"})); !slices.Equal(got, []string{"a/tech.txt"}) {
		t.Errorf("حلب after the edit: %q, want a/tech.txt", got)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("the index holds %d articles, want 2", n)
	}
	// Through a link to it, folder b keeps its ids: nothing changes.
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "b"), link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if st, errs := build(t, ix, link, false); st.Unchanged != 1 || st.Added+st.Updated != 0 || len(errs) > 0 {
		t.Errorf("index b through a link: %+v, %q; want 1 unchanged", st, errs)
	}
	// One file given alone gets the id its folder gives it.
	if st, errs := build(t, ix, filepath.Join(dir, "b", "tech.txt"), false); st.Added != 0 || st.Updated+st.Unchanged != 1 || len(errs) > 0 {
		t.Errorf("index b/tech.txt alone: %+v, %q; want the same article", st, errs)
	}
}

// TestJSONIDCollisionIsRefused: an id given in JSON that is indexed from
// another file is refused, naming both files, and the indexed article
// stays; once that file is gone the id moves to the new one.
func TestJSONIDCollisionIsRefused(t *testing.T) {
	dir := t.TempDir()
	first := put(t, dir, "x/one.jsonl", `{"id": "arcd-0001", "title": "الجيل الخامس", "body": "أطلقت شركة الاتصالات خدمة الجيل الخامس في دمشق."}`+"\n")
	put(t, dir, "y/two.jsonl", `{"id": "arcd-0002", "title": "معرض", "body": "معرض الكتاب في بغداد."}`+"\n"+
		`{"id": "arcd-0001", "title": "معرض الكتاب", "body": "افتتح معرض تونس الدولي للكتاب أبوابه."}`+"\n")
	ix := newTestIndex(t)
	build(t, ix, filepath.Join(dir, "x"), false)
	st, errs := build(t, ix, filepath.Join(dir, "y"), false)
	canonFirst, _ := article.Canonical(first)
	want := filepath.Join(dir, "y", "two.jsonl") + ` line 2: id "arcd-0001" is already indexed from ` + canonFirst + "; not replaced (an id belongs to one file)"
	if st.Added != 1 || st.Updated != 0 || st.Failed != 1 || len(errs) != 1 || errs[0] != want {
		t.Fatalf("index y: %+v, %q\nwant 1 added, 1 failed: %q", st, errs, want)
	}
	if got := ids(doSearch(t, ix, lookup{Query: "دمشق"})); !slices.Equal(got, []string{"arcd-0001"}) {
		t.Errorf("دمشق: %q; the first article is not kept", got)
	}
	if got := ids(doSearch(t, ix, lookup{Query: "تونس"})); len(got) != 0 {
		t.Errorf("تونس: %q; the refused record was indexed", got)
	}
	// Again: refused again, nothing else changes.
	if st, errs := build(t, ix, filepath.Join(dir, "y"), false); st.Failed != 1 || st.Unchanged != 1 || len(errs) != 1 {
		t.Errorf("index y again: %+v, %q", st, errs)
	}
	// The first file is gone: its id moves to the record that claims it.
	if err := os.Remove(first); err != nil {
		t.Fatal(err)
	}
	if st, errs := build(t, ix, filepath.Join(dir, "y"), false); st.Updated != 1 || st.Failed != 0 || len(errs) > 0 {
		t.Errorf("index y after x/one.jsonl is removed: %+v, %q; want 1 updated", st, errs)
	}
	if got := ids(doSearch(t, ix, lookup{Query: "تونس"})); !slices.Equal(got, []string{"arcd-0001"}) {
		t.Errorf("تونس after the move: %q", got)
	}
}

// TestRecordMovesBetweenFiles: a record that moved to another file of the
// folder keeps its id when the file it left was read first; an id given
// by two files in one run is reported with both, and the first kept.
func TestRecordMovesBetweenFiles(t *testing.T) {
	dir := t.TempDir()
	rec1 := `{"id": "n-1", "title": "الجيل الخامس", "body": "خدمة الجيل الخامس في دمشق."}`
	rec2 := `{"id": "n-2", "title": "معرض الكتاب", "body": "معرض الكتاب في تونس."}`
	put(t, dir, "news/a.jsonl", rec1+"\n"+rec2+"\n")
	ix := newTestIndex(t)
	build(t, ix, filepath.Join(dir, "news"), false)
	put(t, dir, "news/a.jsonl", rec1+"\n")
	put(t, dir, "news/b.jsonl", rec2+"\n")
	if st, errs := build(t, ix, filepath.Join(dir, "news"), false); st.Updated != 1 || st.Unchanged != 1 || len(errs) > 0 {
		t.Errorf("n-2 moved from a.jsonl to b.jsonl: %+v, %q; want 1 updated", st, errs)
	}
	put(t, dir, "news/c.jsonl", rec1+"\n")
	st, errs := build(t, ix, filepath.Join(dir, "news"), false)
	want := `duplicate id "n-1": ` + filepath.Join(dir, "news", "a.jsonl") + " line 1 and " + filepath.Join(dir, "news", "c.jsonl") + " line 1"
	if st.Unchanged != 2 || st.Failed != 1 || len(errs) != 1 || errs[0] != want {
		t.Errorf("n-1 in a.jsonl and c.jsonl: %+v, %q; want %q", st, errs, want)
	}
}

// TestFileRecordDoesNotReplaceProgramArticle: an article added by a
// program (Add, no file) is not replaced by a file's record of that id.
func TestFileRecordDoesNotReplaceProgramArticle(t *testing.T) {
	ix := newTestIndex(t)
	if err := ix.Add(t.Context(), article.Article{ID: "arcd-0001", Title: "الجيل الخامس", Body: "خدمة الجيل الخامس في دمشق."}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	put(t, dir, "y/two.json", `{"id": "arcd-0001", "title": "معرض", "body": "معرض الكتاب في تونس."}`)
	st, errs := build(t, ix, filepath.Join(dir, "y"), false)
	if st.Failed != 1 || len(errs) != 1 || !strings.Contains(errs[0], "two.json line 1: id \"arcd-0001\" is already indexed from a program (no file)") {
		t.Errorf("index y: %+v, %q", st, errs)
	}
}

// TestGoneFiles: a plain run counts the files that are gone and keeps
// their articles; GoneFiles lists them and DeleteFiles removes their
// articles, leaving other folders' alone.
func TestGoneFiles(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "news/a.txt", techText)
	gone1 := put(t, dir, "news/sub/b.txt", techText2)
	gone2 := put(t, dir, "news/c.jsonl", `{"title": "العراق", "body": "زيارة إلى بغداد."}`+"\n"+`{"title": "سوريا", "body": "زيارة إلى حلب."}`+"\n")
	put(t, dir, "other/b.txt", techText2)
	ix := newTestIndex(t)
	build(t, ix, filepath.Join(dir, "news"), false)
	build(t, ix, filepath.Join(dir, "other"), false)
	for _, p := range []string{gone1, gone2} {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if st, errs := build(t, ix, filepath.Join(dir, "news"), false); st.Gone != 2 || st.Unchanged != 1 || st.Deleted != 0 || len(errs) > 0 {
		t.Errorf("after removing two files: %+v, %q; want 2 gone", st, errs)
	}
	if n, _ := ix.Count(); n != 5 {
		t.Errorf("the index holds %d articles, want all 5 still", n)
	}
	gone, err := ix.GoneFiles(t.Context(), filepath.Join(dir, "news"))
	canon, _ := article.Canonical(dir)
	want := []string{filepath.Join(canon, "news", "c.jsonl"), filepath.Join(canon, "news", "sub", "b.txt")}
	if err != nil || !slices.Equal(gone, want) {
		t.Fatalf("GoneFiles = %q, %v; want %q", gone, err, want)
	}
	if n, err := ix.DeleteFiles(t.Context(), gone); n != 3 || err != nil {
		t.Errorf("DeleteFiles = %d, %v; want the 3 articles of the two files", n, err)
	}
	all, _ := ix.IDs(t.Context())
	if !slices.Equal(all, []string{"news/a.txt", "other/b.txt"}) {
		t.Errorf("left: %q", all)
	}
	if st, _ := build(t, ix, filepath.Join(dir, "news"), false); st.Gone != 0 || st.Unchanged != 1 {
		t.Errorf("after DeleteFiles: %+v; want nothing gone", st)
	}
}

// TestFolderInsideIndexedFolder: a text file indexed through its folder's
// parent and then through the folder itself is one article, which keeps
// its first id.
func TestFolderInsideIndexedFolder(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "news/2024/tech.txt", techText)
	ix := newTestIndex(t)
	if st, errs := build(t, ix, filepath.Join(dir, "news"), false); st.Added != 1 || len(errs) > 0 {
		t.Fatalf("index news: %+v, %q", st, errs)
	}
	for _, root := range []string{"news/2024", "news", "news/2024/tech.txt"} {
		if st, errs := build(t, ix, filepath.Join(dir, root), false); st.Added != 0 || st.Updated+st.Unchanged != 1 || len(errs) > 0 {
			t.Errorf("index %s: %+v, %q; want the same article", root, st, errs)
		}
	}
	if all, _ := ix.IDs(t.Context()); !slices.Equal(all, []string{"news/2024/tech.txt"}) {
		t.Errorf("ids %q, want the one first given", all)
	}
}

// TestBuildMissingRoot: a folder that does not exist is one error naming
// it, and the index is untouched.
func TestBuildMissingRoot(t *testing.T) {
	ix := newTestIndex(t)
	root := filepath.Join(t.TempDir(), "missing")
	_, err := ix.Build(t.Context(), root, BuildOptions{})
	if err == nil || err.Error() != root+": no such file or directory" {
		t.Errorf("Build(%s) = %v, want %q", root, err, root+": no such file or directory")
	}
}
