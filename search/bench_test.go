package search

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/arsearch/arsearch/article"
	arindex "github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/internal/antsample"
)

const (
	benchCorpus  = "../corpus/antcorpus-v1.1.jsonl.gz"
	benchQueries = 50
)

// benchJSONL writes the first n articles of the bundled ANT corpus to a
// plain JSONL file in a temporary directory and returns its path, the
// articles and their title and body bytes.
func benchJSONL(b *testing.B, n int) (string, []article.Article, int64) {
	b.Helper()
	path, arts, size, err := antsample.Write(benchCorpus, b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	return path, arts, size
}

// BenchmarkSearch searches an index of 1,000 ANT articles for the titles
// of 50 of them, as arsearch query does (top 10, snippets) and as arsearch
// eval does (no snippets). An op is the 50 queries; ns/query is per query.
func BenchmarkSearch(b *testing.B) {
	const n = 1000
	path, arts, _ := benchJSONL(b, n)
	ix, err := arindex.Create(filepath.Join(b.TempDir(), "index"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if st, err := ix.Build(b.Context(), path, arindex.BuildOptions{}); err != nil || st.Added != n {
		b.Fatalf("Build: %+v, %v", st, err)
	}
	var titles, want []string
	for i := 0; len(titles) < benchQueries; i += n / benchQueries {
		titles = append(titles, arts[i].Title)
		want = append(want, arts[i].ID)
	}
	// Known items: nearly every title finds its own article in the top 10.
	found := 0
	for i, q := range titles {
		res, err := benchSearch(ix, q, false)
		if err != nil {
			b.Fatal(err)
		}
		if slices.ContainsFunc(res.Hits, func(h Hit) bool { return h.ID == want[i] }) {
			found++
		}
	}
	if found < benchQueries*9/10 {
		b.Fatalf("%d of %d titles found their article in the top 10", found, benchQueries)
	}
	for _, mode := range []struct {
		name       string
		noSnippets bool
	}{{"snippets", false}, {"nosnippets", true}} {
		b.Run(mode.name, func(b *testing.B) {
			b.ReportAllocs()
			iters := 0
			for b.Loop() {
				for _, q := range titles {
					res, err := benchSearch(ix, q, mode.noSnippets)
					if err != nil || len(res.Hits) == 0 {
						b.Fatalf("Search(%q): %v, no hits", q, err)
					}
				}
				iters++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(iters*len(titles)), "ns/query")
		})
	}
}

// benchSearch runs q as arsearch eval does: top 10, again as plain words
// when it is not valid in the query language.
func benchSearch(ix *arindex.Index, q string, noSnippets bool) (*Result, error) {
	ctx := context.Background()
	res, err := Run(ctx, ix, Request{Query: q, Limit: 10, NoSnippets: noSnippets})
	if errors.Is(err, ErrQuery) {
		res, err = Run(ctx, ix, Request{Query: PlainQuery(q), Limit: 10, NoSnippets: noSnippets})
	}
	return res, err
}
