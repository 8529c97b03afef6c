package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// bleve's BM25 takes a field's average length to be its number of distinct
// terms divided by the number of documents (search/searcher/search_term.go,
// bm25ScoreMetrics), which for news bodies is a tiny fraction of their real
// length: every body then looks many times longer than average, and length
// normalization swamps the term weights. bleve reads the statistics from
// the search context when they are there (it puts them there for index
// aliases), so arsearch computes better ones and passes them in.
//
// For each text field the "cardinality" given to bleve is the sum over its
// terms of their document frequency: the number of (document, distinct
// term) pairs, which divided by the document count is the average number
// of distinct terms per document, a close and stable stand-in for the
// average length. The statistics are computed after every Build or Add and
// stored in the index, so opening it costs one read.

// statsKey is the internal key holding the JSON of search.BM25Stats.
var statsKey = []byte("arsearch:bm25-stats-2")

// lengthTwin names, for each stemmed field, the exact field whose
// statistics stand in for it. The two index the same text, so their
// lengths agree but for stop words.
var lengthTwin = map[string]string{FieldTitle: FieldTitleExact, FieldBody: FieldBodyExact}

// computeStats walks the term dictionaries of every field (bleve wants
// statistics for each field a query touches, keywords too).
func (ix *Index) computeStats() (*search.BM25Stats, error) {
	n, err := ix.b.DocCount()
	if err != nil {
		return nil, err
	}
	st := &search.BM25Stats{DocCount: float64(n), FieldCardinality: map[string]int{}}
	fields, err := ix.b.Fields()
	if err != nil {
		return nil, err
	}
	// Some searchers (match-all, doc ids) ask under these names.
	for _, f := range []string{"*", "_id", "_all"} {
		st.FieldCardinality[f] = int(n)
	}
	for _, f := range fields {
		if _, text := storedTwin[f]; text {
			total, err := ix.docTermPairs(f)
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", f, err)
			}
			st.FieldCardinality[f] = total
			continue
		}
		d, err := ix.b.FieldDict(f)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f, err)
		}
		total := 0
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("field %s: %w", f, err)
			}
			if e == nil {
				break
			}
			total += int(e.Count)
		}
		d.Close()
		st.FieldCardinality[f] = total
	}
	for stemmed, exact := range lengthTwin {
		if c, ok := st.FieldCardinality[exact]; ok {
			st.FieldCardinality[stemmed] = c
		}
	}
	return st, nil
}

// docTermPairs is the sum over the terms of field of their document
// frequency, read term by term from each segment's postings. bleve's own
// dictionary walk gets the counts wrong in a field without term vectors:
// zapx's DictionaryIterator reuses one postings list whose one-hit
// encoding (a term in a single document) is never cleared, so after the
// first such term every count reads 1 (27,375 before a merge, 6,927 after,
// on one index). Looking each term's postings up afresh clears it.
func (ix *Index) docTermPairs(field string) (int, error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok { // another kind of index (in memory): its dictionary counts
		return dictTotal(r, field)
	}
	total := 0
	var pl segment.PostingsList
	for _, ss := range snap.Segments() {
		d, err := ss.Segment().Dictionary(field)
		if err != nil {
			return 0, err
		}
		it := d.AutomatonIterator(nil, nil, nil)
		for {
			e, err := it.Next()
			if err != nil {
				return 0, err
			}
			if e == nil {
				break
			}
			if pl, err = d.PostingsList([]byte(e.Term), ss.Deleted(), pl); err != nil {
				return 0, err
			}
			total += int(pl.Count())
		}
	}
	return total, nil
}

// dictTotal sums the document counts of bleve's dictionary of field.
func dictTotal(r index.IndexReader, field string) (int, error) {
	d, err := r.FieldDict(field)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	total := 0
	for {
		e, err := d.Next()
		if err != nil || e == nil {
			return total, err
		}
		total += int(e.Count)
	}
}

// refreshStats recomputes the statistics and stores them, after a write.
// Concurrent callers share runs: a caller returns without computing when a
// refresh that started after its call has finished meanwhile.
func (ix *Index) refreshStats() error {
	want := ix.statsGen.Add(1)
	ix.statsMu.Lock()
	defer ix.statsMu.Unlock()
	if ix.statsDone >= want {
		return nil
	}
	started := ix.statsGen.Load()
	st, err := ix.computeStats()
	if err != nil {
		return fmt.Errorf("index statistics: %w", err)
	}
	raw, _ := json.Marshal(st)
	if err := ix.b.SetInternal(statsKey, raw); err != nil {
		return fmt.Errorf("index statistics: %w", err)
	}
	ix.stats.Store(st)
	ix.statsDone = started
	return nil
}

// statsDelay is how long after a live write (Put, Delete) the statistics
// are computed again, in the background. Computing them walks every term
// dictionary: 250–500 ms on the 10,000 ANT articles, which each small
// write would otherwise wait for.
const statsDelay = time.Second

// estimateStats follows a live write cheaply: the document count becomes
// the index's, and each field's cardinality scales with it (the average
// lengths stay), until the full refresh statsDelay later. On an empty
// index there is nothing to scale from, and the refresh happens at once.
func (ix *Index) estimateStats() error {
	old := ix.stats.Load()
	n, err := ix.b.DocCount()
	if err != nil {
		return err
	}
	if old == nil || old.DocCount <= 0 || n == 0 {
		return ix.refreshStats()
	}
	scale := float64(n) / old.DocCount
	st := &search.BM25Stats{DocCount: float64(n), FieldCardinality: make(map[string]int, len(old.FieldCardinality))}
	for f, c := range old.FieldCardinality {
		st.FieldCardinality[f] = int(float64(c)*scale + 0.5)
	}
	ix.stats.Store(st)
	ix.laterMu.Lock()
	defer ix.laterMu.Unlock()
	if ix.later == nil && !ix.closed {
		ix.later = time.AfterFunc(statsDelay, func() {
			ix.laterMu.Lock()
			ix.later = nil
			closed := ix.closed
			ix.laterMu.Unlock()
			if !closed {
				ix.refreshStats() // an error leaves the estimate, and Open recomputes
			}
		})
	}
	return nil
}

// flushStats runs a pending refresh now; Close calls it, so that the
// stored statistics describe the index it leaves.
func (ix *Index) flushStats() {
	ix.laterMu.Lock()
	pending := ix.later != nil && ix.later.Stop()
	ix.later = nil
	ix.closed = true
	ix.laterMu.Unlock()
	if pending {
		ix.refreshStats()
	}
	// A refresh already running finishes before Close goes on.
	ix.statsMu.Lock()
	ix.statsMu.Unlock()
}

// loadStats reads the stored statistics, computing them when an index has
// none.
func (ix *Index) loadStats() error {
	raw, err := ix.b.GetInternal(statsKey)
	if err != nil {
		return err
	}
	n, err := ix.b.DocCount()
	if err != nil {
		return err
	}
	var st search.BM25Stats
	// Stored statistics count only when they describe the index as it is: a
	// run killed after its last batch but before the refresh leaves them
	// stale.
	if raw != nil && json.Unmarshal(raw, &st) == nil && st.FieldCardinality != nil && uint64(st.DocCount) == n {
		ix.stats.Store(&st)
		return nil
	}
	if !ix.readOnly {
		return ix.refreshStats()
	}
	// A read-only open cannot store them in the index: they go into a file
	// beside it, so that only the first query after a crash pays for them
	// (1.2 s and 851 MB on a 210k-article index), not every one until the
	// next write.
	side := filepath.Join(ix.dir, statsFile)
	if ix.dir != "" {
		if raw, err := os.ReadFile(side); err == nil && json.Unmarshal(raw, &st) == nil && st.FieldCardinality != nil && uint64(st.DocCount) == n {
			ix.stats.Store(&st)
			return nil
		}
	}
	computed, err := ix.computeStats()
	if err != nil {
		return err
	}
	ix.stats.Store(computed)
	if ix.dir != "" {
		raw, _ := json.Marshal(computed)
		writeAtomically(side, raw)
	}
	return nil
}

// statsFile holds the statistics a read-only open computed, when those
// stored in the index were stale (a run killed before it stored them).
// Like checkedFile it is only a record: a writer's statistics in the index
// win whenever they match the index.
const statsFile = "bm25-stats.json"

// WithStats adds the index's BM25 statistics to a search context, with
// every field's average length multiplied by scale (the search package's
// Ranking.LengthScale), so that bleve scores with the statistics of the
// whole index rather than of each segment.
func (ix *Index) WithStats(ctx context.Context, scale float64) context.Context {
	st := ix.stats.Load()
	if st == nil || st.DocCount <= 0 {
		return ctx
	}
	if scale > 0 && scale != 1 {
		scaled := &search.BM25Stats{DocCount: st.DocCount, FieldCardinality: make(map[string]int, len(st.FieldCardinality))}
		for f, c := range st.FieldCardinality {
			scaled.FieldCardinality[f] = int(float64(c) * scale)
		}
		st = scaled
	}
	return context.WithValue(ctx, search.BM25StatsKey, st)
}
