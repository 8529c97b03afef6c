package search

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/arsearch/arsearch/article"
	arindex "github.com/arsearch/arsearch/index"
)

// fuzzIndex is a small in-memory index shared by the runs of a fuzz worker.
var fuzzIndex = sync.OnceValues(func() (*arindex.Index, error) {
	ix, err := arindex.NewMemory()
	if err != nil {
		return nil, err
	}
	err = ix.Add(context.Background(),
		article.Article{ID: "iraq", Title: "تطوير العلاقات.. محور اتصال سوري- عراقي", Source: "عنب بلدي", Category: "politics",
			Body: "تركزت مناقشات الرئيس السوري، بشار الأسد، مع وزير الخارجية العراقي على تطوير العلاقات بين البلدين.\nقال: \"نعمل معًا\"."},
		article.Article{ID: "tunis", Title: "مهرجان قرطاج الدولي", Source: "الجريدة", Category: "culture",
			Body: "انطلقت في تونس الدورة الجديدة من مهرجان قرطاج، وشارك فيها فنانون من العراق وسوريا والمغرب."},
		article.Article{ID: "vowels", Title: "الكِتَابُ الجَدِيدُ", Body: "صدر الكتاب في ٢٠١٧ عن دار النشر، والكُتّاب حاضرون."},
	)
	return ix, err
})

// FuzzParseQuery: any string is a query or a one-line error wrapping
// ErrQuery, never a panic. A parsed query renders (String) to text that
// parses to the same clauses, and searching with it succeeds, with marks
// inside their snippets and on rune boundaries.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"العراق سوريا", `"وزير الخارجية"`, "+دمشق -بغداد", "title:الانتخابات", `source:"عنب بلدي"`,
		"في من على", "؟!...", `"العراق`, "author:x", "title:", "قال: نعم", "+ - +-", `""`, `title:""`,
		"TITLE:تونس", "\x00\x01\x1b[2J", "العراق\x00سوريا", "\xff\xfe", "٢٠١٧", "الكِتَابُ", "ﺍﻟﻌﺮﺍﻕ",
		`ab"cd"ef`, "++x --y", "title:title:x", strings.Repeat("سوريا ", 700), "\u200f\u200eالعراق\u00a0تونس",
		`"` + strings.Repeat("سوريا ", 300), strings.Repeat("x", 1000) + ":y",
		"العراق AND سوريا", "NOT العراق", "(العراق OR سوريا) AND NOT تونس", "title:(a b) -(c d)", "((", "))",
		"a AND", "OR b", "NOT NOT a", "-(-a)", "x (-a)", "(+a +b)", "AND(", `NOT"x"`, "\u200ftitle:x",
		strings.Repeat("(", 20) + "a" + strings.Repeat(")", 20), "(في من)", "(، ؟) تونس",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clauses, err := ParseQuery(s)
		if err != nil {
			checkQueryError(t, "ParseQuery", s, err)
		} else {
			checkClauses(t, s, clauses)
		}
		ix, ierr := fuzzIndex()
		if ierr != nil {
			t.Fatal(ierr)
		}
		res, err := Run(context.Background(), ix, Request{Query: s, Limit: 5, Facets: true, Snippets: 2})
		if err != nil {
			checkQueryError(t, "Search", s, err)
			return
		}
		for _, h := range res.Hits {
			checkSnippet(t, s, h.Title)
			for _, sn := range h.Snippets {
				checkSnippet(t, s, sn)
			}
		}
		if _, err := Article(context.Background(), ix, "iraq", s); err != nil {
			checkQueryError(t, "Article", s, err)
		}
	})
}

func checkQueryError(t *testing.T, what, s string, err error) {
	t.Helper()
	msg := err.Error()
	if !errors.Is(err, ErrQuery) {
		t.Fatalf("%s(%q): error %q does not wrap ErrQuery", what, s, msg)
	}
	if strings.ContainsAny(msg, "\n\r") || !utf8.ValidString(msg) || len(msg) > 300 {
		t.Fatalf("%s(%q): error %q is not one short line of text", what, s, msg)
	}
}

func checkClauses(t *testing.T, s string, clauses []Clause) {
	t.Helper()
	if len(clauses) == 0 {
		t.Fatalf("ParseQuery(%q) = no clauses and no error", s)
	}
	checkGroup(t, s, clauses, 0)
	again, err := ParseQuery(String(clauses))
	if err != nil || !reflect.DeepEqual(again, clauses) {
		t.Fatalf("ParseQuery(%q) = %+v, rendered %q, which parses to %+v, %v", s, clauses, String(clauses), again, err)
	}
}

// checkGroup checks that every clause is a word, a phrase or a group of
// at least two clauses (one is simplified away unless it is excluded),
// within MaxQueryDepth.
func checkGroup(t *testing.T, s string, clauses []Clause, depth int) {
	t.Helper()
	if depth > MaxQueryDepth {
		t.Fatalf("ParseQuery(%q): groups nested %d deep", s, depth)
	}
	for _, c := range clauses {
		if c.Group != nil {
			if (len(c.Group) < 2 && (len(c.Group) == 0 || c.Group[0].Occur != MustNot)) || c.Text != "" || c.Field != "" || c.Phrase {
				t.Fatalf("ParseQuery(%q): bad group %+v", s, c)
			}
			checkGroup(t, s, c.Group, depth+1)
			continue
		}
		if c.Text == "" || !utf8.ValidString(c.Text) || (c.Field != "" && !queryFields[c.Field]) {
			t.Fatalf("ParseQuery(%q): bad clause %+v", s, c)
		}
	}
}

func checkSnippet(t *testing.T, s string, sn Snippet) {
	t.Helper()
	at := 0
	for _, m := range sn.Marks {
		if m.Start < at || m.End <= m.Start || m.End > len(sn.Text) ||
			!utf8.RuneStart(sn.Text[m.Start]) || (m.End < len(sn.Text) && !utf8.RuneStart(sn.Text[m.End])) {
			t.Fatalf("query %q: mark %v of %q is out of order, out of range or splits a character (marks %v)", s, m, sn.Text, sn.Marks)
		}
		at = m.End
	}
}
