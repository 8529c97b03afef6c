package web

import (
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// apiIDs runs an API search and returns its total and hit ids.
func apiIDs(t *testing.T, h http.Handler, kv ...string) (uint64, map[string]bool) {
	t.Helper()
	var r apiSearch
	res := getJSON(t, h, q("/api/search", append(kv, "size", "50")...), &r)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%v: status %d", kv, res.StatusCode)
	}
	m := map[string]bool{}
	for _, hit := range r.Hits {
		m[hit.ID] = true
	}
	return r.Total, m
}

// TestAPIOperators: AND, OR, NOT and parentheses through the API, and a
// one-line 400 for a dangling operator.
func TestAPIOperators(t *testing.T) {
	h := newTestHandler(t)
	nIraq, iraq := apiIDs(t, h, "q", "العراق")
	nBoth, both := apiIDs(t, h, "q", "العراق AND سوريا")
	nPlus, _ := apiIDs(t, h, "q", "+العراق +سوريا")
	if nBoth == 0 || nBoth != nPlus || nBoth >= nIraq {
		t.Errorf("العراق AND سوريا: %d, +العراق +سوريا: %d, العراق: %d", nBoth, nPlus, nIraq)
	}
	for id := range both {
		if !iraq[id] {
			t.Errorf("العراق AND سوريا finds %s, which العراق does not", id)
		}
	}
	_, not := apiIDs(t, h, "q", "سوريا AND NOT العراق")
	for id := range not {
		if iraq[id] {
			t.Errorf("سوريا AND NOT العراق finds %s, which has العراق", id)
		}
	}
	// A right-to-left mark before title: keeps it a field (#17.8).
	nTitle, titled := apiIDs(t, h, "q", "title:العراق")
	nMarked, marked := apiIDs(t, h, "q", "\u200ftitle:العراق")
	if nTitle == 0 || nMarked != nTitle || len(marked) != len(titled) || nTitle >= nIraq {
		t.Errorf("\\u200ftitle:العراق finds %d, title:العراق %d, العراق %d", nMarked, nTitle, nIraq)
	}
	for _, bad := range []string{"العراق AND", "(العراق", "NOT"} {
		res, body := get(t, h, "GET", q("/api/search", "q", bad))
		if res.StatusCode != http.StatusBadRequest || strings.Count(strings.TrimSpace(body), "\n") > 0 {
			t.Errorf("q=%s: status %d, body %q; want a one-line 400", bad, res.StatusCode, body)
		}
	}
}

// TestAPIPlain: plain=1 reads the query as words: the operators and an
// unbalanced parenthesis that the query language rejects find what the
// words alone find, and the page keeps plain=1 in its form and links.
func TestAPIPlain(t *testing.T) {
	h := newTestHandler(t)
	nWords, words := apiIDs(t, h, "q", "سوريا العراق")
	nNot, _ := apiIDs(t, h, "q", "سوريا -العراق")
	for _, typed := range []string{"سوريا -العراق", "+سوريا +(العراق", `"سوريا العراق"`} {
		n, got := apiIDs(t, h, "q", typed, "plain", "1")
		if n != nWords || len(got) != len(words) {
			t.Errorf("plain=1 q=%s: %d hits, want the words' %d", typed, n, nWords)
		}
	}
	if nNot >= nWords {
		t.Errorf("without plain=1, سوريا -العراق finds %d, the words %d: the - was not read", nNot, nWords)
	}
	res, body := get(t, h, "GET", q("/", "q", "(سوريا", "plain", "1"))
	wantStatus(t, res, body, http.StatusOK)
	if !strings.Contains(body, `name="plain" value="1"`) || !strings.Contains(body, "plain=1") {
		t.Errorf("the page of a plain search does not keep plain=1 in its form and links")
	}
}

// TestAPIDates: from and to include both ends, take a year, a month or a
// day, refuse dates bleve cannot hold with a one-line 400, and the date
// facets' from and to are accepted back.
func TestAPIDates(t *testing.T) {
	h := newTestHandler(t)
	var r apiSearch
	getJSON(t, h, q("/api/search", "q", "العراق"), &r)
	if r.Facets == nil || len(r.Facets.Dates) == 0 {
		t.Fatalf("no date facets: %+v", r.Facets)
	}
	_, body := get(t, h, "GET", q("/api/search", "q", "العراق"))
	for _, d := range r.Facets.Dates {
		from, to := d.From.Format("2006-01-02"), d.To.AddDate(0, 0, -1).Format("2006-01-02")
		if !strings.Contains(body, `"from":"`+from+`","to":"`+to+`"`) {
			t.Errorf("facet %s: JSON lacks from %s to %s (both days included)", d.Label, from, to)
		}
		n, _ := apiIDs(t, h, "q", "العراق", "from", from, "to", to)
		byLabel, _ := apiIDs(t, h, "q", "العراق", "from", d.Label, "to", d.Label)
		if n != uint64(d.Count) || byLabel != n {
			t.Errorf("facet %s counts %d; from=%s&to=%s finds %d, from=to=%s %d", d.Label, d.Count, from, to, n, d.Label, byLabel)
		}
	}
	for _, bad := range [][]string{{"from", "0001-01-01"}, {"to", "0001-01-01"}, {"to", "3000-01-01"}, {"from", "2017-13"}} {
		res, body := get(t, h, "GET", q("/api/search", "q", "العراق", bad[0], bad[1]))
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, bad[0]) || strings.Count(strings.TrimSpace(body), "\n") > 0 {
			t.Errorf("%s=%s: status %d, body %q; want a one-line 400 naming %s", bad[0], bad[1], res.StatusCode, body, bad[0])
		}
	}
}

// TestBrowse: an empty query with a filter or sort=date lists articles,
// newest first, on the page and in the API; an empty query alone is the
// home page and, in the API, a 400.
func TestBrowse(t *testing.T) {
	h := newTestHandler(t)
	var all apiSearch
	getJSON(t, h, q("/api/search", "sort", "date", "size", "50"), &all)
	n := uint64(newTestIndexCount(t))
	if all.Total != n || all.Sort != "date" || len(all.Hits) == 0 {
		t.Fatalf("sort=date without q: total %d of %d, sort %q, %d hits", all.Total, n, all.Sort, len(all.Hits))
	}
	for i := 1; i < len(all.Hits); i++ {
		if all.Hits[i].Date.After(all.Hits[i-1].Date) {
			t.Errorf("hit %d (%v) is newer than hit %d (%v)", i, all.Hits[i].Date, i-1, all.Hits[i-1].Date)
		}
	}
	src := all.Hits[0].Source
	var one apiSearch
	getJSON(t, h, q("/api/search", "source", src, "size", "50"), &one)
	if one.Total == 0 || one.Total >= all.Total || one.Sort != "date" {
		t.Errorf("source=%s without q: %d of %d, sort %q", src, one.Total, all.Total, one.Sort)
	}
	for _, hit := range one.Hits {
		if hit.Source != src {
			t.Errorf("source=%s lists %s from %q", src, hit.ID, hit.Source)
		}
	}
	res, body := get(t, h, "GET", q("/", "source", src))
	wantStatus(t, res, body, http.StatusOK)
	if !strings.Contains(body, one.Hits[0].ID) { // the newest may have no title (untitledArticle)
		t.Errorf("the page for source=%s without q does not list its newest article", src)
	}
	res, body = get(t, h, "GET", q("/api/search"))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "sort=date") {
		t.Errorf("API without q or filters: %d %s", res.StatusCode, body)
	}
}

func newTestIndexCount(t *testing.T) int {
	n, err := newTestIndex(t).Count()
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestAPISourceCase: a source or category given in another case finds
// what the indexed spelling does.
func TestAPISourceCase(t *testing.T) {
	h := newTestHandler(t)
	var all apiSearch
	getJSON(t, h, q("/api/search", "sort", "date", "size", "1"), &all)
	src := all.Hits[0].Source
	if strings.ToLower(src) == src && strings.ToUpper(src) == src {
		t.Fatalf("fixture: source %q has no case", src)
	}
	n, _ := apiIDs(t, h, "source", src)
	for _, v := range []string{strings.ToLower(src), strings.ToUpper(src)} {
		if got, _ := apiIDs(t, h, "source", v); got != n || n == 0 {
			t.Errorf("source=%s finds %d, source=%s %d", v, got, src, n)
		}
	}
}

// TestTypos: the API and the page search a misspelled word's correction,
// say so, and exact=1 searches as typed.
func TestTypos(t *testing.T) {
	h := newTestHandler(t)
	var right, typo, exact apiSearch
	getJSON(t, h, q("/api/search", "q", "العراق"), &right)
	getJSON(t, h, q("/api/search", "q", "الععراق"), &typo)
	getJSON(t, h, q("/api/search", "q", "الععراق", "exact", "1"), &exact)
	if right.Total == 0 || typo.Total != right.Total || len(typo.Corrections) != 1 || typo.Corrections[0].To != "العراق" || typo.Corrected != "العراق" {
		t.Errorf("الععراق: %d hits (العراق %d), corrections %+v, corrected %q", typo.Total, right.Total, typo.Corrections, typo.Corrected)
	}
	if exact.Total != 0 || exact.Corrections == nil || len(exact.Corrections) != 0 {
		t.Errorf("الععراق exact=1: %d hits, corrections %v", exact.Total, exact.Corrections)
	}
	res, body := get(t, h, "GET", q("/", "q", "الععراق"))
	wantStatus(t, res, body, http.StatusOK)
	if !strings.Contains(body, `id="corrected"`) || !strings.Contains(body, "exact=1") || !strings.Contains(body, "نتائج البحث عن «<bdi>العراق</bdi>»") {
		t.Errorf("the page for الععراق does not say what it searched or link to the exact search")
	}
	if hrefs := regexp.MustCompile(`href="/article/[^"?]*\?q=([^"]*)"`).FindAllStringSubmatch(body, -1); len(hrefs) == 0 ||
		hrefs[0][1] != url.QueryEscape("العراق") {
		t.Errorf("the hits of a corrected search link to their articles with the typo, not the correction")
	}
	res, body = get(t, h, "GET", q("/", "q", "الععراق", "exact", "1"))
	wantStatus(t, res, body, http.StatusOK)
	if strings.Contains(body, `id="corrected"`) {
		t.Errorf("the page with exact=1 still corrects")
	}
}

// typosHandler serves an in-memory index of search/testdata/typos-ant.jsonl
// (ANT articles chosen for their spellings: أبو ظبي in 2, أبوظبي in 3).
func typosHandler(t *testing.T) http.Handler {
	t.Helper()
	f, err := os.Open("../search/testdata/typos-ant.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []article.Article
	if err := article.ReadJSONL("typos-ant.jsonl", f, func(it article.Item) error {
		arts = append(arts, it.Article)
		return it.Err
	}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(t.Context(), arts...); err != nil {
		t.Fatal(err)
	}
	return New(search.Engine{Index: ix}, Options{Title: "arsearch test"})
}

// TestAlsoSpellings: the API lists another spelling searched beside the
// words typed with "also", and the page says so in a line with a link to
// the words as typed alone.
func TestAlsoSpellings(t *testing.T) {
	h := typosHandler(t)
	var res, exact apiSearch
	getJSON(t, h, q("/api/search", "q", "أبو ظبي"), &res)
	getJSON(t, h, q("/api/search", "q", "أبو ظبي", "exact", "1"), &exact)
	if len(res.Corrections) != 1 || !res.Corrections[0].Also || res.Corrections[0].To != "ابوظبي" || res.Corrected != "" || res.Total <= exact.Total {
		t.Errorf("أبو ظبي: %d hits (exact %d), corrections %+v, corrected %q", res.Total, exact.Total, res.Corrections, res.Corrected)
	}
	_, body := get(t, h, "GET", q("/", "q", "أبو ظبي"))
	if !strings.Contains(body, `id="also"`) || !strings.Contains(body, "«<bdi>ابوظبي</bdi>» بجانب «<bdi>أبو ظبي</bdi>»") || !strings.Contains(body, "exact=1") || strings.Contains(body, `id="corrected"`) {
		t.Errorf("the page for أبو ظبي does not say what else it searched")
	}
	if _, body := get(t, h, "GET", q("/", "q", "أبو ظبي", "exact", "1")); strings.Contains(body, `id="also"`) {
		t.Errorf("the page with exact=1 still searches other spellings")
	}
}

// TestDidYouMean: a misspelled source finds nothing; the API names the
// closest source in did_you_mean and the page links to it.
func TestDidYouMean(t *testing.T) {
	h := newTestHandler(t)
	var res, right apiSearch
	getJSON(t, h, q("/api/search", "q", "العراق", "source", "jawhra fm"), &res)
	getJSON(t, h, q("/api/search", "q", "العراق", "source", "Jawhara FM"), &right)
	if res.Total != 0 || len(res.DidYouMean) != 1 || res.DidYouMean[0].Field != "source" || res.DidYouMean[0].Value != "jawhra fm" ||
		!slices.Equal(res.DidYouMean[0].Closest, []string{"Jawhara FM"}) {
		t.Errorf("source=jawhra fm: %d hits, did_you_mean %+v", res.Total, res.DidYouMean)
	}
	if right.Total == 0 || right.DidYouMean == nil || len(right.DidYouMean) != 0 {
		t.Errorf("source=Jawhara FM: %d hits, did_you_mean %v; want hits and []", right.Total, right.DidYouMean)
	}
	_, body := get(t, h, "GET", q("/", "q", "العراق", "source", "jawhra fm"))
	link := `href="` + q("/", "q", "العراق", "source", "Jawhara FM") + `"`
	if !strings.Contains(body, `class="did-you-mean"`) || !strings.Contains(body, "«<bdi>jawhra fm</bdi>»") || !strings.Contains(html.UnescapeString(body), link) {
		t.Errorf("the page for source=jawhra fm does not link to Jawhara FM (%s)\n%s", link, regexp.MustCompile(`<p class="did-you-mean">.*`).FindString(body))
	}
	// Typed in the query: the link corrects the query.
	_, body = get(t, h, "GET", q("/", "q", `العراق OR "jawhra fm" source:"jawhra fm"`))
	link = `href="` + q("/", "q", `العراق OR "jawhra fm" source:"Jawhara FM"`) + `"`
	if !strings.Contains(html.UnescapeString(body), link) {
		t.Errorf("the page for source:\"jawhra fm\" does not link to %s\n%s", link, regexp.MustCompile(`<p class="did-you-mean">.*`).FindString(body))
	}
	// Browsing: the same line, and no empty quotes for the missing query.
	_, body = get(t, h, "GET", q("/", "source", "jawhra fm"))
	if !strings.Contains(body, `class="did-you-mean"`) || strings.Contains(body, "«<bdi></bdi>»") {
		t.Errorf("the page browsing source=jawhra fm: %s", regexp.MustCompile(`<div id="results"[^\n]*\n.*`).FindString(body))
	}
}
