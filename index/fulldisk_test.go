package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/internal/tmpfs"
)

// antCorpus is the bundled ANT corpus: 9,964 articles, 12.9 MB of text.
const antCorpus = "../corpus/antcorpus-v1.1.jsonl.gz"

// TestFullDiskBuild fills the disk during a build, with one writer and
// with four: Build returns one line naming the cause, no panic (with
// several writers bleve's segment code panicked, see Index.batch), no
// hang; the index then opens, holds at least the articles Build counted,
// and answers.
func TestFullDiskBuild(t *testing.T) {
	for _, workers := range []int{1, 4} {
		t.Run(strings.Repeat("w", workers), func(t *testing.T) {
			dir := tmpfs.Mount(t, "8m") + "/index"
			ix, err := Create(dir)
			if err != nil {
				t.Fatal(err)
			}
			st, err := ix.Build(t.Context(), antCorpus, BuildOptions{Workers: workers, BatchSize: 250})
			if cerr := ix.Close(); cerr != nil {
				t.Logf("Close: %v", cerr)
			}
			if err == nil || !strings.Contains(err.Error(), "no space left on device") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Build on a full disk: %v; want one line saying no space left on device", err)
			}
			if st.Elapsed <= 0 {
				t.Errorf("Stats.Elapsed = %v after a failed build", st.Elapsed)
			}
			ix, err = Open(dir, Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("after a full disk the index does not open: %v", err)
			}
			defer ix.Close()
			n, _ := ix.Count()
			t.Logf("Build: %v; stats %+v; the index holds %d", err, st, n)
			if n < uint64(st.Added) || n == 0 {
				t.Errorf("the index holds %d articles, Build counted %d added", n, st.Added)
			}
			if res := doSearch(t, ix, lookup{Query: "العراق", Limit: 5}); res.Total == 0 {
				t.Errorf("no hits for العراق in %d articles", n)
			}
		})
	}
}

// fill writes a file into dir that leaves about room bytes free on its
// file system.
func fill(t *testing.T, dir string, room int64) {
	t.Helper()
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		t.Fatal(err)
	}
	free := int64(fs.Bavail) * fs.Bsize
	if free <= room {
		return
	}
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, free-room)); err != nil && !errors.Is(err, syscall.ENOSPC) {
		t.Fatal(err)
	}
}

// TestCompactFullDisk: a disk that fills while Compact merges the index
// ends Compact with an error (it hung after "compacting…": bleve's merger
// retried the merge for ever, filling the disk each time), and the index
// then opens whole and answers as before; the same for a compaction in
// several merges (an index larger than CompactMergeBytes), here with a
// bound just under the index's size.
func TestCompactFullDisk(t *testing.T) {
	t.Run("whole", func(t *testing.T) { compactFullDisk(t, Compact) })
	t.Run("bounded", func(t *testing.T) {
		compactFullDisk(t, func(ctx context.Context, dir string) error {
			ix, err := Open(dir, Options{})
			if err != nil {
				return err
			}
			defer ix.Close()
			segs, err := liveSegments(mustScorch(t, ix))
			if err != nil {
				return err
			}
			var size int64
			for _, s := range segs {
				size += s.FileSize()
			}
			return ix.compact(ctx, size-1)
		})
	})
}

// mustScorch is ix's scorch index.
func mustScorch(t *testing.T, ix *Index) *scorch.Scorch {
	t.Helper()
	adv, err := ix.b.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	return adv.(*scorch.Scorch)
}

// compactFullDisk is TestCompactFullDisk with compact for Compact.
func compactFullDisk(t *testing.T, compact func(ctx context.Context, dir string) error) {
	mnt := tmpfs.Mount(t, "16m")
	dir := filepath.Join(mnt, "index")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Build(t.Context(), "../testdata/corpus-small", BuildOptions{BatchSize: 4, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	// The segments the index uses (files of merged ones may linger).
	live := func(ix *Index) int {
		adv, err := ix.b.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		return len(r.(*scorch.IndexSnapshot).Segments())
	}
	// bleve may have merged the batches already: one more commit makes a
	// second segment.
	for i := 0; live(ix) < 2 && i < 5; i++ {
		if err := ix.Add(t.Context(), article.Article{ID: fmt.Sprintf("extra-%d", i), Title: "العراق", Body: "مقال إضافي عن العراق وسوريا"}); err != nil {
			t.Fatal(err)
		}
	}
	want := ids(doSearch(t, ix, lookup{Query: "العراق سوريا", Limit: 50}))
	total, _ := ix.Count()
	ix.Close()
	// A writer's open deletes the files of merged segments, which would
	// free space after the disk is filled: open one first. Its merger may
	// merge what is left into one segment before it closes (seen on an
	// idle machine): then one more article makes a second, and again.
	// The files on disk must be those of the live segments only: a file
	// left by a merge would be deleted by Compact's own open and free the
	// space it needs (a successful Compact, seen once in 20 runs).
	segments := 0
	for try := 0; (segments < 2 || SegmentFiles(dir) != segments) && try < 10; try++ {
		w, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if try > 0 {
			extra := article.Article{ID: fmt.Sprintf("again-%d", try), Title: "العراق", Body: "مقال آخر عن العراق وسوريا"}
			if err := w.Add(t.Context(), extra); err != nil {
				t.Fatal(err)
			}
			total++
		}
		w.Close()
		// As the index is on disk now (a read-only open merges nothing).
		ro, err := Open(dir, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		segments = live(ro)
		if try > 0 {
			want = ids(doSearch(t, ro, lookup{Query: "العراق سوريا", Limit: 50}))
		}
		ro.Close()
	}
	if segments < 2 || SegmentFiles(dir) != segments {
		t.Fatalf("the build left %d segments in %d files; the test needs several, and no other file", segments, SegmentFiles(dir))
	}
	fill(t, mnt, 32<<10)

	// The deadline only turns a hang into a failure.
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	err = compact(ctx, dir)
	if err == nil || !strings.Contains(err.Error(), "merged segment") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Compact on a full disk = %v; want a one-line error, at once", err)
	}
	t.Logf("Compact: %v", err)
	os.Remove(filepath.Join(mnt, "filler"))
	ix, err = Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("after a failed Compact the index does not open: %v", err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != total {
		t.Errorf("after a failed Compact the index holds %d articles, want %d", n, total)
	}
	if got := ids(doSearch(t, ix, lookup{Query: "العراق سوريا", Limit: 50})); !slices.Equal(got, want) {
		t.Errorf("after a failed Compact the hits are %q, want %q", got, want)
	}
}
