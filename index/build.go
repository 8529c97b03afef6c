package index

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/arsearch/arsearch/article"
)

// BuildOptions tune Build. The zero value is ready to use.
type BuildOptions struct {
	// Workers is how many batches are prepared and written at once;
	// 0 means one per CPU.
	Workers int
	// BatchSize is how many articles go into one batch (one atomic commit);
	// 0 means DefaultBatchSize.
	BatchSize int
	// Prune deletes indexed articles whose files (or records) are gone.
	Prune bool
	// Read sets the file size limits of the article readers.
	Read article.Options
	// OnError is called with each bad file or record (one line, naming the
	// file), from one goroutine at a time. Nil ignores them.
	OnError func(error)
	// OnProgress is called after each committed batch, from one goroutine
	// at a time. Nil ignores progress.
	OnProgress func(Stats)
}

// DefaultBatchSize is the number of articles per batch. Every batch is
// committed atomically: an interrupted run keeps every finished batch.
const DefaultBatchSize = 1000

// Stats counts what a Build did.
type Stats struct {
	Added     int           `json:"added"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	Deleted   int           `json:"deleted"`   // pruned
	Kept      int           `json:"kept"`      // not pruned: their files failed to read this time
	Gone      int           `json:"gone"`      // files indexed from the folder and not found there now, left indexed (without Prune)
	Failed    int           `json:"failed"`    // bad files and records, duplicate ids
	Converted int           `json:"converted"` // text files read from a legacy encoding
	Bytes     int64         `json:"bytes"`     // title and body bytes of the articles indexed
	Elapsed   time.Duration `json:"-"`         // arsearch index --json writes it as elapsed_ms
}

// Add adds the counts and times of o to s, for runs over several folders.
func (s *Stats) Add(o Stats) {
	s.Added += o.Added
	s.Updated += o.Updated
	s.Unchanged += o.Unchanged
	s.Deleted += o.Deleted
	s.Kept += o.Kept
	s.Gone += o.Gone
	s.Failed += o.Failed
	s.Converted += o.Converted
	s.Bytes += o.Bytes
	s.Elapsed += o.Elapsed
}

// MBPerSecond is the indexing throughput over Bytes and Elapsed.
func (s Stats) MBPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Bytes) / 1e6 / s.Elapsed.Seconds()
}

// source is where an indexed article came from: what incremental runs
// compare against. root is the folder (or file) Build was given and file
// the path below it, origin the file's own path (see identity.go); both
// paths are absolute with symbolic links resolved.
type source struct {
	root, file, origin, hash string
}

// manifest reads the source of every indexed article from doc values, in
// pages sorted by id.
func (ix *Index) manifest(ctx context.Context) (map[string]source, error) {
	out := make(map[string]source)
	var after []string
	const page = 10000
	for {
		sr := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), page, 0, false)
		sr.SortBy([]string{"_id", FieldRoot, FieldFile, FieldOrigin, FieldHash})
		if after != nil {
			sr.SetSearchAfter(after)
		}
		res, err := ix.b.SearchInContext(ctx, sr)
		if err != nil {
			return nil, fmt.Errorf("reading the index: %v", FirstLine(err))
		}
		for _, h := range res.Hits {
			var src source
			if len(h.Sort) == 5 {
				src = source{root: sortValue(h.Sort[1]), file: sortValue(h.Sort[2]),
					origin: sortValue(h.Sort[3]), hash: sortValue(h.Sort[4])}
			}
			out[h.ID] = src
		}
		if len(res.Hits) < page {
			return out, nil
		}
		last := res.Hits[len(res.Hits)-1]
		after = last.Sort
	}
}

// sortValue turns a missing-value marker of a sort key into "".
func sortValue(s string) string {
	if s == search.HighTerm || s == search.LowTerm {
		return ""
	}
	return s
}

type job struct {
	id     string
	src    source
	update bool // the id was indexed before
	art    article.Article
}

// Build indexes the articles of the files under root (see article.Walk)
// and returns what it did. It is incremental: articles whose records have
// not changed since the last Build are skipped, changed ones replaced, and
// with Prune those no longer found under root are deleted (articles that
// came from other folders are left alone); without Prune, Stats.Gone
// counts the files whose articles would be. A record whose id is indexed
// from another file that still exists is refused (reported to OnError,
// naming both files), never replaces it. Parsing, analysis and
// writing run on every core; each batch is committed atomically, so when
// ctx is cancelled the index keeps every finished batch and Build returns
// ctx.Err(). Bad files and records are reported to OnError and counted in
// Failed; they are not errors of Build.
func (ix *Index) Build(ctx context.Context, root string, opts BuildOptions) (Stats, error) {
	if ix.readOnly {
		return Stats{}, ErrReadOnly
	}
	start := time.Now()
	absRoot, err := article.Canonical(root)
	if err != nil {
		return Stats{}, fmt.Errorf("%s: %w", root, dirError(err))
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchSize := opts.BatchSize
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	var (
		mu sync.Mutex // guards st and the callbacks
		st Stats
	)
	// failed holds the files and folders (relative to root) that had a read
	// error this time: prune keeps their unseen articles, since a file that
	// failed to read (truncated, unreadable, a bad line) is not a file that
	// is gone.
	failed := make(map[string]bool)
	report := func(path string, err error) {
		mu.Lock()
		defer mu.Unlock()
		if path != "" {
			failed[relPath(root, path)] = true
		}
		st.Failed++
		if opts.OnError != nil {
			opts.OnError(err)
		}
	}

	known, err := ix.manifest(ctx)
	if err != nil {
		return Stats{}, err
	}
	jobs := make(chan job, workers*batchSize)
	// The first failed write stops every writer and the walk (see
	// writeFailure): after it, bleve's index in memory may hold a segment
	// it has closed.
	walkCtx, stopWalk := context.WithCancel(ctx)
	defer stopWalk()
	var wg sync.WaitGroup
	var fail writeFailure
	for range workers {
		wg.Go(func() {
			if err := ix.writeBatches(jobs, batchSize, &fail, func(n int, bytes int64, updated int) {
				mu.Lock()
				st.Added += n - updated
				st.Updated += updated
				st.Bytes += bytes
				if opts.OnProgress != nil {
					p := st
					p.Elapsed = time.Since(start)
					opts.OnProgress(p)
				}
				mu.Unlock()
			}); err != nil {
				fail.set(err)
				stopWalk()
				drain(jobs)
			}
		})
	}

	var dups article.DupTracker
	seen := make(map[string]bool)
	claims := newClaims(known)
	walkErr := opts.Read.Walk(walkCtx, root, func(it article.Item) error {
		claims.next(it)
		if it.Err != nil {
			report(it.Path, it.Err)
			return nil
		}
		if it.Converted != "" {
			mu.Lock()
			st.Converted++
			mu.Unlock()
		}
		id := claims.reuse(it)
		it.Article.ID = id
		if err := claims.check(id, it); err != nil {
			report("", err)
			return nil
		}
		if err := dups.Add(id, it.Path, it.Line); err != nil {
			report("", err)
			return nil
		}
		seen[id] = true
		src := source{root: absRoot, file: relPath(root, it.Path), origin: it.Origin, hash: it.Hash}
		old, indexed := known[id]
		if indexed && old == src {
			mu.Lock()
			st.Unchanged++
			mu.Unlock()
			return nil
		}
		j := job{id: id, src: src, update: indexed, art: it.Article}
		select {
		case jobs <- j:
			return nil
		case <-walkCtx.Done():
			return walkCtx.Err()
		}
	})
	close(jobs)
	wg.Wait()
	if err := fail.get(); err != nil {
		st.Elapsed = time.Since(start)
		return st, err
	}
	if walkErr != nil {
		// Interrupted: what was written still counts in the statistics.
		if st.Added+st.Updated > 0 {
			ix.refreshStats()
		}
		st.Elapsed = time.Since(start)
		return st, walkErr
	}
	claims.finish()
	if !opts.Prune {
		st.Gone = claims.goneFiles(absRoot, seen)
	}
	if opts.Prune {
		n, kept, err := ix.prune(absRoot, known, seen, failed, batchSize)
		st.Deleted, st.Kept = n, kept
		if err != nil {
			st.Elapsed = time.Since(start)
			return st, err
		}
	}
	if st.Added+st.Updated+st.Deleted > 0 {
		if err := ix.refreshStats(); err != nil {
			return st, err
		}
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

// writeBatches takes jobs until the channel closes, writing a batch every
// batchSize articles, and calls done after each commit. It stops, without
// writing, once fail holds an error.
func (ix *Index) writeBatches(jobs <-chan job, batchSize int, fail *writeFailure, done func(n int, bytes int64, updated int)) error {
	b := ix.b.NewBatch()
	var n, updated int
	var bytes int64
	flush := func() error {
		if n == 0 || fail.get() != nil {
			return nil
		}
		if err := ix.batch(b); err != nil {
			return err
		}
		done(n, bytes, updated)
		b.Reset()
		n, updated, bytes = 0, 0, 0
		return nil
	}
	for j := range jobs {
		if fail.get() != nil {
			drain(jobs)
			return nil
		}
		if j.update {
			updated++
		}
		if err := b.Index(j.id, toDocument(&j.art, j.src)); err != nil {
			return fmt.Errorf("%s: article %q: %w", j.src.file, j.id, err)
		}
		n++
		bytes += int64(len(j.art.Title) + len(j.art.Body))
		if n >= batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// batch commits b, turning a panic inside bleve into an error.
//
// When a batch's segment cannot be written (a full disk), bleve's
// Scorch.Batch has already put the segment into the index in memory, and
// then closes it (bleve v2.6.3 index/scorch/scorch.go, Batch: "if err !=
// nil { if newSegment != nil { _ = newSegment.Close() } }", after
// prepareSegment returned the persister's error). Closing sets the
// segment's term dictionary cache to nil (zapx v17.2.5 segment.go,
// SegmentBase.Close; inverted_text_cache.go, Clear), so a batch written
// at the same time by another worker, which looks up its ids in every
// segment (prepareSegment, DocNumbers), panicked with "assignment to entry
// in nil map" (inverted_text_cache.go:94, insertLOCKED). Build therefore
// stops every writer at the first error, and a writer already inside
// bleve then gets this error instead of the panic.
func (ix *Index) batch(b *bleve.Batch) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("writing the index: bleve failed after an earlier error: %v: %w", r, errAfterFailure)
		}
	}()
	if err := ix.b.Batch(b); err != nil {
		return fmt.Errorf("writing the index: %w", err)
	}
	return nil
}

// errAfterFailure marks an error that follows from an earlier one.
var errAfterFailure = errors.New("a consequence of an earlier error")

// writeFailure keeps the error that stopped a Build's writers: the first
// one, unless that was only a consequence of a later-recorded cause.
type writeFailure struct {
	mu  sync.Mutex
	err error
}

func (f *writeFailure) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil || errors.Is(f.err, errAfterFailure) && !errors.Is(err, errAfterFailure) {
		f.err = err
	}
}

func (f *writeFailure) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func drain(jobs <-chan job) {
	for range jobs {
	}
}

// prune deletes the articles that came from root and were not seen,
// except those of files or folders that failed to read (failed, paths
// relative to root), which it counts as kept.
func (ix *Index) prune(root string, known map[string]source, seen, failed map[string]bool, batchSize int) (deleted, kept int, err error) {
	b := ix.b.NewBatch()
	for id, src := range known {
		if seen[id] || src.root != root {
			continue
		}
		if underFailed(src.file, failed) {
			kept++
			continue
		}
		b.Delete(id)
		deleted++
		if b.Size() >= batchSize {
			if err := ix.b.Batch(b); err != nil {
				return deleted - b.Size(), kept, fmt.Errorf("pruning: %w", err)
			}
			b.Reset()
		}
	}
	if b.Size() > 0 {
		if err := ix.b.Batch(b); err != nil {
			return deleted - b.Size(), kept, fmt.Errorf("pruning: %w", err)
		}
	}
	return deleted, kept, nil
}

// underFailed reports whether file, or a folder above it, is in failed.
func underFailed(file string, failed map[string]bool) bool {
	for p := file; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if failed[p] {
			return true
		}
	}
	return false
}

// IDs returns the ids of every indexed article, sorted.
func (ix *Index) IDs(ctx context.Context) ([]string, error) {
	var ids []string
	var after []string
	for {
		sr := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 10000, 0, false)
		sr.SortBy([]string{"_id"})
		if after != nil {
			sr.SetSearchAfter(after)
		}
		res, err := ix.b.SearchInContext(ctx, sr)
		if err != nil {
			return nil, fmt.Errorf("listing articles: %v", FirstLine(err))
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < 10000 {
			return ids, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// relPath is path relative to root with forward slashes, or path itself
// when that fails.
func relPath(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(path)
	}
	if rel == "." {
		return filepath.Base(path)
	}
	return filepath.ToSlash(rel)
}
