package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	arindex "github.com/arsearch/arsearch/index"
)

// Defaults of pseudo-relevance feedback (Ranking.FeedbackWeight) when
// Ranking.FeedbackDocs or Ranking.FeedbackTerms is 0.
const (
	defaultFeedbackDocs  = 5
	defaultFeedbackTerms = 10
)

// expansionTerm is a stem that feedback adds to a query, with its weight
// in the relevance model.
type expansionTerm struct {
	stem   string
	weight float64
}

// feedbackTerms estimates a relevance model (RM1) over the first docs
// hits of q (filters included): a stem's weight is the sum over those hits
// of its share of the hit's stemmed title and body times the hit's share
// of their scores. It returns the n stems of most weight, leaving out the
// query's own stems (skip) and stems of one letter, best first.
func feedbackTerms(ctx context.Context, ix *arindex.Index, q query.Query, scale float64, docs, n int, skip map[string]bool) ([]expansionTerm, error) {
	sr := bleve.NewSearchRequestOptions(q, docs, 0, false)
	sr.Fields = []string{arindex.FieldTitle, arindex.FieldBodyText}
	sr.SortBy([]string{"-_score"})
	res, err := ix.Bleve().SearchInContext(ix.WithStats(ctx, scale), sr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search: feedback: %v", arindex.FirstLine(err))
	}
	var total float64
	for _, h := range res.Hits {
		total += h.Score
	}
	if total <= 0 {
		return nil, nil
	}
	weights := map[string]float64{}
	for _, h := range res.Hits {
		title, _ := h.Fields[arindex.FieldTitle].(string)
		body, err := arindex.HitBody(h.Fields)
		if err != nil {
			body = "" // a damaged body gives no terms
		}
		terms := queryAnalyzer.Terms(title + "\n" + body)
		if len(terms) == 0 {
			continue
		}
		w := h.Score / total / float64(len(terms))
		for _, t := range terms {
			if skip[t] || utf8.RuneCountInString(t) < 2 {
				continue
			}
			weights[t] += w
		}
	}
	out := make([]expansionTerm, 0, len(weights))
	for s, w := range weights {
		out = append(out, expansionTerm{s, w})
	}
	slices.SortFunc(out, func(a, b expansionTerm) int {
		if c := cmp.Compare(b.weight, a.weight); c != 0 {
			return c
		}
		return cmp.Compare(a.stem, b.stem)
	})
	return out[:min(n, len(out))], nil
}

// withFeedback returns words (the query's words, without filters) with the
// expansion terms added as optional clauses: each term's stemmed title and
// body scores, summed, times weight·len(terms)·(its share of the terms'
// weights), so that an expansion term weighs weight on average where a
// query word weighs 1. They add to the scores of the words' hits and match
// nothing alone: the hits are those of words.
func withFeedback(words query.Query, terms []expansionTerm, weight float64, r Ranking) query.Query {
	if len(terms) == 0 || weight <= 0 {
		return words
	}
	var sum float64
	for _, t := range terms {
		sum += t.weight
	}
	ws := make([]word, len(terms))
	for i, t := range terms {
		boost := weight * float64(len(terms)) * t.weight / sum
		var qs []query.Query
		for _, f := range fieldsFor("", r) {
			qs = append(qs, termsQuery([]string{t.stem}, f.stemmed, boost*f.weight))
		}
		ws[i] = word{match: qs}
	}
	expansion := &wordsQuery{words: ws, noCoord: true}
	return newBool([]query.Query{words}, []query.Query{expansion}, nil)
}
