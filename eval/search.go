package eval

import (
	"context"
	"errors"
	"fmt"

	"github.com/arsearch/arsearch/search"
)

// Searcher is what Search needs of an index.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
}

// Search runs every query through s exactly as arsearch query does, and
// returns the top k hits of each as a run, ranked by r (nil: the index's
// default ranking). A query that is not valid in the
// query language (a stray quote in a question) is run again as plain
// words (search.PlainQuery); one with no searchable word gets no hits.
func Search(ctx context.Context, s Searcher, queries []Query, k int, r *search.Ranking) (Run, error) {
	run := make(Run, len(queries))
	for _, q := range queries {
		res, err := s.Search(ctx, search.Request{Query: q.Text, Limit: k, NoSnippets: true, Ranking: r})
		if errors.Is(err, search.ErrQuery) {
			res, err = s.Search(ctx, search.Request{Query: search.PlainQuery(q.Text), Limit: k, NoSnippets: true, Ranking: r})
		}
		if errors.Is(err, search.ErrQuery) {
			run[q.ID] = nil
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.ID, err)
		}
		ranked := make([]Ranked, len(res.Hits))
		for i, h := range res.Hits {
			ranked[i] = Ranked{DocID: h.ID, Score: h.Score}
		}
		run[q.ID] = ranked
	}
	return run, nil
}
