package eval

import (
	"context"
	"errors"
	"fmt"

	"github.com/arsearch/arsearch/index"
)

// Searcher is what Search needs of an index.
type Searcher interface {
	Search(ctx context.Context, req index.Request) (*index.Result, error)
}

// Search runs every query through s exactly as arsearch query does, and
// returns the top k hits of each as a run, ranked by r (nil: the index's
// default ranking). A query that is not valid in the
// query language (a stray quote in a question) is run again as plain
// words (index.PlainQuery); one with no searchable word gets no hits.
func Search(ctx context.Context, s Searcher, queries []Query, k int, r *index.Ranking) (Run, error) {
	run := make(Run, len(queries))
	for _, q := range queries {
		res, err := s.Search(ctx, index.Request{Query: q.Text, Limit: k, NoSnippets: true, Ranking: r})
		if errors.Is(err, index.ErrQuery) {
			res, err = s.Search(ctx, index.Request{Query: index.PlainQuery(q.Text), Limit: k, NoSnippets: true, Ranking: r})
		}
		if errors.Is(err, index.ErrQuery) {
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
