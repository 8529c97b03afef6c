package search

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arsearch/arsearch/article"
	arindex "github.com/arsearch/arsearch/index"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seedFile is the seed article in testdata/corpus-small, and seedID the id
// Build gives it.
const (
	seedFile = "enab-baladi-syria-iraq.txt"
	seedID   = "corpus-small/" + seedFile
)

// buildSmall indexes testdata/corpus-small (the seed article, a vocalized
// article and 30 ANT articles) into a temporary directory.
func buildSmall(t *testing.T) *arindex.Index {
	t.Helper()
	ix, err := arindex.Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var bad []error
	st, err := ix.Build(t.Context(), "../testdata/corpus-small", arindex.BuildOptions{OnError: func(e error) { bad = append(bad, e) }})
	if err != nil || len(bad) > 0 {
		t.Fatalf("Build: %v, bad records %v", err, bad)
	}
	if st.Added != 32 {
		t.Fatalf("Build added %d articles, want 32", st.Added)
	}
	return ix
}

func doSearch(t *testing.T, ix *arindex.Index, req Request) *Result {
	t.Helper()
	res, err := Run(t.Context(), ix, req)
	if err != nil {
		t.Fatalf("Search(%q): %v", req.Query, err)
	}
	return res
}

func ids(res *Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSeedRanksFirst(t *testing.T) {
	ix := buildSmall(t)
	res := doSearch(t, ix, Request{Query: "العراق سوريا"})
	if len(res.Hits) == 0 || res.Hits[0].ID != seedID {
		t.Fatalf("query العراق سوريا: top hits %q, want %s first", ids(res), seedID)
	}
	for _, q := range []string{"سورية", "السوريين", "سوريا"} {
		if got := ids(doSearch(t, ix, Request{Query: q, Limit: 50})); !slices.Contains(got, seedID) {
			t.Errorf("query %s: hits %q lack the seed article", q, got)
		}
	}
}

// TestSpellingVariantsFindTheSameArticles: a query typed with diacritics,
// tatweel, Persian letters or Arabic-Indic digits finds what its plain
// form finds.
func TestSpellingVariantsFindTheSameArticles(t *testing.T) {
	ix := buildSmall(t)
	groups := [][]string{
		{"العراق", "العِرَاق", "العـــراق", "ﺍﻟﻌﺮﺍﻕ"},
		{"سوريا", "سوریا", "سوريّا"},
		{"2017", "٢٠١٧", "۲۰۱۷"},
		{"الخارجية", "الخارجيه", "الخارجيّة"},
	}
	for _, g := range groups {
		want := ids(doSearch(t, ix, Request{Query: g[0], Limit: 100}))
		if len(want) == 0 {
			t.Fatalf("query %s found nothing", g[0])
		}
		for _, q := range g[1:] {
			if got := ids(doSearch(t, ix, Request{Query: q, Limit: 100})); !slices.Equal(got, want) {
				t.Errorf("query %s found %q, want what %s finds: %q", q, got, g[0], want)
			}
		}
	}
}

// TestHighlightsShowOriginalText: marks cover the words as written, with
// their vowels and tatweel.
func TestHighlightsShowOriginalText(t *testing.T) {
	ix := buildSmall(t)
	doc, err := Article(t.Context(), ix, "corpus-small/vocalized.txt", "العراق")
	if err != nil {
		t.Fatal(err)
	}
	var marked []string
	for _, m := range doc.BodyMarks {
		marked = append(marked, doc.Body[m.Start:m.End])
	}
	for _, want := range []string{"العِرَاقُ", "العـــراق"} {
		if !slices.Contains(marked, want) {
			t.Errorf("body marks %q lack %q", marked, want)
		}
	}
	res := doSearch(t, ix, Request{Query: "عراق", Limit: 50})
	for _, h := range res.Hits {
		for _, s := range h.Snippets {
			for _, m := range s.Marks {
				w := s.Text[m.Start:m.End]
				if ts := queryAnalyzer.Terms(w); len(ts) != 1 || (ts[0] != "عراق" && ts[0] != "عراقي") {
					t.Errorf("hit %s: mark %q (terms %q) is not a form of عراق or عراقي", h.ID, w, ts)
				}
			}
		}
	}
}

func TestQueryLanguage(t *testing.T) {
	ix := buildSmall(t)
	all := func(q string) []string { return ids(doSearch(t, ix, Request{Query: q, Limit: 100})) }
	has := func(q, id string) bool { return slices.Contains(all(q), id) }

	if !has(`"الحكومة السورية الجديدة"`, seedID) {
		t.Error(`phrase "الحكومة السورية الجديدة" misses the seed`)
	}
	if has(`"الجديدة السورية الحكومة"`, seedID) {
		t.Error(`phrase in the wrong order still finds the seed`)
	}
	if got := all("+سوريا +العراق"); len(got) == 0 || len(got) >= len(all("سوريا العراق")) {
		t.Errorf("+سوريا +العراق found %d, want fewer than the OR query (%d) and more than 0", len(got), len(all("سوريا العراق")))
	}
	if has("العراق -الشيباني", seedID) {
		t.Error("-الشيباني still finds the seed, which names him")
	}
	if !has("title:عراقي", seedID) || has("title:الشيباني", seedID) {
		t.Error("title: does not restrict to titles")
	}
	for _, id := range all(`العراق source:"عنب بلدي"`) {
		if id != seedID {
			t.Errorf(`source:"عنب بلدي" found %s`, id)
		}
	}
	res := doSearch(t, ix, Request{Query: "العراق", Sources: []string{"Jawhara FM"}, Limit: 100})
	if slices.Contains(ids(res), seedID) || len(res.Hits) == 0 {
		t.Errorf("source filter Jawhara FM: hits %q", ids(res))
	}
	from, to := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	res = doSearch(t, ix, Request{Query: "في", From: from, To: to, Sort: SortDate, Limit: 100, Facets: true})
	for i, h := range res.Hits {
		if h.Date.Before(from) || !h.Date.Before(to) {
			t.Errorf("hit %s dated %v is outside 2017", h.ID, h.Date)
		}
		if i > 0 && h.Date.After(res.Hits[i-1].Date) {
			t.Errorf("sort by date: %s (%v) after %s (%v)", h.ID, h.Date, res.Hits[i-1].ID, res.Hits[i-1].Date)
		}
	}
	if res.Facets == nil || len(res.Facets.Dates) == 0 || res.Facets.Dates[0].Label[:4] != "2017" {
		t.Errorf("facets for a 2017 range: %+v, want months of 2017", res.Facets)
	}
}

func TestFacetsCount(t *testing.T) {
	ix := buildSmall(t)
	res := doSearch(t, ix, Request{Query: "سوريا", Facets: true})
	sum := 0
	for _, f := range res.Facets.Sources {
		sum += f.Count
	}
	if uint64(sum) != res.Total {
		t.Errorf("source facets add up to %d, total is %d", sum, res.Total)
	}
	// Each year's count is what the same query finds within that year, and
	// within one year the months add up to it.
	if len(res.Facets.Dates) == 0 {
		t.Fatal("no date facets")
	}
	for _, d := range res.Facets.Dates {
		in := doSearch(t, ix, Request{Query: "سوريا", From: d.From, To: d.To, Facets: true})
		if uint64(d.Count) != in.Total {
			t.Errorf("year %s: facet %d, search within it %d", d.Label, d.Count, in.Total)
		}
		months := 0
		for _, m := range in.Facets.Dates {
			if len(m.Label) != len("2006-01") {
				t.Errorf("within %s: facet %q, want months", d.Label, m.Label)
			}
			months += m.Count
		}
		if months != d.Count {
			t.Errorf("year %s: months add up to %d, want %d", d.Label, months, d.Count)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	for _, q := range []string{"", "   ", `"unbalanced`, "nosuch:x", "title:", strings.Repeat("ا", MaxQueryBytes), "\xff\xfe", "...!!!", "+", `""`} {
		_, err := parseAndBuild(q)
		if !errors.Is(err, ErrQuery) {
			t.Errorf("query %q: error %v, want an ErrQuery", q, err)
		}
	}
	for _, q := range []string{"قال: العراق", "في", "ما هو", "العراق\x00سوريا"} {
		if _, err := parseAndBuild(q); err != nil {
			t.Errorf("query %q: %v", q, err)
		}
	}
}

func parseAndBuild(q string) ([]Clause, error) {
	cs, err := ParseQuery(q)
	if err != nil {
		return nil, err
	}
	_, _, err = buildQuery(cs, DefaultRanking)
	return cs, err
}

func TestAddAndArticle(t *testing.T) {
	ix, err := arindex.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	a := article.Article{ID: "x", Title: "<script>alert(1)</script> العراق", Body: "نص عن سوريا"}
	if err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	d, err := Article(t.Context(), ix, "x", "")
	if err != nil || d.Title != a.Title || d.Body != a.Body {
		t.Fatalf("Article: %+v, %v", d, err)
	}
	if _, err := Article(t.Context(), ix, "nope", ""); !errors.Is(err, arindex.ErrNotFound) {
		t.Errorf("missing article: %v, want arindex.ErrNotFound", err)
	}
}

func TestDocumentJSONRoundTrip(t *testing.T) {
	ix := buildSmall(t)
	d, err := Article(t.Context(), ix, seedID, "العراق")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Document
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back.Title != d.Title || back.Source != d.Source || len(back.BodyMarks) == 0 || !slices.Equal(back.BodyMarks, d.BodyMarks) {
		t.Errorf("Document round trip lost data: %d body marks, want %d; title %q", len(back.BodyMarks), len(d.BodyMarks), back.Title)
	}
}

// TestPlainQuery: free text with operator characters (as in ARCD's
// questions) becomes plain words that all parse.
func TestPlainQuery(t *testing.T) {
	q := `- من هو "جمال خاشقجي؟ قال: +الرئيس -المخلوع`
	if _, err := ParseQuery(q); err == nil {
		t.Fatalf("ParseQuery(%q) parsed; the test needs a query the language rejects", q)
	}
	cs, err := ParseQuery(PlainQuery(q))
	if err != nil {
		t.Fatalf("ParseQuery(PlainQuery(%q)): %v", q, err)
	}
	var words []string
	for _, c := range cs {
		if c.Occur != Should || c.Field != "" || c.Phrase {
			t.Errorf("clause %+v is not a plain word", c)
		}
		words = append(words, c.Text)
	}
	if got, want := strings.Join(words, " "), "من هو جمال خاشقجي؟ قال الرئيس المخلوع"; got != want {
		t.Errorf("words %q, want %q", got, want)
	}
}

// TestMemoryIndexLeaksNoGoroutines: searches with filters must not leave
// goroutines behind. bleve's in-memory store (upsidedown on gtreap, which
// NewMemory uses) starts a goroutine per iterator and some filter searches
// never close theirs: each search with a category or a date range leaves
// one or two goroutines blocked forever. An index on disk (scorch) does
// not, and is checked here too.
func TestMemoryIndexLeaksNoGoroutines(t *testing.T) {
	arts := []article.Article{
		{ID: "a", Title: "تونس", Body: "نص عن تونس والعراق", Category: "culture", Date: time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "b", Title: "العراق", Body: "نص عن تونس", Category: "politics", Date: time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC)},
	}
	disk, err := arindex.Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	mem, err := arindex.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	for name, ix := range map[string]*arindex.Index{"on disk": disk, "in memory": mem} {
		if err := ix.Add(t.Context(), arts...); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			doSearch(t, ix, Request{Query: "تونس"}) // start what bleve starts once
			runtime.GC()
			before := runtime.NumGoroutine()
			for range 20 {
				doSearch(t, ix, Request{Query: "تونس", Categories: []string{"culture"}})
				doSearch(t, ix, Request{Query: "تونس", Facets: true,
					From: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)})
			}
			after := runtime.NumGoroutine()
			for i := 0; i < 100 && after > before; i++ {
				time.Sleep(20 * time.Millisecond)
				after = runtime.NumGoroutine()
			}
			if after > before {
				t.Errorf("%d goroutines before 40 filtered searches, %d after", before, after)
			}
		})
	}
}
