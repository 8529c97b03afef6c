package search

import (
	"context"

	arindex "github.com/arsearch/arsearch/index"
)

// Engine searches one index: Run, Article and Suggest of this package as
// methods, for callers that take a searcher as an interface (web.Searcher,
// eval.Searcher) and so can also be handed a remote server's client.
type Engine struct {
	Index *arindex.Index
}

// Search runs req on the index (see Run).
func (e Engine) Search(ctx context.Context, req Request) (*Result, error) {
	return Run(ctx, e.Index, req)
}

// Article returns one article with the words of q marked (see Article).
func (e Engine) Article(ctx context.Context, id, q string) (*Document, error) {
	return Article(ctx, e.Index, id, q)
}

// Suggest completes what was typed (see Suggest).
func (e Engine) Suggest(ctx context.Context, typed string, n int) (*Suggestions, error) {
	return Suggest(ctx, e.Index, typed, n)
}
