package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// boolQuery is a boolean query whose three parts are single queries. bleve's
// own BooleanQuery wraps its must part in a conjunction and its should and
// must-not parts in disjunctions even when they hold one query each; every
// such layer is one more step for each matching document, and a query has
// one boolean per word. This one hands its parts to bleve's boolean searcher
// as they are. It scores exactly as the wrapped form does: a conjunction or
// disjunction of one clause scores as that clause.
type boolQuery struct {
	must    query.Query // required
	should  query.Query // adds to the score; may be nil
	mustNot query.Query // excludes; may be nil
}

// Searcher implements query.Query.
func (q *boolQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	var parts []search.Searcher
	closeAll := func() {
		for _, s := range parts {
			_ = s.Close()
		}
	}
	build := func(sub query.Query) (search.Searcher, error) {
		if sub == nil {
			return nil, nil
		}
		s, err := sub.Searcher(ctx, i, m, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		if _, none := s.(*searcher.MatchNoneSearcher); none {
			_ = s.Close()
			return nil, nil
		}
		parts = append(parts, s)
		return s, nil
	}
	must, err := build(q.must)
	if err != nil {
		return nil, err
	}
	should, err := build(q.should)
	if err != nil {
		return nil, err
	}
	mustNot, err := build(q.mustNot)
	if err != nil {
		return nil, err
	}
	switch {
	case must == nil:
		closeAll()
		return searcher.NewMatchNoneSearcher(i)
	case should == nil && mustNot == nil:
		return must, nil
	}
	bs, err := searcher.NewBooleanSearcher(ctx, i, must, should, mustNot, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	return bs, nil
}

// newBool is a boolQuery of must (all required), should (optional, scored
// as bleve scores a disjunction) and mustNot. len(must) must be at least 1.
func newBool(must, should, mustNot []query.Query) query.Query {
	q := &boolQuery{must: conjunction(must)}
	if len(should) > 0 {
		q.should = disjunction(should)
	}
	if len(mustNot) > 0 {
		q.mustNot = disjunction(mustNot)
	}
	if q.should == nil && q.mustNot == nil {
		return q.must
	}
	return q
}

// conjunction is a conjunction of qs, or qs[0] alone.
func conjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}
