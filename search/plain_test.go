package search

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// TestParsePlain: every piece of the query language is a word or
// punctuation in plain mode, and the errors left are the text's own.
func TestParsePlain(t *testing.T) {
	w := func(texts ...string) []Clause {
		var out []Clause
		for _, s := range texts {
			out = append(out, Clause{Text: s})
		}
		return out
	}
	for q, want := range map[string][]Clause{
		`قال "وزير الخارجية" إن`:        w("قال", "وزير", "الخارجية", "إن"),
		`+دمشق -بغداد`:                  w("دمشق", "بغداد"),
		`العراق AND NOT سوريا`:          w("العراق", "and", "not", "سوريا"),
		`(العراق OR سوريا`:              w("العراق", "or", "سوريا"),
		`source:"عنب بلدي" title:تونس`:  w("source", "عنب", "بلدي", "title", "تونس"),
		"\u200f-\u200eالعراق":           w("العراق"),
		`كوفيد-19 "قال: "الاتفاق" مهم)`: w("كوفيد", "19", "قال", "الاتفاق", "مهم"),
	} {
		got, err := ParsePlain(q)
		if err != nil {
			t.Errorf("ParsePlain(%q): %v", q, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParsePlain(%q) = %+v, want %+v", q, got, want)
		}
	}
	for _, q := range []string{"", `" ( ) - +`, "\xff\xfe", string(make([]byte, MaxQueryBytes+1))} {
		if _, err := ParsePlain(q); !errors.Is(err, ErrQuery) {
			t.Errorf("ParsePlain(%.20q): error %v, want an ErrQuery", q, err)
		}
	}
}

// TestPlainSearch runs queries full of the query language's syntax on the
// small corpus in plain mode: each finds exactly what the same words
// typed without syntax find (the same hits, order and scores), while the
// default mode still reads the syntax (a phrase, an exclusion, a filter,
// an error for an unbalanced quote).
func TestPlainSearch(t *testing.T) {
	ix := buildSmall(t)
	scored := func(res *Result) []string {
		var out []string
		for _, h := range res.Hits {
			out = append(out, fmt.Sprintf("%s %.9g", h.ID, h.Score))
		}
		return out
	}
	set := func(q string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids(doSearch(t, ix, Request{Query: q, Limit: 100})) {
			m[id] = true
		}
		return m
	}
	for q, words := range map[string]string{
		`سوريا -العراق`:                     `سوريا العراق`,
		`+العراق +سوريا`:                    `العراق سوريا`,
		`"سوريا العراق"`:                    `سوريا العراق`,
		`العراق source:"Jawhara FM"`:        `العراق source Jawhara FM`,
		`title:تونس (مهرجان`:                `title تونس مهرجان`,
		`"الرئيس السوري" AND NOT السوداني`:  `الرئيس السوري and not السوداني`,
		`قال: "الاتفاق مهم" -- كوفيد-19 +(`: `قال الاتفاق مهم كوفيد 19`,
	} {
		plain := doSearch(t, ix, Request{Query: q, Plain: true, Limit: 100})
		typed := doSearch(t, ix, Request{Query: words, Limit: 100})
		if len(typed.Hits) == 0 {
			t.Fatalf("%s: no hits; the test needs some", words)
		}
		if got, want := scored(plain), scored(typed); !reflect.DeepEqual(got, want) {
			t.Errorf("plain %s: hits %q, want those of %s: %q", q, got, words, want)
		}
	}

	// The default mode is unchanged: the same texts use the syntax.
	iraq, syria := set("العراق"), set("سوريا")
	for id := range set(`سوريا -العراق`) {
		if iraq[id] {
			t.Errorf("default سوريا -العراق found %s, which has العراق", id)
		}
	}
	if got, all := len(set(`"سوريا العراق"`)), len(set(`سوريا العراق`)); got >= all {
		t.Errorf(`default "سوريا العراق" (a phrase) found %d articles, as many as the words (%d)`, got, all)
	}
	jawhara := set(`العراق source:"Jawhara FM"`)
	if len(jawhara) == 0 || len(jawhara) >= len(iraq) {
		t.Errorf(`default العراق source:"Jawhara FM" found %d of العراق's %d articles; want the filter to keep some, not all`, len(jawhara), len(iraq))
	}
	if _, err := Run(t.Context(), ix, Request{Query: `title:تونس (مهرجان`}); !errors.Is(err, ErrQuery) {
		t.Errorf("default title:تونس (مهرجان: error %v, want an ErrQuery (unbalanced parenthesis)", err)
	}
	if len(syria) == 0 {
		t.Fatal("fixture: no article has سوريا")
	}
}
