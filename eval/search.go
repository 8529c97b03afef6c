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

// SearchOptions say how Search runs the queries.
type SearchOptions struct {
	K       int             // hits per query
	Ranking *search.Ranking // nil: the default ranking
	// Plain reads every query as plain words (search.Request.Plain): the
	// way the peers take a test collection's text, with no query
	// language, so that a quote in a lead sentence is not a phrase.
	Plain bool
	Exact bool // no typo corrections (search.Request.Exact)
}

// Search runs every query through s as arsearch query does (with --plain
// and --exact as o says), and returns the top o.K hits of each as a run. A
// query that is not valid in the query language (a stray quote in a
// question) is run again as plain words; one with no searchable word gets
// no hits.
func Search(ctx context.Context, s Searcher, queries []Query, o SearchOptions) (Run, error) {
	run := make(Run, len(queries))
	for _, q := range queries {
		req := search.Request{Query: q.Text, Limit: o.K, NoSnippets: true, Ranking: o.Ranking, Plain: o.Plain, Exact: o.Exact}
		res, err := s.Search(ctx, req)
		if errors.Is(err, search.ErrQuery) && !req.Plain {
			req.Plain = true
			res, err = s.Search(ctx, req)
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
