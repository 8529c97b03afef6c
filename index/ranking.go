package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/arsearch/arsearch/analyzer"
)

// Ranking holds the weights that turn parsed clauses into a bleve query.
type Ranking struct {
	TitleBoost     float64 // a match in the title counts this many times a body match
	ExactBoost     float64 // extra weight of a match on the exact (unstemmed) view
	ProximityBoost float64 // weight of adjacent query words found side by side; 0 turns it off
	RelatedBoost   float64 // weight of related forms (nisba: عراق ~ عراقي); 0 turns it off
}

// DefaultRanking is what arsearch query, serve and eval use.
var DefaultRanking = Ranking{TitleBoost: 2, ExactBoost: 0.5, ProximityBoost: 1, RelatedBoost: 0.3}

// exactAnalyzer tells stop words (which the exact view keeps) from
// punctuation (which nothing keeps).
var exactAnalyzer = analyzer.New(analyzer.WithStemming(false), analyzer.WithStopWords(false))

// buildQuery turns clauses into one bleve query. It also returns the
// marker of the query's words, for highlights.
func buildQuery(clauses []Clause, r Ranking) (query.Query, marker, error) {
	var must, should, mustNot []query.Query
	var stems, exact []string
	var stopOnly []Clause // plain words that are all stop words
	var plain []string    // plain should words in order, for proximity
	add := func(c Clause, q query.Query) {
		switch c.Occur {
		case Must:
			must = append(must, q)
		case MustNot:
			mustNot = append(mustNot, q)
		default:
			should = append(should, q)
		}
	}
	for _, c := range clauses {
		switch {
		case c.Field == FieldSource || c.Field == FieldCategory:
			// A filter, not a scored word: source:x keeps only x's articles.
			tq := query.NewTermQuery(c.Text)
			tq.SetField(c.Field)
			if c.Occur == Should {
				c.Occur = Must
			}
			add(c, tq)
		case c.Phrase:
			ts := exactAnalyzer.Terms(c.Text)
			if len(ts) == 0 {
				continue
			}
			if c.Occur != MustNot {
				exact = append(exact, ts...)
			}
			add(c, phraseQuery(strings.Join(ts, " "), c.Field, r, 1))
		default:
			ts := queryAnalyzer.Terms(c.Text)
			if len(ts) == 0 {
				if len(exactAnalyzer.Terms(c.Text)) > 0 && c.Occur == Should {
					stopOnly = append(stopOnly, c)
				} else if len(exactAnalyzer.Terms(c.Text)) > 0 {
					add(c, wordQuery(c.Text, c.Field, r, true))
				}
				continue
			}
			var related []string
			if r.RelatedBoost > 0 && c.Occur == Should {
				for _, t := range ts {
					related = append(related, analyzer.Related(t)...)
				}
			}
			if c.Occur != MustNot {
				stems = append(stems, ts...)
				stems = append(stems, related...)
			}
			add(c, wordQuery(c.Text, c.Field, r, false))
			if len(related) > 0 {
				// A clause of its own: bleve scales a disjunction by the
				// share of its clauses that match (coord), so related forms
				// inside the word's clause would dilute plain matches.
				should = append(should, query.NewDisjunctionQuery(relatedQuery(related, c.Field, r)))
			}
			if c.Occur == Should && c.Field == "" {
				plain = append(plain, c.Text)
			}
		}
	}
	// Stop words count only when nothing else is asked for.
	if len(must)+len(should) == 0 {
		for _, c := range stopOnly {
			exact = append(exact, exactAnalyzer.Terms(c.Text)...)
			add(c, wordQuery(c.Text, c.Field, r, true))
		}
	}
	if len(must)+len(should)+len(mustNot) == 0 {
		return nil, marker{}, fmt.Errorf("%w: no searchable words", ErrQuery)
	}
	if r.ProximityBoost > 0 {
		for i := 0; i+1 < len(plain); i++ {
			should = append(should, phraseQuery(plain[i]+" "+plain[i+1], "", r, r.ProximityBoost))
		}
	}
	if len(must)+len(should) == 0 {
		must = append(must, query.NewMatchAllQuery())
	}
	return query.NewBooleanQuery(must, should, mustNot), newMarker(stems, exact), nil
}

// wordQuery matches text in the stemmed and exact views of the title and
// body (or of the one field asked for). exactOnly is for stop words, which
// only the exact view indexes.
func wordQuery(text, field string, r Ranking, exactOnly bool) query.Query {
	var qs []query.Query
	m := func(f string, boost float64) {
		mq := query.NewMatchQuery(text)
		mq.SetField(f)
		mq.SetBoost(boost)
		qs = append(qs, mq)
	}
	for _, f := range fieldsFor(field) {
		w := 1.0
		if f.title {
			w = r.TitleBoost
		}
		if !exactOnly {
			m(f.stemmed, w)
		}
		if r.ExactBoost > 0 || exactOnly {
			b := r.ExactBoost * w
			if exactOnly {
				b = w
			}
			m(f.exact, b)
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// relatedQuery matches related stems in the stemmed views, lightly.
func relatedQuery(stems []string, field string, r Ranking) []query.Query {
	var qs []query.Query
	for _, f := range fieldsFor(field) {
		w := r.RelatedBoost
		if f.title {
			w *= r.TitleBoost
		}
		for _, s := range stems {
			tq := query.NewTermQuery(s)
			tq.SetField(f.stemmed)
			tq.SetBoost(w)
			qs = append(qs, tq)
		}
	}
	return qs
}

// phraseQuery matches the words of text in order, on the exact view.
func phraseQuery(text, field string, r Ranking, boost float64) query.Query {
	var qs []query.Query
	for _, f := range fieldsFor(field) {
		pq := query.NewMatchPhraseQuery(text)
		pq.SetField(f.exact)
		w := boost
		if f.title {
			w *= r.TitleBoost
		}
		pq.SetBoost(w)
		qs = append(qs, pq)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

type textField struct {
	stemmed, exact string
	title          bool
}

func fieldsFor(field string) []textField {
	title := textField{FieldTitle, FieldTitleExact, true}
	body := textField{FieldBody, FieldBodyExact, false}
	switch field {
	case FieldTitle:
		return []textField{title}
	case FieldBody:
		return []textField{body}
	}
	return []textField{title, body}
}
