package index

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arsearch/arsearch/article"
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
func buildSmall(t *testing.T) *Index {
	t.Helper()
	ix, err := Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var bad []error
	st, err := ix.Build(t.Context(), "../testdata/corpus-small", BuildOptions{OnError: func(e error) { bad = append(bad, e) }})
	if err != nil || len(bad) > 0 {
		t.Fatalf("Build: %v, bad records %v", err, bad)
	}
	if st.Added != 32 {
		t.Fatalf("Build added %d articles, want 32", st.Added)
	}
	return ix
}

func doSearch(t *testing.T, ix *Index, req Request) *Result {
	t.Helper()
	res, err := ix.Search(t.Context(), req)
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
	doc, err := ix.Article(t.Context(), "corpus-small/vocalized.txt", "العراق")
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

func TestBuildIncremental(t *testing.T) {
	root := filepath.Join(t.TempDir(), "news")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "العراق وسوريا\n\nبحث الجانبان العلاقات الثنائية.\n")
	write("b.txt", "تونس\n\nانطلاق المهرجان العربي للكاريكاتير في صفاقس.\n")
	write("bad.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	ix, err := Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var errs []string
	opts := BuildOptions{OnError: func(e error) { errs = append(errs, e.Error()) }}
	st, err := ix.Build(t.Context(), root, opts)
	if err != nil || st.Added != 2 || st.Failed != 1 || len(errs) != 1 || !strings.Contains(errs[0], "bad.txt") {
		t.Fatalf("first build: %+v, %v, errors %q", st, err, errs)
	}
	st, err = ix.Build(t.Context(), root, opts)
	if err != nil || st.Unchanged != 2 || st.Added+st.Updated != 0 {
		t.Fatalf("second build: %+v, %v; want 2 unchanged", st, err)
	}
	write("b.txt", "تونس\n\nاختتام المهرجان العربي للكاريكاتير في صفاقس.\n")
	if st, err = ix.Build(t.Context(), root, opts); err != nil || st.Updated != 1 || st.Unchanged != 1 {
		t.Fatalf("after an edit: %+v, %v; want 1 updated, 1 unchanged", st, err)
	}
	if got := ids(doSearch(t, ix, Request{Query: "اختتام"})); !slices.Equal(got, []string{"news/b.txt"}) {
		t.Errorf("the edit is not searchable: %q", got)
	}
	os.Remove(filepath.Join(root, "a.txt"))
	// A plain run leaves the gone file's article and counts the file.
	if st, err = ix.Build(t.Context(), root, opts); err != nil || st.Gone != 1 || st.Deleted != 0 || st.Unchanged != 1 {
		t.Fatalf("after a removal: %+v, %v; want 1 gone, 1 unchanged", st, err)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("without prune the index holds %d articles, want 2", n)
	}
	if st, err = ix.Build(t.Context(), root, BuildOptions{Prune: true}); err != nil || st.Deleted != 1 || st.Gone != 0 {
		t.Fatalf("prune: %+v, %v; want 1 deleted, none gone", st, err)
	}
	if n, _ := ix.Count(); n != 1 {
		t.Errorf("after prune the index holds %d articles, want 1", n)
	}
}

func TestOpenRefusesWhatIsNotAnIndex(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "none"), Options{}); !errors.Is(err, ErrNoIndex) {
		t.Errorf("missing dir: %v, want ErrNoIndex", err)
	}
	foreign := filepath.Join(dir, "photos")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "cat.jpg"), []byte("not an index"), 0o644)
	if _, err := Open(foreign, Options{}); !errors.Is(err, ErrNotIndex) {
		t.Errorf("foreign dir: %v, want ErrNotIndex", err)
	}
	if _, err := Create(foreign); err == nil {
		t.Error("Create over a foreign dir succeeded")
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "cat.jpg")); string(b) != "not an index" {
		t.Error("the foreign dir was touched")
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := Open(file, Options{}); !errors.Is(err, ErrNotIndex) {
		t.Errorf("a file: %v, want ErrNotIndex", err)
	}
}

func TestSecondWriterGetsErrLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Errorf("second writer: %v, want ErrLocked", err)
	}
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrLocked) {
		t.Errorf("reader while a writer holds it: %v, want ErrLocked", err)
	}
}

func TestAddAndArticle(t *testing.T) {
	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	a := article.Article{ID: "x", Title: "<script>alert(1)</script> العراق", Body: "نص عن سوريا"}
	if err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	d, err := ix.Article(t.Context(), "x", "")
	if err != nil || d.Title != a.Title || d.Body != a.Body {
		t.Fatalf("Article: %+v, %v", d, err)
	}
	if _, err := ix.Article(t.Context(), "nope", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing article: %v, want ErrNotFound", err)
	}
}

func TestDocumentJSONRoundTrip(t *testing.T) {
	ix := buildSmall(t)
	d, err := ix.Article(t.Context(), seedID, "العراق")
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

// TestPruneKeepsArticlesOfFilesThatFailedToRead: a file that still exists
// but fails to read this time (a truncated .jsonl.gz, a .txt turned into
// invalid UTF-8, a JSONL file with lines gone bad) is not a file that is gone: prune keeps its articles and counts
// them as kept; only the articles of the removed file are deleted.
func TestPruneKeepsArticlesOfFilesThatFailedToRead(t *testing.T) {
	root := filepath.Join(t.TempDir(), "news")
	lines, err := os.ReadFile("../testdata/corpus-small/ant-sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.SplitAfter(strings.TrimSpace(string(lines)), "\n")
	gzPath := filepath.Join(root, "a.jsonl.gz")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Join(all[:10], "")))
	zw.Close()
	write(t, gzPath, gz.String())
	write(t, filepath.Join(root, "b.jsonl"), strings.Join(all[10:20], ""))
	write(t, filepath.Join(root, "c.txt"), "العراق وسوريا\n\nبحث الجانبان العلاقات الثنائية في بغداد.\n")
	write(t, filepath.Join(root, "gone.jsonl"), strings.Join(all[20:25], ""))
	write(t, filepath.Join(root, "sub", "d.txt"), "تونس\n\nانطلاق المهرجان العربي للكاريكاتير في صفاقس.\n")
	ix, err := Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st, err := ix.Build(t.Context(), root, BuildOptions{}); err != nil || st.Added != 27 {
		t.Fatalf("first build: %+v, %v; want 27 added", st, err)
	}

	write(t, gzPath, gz.String()[:gz.Len()/2])                                       // truncated
	write(t, filepath.Join(root, "c.txt"), "العراق\n\nنص \xff\xfe مقطوع\n")          // invalid UTF-8
	b := strings.Join(all[10:20], "")                                                // three lines broken
	write(t, filepath.Join(root, "b.jsonl"), strings.Replace(b, `{"id"`, `{"id`, 3)) // lines 1-3 break
	os.Remove(filepath.Join(root, "gone.jsonl"))
	var errs []string
	st, err := ix.Build(t.Context(), root, BuildOptions{Prune: true, OnError: func(e error) { errs = append(errs, e.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("prune: %+v; errors %q", st, errs)
	// gone.jsonl's 5 articles go; a.jsonl.gz's unread ones, c.txt and the
	// lines of b.jsonl that failed stay.
	if st.Deleted != 5 || st.Kept == 0 || st.Failed < 3 {
		t.Errorf("prune deleted %d, kept %d, failed %d; want 5 deleted (gone.jsonl), some kept, 3 or more failed", st.Deleted, st.Kept, st.Failed)
	}
	if n, _ := ix.Count(); n != 22 {
		t.Errorf("after prune the index holds %d articles, want 22", n)
	}
	if got := ids(doSearch(t, ix, Request{Query: "العلاقات الثنائية"})); !slices.Contains(got, "news/c.txt") {
		t.Errorf("c.txt, unreadable this time, was pruned: hits %q", got)
	}
}
