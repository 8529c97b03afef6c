package search

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/arsearch/arsearch/article"
	arindex "github.com/arsearch/arsearch/index"
)

// buildTypos indexes testdata/typos-ant.jsonl: 41 ANT articles (cut to the
// paragraph that matters) chosen for their spellings: one with the typo
// االتونسية beside 24 with التونسية; أبو ظبي in 2, أبوظبي in 3; بنقردان in
// 2, بن قردان in 4; وزارة التربية in 4, the run-together وزارةالتربية in 1.
func buildTypos(t *testing.T) *arindex.Index {
	t.Helper()
	src := filepath.Join(t.TempDir(), "corpus")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/typos-ant.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "typos-ant.jsonl"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := arindex.Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	st, err := ix.Build(t.Context(), src, arindex.BuildOptions{})
	if err != nil || st.Added != 41 {
		t.Fatalf("Build: %v, %d added, want 41", err, st.Added)
	}
	return ix
}

// also returns the Also corrections of res.
func also(res *Result) []Correction {
	var out []Correction
	for _, c := range res.Corrections {
		if c.Also {
			out = append(out, c)
		}
	}
	return out
}

// allIDs is every hit of req, in order.
func allIDs(t *testing.T, ix *arindex.Index, req Request) []string {
	t.Helper()
	req.Limit, req.NoSnippets = 100, true
	return ids(doSearch(t, ix, req))
}

// TestJoinedAlso: two words the index has more often as one word are
// searched as typed and as that word; the articles with the words as typed
// come first, then those with the joined word alone; Exact searches only
// the words typed.
func TestJoinedAlso(t *testing.T) {
	ix := buildTypos(t)
	typed := allIDs(t, ix, Request{Query: "أبو ظبي", Exact: true})
	joined := allIDs(t, ix, Request{Query: "أبوظبي", Exact: true})
	pair := allIDs(t, ix, Request{Query: `"أبو ظبي"`})
	if len(pair) == 0 || len(joined) <= len(pair) {
		t.Fatalf("the test corpus: %d articles with the pair, %d with the joined word; want more joined", len(pair), len(joined))
	}
	res := doSearch(t, ix, Request{Query: "أبو ظبي", Limit: 100})
	if a := also(res); len(a) != 1 || a[0].From != "أبو ظبي" || a[0].To != "ابوظبي" || res.Corrected != "" {
		t.Fatalf("أبو ظبي: corrections %+v, corrected %q; want ابوظبي searched beside it", res.Corrections, res.Corrected)
	}
	got := ids(res)
	for _, id := range joined {
		if !slices.Contains(got, id) {
			t.Errorf("أبو ظبي: %s, which has أبوظبي, not found", id)
		}
	}
	// Every article with the pair ranks above every article with only
	// the joined word.
	for _, p := range pair {
		for _, j := range joined {
			if slices.Contains(typed, j) {
				continue // has one of the typed words too
			}
			if slices.Index(got, p) > slices.Index(got, j) {
				t.Errorf("أبو ظبي: %s (the joined word alone) ranks above %s (the words as typed)", j, p)
			}
		}
	}
	ex := doSearch(t, ix, Request{Query: "أبو ظبي", Exact: true, Limit: 100})
	if len(ex.Corrections) != 0 || ex.Total != uint64(len(typed)) {
		t.Errorf("أبو ظبي with Exact: corrections %+v", ex.Corrections)
	}
	// The articles without the joined word keep their scores.
	for _, h := range ex.Hits {
		if slices.Contains(joined, h.ID) {
			continue
		}
		for _, g := range res.Hits {
			if g.ID == h.ID && g.Score != h.Score {
				t.Errorf("أبو ظبي: %s scores %v beside ابوظبي, %v without", h.ID, g.Score, h.Score)
			}
		}
	}
	// The alternative keeps to what the query requires.
	tunisian := allIDs(t, ix, Request{Query: "التونسية", Exact: true})
	for _, id := range allIDs(t, ix, Request{Query: "أبو ظبي +التونسية"}) {
		if !slices.Contains(tunisian, id) {
			t.Errorf("أبو ظبي +التونسية: %s lacks التونسية", id)
		}
	}
	// The pair as a pair is commoner than its run-together typo: no join.
	if res := doSearch(t, ix, Request{Query: "وزارة التربية"}); len(res.Corrections) != 0 {
		t.Errorf("وزارة التربية: corrections %+v; the index has the pair more often than وزارةالتربية", res.Corrections)
	}
	// One word missing: the two are searched as the word they make.
	res = doSearch(t, ix, Request{Query: "بنقر دان", Limit: 100})
	if len(res.Corrections) != 1 || res.Corrections[0].Also || res.Corrected != "بنقردان" {
		t.Errorf("بنقر دان: corrections %+v, corrected %q; want بنقردان", res.Corrections, res.Corrected)
	}
}

// TestSplitAlso: a word the index has more often as two words is searched
// as typed and as that phrase, the articles with the word as typed first.
func TestSplitAlso(t *testing.T) {
	ix := buildTypos(t)
	typed := allIDs(t, ix, Request{Query: "بنقردان", Exact: true})
	pair := allIDs(t, ix, Request{Query: `"بن قردان"`})
	if len(typed) == 0 || len(pair) <= len(typed) {
		t.Fatalf("the test corpus: %d articles with بنقردان, %d with بن قردان; want more of the pair", len(typed), len(pair))
	}
	res := doSearch(t, ix, Request{Query: "بنقردان", Limit: 100})
	if a := also(res); len(a) != 1 || a[0].To != `"بن قردان"` {
		t.Fatalf("بنقردان: corrections %+v; want \"بن قردان\" beside it", res.Corrections)
	}
	got := ids(res)
	if len(got) != len(typed)+len(pair) {
		t.Errorf("بنقردان: %d hits, want %d + %d", len(got), len(typed), len(pair))
	}
	for i, id := range got[:len(typed)] {
		if !slices.Contains(typed, id) {
			t.Errorf("بنقردان: hit %d is %s, which lacks the word as typed", i+1, id)
		}
	}
	// The pair is the commoner spelling: nothing joined.
	if res := doSearch(t, ix, Request{Query: "بن قردان"}); len(res.Corrections) != 0 {
		t.Errorf("بن قردان: corrections %+v", res.Corrections)
	}
}

// TestPopularNeighbour: a word in one article beside a close word in
// twenty times as many is searched as typed and as that word, the article
// with the word as typed first.
func TestPopularNeighbour(t *testing.T) {
	ix := buildTypos(t)
	typed := allIDs(t, ix, Request{Query: "االتونسية", Exact: true})
	right := allIDs(t, ix, Request{Query: "التونسية", Exact: true})
	if len(typed) != 1 || len(right) < popularRatio {
		t.Fatalf("the test corpus: االتونسية in %d articles, التونسية in %d", len(typed), len(right))
	}
	res := doSearch(t, ix, Request{Query: "االتونسية", Limit: 100})
	if a := also(res); len(a) != 1 || a[0].To != "التونسيه" {
		t.Fatalf("االتونسية: corrections %+v; want التونسيه beside it", res.Corrections)
	}
	got := ids(res)
	union := len(right)
	if !slices.Contains(right, typed[0]) {
		union++
	}
	if got[0] != typed[0] || len(got) != union {
		t.Errorf("االتونسية: %d hits, first %s; want %s first, then the rest of التونسية's %d", len(got), got[0], typed[0], len(right))
	}
	if res := doSearch(t, ix, Request{Query: "التونسية"}); len(res.Corrections) != 0 {
		t.Errorf("التونسية: corrections %+v", res.Corrections)
	}
}

// TestFilterSuggestions: a misspelled source or category finds nothing and
// says which the index has; one differing only in case is used as is.
func TestFilterSuggestions(t *testing.T) {
	ix := buildTypos(t)
	for _, tc := range []struct {
		req   Request
		field string
		want  []string
	}{
		{Request{Sources: []string{"jawhra fm"}}, arindex.FieldSource, []string{"Jawhara FM"}},
		{Request{Sources: []string{"jawhara"}}, arindex.FieldSource, []string{"Jawhara FM"}},
		{Request{Categories: []string{"sprot"}, Query: "تونس"}, arindex.FieldCategory, []string{"sport"}},
		{Request{Categories: []string{"zzzzzzzz"}}, arindex.FieldCategory, []string{}},
	} {
		res := doSearch(t, ix, tc.req)
		given := append(tc.req.Sources, tc.req.Categories...)[0]
		if res.Total != 0 || len(res.DidYouMean) != 1 || res.DidYouMean[0].Field != tc.field ||
			res.DidYouMean[0].Value != given || !slices.Equal(res.DidYouMean[0].Closest, tc.want) {
			t.Errorf("%s %q: %d hits, did you mean %+v; want %v", tc.field, given, res.Total, res.DidYouMean, tc.want)
		}
	}
	if res := doSearch(t, ix, Request{Sources: []string{"jawhara fm"}}); res.Total != 41 || len(res.DidYouMean) != 0 {
		t.Errorf("source jawhara fm: %d hits, did you mean %+v", res.Total, res.DidYouMean)
	}
}

// TestFilterClausesFolded: the query language's source: and category:
// clauses, at any depth and negated too, ignore case as the filters do,
// and one the index has in no spelling gets the filters' did-you-mean.
func TestFilterClausesFolded(t *testing.T) {
	ix := buildTypos(t)
	all := doSearch(t, ix, Request{Query: "تونس"}).Total
	sport := doSearch(t, ix, Request{Query: "تونس", Categories: []string{"localNews"}}).Total
	if all == 0 || sport == 0 || sport == all {
		t.Fatalf("تونس: %d hits, %d in localNews; the test needs some in localNews and some not", all, sport)
	}
	for _, tc := range []struct {
		query string
		want  uint64
	}{
		{`تونس source:"jawhara fm"`, all},
		{`تونس source:"JAWHARA FM"`, all},
		{`تونس category:LOCALNEWS`, sport},
		{`تونس (category:LocalNews OR category:localnews)`, sport},
		{`تونس -category:LocalNews`, all - sport},
		{`تونس -source:"jawhara fm"`, 0},
	} {
		res := doSearch(t, ix, Request{Query: tc.query})
		if res.Total != tc.want || len(res.DidYouMean) != 0 {
			t.Errorf("%s: %d hits, did you mean %+v; want %d and none", tc.query, res.Total, res.DidYouMean, tc.want)
		}
	}
	// Alone, a filter clause browses; two joined by AND keep what both do.
	local := doSearch(t, ix, Request{Categories: []string{"localNews"}}).Total
	for q, want := range map[string]uint64{"category:LOCALNEWS": local, "category:localNews AND category:culture": 0} {
		if res := doSearch(t, ix, Request{Query: q}); res.Total != want {
			t.Errorf("%s: %d hits; want %d", q, res.Total, want)
		}
	}
	// A filter clause narrows, never scores: the hits and scores are the
	// --category filter's.
	byFlag := doSearch(t, ix, Request{Query: "تونس", Categories: []string{"localNews"}})
	byClause := doSearch(t, ix, Request{Query: "تونس category:localnews"})
	for i := range byFlag.Hits {
		if i >= len(byClause.Hits) || byFlag.Hits[i].ID != byClause.Hits[i].ID || byFlag.Hits[i].Score != byClause.Hits[i].Score {
			t.Fatalf("تونس category:localnews ranks otherwise than --category localNews:\n%+v\n%+v", byClause.Hits, byFlag.Hits)
		}
	}
	res := doSearch(t, ix, Request{Query: `تونس source:"jawhra fm"`})
	if res.Total != 0 || len(res.DidYouMean) != 1 || res.DidYouMean[0].Field != arindex.FieldSource ||
		res.DidYouMean[0].Value != "jawhra fm" || !slices.Equal(res.DidYouMean[0].Closest, []string{"Jawhara FM"}) {
		t.Errorf(`source:"jawhra fm": %d hits, did you mean %+v`, res.Total, res.DidYouMean)
	}
}

// TestFilterNormalized: a source spelled as the analyzer folds it (ى for ي,
// أ for ا, diacritics) is the source the index has, with no suggestion.
func TestFilterNormalized(t *testing.T) {
	ix, err := arindex.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(t.Context(),
		article.Article{ID: "a", Title: "مجلس محافظة إدلب", Body: "انتخب مجلس محافظة إدلب رئيسا جديدا.", Source: "عنب بلدي"},
		article.Article{ID: "b", Title: "الانتخابات البلدية", Body: "تجرى الانتخابات البلدية في تونس.", Source: "Jawhara FM"},
	); err != nil {
		t.Fatal(err)
	}
	if res := doSearch(t, ix, Request{Query: "مجلس الانتخابات"}); res.Total != 2 {
		t.Fatalf("مجلس الانتخابات: %d hits; the test needs both articles", res.Total)
	}
	for _, v := range []string{"عنب بلدي", "عنب بلدى", "عِنَب بَلَدي"} {
		res := doSearch(t, ix, Request{Sources: []string{v}})
		if res.Total != 1 || res.Hits[0].ID != "a" || len(res.DidYouMean) != 0 {
			t.Errorf("source %q: %d hits, did you mean %+v; want a alone", v, res.Total, res.DidYouMean)
		}
		// Typed in the query, beside words that find both articles.
		q := `مجلس الانتخابات source:"` + v + `"`
		if res := doSearch(t, ix, Request{Query: q}); res.Total != 1 || res.Hits[0].ID != "a" || len(res.DidYouMean) != 0 {
			t.Errorf("%s: %d hits, did you mean %+v; want a alone", q, res.Total, res.DidYouMean)
		}
	}
	res := doSearch(t, ix, Request{Sources: []string{"عنب بلد"}})
	if res.Total != 0 || len(res.DidYouMean) != 1 || !slices.Equal(res.DidYouMean[0].Closest, []string{"عنب بلدي"}) {
		t.Errorf("source عنب بلد: %d hits, did you mean %+v", res.Total, res.DidYouMean)
	}
}

// TestSplitSeldomAdjacent: a word's two halves that share many articles
// but seldom stand side by side are not searched as the word typed apart,
// even where the pair, counted to the end, would outnumber the word: after
// pairMinReads bodies holding both halves, fewer than one in pairMinShare
// had the pair (the bound that keeps correctly spelled words from reading
// every such body). Where the pair is common among them, it is searched.
func TestSplitSeldomAdjacent(t *testing.T) {
	apart := func(i int) article.Article {
		return article.Article{ID: fmt.Sprintf("apart-%02d", i), Title: "أخبار الجنوب",
			Body: "زار الوفد مدينة قردان صباحا، واستقبله السيد محمد بن صالح في مقر البلدية."}
	}
	together := func(i int) article.Article {
		return article.Article{ID: fmt.Sprintf("together-%02d", i), Title: "أخبار الجنوب",
			Body: "شهدت مدينة بن قردان حركة تجارية نشيطة خلال الأسبوع."}
	}
	// build adds the batches in order: a later batch's articles are read
	// after an earlier one's.
	build := func(batches ...[]article.Article) *arindex.Index {
		ix, err := arindex.NewMemory()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		batches = append(batches, []article.Article{
			{ID: "joined-1", Title: "السوق", Body: "عاد الهدوء إلى بنقردان بعد أيام من التوتر."},
			{ID: "joined-2", Title: "الحدود", Body: "أعيد فتح المعبر قرب بنقردان."}})
		for _, b := range batches {
			if err := ix.Add(t.Context(), b...); err != nil {
				t.Fatal(err)
			}
		}
		return ix
	}
	var first40, then3 []article.Article
	for i := range 40 {
		first40 = append(first40, apart(i))
	}
	for i := range 3 {
		then3 = append(then3, together(i))
	}
	var mixed [][]article.Article
	for i := range 20 {
		mixed = append(mixed, []article.Article{apart(2 * i), apart(2*i + 1), together(i)})
	}
	// 40 bodies with both halves apart, then 3 with the pair: 3 > 2 bodies
	// with بنقردان, but none in the first 32 read.
	if got := also(doSearch(t, build(first40, then3), Request{Query: "بنقردان"})); len(got) != 0 {
		t.Errorf("بنقردان beside 3 pairs after 40 bodies with the halves apart: also searched %+v", got)
	}
	// The same halves, the pair in one of every three bodies read.
	got := also(doSearch(t, build(mixed...), Request{Query: "بنقردان"}))
	if len(got) != 1 || got[0].To != `"بن قردان"` {
		t.Errorf("بنقردان beside 20 pairs among 60 bodies: also searched %+v; want بن قردان", got)
	}
}
