package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/arsearch/arsearch/article"
)

// dirSums returns the SHA-256 of every file under root, by path, and of
// root itself when it is a file.
func dirSums(t *testing.T, root string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			sums[p] = "dir"
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		sums[p] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// sameSums fails the test when the files under root changed.
func sameSums(t *testing.T, root string, before map[string]string) {
	t.Helper()
	after := dirSums(t, root)
	if len(after) != len(before) {
		t.Errorf("%s: %d files and folders before, %d after", root, len(before), len(after))
	}
	for p, sum := range before {
		if after[p] != sum {
			t.Errorf("%s changed", p)
		}
	}
}

// oneLine fails the test when err is nil or not one line.
func oneLine(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") || strings.Contains(msg, "goroutine ") {
		t.Errorf("error is not one line: %q", msg)
	}
	return msg
}

// TestOpenExplainsEachNonIndex: each kind of directory that is not a
// usable index gets its own error, Create and OpenOrCreate never write into
// a directory that is not an arsearch index, and no file changes.
func TestOpenExplainsEachNonIndex(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  error  // from Open, read-only and read-write
		msg   string // in the message
	}{
		{"missing", func(*testing.T, string) {}, ErrNoIndex, "no index here yet"},
		{"empty folder", func(t *testing.T, dir string) { mkdir(t, dir) }, ErrNoIndex, "no index here yet"},
		{"a marker cut short while Create wrote it", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, markerTemp), `{"form`)
		}, ErrNoIndex, "no index here yet"},
		{"a file", func(t *testing.T, dir string) { write(t, dir, "أخبار\n") }, ErrNotIndex, "a file, not a directory"},
		{"someone's documents", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "رسالة.txt"), "نص مهم\n")
			write(t, filepath.Join(dir, "bleve", "notes.md"), "# notes\n")
		}, ErrNotIndex, "refusing to use it"},
		{"damaged marker", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, markerFile), `{"format":`)
		}, ErrNotIndex, "arsearch-index.json is damaged"},
		{"marker of a newer format", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, markerFile), `{"format":99}`)
			write(t, filepath.Join(dir, "bleve", "index_meta.json"), `{}`)
		}, ErrNewer, fmt.Sprintf("format 99, this arsearch reads %d: index was built by a newer arsearch; upgrade arsearch", Format)},
		{"marker of an older format", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, markerFile), `{"format":1}`)
			write(t, filepath.Join(dir, "bleve", "index_meta.json"), `{}`)
		}, ErrFormat, fmt.Sprintf("format 1, this arsearch reads %d", Format)},
		{"marker without a format", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, markerFile), `{"created":"2025-01-01T00:00:00Z"}`)
		}, ErrNotIndex, "arsearch-index.json is damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			tt.setup(t, dir)
			var before map[string]string
			if _, err := os.Stat(dir); err == nil {
				before = dirSums(t, dir)
			}
			for _, ro := range []bool{true, false} {
				ix, err := Open(dir, Options{ReadOnly: ro})
				if ix != nil {
					ix.Close()
					t.Fatalf("Open(read-only %v) opened it", ro)
				}
				if msg := oneLine(t, err); !errors.Is(err, tt.want) || !strings.Contains(msg, tt.msg) || !strings.HasPrefix(msg, dir+": ") {
					t.Errorf("Open(read-only %v) = %q; want %v, naming the folder and saying %q", ro, msg, tt.want, tt.msg)
				}
			}
			if tt.want == ErrNoIndex {
				return // Create may make one here; TestCreate covers it
			}
			for name, open := range map[string]func(string) (*Index, error){"Create": Create, "OpenOrCreate": OpenOrCreate} {
				if ix, err := open(dir); err == nil {
					ix.Close()
					t.Errorf("%s made an index in it", name)
				}
			}
			sameSums(t, dir, before)
		})
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, p, text string) {
	t.Helper()
	mkdir(t, filepath.Dir(p))
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCreateAfterAnInterruptedCreate: Create writes the marker first, so
// a Create (or a first build, or a --rebuild) killed before bleve committed
// a segment leaves a folder Open calls "no index yet" and OpenOrCreate
// finishes: nothing was in it to lose.
func TestCreateAfterAnInterruptedCreate(t *testing.T) {
	// A killed first build was seen to leave index_meta.json and a
	// root.bolt of 16 KiB without the mapping: bleve had not stored it.
	fresh := filepath.Join(t.TempDir(), "fresh")
	b, err := bleve.NewUsing(filepath.Join(fresh, bleveDir), bleve.NewIndexMapping(), "scorch", "scorch", nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	for name, setup := range map[string]func(t *testing.T, dir string){
		"marker only":        func(t *testing.T, dir string) {},
		"empty bleve folder": func(t *testing.T, dir string) { mkdir(t, filepath.Join(dir, bleveDir, "store")) },
		"root.bolt without the mapping": func(t *testing.T, dir string) {
			copyFS(t, fresh, dir)
			p := filepath.Join(dir, bleveDir, "store", "root.bolt")
			os.Remove(p)
			db, err := bolt.Open(p, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
		},
		"empty root.bolt": func(t *testing.T, dir string) {
			copyFS(t, fresh, dir)
			write(t, filepath.Join(dir, bleveDir, "store", "root.bolt"), "")
		},
		"a removal cut short": func(t *testing.T, dir string) {
			copyFS(t, fresh, filepath.Join(dir, "tmp"))
			if err := os.Rename(filepath.Join(dir, "tmp", bleveDir), filepath.Join(dir, removingDir)); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(dir, "tmp"))
			write(t, filepath.Join(dir, removingDir, "store", "000000000001.zap"), "half a segment")
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			write(t, filepath.Join(dir, markerFile), fmt.Sprintf(`{"format":%d}`, Format))
			setup(t, dir)
			if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrNoIndex) {
				t.Fatalf("Open = %v, want ErrNoIndex", err)
			}
			ix, err := OpenOrCreate(dir)
			if err != nil {
				t.Fatalf("OpenOrCreate = %v", err)
			}
			defer ix.Close()
			if err := ix.Add(t.Context(), article.Article{ID: "a", Title: "العراق", Body: "نص عن العراق وسوريا"}); err != nil {
				t.Fatal(err)
			}
			if n, err := ix.Count(); n != 1 || err != nil {
				t.Errorf("Count = %d, %v; want 1", n, err)
			}
		})
	}
}

// TestOpenForeignMapping: a bleve index made with another mapping opens in
// bleve and would take documents, so Open checks the mapping: our marker
// beside it is not enough. Nothing is written.
func TestOpenForeignMapping(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	b, err := bleve.New(filepath.Join(dir, bleveDir), bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Index("x", map[string]any{"title": "العراق", "body": "نص عن العراق"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, markerFile), fmt.Sprintf(`{"format":%d}`, Format))
	before := dirSums(t, dir)
	for _, ro := range []bool{true, false} {
		ix, err := Open(dir, Options{ReadOnly: ro})
		if ix != nil {
			ix.Close()
		}
		if msg := oneLine(t, err); !errors.Is(err, ErrFormat) || !strings.Contains(msg, "another mapping") || !strings.Contains(msg, "--rebuild") {
			t.Errorf("Open(read-only %v) = %q; want ErrFormat naming the mapping and --rebuild", ro, msg)
		}
	}
	if ix, err := OpenOrCreate(dir); err == nil {
		ix.Close()
		t.Error("OpenOrCreate opened it")
	}
	sameSums(t, dir, before)
}

// TestOpenDamagedIndex overwrites, truncates or changes 4 KB in the middle
// of each file of a built index in turn. Open then fails with one line
// saying the index is damaged and to rebuild it, or, when the file was one
// the newest snapshot does not use (an old segment, a free page of
// root.bolt), opens the whole index with the same hits: never an older
// snapshot silently (bleve would: see openBleve), never a panic, never a
// crash (zap may allocate terabytes on a damaged segment: see
// checkSegments).
func TestOpenDamagedIndex(t *testing.T) {
	good := filepath.Join(t.TempDir(), "good")
	ix, err := Create(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Build(t.Context(), "../testdata/corpus-small", BuildOptions{Workers: 1, BatchSize: 10}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	query := lookup{Query: "العراق سوريا", Limit: 100}
	ix, err = Open(good, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	want := ids(doSearch(t, ix, query))
	ix.Close()

	store := filepath.Join(good, bleveDir, "store")
	names, _ := filepath.Glob(filepath.Join(store, "*"))
	if len(names) < 2 {
		t.Fatalf("the index has files %q, want root.bolt and segments", names)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	refused := 0
	for _, p := range names {
		name := filepath.Base(p)
		for _, how := range []string{"random", "truncated", "random middle"} {
			t.Run(name+"/"+how, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "index")
				copyFS(t, good, dir)
				target := filepath.Join(dir, bleveDir, "store", name)
				data, err := os.ReadFile(target)
				if err != nil {
					t.Fatal(err)
				}
				switch how {
				case "random":
					fillRandom(rng, data)
				case "truncated":
					data = data[:len(data)/2]
				case "random middle":
					fillRandom(rng, data[len(data)/3:min(len(data), len(data)/3+4096)])
				}
				if err := os.WriteFile(target, data, 0o600); err != nil {
					t.Fatal(err)
				}
				ix, err := Open(dir, Options{ReadOnly: true})
				if err != nil {
					if msg := oneLine(t, err); !strings.Contains(msg, "damaged") || !strings.Contains(msg, "--rebuild") {
						t.Errorf("Open = %q; want it to say the index is damaged and to rebuild it", msg)
					}
					refused++
					return
				}
				defer ix.Close()
				res, err := find(t.Context(), ix, query)
				n, _ := ix.Count()
				if err != nil || n != 32 || !slices.Equal(ids(res), want) {
					t.Errorf("Open of an index with %s %s opened it with %d articles, search %v, %v; want it refused, or 32 articles and hits %q",
						how, name, n, err, ids(res), want)
				}
			})
		}
	}
	if refused == 0 {
		t.Error("no damage was noticed")
	}
	t.Logf("%d of %d damaged copies refused", refused, 3*len(names))
}

func fillRandom(rng *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
}

// TestLocks: one writer excludes everyone else, who is told so with
// ErrLocked after about a second instead of waiting; readers share. The
// holder here is a second Open in this process: bbolt's flock excludes it
// as it would another process (cmd/arsearch tests two processes).
func TestLocks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	w, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(t.Context(), article.Article{ID: "a", Title: "العراق", Body: "نص عن العراق وسوريا"}); err != nil {
		t.Fatal(err)
	}
	locked := func(what string, ro bool) {
		t.Helper()
		start := time.Now()
		ix, err := Open(dir, Options{ReadOnly: ro})
		if ix != nil {
			ix.Close()
			t.Fatalf("%s: Open(read-only %v) opened a locked index", what, ro)
		}
		if msg := oneLine(t, err); !errors.Is(err, ErrLocked) || !strings.Contains(msg, "locked") {
			t.Errorf("%s: Open(read-only %v) = %q, want ErrLocked", what, ro, msg)
		}
		t.Logf("%s: Open(read-only %v) gave up after %v", what, ro, time.Since(start).Round(time.Millisecond))
	}
	locked("writer holds it", false)
	locked("writer holds it", true)
	w.Close()

	var readers []*Index
	for range 2 {
		r, err := Open(dir, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("a second reader: %v", err)
		}
		defer r.Close()
		readers = append(readers, r)
	}
	for i, r := range readers {
		res, err := find(t.Context(), r, lookup{Query: "العراق"})
		if err != nil || res.Total != 1 {
			t.Errorf("reader %d: Search = %v, %v; want 1 hit", i, res, err)
		}
	}
	locked("two readers hold it", false)
	if err := readers[0].Add(t.Context(), article.Article{ID: "b", Title: "تونس"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Add through a read-only index = %v, want ErrReadOnly (writing would hang)", err)
	}
	if _, err := readers[0].Build(t.Context(), "../testdata/corpus-small", BuildOptions{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Build through a read-only index = %v, want ErrReadOnly", err)
	}
}

// TestOpenKeepsOtherLogLines: openBleve passes on what bleve logs that is
// not about a skipped snapshot, and restores the standard logger.
func TestOpenKeepsOtherLogLines(t *testing.T) {
	var sb strings.Builder
	c := &logCatcher{pass: &sb}
	c.Write([]byte("unable to load snapshot, failed to load segment: boom, continuing\n"))
	c.Write([]byte("got err removing file: x.zap\n"))
	if c.lost != "unable to load snapshot, failed to load segment: boom" || sb.String() != "got err removing file: x.zap\n" {
		t.Errorf("logCatcher kept %q and passed %q", c.lost, sb.String())
	}
	before := log.Writer()
	if _, err := Open(filepath.Join(t.TempDir(), "none"), Options{}); !errors.Is(err, ErrNoIndex) {
		t.Fatal(err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	dir := ix.Dir()
	ix.Close()
	if ix, err = Open(dir, Options{ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if log.Writer() != before {
		t.Error("Open left the standard logger redirected")
	}
}

// copyFS copies the files under src to dst (os.CopyFS; dst may exist).
func copyFS(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// TestStaleStatsComputedOnce: after a run killed between its last batch
// and storing the statistics, a read-only open computes them (it cannot
// store them in the index) and keeps them in a file beside it, so the next
// read-only open reads them instead of walking every term again (1.2 s and
// 851 MB per query on a 210k-article index).
func TestStaleStatsComputedOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Build(t.Context(), "../testdata/corpus-small", BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	want := ix.stats.Load()
	if err := ix.b.DeleteInternal(statsKey); err != nil { // as a kill leaves it
		t.Fatal(err)
	}
	ix.Close()
	side := filepath.Join(dir, statsFile)
	var stamp time.Time
	for i := range 2 {
		ro, err := Open(dir, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		got := ro.stats.Load()
		ro.Close()
		// Only the text fields' statistics are stable: bleve's term counts of
		// the others shrink when segments merge (see lengthTwin).
		same := got.DocCount == want.DocCount
		for _, f := range []string{FieldTitle, FieldBody, FieldTitleExact, FieldBodyExact} {
			same = same && got.FieldCardinality[f] == want.FieldCardinality[f]
		}
		if !same {
			t.Errorf("open %d: statistics %+v, want %+v", i+1, got, want)
		}
		fi, err := os.Stat(side)
		if err != nil {
			t.Fatalf("open %d: the computed statistics were not kept: %v", i+1, err)
		}
		if i == 1 && !fi.ModTime().Equal(stamp) {
			t.Errorf("the second read-only open computed the statistics again")
		}
		stamp = fi.ModTime()
	}
}

// TestPhrasePositionsKept: an index created with phrase positions keeps
// term vectors on the body's exact view when it is opened again and when
// articles are added; one created without has none, and the option does
// not change an index that exists.
func TestPhrasePositionsKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pos")
	ix, err := CreateWith(dir, MappingOptions{PhrasePositions: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(t.Context(), article.Article{ID: "a", Title: "خبر", Body: "قال وزير الخارجية إن الزيارة ناجحة."}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = OpenOrCreateWith(dir, MappingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !ix.PhrasePositions() || !HasPositions(ix.Bleve().Mapping(), FieldTitleExact) {
		t.Errorf("reopened: PhrasePositions %v", ix.PhrasePositions())
	}
	if s, err := ix.Summary(t.Context()); err != nil || !s.PhrasePositions {
		t.Errorf("Summary: %+v, %v; want PhrasePositions", s, err)
	}
	ix.Close()

	plainDir := filepath.Join(t.TempDir(), "plain")
	ix, err = OpenOrCreateWith(plainDir, MappingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = OpenOrCreateWith(plainDir, MappingOptions{PhrasePositions: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.PhrasePositions() || HasPositions(ix.Bleve().Mapping(), FieldBodyExact) || !HasPositions(ix.Bleve().Mapping(), FieldTitleExact) {
		t.Errorf("an index created without phrase positions: PhrasePositions %v", ix.PhrasePositions())
	}
}
