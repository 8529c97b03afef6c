package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// antCorpus is the bundled ANT corpus, relative to this package.
const antCorpus = "../../corpus/antcorpus-v1.1.jsonl.gz"

// antRecord is one line of the ANT corpus.
type antRecord struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	Date     string `json:"date,omitempty"`
	Source   string `json:"source,omitempty"`
	Category string `json:"category,omitempty"`
}

// antRecords reads the first n records of the ANT corpus (all for n <= 0).
func antRecords(t testing.TB, n int) []antRecord {
	t.Helper()
	f, err := os.Open(antCorpus)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	var out []antRecord
	for sc.Scan() && (n <= 0 || len(out) < n) {
		var r antRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// arabicText returns at least size bytes of ANT article bodies, one a line.
func arabicText(recs []antRecord, size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(recs[i%len(recs)].Body)
		b.WriteByte('\n')
	}
	return b.String()
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func jsonLine(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func encode(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("%s: %v", cm, err)
	}
	return b
}

// hostileCorpus writes a folder of good and bad files and returns it, the
// ids of the articles that must be indexed, and for each bad file its path
// below the folder and a regular expression its one error line (after
// "path: ") must match.
func hostileCorpus(t *testing.T) (root string, good []string, bad map[string]string) {
	recs := antRecords(t, 200)
	root = filepath.Join(t.TempDir(), "archive")
	put := func(rel string, data []byte) { writeFile(t, filepath.Join(root, filepath.FromSlash(rel)), data) }
	bad = map[string]string{}

	put("good.txt", []byte("تطوير العلاقات.. محور اتصال سوري- عراقي\n\nتركزت مناقشات الرئيس السوري مع الوفد العراقي على تطوير العلاقات.\nالمصدر: عنب بلدي\n"))
	put("nested/a/b/c/deep.txt", []byte("مهرجان قرطاج\n\n"+recs[0].Body+"\n"))
	good = append(good, "archive/good.txt", "archive/nested/a/b/c/deep.txt")
	// Links that loop back to an ancestor and to the root itself.
	for link, target := range map[string]string{"nested/a/b/c/loop": "../..", "nested/a/up": "../.."} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}

	// Legacy encodings, converted.
	put("legacy-1256.txt", encode(t, charmap.Windows1256, "وزير الخارجية العراقي في دمشق\n\nبحث وزير الخارجية العراقي مع نظيره السوري تطوير العلاقات الاقتصادية.\n"))
	put("legacy-8859-6.txt", encode(t, charmap.ISO8859_6, "مهرجان قرطاج الدولي في تونس\n\nانطلقت الدورة الجديدة من المهرجان هذا الأسبوع، وشارك فيها فنانون من العراق وسوريا.\n"))
	good = append(good, "archive/legacy-1256.txt", "archive/legacy-8859-6.txt")

	// Not text.
	text := "العراق\n\nنص عن العراق وسوريا والعلاقات بين البلدين.\n"
	put("invalid-utf8.txt", []byte(text[:19]+"\xff\xfe"+text[19:]))
	bad["invalid-utf8.txt"] = `^invalid UTF-8 at byte 19$`
	put("empty.txt", nil)
	bad["empty.txt"] = `^empty file$`
	put("empty.jsonl", []byte("\n\n"))
	bad["empty.jsonl"] = `^empty file$`
	put("two\nlines\x1b.txt", nil) // a name that would break the line
	bad[`two\nlines\x1b.txt`] = `^empty file$`
	put("image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"))
	bad["image.txt"] = `^binary file \(NUL byte\)$`
	put("archive.jsonl", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00العراق"))
	bad["archive.jsonl"] = `^binary file \(NUL byte\)$`
	if err := os.Symlink("gone.txt", filepath.Join(root, "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	bad["dangling.txt"] = `^stat: no such file or directory$`

	// Too large: a 50 MB article, a JSONL line of 20 MB between two good
	// ones; a line of 10 MB is large but allowed.
	put("huge.txt", []byte("مقال ضخم\n\n"+arabicText(recs, 50<<20)))
	bad["huge.txt"] = `^file too large for one article \(more than 16 MiB\)$`
	put("long.jsonl", []byte(jsonLine(t, antRecord{ID: "long-10mb", Title: "سطر طويل", Body: arabicText(recs, 10<<20)})))
	put("long-lines.jsonl", []byte(
		jsonLine(t, antRecord{ID: "before-20mb", Title: recs[1].Title, Body: recs[1].Body})+
			jsonLine(t, antRecord{ID: "line-20mb", Title: "سطر أطول", Body: arabicText(recs, 20<<20)})+
			jsonLine(t, antRecord{ID: "after-20mb", Title: recs[2].Title, Body: recs[2].Body})))
	good = append(good, "long-10mb", "before-20mb", "after-20mb")
	bad["long-lines.jsonl"] = `^line 2: line too long \(more than 16 MiB\)$`

	// JSON with wrong types and missing fields, around one good record.
	put("records.jsonl", []byte(`{"id": 7, "title": "رقم بدل نص"}
{"id": "r2", "title": ["العراق"], "body": "نص"}
{"id": "r3", "source": "عنب بلدي"}
{"id": "r4", "title": "العراق", "date": "أمس"}
[1, 2]
{"id": "r6", "title": "العراق
`+jsonLine(t, antRecord{ID: "records-ok", Title: recs[3].Title, Body: recs[3].Body, Date: "17/05/2015"})))
	good = append(good, "records-ok")
	bad["records.jsonl"] = `^line \d: .+`
	put("wrong.json", []byte(`{"id": "w1", "title": {"ar": "العراق"}, "body": "نص"}`))
	bad["wrong.json"] = `^line 1: field "title": want a string$`

	// A gzip stream cut in the middle of its only record.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(jsonLine(t, antRecord{ID: "cut", Title: recs[4].Title, Body: arabicText(recs, 64<<10)})))
	zw.Close()
	put("truncated.jsonl.gz", gz.Bytes()[:gz.Len()/2])
	bad["truncated.jsonl.gz"] = `^truncated gzip stream$`

	// Unreadable: root reads it anyway.
	put("unreadable.txt", []byte("ملف محمي\n\nلا يقرؤه إلا صاحبه.\n"))
	if err := os.Chmod(filepath.Join(root, "unreadable.txt"), 0); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(filepath.Join(root, "unreadable.txt")); err == nil {
		f.Close()
		t.Log("running as root (or with CAP_DAC_OVERRIDE): a chmod 000 file is readable, so unreadable.txt is indexed; article.TestWalkUnreadableFile tests the refusal as the user nobody")
		good = append(good, "archive/unreadable.txt")
	} else {
		bad["unreadable.txt"] = `^open: permission denied$`
	}
	slices.Sort(good)
	return root, good, bad
}

// TestHostileCorpus indexes a folder of bad files among good ones: each bad
// file (or record) is one line "path: reason" on stderr and skipped, every
// good article is indexed, legacy encodings are converted and counted, the
// summary counts the failures, and the exit status is 3. A second run
// changes nothing and reports the same failures.
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads about 100 MB")
	}
	root, good, bad := hostileCorpus(t)
	dir := filepath.Join(t.TempDir(), "index")

	code, _, errOut := arsearch(t, "", "index", "--index", dir, "-q", root)
	if code != exitPartial {
		t.Errorf("index: exit %d, want %d\n%s", code, exitPartial, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("stderr:\n%s", errOut)
	}
	summary, final := lines[len(lines)-2], lines[len(lines)-1]
	failures := checkErrorLines(t, root, lines[:len(lines)-2], bad)
	wantSummary := fmt.Sprintf("%s: %d added, 0 updated, 0 unchanged, 0 deleted, %d failed; ", root, len(good), failures)
	if !strings.HasPrefix(summary, wantSummary) || !strings.HasSuffix(summary, "; 2 files converted from a legacy encoding") {
		t.Errorf("summary %q\nwant %q…; 2 files converted from a legacy encoding", summary, wantSummary)
	}
	if want := fmt.Sprintf("arsearch: index: %d files or records failed (see above)", failures); final != want {
		t.Errorf("last line %q, want %q", final, want)
	}

	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := ix.IDs(t.Context())
	ix.Close()
	if err != nil || !slices.Equal(ids, good) {
		t.Errorf("indexed %q, %v\nwant %q", ids, err, good)
	}

	// Again, with --json: nothing changes, the same files fail.
	code, out, errOut := arsearch(t, "", "index", "--index", dir, "-q", "--json", root)
	var st index.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != exitPartial {
		t.Fatalf("index --json: exit %d, %v\n%s", code, err, out)
	}
	if st.Added != 0 || st.Updated != 0 || st.Unchanged != len(good) || st.Failed != failures || st.Converted != 2 {
		t.Errorf("second run: %+v; want %d unchanged, %d failed, 2 converted", st, len(good), failures)
	}
	if n := strings.Count(errOut, "\n"); n != failures+1 {
		t.Errorf("second run: %d stderr lines, want %d failures and the last line:\n%s", n, failures, errOut)
	}

	// The articles are searchable, the converted ones included.
	code, out, errOut = arsearch(t, "", "query", "--index", dir, "--json", "--limit", "20", "وزير الخارجية")
	if code != exitOK || !strings.Contains(out, `"id": "archive/legacy-1256.txt"`) {
		t.Errorf("query: exit %d, the Windows-1256 article not found:\n%s%s", code, out, errOut)
	}
}

// checkErrorLines checks that each line is "root/path: reason" for a bad
// file, with a reason its pattern matches, and that every bad file has a
// line; it returns the number of lines.
func checkErrorLines(t *testing.T, root string, lines []string, bad map[string]string) int {
	t.Helper()
	seen := map[string]int{}
	for _, line := range lines {
		rel, reason, ok := strings.Cut(strings.TrimPrefix(line, root+string(filepath.Separator)), ": ")
		pattern, known := bad[filepath.ToSlash(rel)]
		if !ok || !known || !strings.HasPrefix(line, root) {
			t.Errorf("unexpected stderr line %q", line)
			continue
		}
		if !regexp.MustCompile(pattern).MatchString(reason) {
			t.Errorf("%s: reason %q does not match %s", rel, reason, pattern)
		}
		seen[rel]++
	}
	for rel := range bad {
		if seen[rel] == 0 {
			t.Errorf("%s: no error line for it", rel)
		}
	}
	if n := seen["records.jsonl"]; n != 6 {
		t.Errorf("records.jsonl: %d error lines, want one for each of its 6 bad records", n)
	}
	return len(lines)
}

// hostileQueries are queries the CLI and the web page must answer with a
// one-line error (CLI exit status 2, HTTP 400) or, for the stop words, an
// answer; web/load_test.go has the same list.
var hostileQueries = []struct {
	name, q string
	ok      bool   // answered
	msg     string // in the error
}{
	{"empty", "", false, "empty"},
	{"spaces", "  \t ", false, "empty"},
	{"10,000 characters", string([]rune(strings.Repeat("سوريا ", 2000))[:10000]), false, "too long"},
	{"only stop words", "في من على", true, ""},
	{"only punctuation", "؟!... ،؛", false, "no searchable words"},
	{"unbalanced quote", `"وزير الخارجية`, false, "unbalanced quote"},
	{"unbalanced quote after a word", `العراق "سوريا`, false, "unbalanced quote"},
	{"unknown field", "author:محمد", false, `unknown field "author"`},
	{"field without a value", "title:", false, "has no value"},
	{"lone operators", "+ - +", false, "empty"},
	{"control characters", "\x00\x01\x1b\x7f\u009b", false, "empty"},
	{"control characters around a word", "\x01العراق\x00", true, ""},
	{"invalid UTF-8", "\xff\xfeالعراق", false, "not valid UTF-8"},
	{"long unbalanced phrase", `"` + strings.Repeat("سوريا ", 300), false, "unbalanced quote"},
}

// TestHostileQueries: bad queries get one line on stderr and exit status
// 2; stop words alone are answered (from the exact view).
func TestHostileQueries(t *testing.T) {
	dir := smallIndex(t)
	for _, tt := range hostileQueries {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := arsearch(t, "", "query", "--index", dir, "--", tt.q)
			if tt.ok {
				if code != exitOK || !strings.Contains(out, "results for") {
					t.Errorf("query %q: exit %d, stdout %q, stderr %q; want an answer", tt.q, code, out, errOut)
				}
				return
			}
			if code != exitUsage || out != "" || !strings.HasPrefix(errOut, "arsearch: query: ") || !strings.Contains(errOut, tt.msg) {
				t.Errorf("query %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.q, code, out, errOut, tt.msg)
			}
			if strings.Count(errOut, "\n") != 1 || len(errOut) > 300 || strings.Contains(errOut, "goroutine") {
				t.Errorf("error is not one short line: %q", errOut)
			}
		})
	}
}

// sums returns the SHA-256 of every file under root by path ("dir" for
// folders), or of root when it is a file.
func sums(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			out[p] = "dir"
			return nil
		}
		data, err := os.ReadFile(p)
		sum := sha256.Sum256(data)
		out[p] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBadIndexDir points --index at things that are not usable indexes.
// Every command says what is wrong and what to do in one line, never
// panics, and never writes into a directory that is not an arsearch index;
// --rebuild repairs a damaged arsearch index.
func TestBadIndexDir(t *testing.T) {
	built := smallIndex(t)
	rng := rand.New(rand.NewPCG(7, 7))
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		msg     string // in the error of query and index
		ours    bool   // an arsearch index: --rebuild repairs it
		indexOK bool   // index (no --rebuild) succeeds
	}{
		{"empty dir", func(t *testing.T, dir string) { os.MkdirAll(dir, 0o755) }, "no index here yet", true, true},
		{"a file", func(t *testing.T, dir string) { writeFile(t, dir, []byte("ملاحظات شخصية\n")) }, "a file, not a directory: not an arsearch index", false, false},
		{"someone's folder", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "رسائل", "a.txt"), []byte("نص\n"))
			writeFile(t, filepath.Join(dir, "bleve", "store", "root.bolt"), []byte("not ours"))
		}, "not an arsearch index; refusing to use it", false, false},
		{"marker of another format", func(t *testing.T, dir string) {
			copyFS(t, built, dir)
			writeFile(t, filepath.Join(dir, "arsearch-index.json"), []byte(`{"format":1}`))
		}, fmt.Sprintf("format 1, this arsearch reads %d", index.Format), true, false},
		{"marker of a newer format", func(t *testing.T, dir string) {
			copyFS(t, built, dir)
			writeFile(t, filepath.Join(dir, "arsearch-index.json"), []byte(`{"format":99}`))
		}, fmt.Sprintf("format 99, this arsearch reads %d: index was built by a newer arsearch; upgrade arsearch", index.Format), true, false},
		{"damaged marker", func(t *testing.T, dir string) {
			copyFS(t, built, dir)
			writeFile(t, filepath.Join(dir, "arsearch-index.json"), []byte(`{"format":`))
		}, "arsearch-index.json is damaged", false, false},
		{"index_meta.json missing", func(t *testing.T, dir string) {
			copyFS(t, built, dir)
			if err := os.Remove(filepath.Join(dir, "bleve", "index_meta.json")); err != nil {
				t.Fatal(err)
			}
		}, "the index is damaged (cannot open index, metadata missing)", true, false},
		{"another mapping", func(t *testing.T, dir string) {
			b, err := bleve.New(filepath.Join(dir, "bleve"), bleve.NewIndexMapping())
			if err != nil {
				t.Fatal(err)
			}
			b.Index("x", map[string]string{"title": "العراق"})
			b.Close()
			writeFile(t, filepath.Join(dir, "arsearch-index.json"), []byte(fmt.Sprintf(`{"format":%d}`, index.Format)))
		}, "built with another mapping", true, false},
		{"random root.bolt", func(t *testing.T, dir string) {
			copyFS(t, built, dir)
			randomize(t, rng, filepath.Join(dir, "bleve", "store", "root.bolt"))
		}, "the index is damaged (invalid database)", true, false},
		{"random segments", func(t *testing.T, dir string) {
			copyFS(t, built, dir)
			zaps, _ := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
			for _, z := range zaps {
				randomize(t, rng, z)
			}
		}, "the index is damaged", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			tt.setup(t, dir)
			before := sums(t, dir)
			oneLineError := func(args ...string) {
				t.Helper()
				code, _, errOut := arsearch(t, "", args...)
				if code != exitError || !strings.Contains(errOut, tt.msg) || strings.Count(errOut, "\n") != 1 || strings.Contains(errOut, "goroutine") {
					t.Errorf("%q: exit %d, stderr %q; want exit 1 and one line saying %q", args, code, errOut, tt.msg)
				}
				if tt.msg != "no index here yet" && !strings.Contains(errOut, "--rebuild") && !strings.Contains(errOut, "choose another --index") && !strings.Contains(errOut, "upgrade arsearch") {
					t.Errorf("%q: %q does not say what to do", args, errOut)
				}
			}
			oneLineError("query", "--index", dir, "العراق")
			if !tt.indexOK {
				oneLineError("index", "--index", dir, "-q", "../../testdata/corpus-small")
			}
			if !tt.ours {
				code, _, errOut := arsearch(t, "", "index", "--rebuild", "--index", dir, "-q", "../../testdata/corpus-small")
				if code != exitError || !strings.Contains(errOut, "not an arsearch index") {
					t.Errorf("index --rebuild: exit %d, %q; want a refusal", code, errOut)
				}
				if after := sums(t, dir); !maps.Equal(before, after) {
					t.Errorf("the files of %s changed", dir)
				}
				return
			}
			if !tt.indexOK {
				if after := sums(t, dir); !maps.Equal(before, after) {
					t.Errorf("the refused index changed")
				}
			}
			corpus, err := filepath.Abs("../../testdata/corpus-small")
			if err != nil {
				t.Fatal(err)
			}
			if !tt.indexOK {
				// In a checkout (./corpus at hand) query indexes the
				// bundled corpus only where there is no index at all.
				checkout := t.TempDir()
				if err := os.Symlink(corpus, filepath.Join(checkout, "corpus")); err != nil {
					t.Fatal(err)
				}
				t.Chdir(checkout)
				oneLineError("query", "--index", dir, "العراق")
				if after := sums(t, dir); !maps.Equal(before, after) {
					t.Errorf("query in a checkout changed the refused index")
				}
			}
			args := []string{"index", "--index", dir, "-q", corpus}
			if !tt.indexOK {
				args = append(args, "--rebuild")
			}
			if code, _, errOut := arsearch(t, "", args...); code != exitOK {
				t.Fatalf("%q: exit %d, %s", args, code, errOut)
			}
			code, out, errOut := arsearch(t, "", "query", "--index", dir, "--json", "العراق سوريا")
			var res struct{ Total int }
			if json.Unmarshal([]byte(out), &res); code != exitOK || res.Total == 0 {
				t.Errorf("query after %q: exit %d, %s%s", args, code, out, errOut)
			}
		})
	}
}

func randomize(t *testing.T, rng *rand.Rand, p string) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, fi.Size())
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLockedIndex: while one process writes the index (here a second
// index.Open in this process: bbolt's flock excludes it as it would
// another process; crash_test.go has a real second process), query, index
// and index --rebuild fail after about a second with one line naming the
// lock, and change nothing; two readers at once both answer.
func TestLockedIndex(t *testing.T) {
	dir := smallIndex(t)
	w, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"query", "--index", dir, "العراق"},
		{"index", "--index", dir, "-q", "../../testdata/corpus-small"},
		{"index", "--rebuild", "--index", dir, "-q", "../../testdata/corpus-small"},
	} {
		code, out, errOut := arsearch(t, "", args...)
		if code != exitError || out != "" || !strings.Contains(errOut, "index is locked by another arsearch process") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q while a writer holds the index: exit %d, stderr %q; want exit 1 and one line naming the lock", args, code, errOut)
		}
	}
	w.Close()

	// The index is whole: --rebuild did not remove it under the writer.
	r, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, err := r.Count(); n != 32 || err != nil {
		t.Errorf("after the refused commands the index holds %d articles (%v), want 32", n, err)
	}
	code, out, errOut := arsearch(t, "", "query", "--index", dir, "العراق سوريا")
	if code != exitOK || !strings.Contains(out, "[[العراق]]") {
		t.Errorf("query beside another reader: exit %d, %s%s", code, out, errOut)
	}
	if _, err := search.Run(t.Context(), r, search.Request{Query: "سوريا"}); err != nil {
		t.Errorf("the first reader after the second: %v", err)
	}
	code, _, errOut = arsearch(t, "", "index", "--index", dir, "-q", "../../testdata/corpus-small")
	if code != exitError || !strings.Contains(errOut, "locked") {
		t.Errorf("index while a reader holds it: exit %d, %q; want the lock named", code, errOut)
	}
}

// copyFS copies the files under src to dst (os.CopyFS; dst may exist).
func copyFS(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}
