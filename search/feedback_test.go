package search

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	arindex "github.com/arsearch/arsearch/index"
)

// TestFeedbackTerms reads expansion terms off the first hits of real ANT
// headlines searched in the 2,000-article ANT index: each term is a stem
// of the title or body of one of the first five hits (as the query
// analyzer gives them), none is one of the query's own stems, and they
// come best first.
func TestFeedbackTerms(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	queries := []string{"وزير الخارجية يلتقي نظيره الجزائري", "ارتفاع أسعار الخضر في الأسواق"}
	for _, d := range antArticles(t, 5) {
		queries = append(queries, d.Title)
	}
	for _, text := range queries {
		clauses, err := ParsePlain(text)
		if err != nil {
			t.Fatal(err)
		}
		q, mk, err := buildQuery(clauses, DefaultRanking)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		terms, err := feedbackTerms(t.Context(), ix, q, DefaultRanking.LengthScale, 5, 10, mk.stems)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if len(terms) != 10 {
			t.Fatalf("%s: %d expansion terms, want 10", text, len(terms))
		}
		// The stems of the first five hits, read independently.
		sr := bleve.NewSearchRequestOptions(q, 5, 0, false)
		sr.Fields = []string{arindex.FieldTitle, arindex.FieldBodyText}
		sr.SortBy([]string{"-_score"})
		res, err := ix.Bleve().SearchInContext(ix.WithStats(t.Context(), DefaultRanking.LengthScale), sr)
		if err != nil {
			t.Fatal(err)
		}
		inTop := map[string]bool{}
		for _, h := range res.Hits {
			title, _ := h.Fields[arindex.FieldTitle].(string)
			body, err := arindex.HitBody(h.Fields)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range queryAnalyzer.Terms(title + " " + body) {
				inTop[s] = true
			}
		}
		for i, term := range terms {
			switch {
			case !inTop[term.stem]:
				t.Errorf("%s: expansion term %q is in none of the first five hits", text, term.stem)
			case mk.stems[term.stem]:
				t.Errorf("%s: expansion term %q is a stem of the query", text, term.stem)
			case term.weight <= 0 || i > 0 && term.weight > terms[i-1].weight:
				t.Errorf("%s: term %d %q weighs %v after %v", text, i, term.stem, term.weight, terms[max(i-1, 0)].weight)
			}
		}
	}
}

// TestFeedbackWeight searches real headlines with feedback: at weight 0
// the hits and scores are the default ranking's exactly, however many
// documents and terms are asked for; at weight 0.5 the same articles
// match (expansion terms only add to the words' hits) and the scores move.
func TestFeedbackWeight(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	off := DefaultRanking
	off.FeedbackDocs, off.FeedbackTerms = 5, 10
	on := off
	on.FeedbackWeight = 0.5
	run := func(q string, r Ranking) *Result {
		res, err := Run(t.Context(), ix, Request{Query: q, Plain: true, Limit: 20, NoSnippets: true, Ranking: &r})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return res
	}
	type scored struct {
		id    string
		score float64
	}
	hits := func(res *Result) []scored {
		var out []scored
		for _, h := range res.Hits {
			out = append(out, scored{h.ID, h.Score})
		}
		return out
	}
	moved := 0
	for _, d := range antArticles(t, 8) {
		def, zero, with := run(d.Title, DefaultRanking), run(d.Title, off), run(d.Title, on)
		if !slices.Equal(hits(def), hits(zero)) || def.Total != zero.Total {
			t.Errorf("%s: weight 0 gives %v (%d hits), the default %v (%d)", d.Title, hits(zero), zero.Total, hits(def), def.Total)
		}
		if with.Total != def.Total {
			t.Errorf("%s: feedback matches %d articles, the query alone %d", d.Title, with.Total, def.Total)
		}
		if !slices.Equal(hits(def), hits(with)) {
			moved++
		}
	}
	if moved == 0 {
		t.Error("feedback at weight 0.5 changed no headline's hits or scores")
	}
}
