package search

import (
	"bytes"
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	arindex "github.com/arsearch/arsearch/index"
)

// altQuery matches the documents of the query as typed and those of its
// alternative (the other spellings typo tolerance offers beside words the
// index has) and scores a document as the typed query's score plus weight
// times the alternative's. Unlike a disjunction it scales neither by the
// share that matched, so documents without the alternative keep the
// typed query's scores exactly, and its order. The alternative is scored
// with the typed query's norm, so a word of it weighs as a typed word
// would, times weight.
type altQuery struct {
	typed, alt query.Query
	weight     float64
}

// Searcher implements query.Query.
func (q *altQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	typed, err := q.typed.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	alt, err := q.alt.Searcher(ctx, i, m, options)
	if err != nil {
		_ = typed.Close()
		return nil, err
	}
	if matchNone(alt) {
		_ = alt.Close()
		return typed, nil
	}
	if w := typed.Weight(); w > 0 {
		alt.SetQueryNorm(1 / math.Sqrt(w))
	}
	return &altSearcher{subs: [2]search.Searcher{typed, alt}, weights: [2]float64{1, q.weight}}, nil
}

// altSearcher is the searcher of an altQuery: the union of two searchers'
// documents, with the weighted sum of their scores.
type altSearcher struct {
	subs        [2]search.Searcher
	weights     [2]float64
	curr        [2]*search.DocumentMatch // each one's next document not yet returned; nil: done
	initialized bool
}

func (s *altSearcher) init(ctx *search.SearchContext) error {
	for k, sub := range s.subs {
		dm, err := sub.Next(ctx)
		if err != nil {
			return err
		}
		s.curr[k] = dm
	}
	s.initialized = true
	return nil
}

// Next implements search.Searcher.
func (s *altSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	return s.emit(ctx)
}

// emit returns the lowest current document, its score summed over the
// searchers on it, and moves those searchers past it.
func (s *altSearcher) emit(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	low := -1
	for k, dm := range s.curr {
		if dm != nil && (low < 0 || bytes.Compare(dm.IndexInternalID, s.curr[low].IndexInternalID) < 0) {
			low = k
		}
	}
	if low < 0 {
		return nil, nil
	}
	rv := s.curr[low]
	score := 0.0
	for k, dm := range s.curr {
		if dm == nil || !bytes.Equal(dm.IndexInternalID, rv.IndexInternalID) {
			continue
		}
		score += s.weights[k] * dm.Score
		if dm != rv {
			ctx.DocumentMatchPool.Put(dm)
		}
		next, err := s.subs[k].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.curr[k] = next
	}
	rv.Score = score
	return rv, nil
}

// Advance implements search.Searcher.
func (s *altSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	for k, dm := range s.curr {
		if dm == nil || bytes.Compare(dm.IndexInternalID, id) >= 0 {
			continue
		}
		ctx.DocumentMatchPool.Put(dm)
		next, err := s.subs[k].Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.curr[k] = next
	}
	return s.emit(ctx)
}

// Close implements search.Searcher.
func (s *altSearcher) Close() error {
	err := s.subs[0].Close()
	if err2 := s.subs[1].Close(); err == nil {
		err = err2
	}
	return err
}

// Weight implements search.Searcher: the typed query's (the alternative
// takes its norm).
func (s *altSearcher) Weight() float64 { return s.subs[0].Weight() }

// SetQueryNorm implements search.Searcher.
func (s *altSearcher) SetQueryNorm(norm float64) {
	s.subs[0].SetQueryNorm(norm)
	s.subs[1].SetQueryNorm(norm)
}

// Count implements search.Searcher: at most the sum of both.
func (s *altSearcher) Count() uint64 { return s.subs[0].Count() + s.subs[1].Count() }

// Min implements search.Searcher.
func (s *altSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *altSearcher) Size() int { return 64 + s.subs[0].Size() + s.subs[1].Size() }

// DocumentMatchPoolSize implements search.Searcher.
func (s *altSearcher) DocumentMatchPoolSize() int {
	return 2 + s.subs[0].DocumentMatchPoolSize() + s.subs[1].DocumentMatchPoolSize()
}

// matchNone reports whether s is bleve's searcher of nothing.
func matchNone(s search.Searcher) bool {
	_, none := s.(*searcher.MatchNoneSearcher)
	return none
}

// withAlternatives returns q (the query of clauses, marking as mk) with
// alts, the other spellings typo tolerance found for its words, searched
// beside it: an altQuery whose alternative is alts as plain words, kept
// to the articles that clauses' required and excluded parts allow.
func withAlternatives(q query.Query, mk marker, clauses, alts []Clause, r Ranking) (query.Query, marker, error) {
	altQ, altMk, err := buildQuery(alts, r)
	if err != nil {
		return nil, marker{}, err
	}
	var limits []Clause
	for _, c := range clauses {
		if c.Occur != Should || c.Field == arindex.FieldSource || c.Field == arindex.FieldCategory {
			limits = append(limits, c)
		}
	}
	if len(limits) > 0 {
		lq, _, err := buildQuery(limits, r)
		if err != nil {
			return nil, marker{}, err
		}
		bq := query.NewBooleanQuery([]query.Query{altQ}, nil, nil)
		bq.AddFilter(lq)
		altQ = bq
	}
	return &altQuery{typed: q, alt: altQ, weight: altWeight}, mk.merge(altMk), nil
}

// merge is a marker of what m and o mark.
func (m marker) merge(o marker) marker {
	out := marker{stems: map[string]bool{}, single: map[string]bool{}}
	for _, x := range []marker{m, o} {
		for t := range x.stems {
			out.stems[t] = true
		}
		for t := range x.single {
			out.single[t] = true
		}
		out.phrases = append(out.phrases, x.phrases...)
	}
	return out
}
