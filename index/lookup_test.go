package index

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The index's own tests cannot import the search package (it imports this
// one), so those that need to find the articles they stored look them up
// with bleve's match query over the stemmed title and body: the words of
// Query, any of them, analyzed as the index analyzes those fields.

// lookup is what a storage test asks of the index.
type lookup struct {
	Query      string
	Limit      int      // hits to return; 0 means 10
	Categories []string // keep only these categories
	Facets     bool     // also count the hits by source and category
}

// find runs l on ix, best hits first (ties by id), scored with the
// index's statistics (WithStats) as every search is, so that two runs over
// the same articles agree however they are segmented.
func find(ctx context.Context, ix *Index, l lookup) (*bleve.SearchResult, error) {
	var fields []query.Query
	for _, f := range []string{FieldTitle, FieldBody} {
		m := query.NewMatchQuery(l.Query)
		m.SetField(f)
		fields = append(fields, m)
	}
	var q query.Query = query.NewDisjunctionQuery(fields)
	if len(l.Categories) > 0 {
		var cats []query.Query
		for _, c := range l.Categories {
			tq := query.NewTermQuery(c)
			tq.SetField(FieldCategory)
			cats = append(cats, tq)
		}
		q = query.NewConjunctionQuery([]query.Query{q, query.NewDisjunctionQuery(cats)})
	}
	limit := l.Limit
	if limit == 0 {
		limit = 10
	}
	sr := bleve.NewSearchRequestOptions(q, limit, 0, false)
	sr.SortBy([]string{"-_score", "_id"})
	if l.Facets {
		sr.AddFacet(FieldSource, bleve.NewFacetRequest(FieldSource, 10))
		sr.AddFacet(FieldCategory, bleve.NewFacetRequest(FieldCategory, 10))
	}
	return ix.b.SearchInContext(ix.WithStats(ctx, 1), sr)
}

// doSearch is find, failing the test on an error.
func doSearch(t *testing.T, ix *Index, l lookup) *bleve.SearchResult {
	t.Helper()
	res, err := find(t.Context(), ix, l)
	if err != nil {
		t.Fatalf("find(%q): %v", l.Query, err)
	}
	return res
}

// ids are the ids of res's hits, in order.
func ids(res *bleve.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}
