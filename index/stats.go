package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2/search"
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
// lengths agree but for stop words; and the document counts that bleve's
// dictionary reports for a field without term vectors were seen to shrink
// after segments merge (27,375 before, 6,927 after, on one index), while
// those of the exact fields stay put.
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

// withStats adds the BM25 statistics to a search context, with every
// field's average length multiplied by scale (see Ranking.LengthScale).
func (ix *Index) withStats(ctx context.Context, scale float64) context.Context {
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
