package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/arsearch/arsearch/article"
)

// TestCompact builds the small corpus in batches of four (eight segments
// or more), compacts it, and checks that one segment file is left on disk
// and that queries find the same articles with the same scores.
func TestCompact(t *testing.T) {
	ix, dir := buildSegmented(t)
	queries := []string{"العراق سوريا", "الحكومة السورية", "تونس", `"وزير الخارجية"`}
	type hit struct {
		id    string
		score float64
	}
	results := func() [][]hit {
		var out [][]hit
		for _, q := range queries {
			res := doSearch(t, ix, lookup{Query: q, Limit: 50})
			var hs []hit
			for _, h := range res.Hits {
				hs = append(hs, hit{h.ID, h.Score})
			}
			out = append(out, hs)
		}
		return out
	}
	segments := func() int {
		zaps, err := filepath.Glob(filepath.Join(dir, bleveDir, "store", "*.zap"))
		if err != nil {
			t.Fatal(err)
		}
		return len(zaps)
	}
	before := results()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// bleve's merger may have merged the last segments before Close: one
	// more article makes a second segment, and again if need be.
	for try := 0; segments() < 2 && try < 10; try++ {
		var oerr error
		if ix, oerr = Open(dir, Options{}); oerr != nil {
			t.Fatal(oerr)
		}
		if oerr = ix.Add(t.Context(), article.Article{ID: fmt.Sprintf("later-%d", try), Title: "تونس", Body: "مقال لاحق عن تونس والعراق"}); oerr != nil {
			t.Fatal(oerr)
		}
		before = results()
		ix.Close()
	}
	if n := segments(); n < 2 {
		t.Fatalf("the build left %d segments; the test needs several", n)
	}
	if err := Compact(t.Context(), dir); err != nil {
		t.Fatal(err)
	}
	if n := segments(); n != 1 {
		t.Errorf("Compact left %d segment files, want 1", n)
	}
	ix, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	after := results()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for i, q := range queries {
		if len(before[i]) == 0 {
			t.Errorf("%s: no hits; the test needs some", q)
		}
		if !slices.Equal(before[i], after[i]) {
			t.Errorf("%s: hits changed with Compact:\n before %v\n after  %v", q, before[i], after[i])
		}
	}
}

// TestCompactCancelled: a Compact whose context is already cancelled
// returns its error and leaves an index that opens and answers as before.
func TestCompactCancelled(t *testing.T) {
	ix, dir := buildSegmented(t)
	before := ids(doSearch(t, ix, lookup{Query: "العراق سوريا", Limit: 50}))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := Compact(ctx, dir); !errors.Is(err, context.Canceled) {
		t.Fatalf("Compact with a cancelled context: %v, want context.Canceled", err)
	}
	ix, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	after := ids(doSearch(t, ix, lookup{Query: "العراق سوريا", Limit: 50}))
	if len(before) == 0 || !slices.Equal(before, after) {
		t.Errorf("hits before %v, after a cancelled Compact %v", before, after)
	}
}

func TestWorthCompacting(t *testing.T) {
	for _, c := range []struct {
		added, updated, deleted int
		total                   uint64
		want                    bool
	}{
		{9966, 0, 0, 9966, true},       // the bundled corpus, first run
		{30099, 0, 0, 30099, true},     // a bulk load
		{0, 4999, 0, 4999, false},      // small: bleve's own merges are enough
		{5000, 0, 0, 30000, false},     // a sixth of a large index
		{4000, 3000, 500, 30000, true}, // a quarter of it, in all three ways
		{0, 0, 0, 30000, false},        // nothing written
	} {
		st := Stats{Added: c.added, Updated: c.updated, Deleted: c.deleted}
		if got := WorthCompacting(st, c.total); got != c.want {
			t.Errorf("WorthCompacting(%+v, %d) = %v, want %v", st, c.total, got, c.want)
		}
	}
}

// buildSegmented indexes testdata/corpus-small in batches of four, one
// writer, into a new directory: many segments for Compact to merge. The
// index is left open.
func buildSegmented(t *testing.T) (*Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Build(t.Context(), "../testdata/corpus-small", BuildOptions{BatchSize: 4, Workers: 1}); err != nil {
		ix.Close()
		t.Fatal(err)
	}
	// bleve may have merged the batches already (seen under load): one
	// more commit makes a second segment.
	for i := 0; ix.segmentFiles() < 2 && i < 5; i++ {
		if err := ix.Add(t.Context(), article.Article{ID: fmt.Sprintf("extra-%d", i), Title: "العراق", Body: "مقال إضافي عن العراق وسوريا"}); err != nil {
			ix.Close()
			t.Fatal(err)
		}
	}
	return ix, dir
}

// TestCompactAfterPrune: an index of one segment whose articles were
// mostly pruned gets its space back from Compact (bleve's merge plan left
// a lone segment as it was: 2,500 articles in 112 MB against 51 MB fresh).
func TestCompactAfterPrune(t *testing.T) {
	root := t.TempDir()
	copyFS(t, "../testdata/corpus-small", root)
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Build(t.Context(), root, BuildOptions{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "ant-sample.jsonl")); err != nil {
		t.Fatal(err)
	}
	if st, err := ix.Build(t.Context(), root, BuildOptions{Prune: true}); err != nil || st.Deleted != 30 {
		t.Fatalf("prune: %+v, %v; want 30 deleted", st, err)
	}
	ix.Close()
	size := func() (n int64) {
		zaps, _ := filepath.Glob(filepath.Join(dir, bleveDir, "store", "*.zap"))
		for _, z := range zaps {
			if fi, err := os.Stat(z); err == nil {
				n += fi.Size()
			}
		}
		return n
	}
	before := size()
	if err := Compact(t.Context(), dir); err != nil {
		t.Fatal(err)
	}
	after := size()
	t.Logf("segments %d -> %d bytes, %d files", before, after, SegmentFiles(dir))
	if after > before/3 || SegmentFiles(dir) != 1 {
		t.Errorf("Compact after pruning 30 of 32 articles: %d -> %d bytes in %d segment files; want a third or less, one file", before, after, SegmentFiles(dir))
	}
	ix, err = Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got, err := ix.IDs(t.Context())
	if err != nil || len(got) != 2 || !slices.ContainsFunc(got, func(id string) bool { return strings.HasSuffix(id, "/"+seedFile) }) {
		t.Errorf("after Compact the index holds %q, %v; want the two text articles", got, err)
	}
}

// TestCompactBounded: an index of three segments of 2,500 articles each
// (bleve's background merger leaves segments of under 2,000 articles to
// be merged into one, so smaller ones would not stay apart), compacted
// with a merge bound of 70% of its size, merges two of them and keeps two
// segments, and answers with the same articles and scores as before.
func TestCompactBounded(t *testing.T) {
	lines, err := os.ReadFile("../testdata/corpus-small/ant-sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var sample []article.Article
	for _, line := range strings.Split(strings.TrimSpace(string(lines)), "\n") {
		var a article.Article
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		a.Body, _, _ = strings.Cut(a.Body, "\n") // the first paragraph: a small index
		sample = append(sample, a)
	}
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			ix.Close()
		}
	}()
	for seg := range 3 {
		var arts []article.Article
		for i := range 2500 {
			a := sample[(seg*2500+i)%len(sample)]
			a.ID = fmt.Sprintf("%s~%d-%d", a.ID, seg, i)
			arts = append(arts, a)
		}
		if err := ix.Add(t.Context(), arts...); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{"مهرجان سوسة", "الحكومة", "تونس", `"وزير الخارجية"`}
	results := func() []string {
		var out []string
		for _, q := range queries {
			res := doSearch(t, ix, lookup{Query: q, Limit: 20})
			if len(res.Hits) == 0 {
				t.Errorf("%s: no hits; the test needs some", q)
			}
			out = append(out, fmt.Sprintf("%s: %d hits", q, res.Total))
			for _, h := range res.Hits {
				out = append(out, fmt.Sprintf("%s %s %.6f", q, h.ID, h.Score))
			}
		}
		return out
	}
	var total int64
	zaps, _ := filepath.Glob(filepath.Join(dir, bleveDir, "store", "*.zap"))
	for _, z := range zaps {
		fi, err := os.Stat(z)
		if err != nil {
			t.Fatal(err)
		}
		total += fi.Size()
	}
	if len(zaps) != 3 {
		t.Fatalf("three batches left %d segment files; the test needs three", len(zaps))
	}
	before := results()
	if err := ix.compact(t.Context(), total*7/10); err != nil {
		t.Fatal(err)
	}
	after := results()
	closed = true
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	n := SegmentFiles(dir)
	t.Logf("3 segments, %d bytes; a bound of %d bytes left %d", total, total*7/10, n)
	if n != 2 {
		t.Errorf("a bound of 70%% of three equal segments left %d segment files; want 2", n)
	}
	if !slices.Equal(before, after) {
		t.Errorf("hits changed with a bounded Compact:\n before %v\n after  %v", before, after)
	}
	// Deleted articles in the larger segment, too large to be grouped
	// again under the bound: a bounded Compact rewrites it alone.
	if ix, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	closed = false
	var gone []string
	for i := range 1000 {
		gone = append(gone, fmt.Sprintf("%s~0-%d", sample[i%len(sample)].ID, i))
	}
	if n, err := ix.Delete(t.Context(), gone...); err != nil || n != 1000 {
		t.Fatalf("Delete: %d, %v; want 1,000 deleted", n, err)
	}
	if err := ix.compact(t.Context(), total*7/10); err != nil {
		t.Fatal(err)
	}
	adv, _ := ix.b.Advanced()
	segs, err := liveSegments(adv.(*scorch.Scorch))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("after deleting 1,000 and compacting: %v", segs)
	if count, _ := ix.b.DocCount(); len(segs) != 2 || deletedIn(segs) != 0 || count != 6500 {
		t.Errorf("after deleting 1,000 articles, a bounded Compact left %v (%d deleted, %d articles); want 2 segments, none deleted, 6,500 articles", segs, deletedIn(segs), count)
	}
	closed = true
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Without a bound, the same index merges into one.
	if err := Compact(t.Context(), dir); err != nil {
		t.Fatal(err)
	}
	if n := SegmentFiles(dir); n != 1 {
		t.Errorf("Compact without a bound left %d segment files; want 1", n)
	}
}
