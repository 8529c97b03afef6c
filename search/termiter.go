package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
)

// termIter reads one term's postings in one field and scores each as
// bleve's term searcher does with BM25 (search/scorer/scorer_term.go), but
// without handing a pooled DocumentMatch up and back for every posting:
// the words searcher reads the score and document straight from here.
// newTermIter returns nil where bleve would score otherwise (no BM25, no
// statistics in the context); the words searcher then uses bleve's own
// term searcher. TestWordsQueryScoresAsNestedQueries compares the two.
type termIter struct {
	reader index.TermFieldReader
	tfd    index.TermFieldDoc
	boost  float64
	idf    float64
	avg    float64 // average field length, as bleve's bm25ScoreMetrics computes it
	weight float64 // boost·idf·query norm, once the norm is set
	norm   float64 // the query norm
	// idfw is the idf that the query weight counts a second time:
	// idf^(power-1) for Ranking.IDFPower (bleve's BM25: idf).
	idfw  float64
	rawTF bool    // Ranking.RawTF: the term's count as it is, not its square root
	k1    float64 // BM25's saturation: Ranking.K1, or bleve's
}

// termScoring is how the words searcher's term iterators depart from
// bleve's BM25 (Ranking.IDFPower, IDFGrowth, RawTF and K1).
type termScoring struct {
	idfPower  float64 // 0 means 2, bleve's
	idfGrowth float64 // Ranking.IDFGrowth
	rawTF     bool
	k1        float64 // 0 means bleve's BM25_k1
}

// growIDFFrom is the number of words from which Ranking.IDFGrowth raises
// the idf's power.
const growIDFFrom = 8

// forWords is ts for a query of n words: its idf power raised by
// idfGrowth times log2(n/growIDFFrom) where n is above growIDFFrom.
func (ts termScoring) forWords(n int) termScoring {
	if ts.idfGrowth <= 0 || n <= growIDFFrom {
		return ts
	}
	p := ts.idfPower
	if p == 0 {
		p = 2
	}
	ts.idfPower = p + ts.idfGrowth*math.Log2(float64(n)/growIDFFrom)
	return ts
}

// newTermIter prepares tq for direct reading, or returns nil.
func newTermIter(ctx context.Context, r index.IndexReader, tq *query.TermQuery,
	options search.SearcherOptions, ts termScoring) (*termIter, error) {
	if options.Score == "none" || options.Explain || options.IncludeTermVectors {
		return nil, nil
	}
	model, _ := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn)
	if model == nil || model() != index.BM25Scoring {
		return nil, nil
	}
	if _, synonyms := ctx.Value(search.FieldTermSynonymMapKey).(search.FieldTermSynonymMap); synonyms {
		return nil, nil
	}
	stats, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats)
	if !ok {
		return nil, nil
	}
	card, ok := stats.FieldCardinality[tq.Field()]
	count := uint64(stats.DocCount)
	if !ok || count == 0 || card == 0 {
		return nil, nil
	}
	if err := search.RecordTermSearcher(ctx); err != nil {
		return nil, err
	}
	reader, err := r.TermFieldReader(ctx, []byte(tq.Term), tq.Field(), true, true, false)
	if err != nil {
		return nil, err
	}
	df := reader.Count()
	idf := math.Log(1 + (float64(count)-float64(df)+0.5)/(float64(df)+0.5))
	t := &termIter{
		reader: reader,
		boost:  tq.Boost(),
		idf:    idf,
		avg:    math.Ceil(float64(card) / float64(count)),
		weight: 1,
		norm:   1,
		idfw:   idf,
		rawTF:  ts.rawTF,
		k1:     ts.k1,
	}
	if t.k1 == 0 {
		t.k1 = search.BM25_k1
	}
	if p := ts.idfPower; p != 0 && p != 2 {
		t.idfw = math.Pow(idf, p-1)
	}
	return t, nil
}

// score is bleve's BM25 term score of the current posting.
func (t *termIter) score() float64 {
	tf := t.normalizedTF()
	score := t.idf * (tf * t.k1) / (tf + t.k1)
	if t.weight != 1.0 {
		score *= t.weight
	}
	return score
}

// normalizedTF is the current posting's term frequency as bleve's BM25
// counts it (the square root of the count), divided by BM25's length
// normalization 1 - b + b·length/average. The BM25 score saturates it:
// idf·k1·tf/(tf + k1), which is bleve's formula rearranged.
func (t *termIter) normalizedTF() float64 {
	var tf float64
	if t.rawTF {
		tf = float64(t.tfd.Freq)
	} else if t.tfd.Freq < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(t.tfd.Freq)]
	} else {
		tf = math.Sqrt(float64(t.tfd.Freq))
	}
	fieldLength := 1 / (t.tfd.Norm * t.tfd.Norm)
	return tf / (1 - search.BM25_b + (search.BM25_b * fieldLength / t.avg))
}

// Weight is what bleve's term searcher weighs: (boost·idf)².
func (t *termIter) Weight() float64 {
	w := t.boost * t.idf
	return w * w
}

// SetQueryNorm sets the query weight as bleve's term scorer does.
func (t *termIter) SetQueryNorm(norm float64) {
	t.weight = t.boost * t.idfw * norm
	t.norm = norm
}
