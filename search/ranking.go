package search

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/arsearch/arsearch/analyzer"
	arindex "github.com/arsearch/arsearch/index"
)

// Ranking holds the weights that turn parsed clauses into a bleve query.
type Ranking struct {
	TitleBoost     float64 // a match in the title counts this many times a body match
	ExactBoost     float64 // extra weight of a match on the exact (unstemmed) view of the body (or of the field asked for)
	ProximityBoost float64 // weight of adjacent query words found side by side; 0 turns it off
	RelatedBoost   float64 // weight of related forms (nisba: عراق ~ عراقي); 0 turns it off
	// LengthScale multiplies the average field length that BM25 compares
	// each document's length with: above 1, long articles are penalized
	// less. With bleve's fixed k1 = 1.2 and b = 0.75 it acts as lower k1
	// and b would (scale 2 is k1 0.75, b 0.6), without changing bleve's
	// process-wide globals. 0 means 1.
	LengthScale float64
	// FieldedBM25 scores a word found in the title and the body as one
	// BM25F term: the fields' normalized frequencies, the title's times
	// TitleBoost, are added before BM25 saturates them, instead of adding
	// two saturated scores.
	FieldedBM25 bool
	// FieldCoord scales the sum of a word's field scores (title and
	// body) by the share of those fields that matched, as a bleve
	// disjunction does, instead of adding them: a word found in the title
	// and the body then counts twice what the body alone gives, and one
	// found in the title alone half its title score. It was the default
	// until the lead-sentence collections showed what it costs
	// (BENCHMARKS.md section 3.3).
	FieldCoord bool
	// NoCoord leaves out the query-level coord (a document's score scaled
	// by the share of the query's words it matches): the score is the
	// plain sum of its words' scores, as in Lucene's BM25.
	NoCoord bool
	// PassageWeight scales the best window of a hit's title and body
	// scored with the query's words (passageScorer), found again in the
	// stored text of the first passageDepth hits: a hit's score is
	// multiplied by 1 + PassageWeight times the window's score. 0 turns
	// it off.
	PassageWeight float64
	// PassageWindow is that window's length in words (stop words
	// included); 0 means 40.
	PassageWindow float64
	// BigramWeight adds term dependence to passage evidence, as the
	// sequential dependence model does (bigram.go): the query's ordered
	// pairs of neighbouring stems, found with the second at most
	// BigramGap words after the first, count in the window beside the
	// single stems. A pair whose first stem is in the window adds
	// BigramWeight times its weight (the sum of its stems' idfs) times
	// its saturated count to the window's score, over the same sum of
	// the stems' idfs. 0 turns it off; it counts only where
	// PassageWeight does not turn passage evidence off.
	BigramWeight float64
	// BigramTextWeight counts the same pairs over the whole title and
	// body of those hits instead: a hit's score is multiplied by 1 +
	// BigramTextWeight times the pairs' score (bigramScore) too. 0 turns
	// it off; it lost on the dev collections (BENCHMARKS.md 3.3).
	BigramTextWeight float64
	// BigramGap is how far the second stem of a pair may stand after
	// the first, in words (1: side by side); 0 means defaultBigramGap.
	BigramGap float64
	// FeedbackWeight turns on pseudo-relevance feedback (RM3): a first
	// search's FeedbackDocs best hits give the FeedbackTerms stems most
	// frequent in them (weighted by the hits' scores), which a second
	// search adds to the query's words, an expansion stem weighing
	// FeedbackWeight on average where a query word weighs 1 (feedback.go).
	// 0 turns it off. It lost on the dev collections (BENCHMARKS.md 3.3).
	FeedbackWeight float64
	FeedbackDocs   float64 // hits the relevance model is estimated on; 0 means 5
	FeedbackTerms  float64 // expansion stems; 0 means 10
	// IDFPower is the power of a word's idf in its score. bleve's BM25
	// counts the idf twice (once in the term score, once in the query
	// weight), Robertson's BM25 (Lucene's) once. 0 means 2. It applies to
	// the words read as terms; phrases, prefixes and groups of
	// alternatives keep bleve's scoring.
	IDFPower float64
	// IDFGrowth raises IDFPower for a query of more than 8 words (n, the
	// words with a stem) by IDFGrowth·log2(n/8): the longer the query,
	// the more its rare words count against its common ones. 0 turns it
	// off.
	IDFGrowth float64
	// RawTF saturates a word's count in a field as it is, as Robertson's
	// BM25 does, instead of bleve's square root of it.
	RawTF bool
	// K1 is BM25's saturation of a word's count: the larger, the more a
	// repeated word counts. 0 means bleve's 1.2.
	K1 float64
	// TitleCoverage scales a word's score in the title by how much the
	// title and the query have in common, to this power: the query's
	// words found in the title over the length of the shorter of the two
	// (the overlap coefficient). A headline the query covers, or a
	// query the headline covers, counts in full; a long headline touched
	// by one word of a long query counts little. 0 turns it off.
	TitleCoverage float64
}

// termScoring is the part of r that the words searcher's terms read.
func (r Ranking) termScoring() termScoring {
	return termScoring{idfPower: r.IDFPower, idfGrowth: r.IDFGrowth, rawTF: r.RawTF, k1: r.K1}
}

// DefaultRanking is what arsearch query, serve and eval use. Its weights
// are judged by the protocol of BENCHMARKS.md section 3: seven dev
// collections (questions, headlines and lead sentences, over encyclopedia
// paragraphs and two news corpora), each change kept only if it wins on
// most of them and loses more than 0.005 on none. A word scores the sum of
// its BM25 scores in the title and the body, plus its exact form's score
// in the body at the body's weight; the query's words are combined with
// coord. A title weighs three times the body, scaled by its overlap with
// the query (TitleCoverage 1: the query's words in the title over the
// length of the shorter of the two): a headline that holds the query, or
// that the query holds, counts in full, a twelve-word headline that a
// question touches with one word counts a little; every
// leave-one-collection-out fit chose both, and the overlap is what lets a
// heavy title serve the questions over encyclopedia paragraphs among news
// as well as the lead sentences. BM25
// compares lengths with 0.75 of the average, which every fit chose. A
// word's idf counts to the power 1.5 in a query of up to 8 words, between
// Robertson's BM25 (1) and bleve's (2), and the power grows by 1 each time
// the query's length doubles beyond (2.5 at 16 words, 3.5 at 32): in a
// long query such as a pasted sentence, the rare words that name its
// subject count more against the many common ones; every fit chose a
// growth of 1 or more. The first page of hits is then reordered by the
// best window of 10 words of each hit's title and body (PassageWeight
// 0.4, PassageWindow 10), which every fit chose too; in that window the
// query's ordered pairs of neighbouring stems count beside its single
// stems (BigramWeight 1, gap 2). Proximity as a phrase bonus over the
// whole text, the pairs over the whole text, BM25F, Robertson's raw term
// counts and coord weighed by idf lost on the collections. There is no
// rule for a class of queries: the question rule that was here helped
// only the collection it was designed on.
var DefaultRanking = Ranking{TitleBoost: 3, ExactBoost: 1, ProximityBoost: 0, RelatedBoost: 0.5,
	LengthScale: 0.75, PassageWeight: 0.4, PassageWindow: 10, BigramWeight: 1,
	IDFPower: 1.5, IDFGrowth: 1, TitleCoverage: 1}

// exactAnalyzer tells stop words (which the exact view keeps) from
// punctuation (which nothing keeps).
var exactAnalyzer = analyzer.New(analyzer.WithStemming(false), analyzer.WithStopWords(false))

// buildQuery turns clauses into one bleve query. It also returns the
// marker of the query's words, for highlights.
func buildQuery(clauses []Clause, r Ranking) (query.Query, marker, error) {
	var must, mustNot []query.Query
	var should []word
	var allFilters, anyFilters []query.Query // source: and category: clauses: required, or alternatives
	var bonus [][]query.Query                // related forms and proximity: add to a score, never match alone
	var stems []string
	var phrases [][]string // normalized words of phrases, and stop words alone
	type stopWords struct {
		c     Clause
		terms []string
	}
	var stopOnly []stopWords // plain words that are all stop words
	var plain []string       // plain should words in order, for proximity
	add := func(c Clause, w word) {
		switch c.Occur {
		case Must:
			must = append(must, mustQuery(w, r))
		case MustNot:
			mustNot = append(mustNot, w.query())
		default:
			should = append(should, w)
		}
	}
	for _, c := range clauses {
		if isFilter(c) {
			fq, err := filterClauseQuery(c, r)
			if err != nil {
				return nil, marker{}, err
			}
			switch c.Occur {
			case MustNot:
				mustNot = append(mustNot, fq)
			case Must:
				allFilters = append(allFilters, fq)
			default:
				anyFilters = append(anyFilters, fq)
			}
			continue
		}
		switch {
		case c.Group != nil:
			q, ts, ps, err := groupQuery(c, r)
			if err != nil {
				return nil, marker{}, err
			}
			stems, phrases = append(stems, ts...), append(phrases, ps...)
			add(c, word{match: []query.Query{q}})
		case c.Phrase:
			ts := exactAnalyzer.Terms(c.Text)
			if len(ts) == 0 {
				continue
			}
			if c.Occur != MustNot {
				phrases = append(phrases, ts)
			}
			add(c, word{match: []query.Query{phraseQuery(strings.Join(ts, " "), c.Field, r, 1)}})
		default:
			ts, ex := queryAnalyzer.Terms(c.Text), exactAnalyzer.Terms(c.Text)
			if len(ts) == 0 {
				// Only stop words (the exact view keeps them) or punctuation.
				switch {
				case len(ex) == 0:
				case c.Occur == Should:
					stopOnly = append(stopOnly, stopWords{c, ex})
				default:
					add(c, wordQuery(nil, ex, c.Field, r))
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
			add(c, wordQuery(ts, ex, c.Field, r))
			if len(related) > 0 {
				bonus = append(bonus, relatedQuery(related, c.Field, r))
			}
			if c.Occur == Should && c.Field == "" {
				plain = append(plain, c.Text)
			}
		}
	}
	// Stop words count only when nothing else is asked for.
	if len(must)+len(should) == 0 {
		for _, sw := range stopOnly {
			for _, t := range sw.terms {
				phrases = append(phrases, []string{t})
			}
			add(sw.c, wordQuery(nil, sw.terms, sw.c.Field, r))
		}
	}
	if r.ProximityBoost > 0 {
		for i := 0; i+1 < len(plain); i++ {
			bonus = append(bonus, []query.Query{phraseQuery(plain[i]+" "+plain[i+1], "", r, r.ProximityBoost)})
		}
	}
	if len(anyFilters) > 0 {
		allFilters = append(allFilters, disjunction(anyFilters))
	}
	if len(must)+len(should) == 0 && len(allFilters) > 0 {
		// Filters and no words: every article they keep.
		return newBool(allFilters, nil, mustNot), newMarker(stems, phrases), nil
	}
	if len(must)+len(should)+len(mustNot) == 0 {
		return nil, marker{}, errNoWords
	}
	q, mk, err := wordsBool(must, should, mustNot, bonus, stems, phrases, r)
	if err != nil || len(allFilters) == 0 {
		return q, mk, err
	}
	// Filters narrow the words' hits without adding to their scores.
	fq := query.NewBooleanQuery([]query.Query{q}, nil, nil)
	fq.AddFilter(conjunction(allFilters))
	return fq, mk, nil
}

// wordsBool combines the query's words (and their bonus clauses) into one
// bleve query.
func wordsBool(must []query.Query, should []word, mustNot []query.Query, bonus [][]query.Query, stems []string, phrases [][]string, r Ranking) (query.Query, marker, error) {
	// bleve scales a disjunction's score by the share of its clauses that
	// match (coord). Among the query's words that is what we want (more
	// words matched rank higher); bonus clauses go apart, summed on top by
	// a boolean query, so that they never dilute the words.
	// With only optional words (the usual query) one wordsQuery does it all.
	if len(must) == 0 && len(should) > 0 {
		must = append(must, &wordsQuery{words: should, extras: bonus, fielded: r.FieldedBM25, fieldCoord: r.FieldCoord, noCoord: r.NoCoord, scoring: r.termScoring(), titleCoverage: r.TitleCoverage})
		return newBool(must, nil, mustNot), newMarker(stems, phrases), nil
	}
	var optional []query.Query
	if len(should) > 0 {
		optional = append(optional, &wordsQuery{words: should, fielded: r.FieldedBM25, fieldCoord: r.FieldCoord, noCoord: r.NoCoord, scoring: r.termScoring(), titleCoverage: r.TitleCoverage})
	}
	if len(must) == 0 {
		must = append(must, query.NewMatchAllQuery())
	}
	if len(bonus) > 0 {
		extras := make([]query.Query, len(bonus))
		for i, qs := range bonus {
			extras[i] = query.NewDisjunctionQuery(qs)
		}
		optional = append(optional, query.NewDisjunctionQuery(extras))
	}
	return newBool(must, optional, mustNot), newMarker(stems, phrases), nil
}

// mustQuery is a word every hit needs, scored as the same word optional
// would be (its fields summed, unless r.FieldCoord), so that +word ranks
// its hits as word does.
func mustQuery(w word, r Ranking) query.Query {
	if len(w.match) == 1 && len(w.bonus) == 0 {
		return w.match[0]
	}
	return &wordsQuery{words: []word{w}, fielded: r.FieldedBM25, fieldCoord: r.FieldCoord, noCoord: r.NoCoord, scoring: r.termScoring(), titleCoverage: r.TitleCoverage}
}

// wordQuery matches text in the stemmed views of the title and body (or of
// the one field asked for), with a match in the exact view of the body (or
// of that field) added on top: exact forms rank above mere stem matches.
// The title's exact view is left out of the bonus unless the title is
// asked for: beside the body's, it halved the bonus of the many articles
// whose title lacks the word (bleve scales a disjunction by the share of
// its clauses that match), and without it a title query runs a quarter
// faster; BENCHMARKS.md has the numbers. stemTerms and exactTerms are the
// word as the stemmed and exact views' analyzers give it; a word of stop
// words only has no stemTerms and matches on the exact views, which alone
// index them.
func wordQuery(stemTerms, exactTerms []string, field string, r Ranking) word {
	var stemmed, exact []query.Query
	exactOnly := len(stemTerms) == 0
	// What bleve's match query would do, with the text analyzed once, not
	// once per field: one term query per term, in a disjunction of at
	// least one.
	m := func(into *[]query.Query, terms []string, f string, boost float64) {
		*into = append(*into, termsQuery(terms, f, boost))
	}
	for _, f := range fieldsFor(field, r) {
		w := f.weight
		if len(stemTerms) > 1 || exactOnly {
			w = r.uncoveredWeight(f)
		}
		if exactOnly {
			m(&exact, exactTerms, f.exact, w)
			continue
		}
		m(&stemmed, stemTerms, f.stemmed, w)
		if r.ExactBoost > 0 && (field != "" || f.stemmed != arindex.FieldTitle) {
			m(&exact, exactTerms, f.exact, r.ExactBoost*w)
		}
	}
	if exactOnly {
		return word{match: exact}
	}
	return word{match: stemmed, bonus: exact}
}

// termsQuery matches any of terms in field. It scores as bleve's match
// query on text that analyzes to terms: a single term is a term query (not
// a disjunction of one, which costs a step per document and scores the
// same), several are a disjunction scaled by the share that matched.
func termsQuery(terms []string, field string, boost float64) query.Query {
	if len(terms) == 0 {
		return query.NewMatchNoneQuery()
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	dq := query.NewDisjunctionQuery(qs)
	dq.SetMin(1)
	return dq
}

// disjunction is a disjunction of qs, or qs[0] alone.
func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// relatedQuery matches related stems in the stemmed views, lightly.
func relatedQuery(stems []string, field string, r Ranking) []query.Query {
	var qs []query.Query
	for _, f := range fieldsFor(field, r) {
		w := r.RelatedBoost * f.weight
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
	for _, f := range fieldsFor(field, r) {
		qs = append(qs, phraseOn(text, f.exact, boost*r.uncoveredWeight(f)))
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

type textField struct {
	stemmed, exact string
	weight         float64
}

// uncoveredWeight is f's weight for what the words searcher cannot scale
// by the title's coverage (Ranking.TitleCoverage): a phrase, or a word of
// several terms, whose match gives no title length. With the coverage, the
// title weighs for them as the body does, as it did before the coverage
// let the title weigh more; without it, as f says.
func (r Ranking) uncoveredWeight(f textField) float64 {
	if r.TitleCoverage > 0 && f.stemmed == arindex.FieldTitle {
		return min(f.weight, 1)
	}
	return f.weight
}

// fieldsFor lists the text fields a clause searches: title and body, or
// the one it names. Unnamed, the title weighs r.TitleBoost and is left out
// when that is 0; named, it weighs 1.
func fieldsFor(field string, r Ranking) []textField {
	switch field {
	case arindex.FieldTitle:
		return []textField{{arindex.FieldTitle, arindex.FieldTitleExact, 1}}
	case arindex.FieldBody:
		return []textField{{arindex.FieldBody, arindex.FieldBodyExact, 1}}
	}
	body := textField{arindex.FieldBody, arindex.FieldBodyExact, 1}
	if r.TitleBoost <= 0 {
		return []textField{body}
	}
	return []textField{{arindex.FieldTitle, arindex.FieldTitleExact, r.TitleBoost}, body}
}

// rankingKnob is one weight of Ranking, by name; a switch reads as 0 or 1.
type rankingKnob struct {
	name   string
	weight func(*Ranking) *float64 // a weight
	on     func(*Ranking) *bool    // or a switch
}

// rankingKnobs names the fields of Ranking for ParseRanking and String, in
// the order String writes them.
var rankingKnobs = []rankingKnob{
	{name: "title", weight: func(r *Ranking) *float64 { return &r.TitleBoost }},
	{name: "exact", weight: func(r *Ranking) *float64 { return &r.ExactBoost }},
	{name: "related", weight: func(r *Ranking) *float64 { return &r.RelatedBoost }},
	{name: "proximity", weight: func(r *Ranking) *float64 { return &r.ProximityBoost }},
	{name: "length", weight: func(r *Ranking) *float64 { return &r.LengthScale }},
	{name: "bm25f", on: func(r *Ranking) *bool { return &r.FieldedBM25 }},
	{name: "fieldcoord", on: func(r *Ranking) *bool { return &r.FieldCoord }},
	{name: "nocoord", on: func(r *Ranking) *bool { return &r.NoCoord }},
	{name: "passage", weight: func(r *Ranking) *float64 { return &r.PassageWeight }},
	{name: "window", weight: func(r *Ranking) *float64 { return &r.PassageWindow }},
	{name: "bigram", weight: func(r *Ranking) *float64 { return &r.BigramWeight }},
	{name: "bigramtext", weight: func(r *Ranking) *float64 { return &r.BigramTextWeight }},
	{name: "gap", weight: func(r *Ranking) *float64 { return &r.BigramGap }},
	{name: "rm3", weight: func(r *Ranking) *float64 { return &r.FeedbackWeight }},
	{name: "fbdocs", weight: func(r *Ranking) *float64 { return &r.FeedbackDocs }},
	{name: "fbterms", weight: func(r *Ranking) *float64 { return &r.FeedbackTerms }},
	{name: "idf", weight: func(r *Ranking) *float64 { return &r.IDFPower }},
	{name: "idfgrowth", weight: func(r *Ranking) *float64 { return &r.IDFGrowth }},
	{name: "rawtf", on: func(r *Ranking) *bool { return &r.RawTF }},
	{name: "k1", weight: func(r *Ranking) *float64 { return &r.K1 }},
	{name: "titlecover", weight: func(r *Ranking) *float64 { return &r.TitleCoverage }},
}

// ParseRanking returns base with the weights that spec sets, a
// comma-separated list of name=value: title, exact, related, proximity,
// length, the switches (0 or 1) bm25f, fieldcoord and nocoord, passage
// and window, bigram, bigramtext and gap, rm3, fbdocs and fbterms, idf and
// idfgrowth, the switch rawtf, k1 and titlecover, the fields of Ranking in
// that order. An empty spec returns base.
func ParseRanking(spec string, base Ranking) (Ranking, error) {
	r := base
	for _, kv := range strings.Split(spec, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		name, val, ok := strings.Cut(kv, "=")
		i := slices.IndexFunc(rankingKnobs, func(k rankingKnob) bool { return k.name == strings.TrimSpace(name) })
		if !ok || i < 0 {
			return base, fmt.Errorf("ranking %q: want name=value with name one of %s", kv, knobNames())
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return base, fmt.Errorf("ranking %q: want a number of 0 or more", kv)
		}
		if k := rankingKnobs[i]; k.on != nil {
			if v != 0 && v != 1 {
				return base, fmt.Errorf("ranking %q: want 0 (off) or 1 (on)", kv)
			}
			*k.on(&r) = v == 1
		} else {
			*k.weight(&r) = v
		}
	}
	return r, nil
}

func knobNames() string {
	names := make([]string, len(rankingKnobs))
	for i, k := range rankingKnobs {
		names[i] = k.name
	}
	return strings.Join(names, ", ")
}

// String writes r as ParseRanking reads it.
func (r Ranking) String() string {
	parts := make([]string, len(rankingKnobs))
	for i, k := range rankingKnobs {
		v := 0.0
		if k.on != nil && *k.on(&r) {
			v = 1
		} else if k.weight != nil {
			v = *k.weight(&r)
		}
		parts[i] = k.name + "=" + strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.Join(parts, ",")
}

// isFilter reports whether c only filters: a source: or category: clause,
// or a group of nothing else. Such clauses narrow the hits and never add
// to a score; several of them side by side are alternatives (source:a
// source:b keeps both sources' articles) unless joined by AND.
func isFilter(c Clause) bool {
	if c.Group != nil {
		for _, g := range c.Group {
			if !isFilter(g) {
				return false
			}
		}
		return len(c.Group) > 0
	}
	return c.Field == arindex.FieldSource || c.Field == arindex.FieldCategory
}

// filterClauseQuery is the query of a filter clause (isFilter).
func filterClauseQuery(c Clause, r Ranking) (query.Query, error) {
	if c.Group != nil {
		q, _, err := buildQuery(c.Group, r)
		return q, err
	}
	tq := query.NewTermQuery(c.Text)
	tq.SetField(c.Field)
	return tq, nil
}
