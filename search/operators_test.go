package search

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
)

// TestOperatorsParse: AND, OR, NOT and parentheses parse into the clauses
// Lucene's classic parser would give; lower-case operators are words.
func TestOperatorsParse(t *testing.T) {
	w := func(o Occur, text string) Clause { return Clause{Occur: o, Text: text} }
	for q, want := range map[string][]Clause{
		"العراق AND سوريا":         {w(Must, "العراق"), w(Must, "سوريا")},
		"العراق OR سوريا":          {w(Should, "العراق"), w(Should, "سوريا")},
		"NOT العراق":               {w(MustNot, "العراق")},
		"سوريا AND NOT العراق":     {w(Must, "سوريا"), w(MustNot, "العراق")},
		"العراق and سوريا":         {w(Should, "العراق"), w(Should, "and"), w(Should, "سوريا")},
		"(العراق سوريا)":           {w(Should, "العراق"), w(Should, "سوريا")},
		"(العراق)":                 {w(Should, "العراق")},
		"title:(العراق سوريا)":     {{Field: "title", Text: "العراق"}, {Field: "title", Text: "سوريا"}},
		"\u200ftitle:العراق":       {{Field: "title", Text: "العراق"}},
		"\u200f-\u200eالعراق تونس": {w(MustNot, "العراق"), w(Should, "تونس")},
		"(العراق OR سوريا) AND تونس": {
			{Occur: Must, Group: []Clause{w(Should, "العراق"), w(Should, "سوريا")}}, w(Must, "تونس")},
		"تونس -(العراق سوريا)": {
			w(Should, "تونس"), {Occur: MustNot, Group: []Clause{w(Should, "العراق"), w(Should, "سوريا")}}},
		`NOT "وزير الخارجية"`: {{Occur: MustNot, Text: "وزير الخارجية", Phrase: true}},
	} {
		got, err := ParseQuery(q)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", q, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", q, got, want)
		}
	}
	for _, q := range []string{"AND العراق", "العراق AND", "العراق OR", "NOT", "العراق AND AND سوريا",
		"العراق OR AND سوريا", "NOT NOT العراق", "(العراق", "العراق)", "((العراق) سوريا", "title:()",
		"((((((((((العراق))))))))))"} {
		_, err := ParseQuery(q)
		if !errors.Is(err, ErrQuery) {
			t.Errorf("ParseQuery(%q): error %v, want an ErrQuery", q, err)
		}
	}
}

// TestOperatorsSearch: the operators select the articles their meaning
// says, checked against sets built from one-word searches.
func TestOperatorsSearch(t *testing.T) {
	ix := buildSmall(t)
	set := func(q string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids(doSearch(t, ix, Request{Query: q, Limit: 100})) {
			m[id] = true
		}
		return m
	}
	everything := set("-zzzzqqq") // everything without a word no article has
	iraq, syria, tunis := set("العراق"), set("سوريا"), set("تونس")
	if len(everything) != 32 || len(iraq) == 0 || len(syria) == 0 || len(tunis) == 0 {
		t.Fatalf("fixture: %d articles, العراق %d, سوريا %d, تونس %d", len(everything), len(iraq), len(syria), len(tunis))
	}
	and := func(a, b map[string]bool) map[string]bool {
		m := map[string]bool{}
		for id := range a {
			if b[id] {
				m[id] = true
			}
		}
		return m
	}
	or := func(a, b map[string]bool) map[string]bool {
		m := map[string]bool{}
		for id := range a {
			m[id] = true
		}
		for id := range b {
			m[id] = true
		}
		return m
	}
	not := func(a map[string]bool) map[string]bool {
		m := map[string]bool{}
		for id := range everything {
			if !a[id] {
				m[id] = true
			}
		}
		return m
	}
	if len(and(iraq, syria)) == 0 || len(and(iraq, syria)) == len(or(iraq, syria)) {
		t.Fatalf("fixture: العراق and سوريا should overlap partly")
	}
	for q, want := range map[string]map[string]bool{
		"العراق AND سوريا":             and(iraq, syria),
		"العراق OR سوريا":              or(iraq, syria),
		"NOT العراق":                   not(iraq),
		"سوريا AND NOT العراق":         and(syria, not(iraq)),
		"(العراق OR تونس) AND سوريا":   and(or(iraq, tunis), syria),
		"سوريا -(العراق OR تونس)":      and(syria, not(or(iraq, tunis))),
		"(العراق AND سوريا) OR تونس":   or(and(iraq, syria), tunis),
		"NOT (العراق OR سوريا)":        not(or(iraq, syria)),
		"title:(العراق OR سوريا) تونس": or(or(set("title:العراق"), set("title:سوريا")), tunis),
	} {
		if got := set(q); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d articles, want %d", q, len(got), len(want))
		}
	}
	// NOT is not searched as a word: the old behaviour found العراق's articles.
	if got := set("NOT العراق"); len(and(got, iraq)) > 0 {
		t.Errorf("NOT العراق finds %d articles with العراق", len(and(got, iraq)))
	}
	// A group's words are marked in the snippets like any word.
	res := doSearch(t, ix, Request{Query: "(العراق OR سوريا) AND تونس", Limit: 3})
	if !slices.Contains(res.Terms, "تونس") || !slices.Contains(res.Terms, "عراق") {
		t.Errorf("terms %q, want the group's words too", res.Terms)
	}
}

// TestMustRanksAsOptional checks that a required word ranks its hits as
// the same word optional does (the fields summed both ways), on the small
// corpus: +word and word find the same articles in the same order, with
// scores in one ratio (only the query norm differs). Related forms are
// off: they add to optional words only.
func TestMustRanksAsOptional(t *testing.T) {
	ix := buildSmall(t)
	r := DefaultRanking
	r.RelatedBoost = 0
	for _, w := range []string{"العراق", "سوريا", "تونس", "وزير"} {
		opt := doSearch(t, ix, Request{Query: w, Limit: 100, Ranking: &r})
		req := doSearch(t, ix, Request{Query: "+" + w, Limit: 100, Ranking: &r})
		if len(opt.Hits) < 2 || len(opt.Hits) != len(req.Hits) {
			t.Fatalf("%s: %d hits optional, %d required; the test needs two or more", w, len(opt.Hits), len(req.Hits))
		}
		ratio := req.Hits[0].Score / opt.Hits[0].Score
		for i := range opt.Hits {
			o, r := opt.Hits[i], req.Hits[i]
			if o.ID != r.ID || math.Abs(r.Score-ratio*o.Score) > 1e-9*r.Score {
				t.Errorf("%s: hit %d is %s (%v) optional, %s (%v) required", w, i, o.ID, o.Score, r.ID, r.Score)
			}
		}
	}
}
