package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// seedID is the id article.Walk gives the seed article in testdata.
const seedID = "testdata/enab-baladi-syria-iraq.txt"

// hostile articles try to break out of the page.
var hostile = []article.Article{
	{
		ID:       "hostile-1",
		Title:    `<script>alert(1)</script> العراق "onerror=alert(2)`,
		Body:     "سوريا <img src=x onerror=alert(3)> والعراق\n\"><script>alert(4)</script> 'onerror='alert(5)",
		Source:   `Evil"><script>alert(6)</script>`,
		Category: `cat"onmouseover="alert(7)`,
		URL:      "javascript:alert(8)",
		Date:     time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC),
	},
	{
		ID:     "hostile/2 <b>&\"",
		Title:  "عنوان </bdi></mark><script>alert(9)</script>",
		Body:   "نص عن العراق <mark>ليس</mark> تظليلًا & لا شيء آخر",
		Source: "مصدر & <آخر>",
		Date:   time.Date(2016, 6, 1, 0, 0, 0, 0, time.UTC),
	},
}

// untitledArticle has no title: the page shows its opening words.
var untitledArticle = article.Article{
	ID:     "untitled-1",
	Body:   "بدأ المزارعون في ريف إدلب قطف الزيتون مبكرًا هذا الموسم بسبب الجفاف، وقال أحدهم إن المحصول أقل من نصف ما كان عليه في العام الماضي.",
	Source: "عنب بلدي",
	Date:   time.Date(2015, 10, 20, 0, 0, 0, 0, time.UTC), // not the newest: TestAPISourceCase takes the newest
}

var (
	testIndexOnce sync.Once
	testIndex     *index.Index
	testIndexErr  error
)

// newTestIndex returns an in-memory index of testdata (the seed article,
// a sample of the ANT corpus) and the hostile articles, built once.
func newTestIndex(t testing.TB) *index.Index {
	t.Helper()
	testIndexOnce.Do(func() {
		ctx := context.Background()
		var arts []article.Article
		err := article.Walk(ctx, "testdata", func(it article.Item) error {
			if it.Err != nil {
				return it.Err
			}
			arts = append(arts, it.Article)
			return nil
		})
		if err != nil {
			testIndexErr = err
			return
		}
		if len(arts) < 10 {
			testIndexErr = fmt.Errorf("testdata: %d articles, want at least 10", len(arts))
			return
		}
		arts = append(arts, hostile...)
		arts = append(arts, untitledArticle)
		ix, err := index.NewMemory()
		if err != nil {
			testIndexErr = err
			return
		}
		testIndex, testIndexErr = ix, ix.Add(ctx, arts...)
	})
	if testIndexErr != nil {
		t.Fatal(testIndexErr)
	}
	return testIndex
}

func newTestHandler(t testing.TB) http.Handler {
	return New(search.Engine{Index: newTestIndex(t)}, Options{Title: "arsearch test", MaxPageSize: 50})
}

// get runs one request through h and returns the response and its body.
func get(t *testing.T, h http.Handler, method, target string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// q builds a URL with query parameters given as key, value pairs.
func q(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

func wantStatus(t *testing.T, res *http.Response, body string, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body:\n%s", res.Request.Method, res.Request.URL, res.StatusCode, want, clip(body))
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// stripTags removes the markup (<mark>, <bdi>) from a page, leaving the
// text escaped.
func stripTags(body string) string {
	return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, "")
}

// wantNeedles checks that body contains each needle.
func wantNeedles(t *testing.T, body string, needles ...string) {
	t.Helper()
	for _, n := range needles {
		if !strings.Contains(body, n) {
			t.Errorf("body lacks %q; body:\n%s", n, clip(body))
		}
	}
}

func TestHomePage(t *testing.T) {
	h := newTestHandler(t)
	res, body := get(t, h, "GET", "/")
	wantStatus(t, res, body, http.StatusOK)
	wantNeedles(t, body,
		`<html lang="ar" dir="rtl">`,
		`<meta name="viewport"`,
		`<input id="q" name="q" type="search" value=""`,
		`<button type="submit">`,
		`<details id="help" open>`,
		"title:", "source:", "category:", `"وزير الخارجية"`, "+دمشق -بغداد",
		`<link rel="stylesheet" href="/static/style.css">`,
		`<title>arsearch test</title>`,
	)
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	for _, bad := range []string{"http://", "https://", "<style", "style=", "onclick", "<script>"} {
		if strings.Contains(body, bad) {
			t.Errorf("home page has %q: no external resources, inline script or style allowed", bad)
		}
	}
}

func TestSearchPage(t *testing.T) {
	h := newTestHandler(t)
	res, body := get(t, h, "GET", q("/", "q", "العراق سوريا"))
	wantStatus(t, res, body, http.StatusOK)
	wantNeedles(t, body,
		`value="العراق سوريا"`, // the box keeps the query
		`<title>العراق سوريا — arsearch test</title>`,
		`<ol id="results" start="1"`,
		`href="/article/`+seedID+`?q=`, // links to the article page
		`<mark>`, "<bdi>", `<span class="source"><bdi>عنب بلدي</bdi></span>`,
		`id="total"`, "ملّي ثانية",
		`<section class="facet">`,
	)
	// The seed's title, perhaps with marks in it.
	wantNeedles(t, stripTags(body), "تطوير العلاقات.. محور اتصال سوري- عراقي")
	// The matched words are marked in the original text.
	marks := regexp.MustCompile(`<mark>([^<]*)</mark>`).FindAllStringSubmatch(body, -1)
	if len(marks) == 0 {
		t.Fatal("no <mark> in the results")
	}
	for _, m := range marks {
		if !strings.Contains(m[1], "عراق") && !strings.Contains(m[1], "سوري") {
			t.Errorf("marked %q, which is neither العراق nor سوريا", m[1])
		}
	}
	// Snippets cut out of a longer body say so.
	if !strings.Contains(body, "<bdi>…") && !strings.Contains(body, "…</bdi>") {
		t.Error("no snippet shows a cut with …")
	}
}

func TestSearchHitMetadata(t *testing.T) {
	h := newTestHandler(t)
	_, body := get(t, h, "GET", q("/", "q", "title:غوانتنامو"))
	wantNeedles(t, body,
		`<a href="/article/JA-localNews-1442-20170218?q=title%3A%D8%BA`,
		`<span class="category"><bdi>localNews</bdi></span>`,
		`<time datetime="2017-02-18">2017-02-18</time>`,
		`rel="noopener noreferrer nofollow">المصدر الأصلي</a>`,
		`<b id="total">1</b>`,
	)
}

func TestNoResults(t *testing.T) {
	h := newTestHandler(t)
	res, body := get(t, h, "GET", q("/", "q", "كلمةغيرموجودةأبدا"))
	wantStatus(t, res, body, http.StatusOK)
	wantNeedles(t, body, `<div id="results" class="empty"`, "لا نتائج", `<b id="total">0</b>`, `<details id="help">`)
}

// facetLinks returns the facet links of a search page: label -> href.
func facetLinks(t *testing.T, body string) map[string]string {
	t.Helper()
	re := regexp.MustCompile(`<li(?: class="current")?><a href="([^"]*)"[^>]*><span class="box" aria-hidden="true">.</span> <bdi>([^<]*)</bdi>(?:<span class="vh"> \(مختار\)</span>)?</a> <span class="n">(\d+)</span>`)
	out := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out[html.UnescapeString(m[2])] = html.UnescapeString(m[1])
	}
	return out
}

func TestFacets(t *testing.T) {
	h := newTestHandler(t)
	_, body := get(t, h, "GET", q("/", "q", "العراق سوريا"))
	links := facetLinks(t, body)
	for _, want := range []string{"عنب بلدي", "Jawhara FM", "internationalNews", "2017", "2016"} {
		if _, ok := links[want]; !ok {
			t.Errorf("no facet link for %q; have %v", want, links)
		}
	}

	t.Run("source", func(t *testing.T) {
		href := links["عنب بلدي"]
		if !strings.Contains(href, "source=") {
			t.Fatalf("source link %q has no source=", href)
		}
		res, body := get(t, h, "GET", href)
		wantStatus(t, res, body, http.StatusOK)
		wantNeedles(t, body, `<b id="total">1</b>`, seedID, `<ul id="active" class="chips"`, "المصدر: عنب بلدي")
		if strings.Contains(body, "JA-") {
			t.Error("the source filter lets Jawhara FM articles through")
		}
		// The chip removes the filter again.
		m := regexp.MustCompile(`<ul id="active" class="chips"[^>]*>\s*<li><a href="([^"]*)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no remove link")
		}
		if got := html.UnescapeString(m[1]); got != q("/", "q", "العراق سوريا") {
			t.Errorf("remove link = %q, want the unfiltered search", got)
		}
	})

	t.Run("combined", func(t *testing.T) {
		// Category and year together: both apply.
		_, body := get(t, h, "GET", links["internationalNews"])
		links2 := facetLinks(t, body)
		y, ok := links2["2017"]
		if !ok {
			t.Fatalf("no 2017 facet after the category filter: %v", links2)
		}
		if !strings.Contains(y, "category=internationalNews") || !strings.Contains(y, "from=2017-01-01") || !strings.Contains(y, "to=2017-12-31") {
			t.Fatalf("year link %q does not keep the category and add the year", y)
		}
		res, body := get(t, h, "GET", y)
		wantStatus(t, res, body, http.StatusOK)
		wantNeedles(t, body, "القسم: internationalNews", "التاريخ: 2017", "إزالة كل المرشّحات")
		var api apiSearch
		getJSON(t, h, "/api/search?"+strings.TrimPrefix(y, "/?"), &api)
		if api.Total == 0 {
			t.Fatal("no hits for category and year")
		}
		for _, hit := range api.Hits {
			if hit.Category != "internationalNews" || hit.Date.Year() != 2017 {
				t.Errorf("hit %s: category %s, date %s: outside the filters", hit.ID, hit.Category, hit.Date)
			}
		}
		// Within one year, dates are counted by month.
		months := facetLinks(t, body)
		found := false
		for label := range months {
			if strings.HasPrefix(label, "2017-0") {
				found = true
			}
		}
		if !found {
			t.Errorf("no month facets within 2017: %v", months)
		}
	})

	t.Run("two sources", func(t *testing.T) {
		var api apiSearch
		getJSON(t, h, q("/api/search", "q", "العراق", "source", "عنب بلدي", "source", "Jawhara FM"), &api)
		var one apiSearch
		getJSON(t, h, q("/api/search", "q", "العراق", "source", "عنب بلدي"), &one)
		if api.Total <= one.Total {
			t.Errorf("two sources give %d hits, one gives %d: want the values of one filter to be alternatives", api.Total, one.Total)
		}
	})
}

func TestPagination(t *testing.T) {
	h := newTestHandler(t)
	var all apiSearch
	getJSON(t, h, q("/api/search", "q", "العراق سوريا", "size", "50"), &all)
	if all.Total < 5 {
		t.Fatalf("total %d: the fixture should give at least 5 hits", all.Total)
	}
	var ids []string
	for page := 1; ; page++ {
		var p apiSearch
		getJSON(t, h, q("/api/search", "q", "العراق سوريا", "size", "2", "page", fmt.Sprint(page)), &p)
		if len(p.Hits) == 0 {
			break
		}
		if p.Page != page || p.Size != 2 || p.Total != all.Total {
			t.Fatalf("page %d: got page %d size %d total %d", page, p.Page, p.Size, p.Total)
		}
		for _, h := range p.Hits {
			ids = append(ids, h.ID)
		}
	}
	if len(ids) != len(all.Hits) {
		t.Fatalf("paging by 2 gave %d hits, one page of 50 gave %d", len(ids), len(all.Hits))
	}
	for i := range ids {
		if ids[i] != all.Hits[i].ID {
			t.Errorf("hit %d: paged %s, unpaged %s", i, ids[i], all.Hits[i].ID)
		}
	}

	_, body := get(t, h, "GET", q("/", "q", "العراق سوريا", "size", "2", "page", "2"))
	wantNeedles(t, body,
		`<ol id="results" start="3"`,
		`<nav id="pages"`,
		`<a rel="prev" href="/?q=`, `<a rel="next" href="/?page=3&amp;q=`,
		`<b aria-current="page">2</b>`,
		`<input type="hidden" name="size" value="2">`,
		"المعروض <b>3–4</b>",
	)
	// Past the last page: no hits, and a way back.
	res, body2 := get(t, h, "GET", q("/", "q", "العراق سوريا", "size", "2", "page", "40"))
	wantStatus(t, res, body2, http.StatusOK)
	wantNeedles(t, body2, "لا نتائج في هذه الصفحة", fmt.Sprintf(`<a rel="prev" href="/?page=%d&amp;q=`, (all.Total+1)/2))
	// Page links keep the size and drop page=1.
	if !strings.Contains(body, `size=2`) || strings.Contains(body, `page=1&`) {
		t.Error("page links do not keep size=2, or spell out page=1")
	}
}

func TestSort(t *testing.T) {
	h := newTestHandler(t)
	var res apiSearch
	getJSON(t, h, q("/api/search", "q", "العراق سوريا", "sort", "date", "size", "50"), &res)
	if res.Sort != "date" {
		t.Errorf("sort = %q, want date", res.Sort)
	}
	var last time.Time
	for i, hit := range res.Hits {
		if hit.Date.IsZero() {
			continue // undated articles come last
		}
		if i > 0 && !last.IsZero() && hit.Date.After(last) {
			t.Errorf("hit %d (%s) dated %s after %s: not newest first", i, hit.ID, hit.Date, last)
		}
		last = hit.Date
	}
	var rel apiSearch
	getJSON(t, h, q("/api/search", "q", "العراق سوريا", "size", "50"), &rel)
	if rel.Sort != "relevance" {
		t.Errorf("default sort = %q, want relevance", rel.Sort)
	}
	for i := 1; i < len(rel.Hits); i++ {
		if rel.Hits[i].Score > rel.Hits[i-1].Score {
			t.Errorf("hit %d scores %g above hit %d's %g", i, rel.Hits[i].Score, i-1, rel.Hits[i-1].Score)
		}
	}

	_, body := get(t, h, "GET", q("/", "q", "العراق سوريا", "sort", "date"))
	wantNeedles(t, body, `<b aria-current="true">الأحدث</b>`, `<input type="hidden" name="sort" value="date">`)
}

func TestArticlePage(t *testing.T) {
	h := newTestHandler(t)
	res, body := get(t, h, "GET", q("/article/"+seedID, "q", "العراق سوريا"))
	wantStatus(t, res, body, http.StatusOK)
	wantNeedles(t, body,
		`<h1 id="title"><bdi>`,
		`<title>تطوير العلاقات.. محور اتصال سوري- عراقي — arsearch test</title>`,
		`value="العراق سوريا"`,
		`<span class="source"><bdi>عنب بلدي</bdi></span>`,
		"<mark>العراق</mark>", "<mark>سوريا</mark>",
		`<p class="back"><a href="/?q=`,
	)
	paras := strings.Count(body, `<p dir="auto">`)
	if paras < 10 {
		t.Errorf("%d paragraphs, want the seed's paragraphs split on newlines", paras)
	}
	// Without q, nothing is marked.
	_, body = get(t, h, "GET", "/article/"+seedID)
	if strings.Contains(body, "<mark>") {
		t.Error("article without q has marks")
	}
	if strings.Contains(body, `class="back"`) {
		t.Error("article without q links back to a search")
	}
}

func TestArticleIDEscaping(t *testing.T) {
	h := newTestHandler(t)
	// The search page links to an article whose id has a slash and markup.
	_, body := get(t, h, "GET", q("/", "q", "تظليلًا"))
	m := regexp.MustCompile(`<a href="(/article/hostile[^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link to hostile/2:\n%s", clip(body))
	}
	href := html.UnescapeString(m[1])
	if !strings.HasPrefix(href, "/article/hostile/2%20%3Cb%3E&%22?q=") {
		t.Errorf("href = %q: want the id path-escaped, its slash kept", href)
	}
	res, body := get(t, h, "GET", href)
	wantStatus(t, res, body, http.StatusOK)
	wantNeedles(t, body, "<mark>تظليلًا</mark>")
	res, body = get(t, h, "GET", "/api"+href)
	wantStatus(t, res, body, http.StatusOK)
}

// TestEscapeID: an id's slashes stay in its URL unless the router would
// clean the path ("a/../b", "a//b"); then the whole id is escaped.
func TestEscapeID(t *testing.T) {
	for _, tt := range []struct{ id, want string }{
		{"news/2025/syria.txt", "news/2025/syria.txt"},
		{"أخبار/سوريا.txt", "%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7.txt"},
		{"arcd-0001", "arcd-0001"},
		{"a/../b", "a%2F..%2Fb"},
		{"a//b", "a%2F%2Fb"},
		{"/abs", "%2Fabs"},
		{"x?y#z", "x%3Fy%23z"},
	} {
		if got := escapeID(tt.id); got != tt.want {
			t.Errorf("escapeID(%q) = %q, want %q", tt.id, got, tt.want)
		}
		if back, err := url.PathUnescape(escapeID(tt.id)); err != nil || back != tt.id {
			t.Errorf("escapeID(%q) reads back as %q, %v", tt.id, back, err)
		}
	}
}

func getJSON(t *testing.T, h http.Handler, target string, v any) *http.Response {
	t.Helper()
	res, body := get(t, h, "GET", target)
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", target, ct)
	}
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("%s: %v\n%s", target, err, clip(body))
		}
	}
	return res
}

func TestAPISearch(t *testing.T) {
	h := newTestHandler(t)
	res, body := get(t, h, "GET", q("/api/search", "q", "العراق سوريا", "size", "3"))
	wantStatus(t, res, body, http.StatusOK)
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"query", "total", "took_ms", "page", "size", "sort", "terms", "hits", "facets"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	var r apiSearch
	getJSON(t, h, q("/api/search", "q", "العراق سوريا", "size", "3"), &r)
	if r.Query != "العراق سوريا" || r.Page != 1 || r.Size != 3 || len(r.Hits) != 3 || r.Total < 3 {
		t.Errorf("got query %q page %d size %d, %d hits of %d", r.Query, r.Page, r.Size, len(r.Hits), r.Total)
	}
	if r.Facets == nil || len(r.Facets.Sources) == 0 || len(r.Facets.Categories) == 0 || len(r.Facets.Dates) == 0 {
		t.Errorf("facets = %+v", r.Facets)
	}
	for _, hit := range r.Hits {
		if hit.ID == "" || hit.Title.Text == "" || hit.Score <= 0 || len(hit.Snippets) == 0 {
			t.Errorf("hit %+v: missing id, title, score or snippets", hit)
		}
		for _, sn := range hit.Snippets {
			for _, m := range sn.Marks {
				if m.Start < 0 || m.End > len(sn.Text) || m.Start >= m.End {
					t.Errorf("hit %s: mark %v out of its snippet", hit.ID, m)
				}
			}
		}
	}
	// The hit JSON has the index's field names.
	wantNeedles(t, body, `"snippets":[{"text":`, `"marks":[{"start":`, `"source":`, `"score":`, `"url":`)
}

func TestAPIArticle(t *testing.T) {
	h := newTestHandler(t)
	// Not search.Document: its embedded article.Article's UnmarshalJSON
	// would take over and drop the marks.
	var doc struct {
		ID, Title, Body, Source string
		Date                    time.Time
		TitleMarks              []search.Span `json:"title_marks"`
		BodyMarks               []search.Span `json:"body_marks"`
	}
	getJSON(t, h, q("/api/article/"+seedID, "q", "العراق"), &doc)
	if doc.ID != seedID || doc.Source != "عنب بلدي" || !strings.Contains(doc.Body, "\n") || !doc.Date.IsZero() {
		t.Errorf("got %+v", doc)
	}
	if len(doc.BodyMarks) == 0 {
		t.Fatal("no body marks")
	}
	for _, m := range doc.BodyMarks {
		if got := doc.Body[m.Start:m.End]; !strings.Contains(got, "عراق") {
			t.Errorf("mark %v is %q", m, got)
		}
	}
	res, body := get(t, h, "GET", "/api/article/"+seedID)
	wantStatus(t, res, body, http.StatusOK)
	wantNeedles(t, body, `"title_marks":[]`, `"body_marks":[]`)
}

func TestEscaping(t *testing.T) {
	h := newTestHandler(t)
	pages := []string{
		q("/", "q", "العراق سوريا", "size", "50"),
		q("/", "q", "onerror alert script"),
		q("/", "q", "العراق", "source", `Evil"><script>alert(6)</script>`),
		q("/", "q", "العراق", "category", `cat"onmouseover="alert(7)`),
		q("/article/hostile-1", "q", "العراق سوريا"),
		q("/article/hostile-1", "q", "onerror alert"),
		q("/article/" + url.PathEscape("hostile/2 <b>&\"")),
		q("/", "q", `<script>alert(10)</script>`),
		q("/", "q", `"<script>alert(11)`),
		q("/nosuchpage<script>", "q", `"><script>alert(12)</script>`),
	}
	tagRE := regexp.MustCompile(`(?i)<(script|img|b)\b[^>]*>`)
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			_, body := get(t, h, "GET", p)
			for _, m := range tagRE.FindAllString(body, -1) {
				if m != `<script src="/static/focus.js" defer>` && m != `<script src="/static/suggest.js" defer>` && m != `<b>` && !strings.HasPrefix(m, `<b id=`) && !strings.HasPrefix(m, `<b aria-current=`) {
					t.Errorf("unescaped tag %s", m)
				}
			}
			for _, bad := range []string{`onmouseover="alert`, `"onerror=`, `'onerror=`, "javascript:", "</mark><script>", "&amp;lt;"} {
				if strings.Contains(body, bad) {
					t.Errorf("body has %q", bad)
				}
			}
			if strings.Count(body, "<bdi>")+strings.Count(body, "<bdi ") != strings.Count(body, "</bdi>") || strings.Count(body, "<mark>") != strings.Count(body, "</mark>") {
				t.Error("unbalanced <bdi> or <mark>: a title closed them")
			}
		})
	}
	// The hostile text shows as text.
	_, body := get(t, h, "GET", q("/article/hostile-1", "q", "العراق"))
	wantNeedles(t, body,
		"&lt;script&gt;alert(1)&lt;/script&gt; <mark>العراق</mark> &#34;onerror=alert(2)",
		"&lt;img src=x onerror=alert(3)&gt;",
		"Evil&#34;&gt;&lt;script&gt;alert(6)&lt;/script&gt;",
	)
	// The JSON API escapes too (encoding/json escapes <, > and &).
	_, body = get(t, h, "GET", q("/api/search", "q", "العراق"))
	if strings.Contains(body, "<script>") {
		t.Error("the JSON API has a raw <script>")
	}
}

func TestBadRequests(t *testing.T) {
	h := newTestHandler(t)
	long := strings.Repeat("ا", search.MaxQueryBytes/2+1)
	tests := []struct {
		name   string
		params []string
		want   string // in the API's English message
		code   string // the API's code
		ar     string // in the page's Arabic message
		arg    string // the user's text, isolated in a <bdi>; "" none
	}{
		{"unbalanced quote", []string{"q", `"وزير الخارجية`}, "unbalanced quote", "unbalanced_quote", "علامة التنصيص", `"وزير الخارجية`},
		{"unknown field", []string{"q", "nosuchfield:x"}, "unknown field", "unknown_field", "اسم حقل غير معروف", "nosuchfield"},
		{"empty field", []string{"q", "title:"}, "no value", "empty_field", "بلا كلمة", ""},
		{"query too long", []string{"q", long}, "too long", "query_too_long", "أطول من المسموح", ""},
		{"size not a number", []string{"q", "العراق", "size", "ten"}, "size", "bad_size", "عدد النتائج في الصفحة", "ten"},
		{"size zero", []string{"q", "العراق", "size", "0"}, "size", "bad_size", "من 1 إلى 50", "0"},
		{"size too big", []string{"q", "العراق", "size", "51"}, "size", "bad_size", "من 1 إلى 50", "51"},
		{"page zero", []string{"q", "العراق", "page", "0"}, "page", "bad_page", "رقم الصفحة", "0"},
		{"page negative", []string{"q", "العراق", "page", "-3"}, "page", "bad_page", "رقم الصفحة", "-3"},
		{"page too far", []string{"q", "العراق", "page", "100000"}, "page", "bad_page", "رقم الصفحة", "100000"},
		{"page overflow", []string{"q", "العراق", "page", "99999999999999999999999"}, "page", "bad_page", "رقم الصفحة", "99999999999999999999999"},
		{"bad sort", []string{"q", "العراق", "sort", "random"}, "sort", "bad_sort", "طريقة الترتيب", "random"},
		{"bad from", []string{"q", "العراق", "from", "2017/01/01"}, "from", "bad_date", "تاريخ البداية", "2017/01/01"},
		{"bad to", []string{"q", "العراق", "to", "yesterday"}, "to", "bad_date", "تاريخ النهاية", "yesterday"},
		{"empty range", []string{"q", "العراق", "from", "2017-02-01", "to", "2017-01-01"}, "empty", "empty_date_range", "نطاق التاريخ فارغ", "2017-02-01 – 2017-01-01"},
		{"too many sources", manySources(maxFilterValues + 1), "too many", "too_many_filters", "«المصدر»", ""},
		{"only stop words", []string{"q", "، ؛"}, "no searchable words", "no_searchable_words", "لا كلمات", ""},
		{"unclosed parenthesis", []string{"q", "(العراق OR سوريا"}, "unbalanced parenthesis", "unclosed_parenthesis", "لم يُغلق", ""},
		{"stray parenthesis", []string{"q", "العراق)"}, "unbalanced parenthesis", "unopened_parenthesis", "لا يقابله", ""},
		{"operator first", []string{"q", "AND سوريا"}, "needs a word before it", "operator_without_word", "قبل AND أو OR", ""},
		{"operator last", []string{"q", "العراق OR"}, "at the end", "operator_at_end", "بعد AND أو OR أو NOT", ""},
	}
	latin := regexp.MustCompile(`[A-Za-z]{3,}`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, h, "GET", q("/", tt.params...))
			wantStatus(t, res, body, http.StatusBadRequest)
			wantNeedles(t, body, `<div id="error" class="error" role="alert">`, `<details id="help" open>`, tt.ar)
			if tt.name != "query too long" {
				wantNeedles(t, body, `id="q"`)
			}
			// The message is Arabic; the user's text sits in its own
			// <bdi>, so its quotes stay in order.
			m := regexp.MustCompile(`(?s)<div id="error"[^>]*>(.*?)</div>`).FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no error box")
			}
			box := m[1]
			if tt.arg != "" {
				wantNeedles(t, box, `«<bdi dir="auto" class="arg">`+html.EscapeString(tt.arg)+`</bdi>»`)
				box = strings.Replace(box, html.EscapeString(tt.arg), "", 1)
			}
			for _, w := range latin.FindAllString(stripTags(box), -1) {
				switch w {
				case "YYYY", "UTF", "title", "body", "source", "category", "relevance", "date", "AND", "NOT": // syntax the user types
				default:
					t.Errorf("English word %q in the page's message: %s", w, box)
				}
			}

			res, body = get(t, h, "GET", q("/api/search", tt.params...))
			wantStatus(t, res, body, http.StatusBadRequest)
			if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("API error Content-Type %q", ct)
			}
			var e struct{ Error, Code string }
			if err := json.Unmarshal([]byte(body), &e); err != nil || !strings.Contains(e.Error, tt.want) || e.Code != tt.code {
				t.Errorf("API error = %q (%v), want it to mention %q with code %q", body, err, tt.want, tt.code)
			}
		})
	}
	t.Run("api without q", func(t *testing.T) {
		res, body := get(t, h, "GET", "/api/search")
		wantStatus(t, res, body, http.StatusBadRequest)
		wantNeedles(t, body, `"error":"q: missing`, `"code":"missing_query"`)
	})
	t.Run("article with a malformed q", func(t *testing.T) {
		res, body := get(t, h, "GET", q("/article/"+seedID, "q", `"open`))
		wantStatus(t, res, body, http.StatusBadRequest)
		res, body = get(t, h, "GET", q("/api/article/"+seedID, "q", `"open`))
		wantStatus(t, res, body, http.StatusBadRequest)
		wantNeedles(t, body, `{"error":"query: unbalanced quote`)
	})
}

// manySources returns the parameters of a query with n distinct sources.
func manySources(n int) []string {
	kv := []string{"q", "العراق"}
	for i := range n {
		kv = append(kv, "source", fmt.Sprint("source ", i))
	}
	return kv
}

func TestNotFound(t *testing.T) {
	h := newTestHandler(t)
	for _, p := range []string{"/nosuch", "/article/nosuch", "/article/", "/static/nosuch.css", "/static/", "/static", "/search", "/index.html", "/api/", "/api/nosuch", "/api/article/nosuch", "/api/article/"} {
		t.Run(p, func(t *testing.T) {
			res, body := get(t, h, "GET", p)
			wantStatus(t, res, body, http.StatusNotFound)
			if strings.HasPrefix(p, "/api/") {
				var e struct{ Error string }
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
					t.Errorf("body %q: want a JSON error", body)
				}
			} else {
				wantNeedles(t, body, `<div id="error"`, "404")
			}
		})
	}
}

func TestMethods(t *testing.T) {
	h := newTestHandler(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"} {
		for _, p := range []string{"/", q("/", "q", "العراق"), "/api/search?q=x", "/article/" + seedID, "/static/style.css", "/nosuch"} {
			res, body := get(t, h, m, p)
			wantStatus(t, res, body, http.StatusMethodNotAllowed)
			if a := res.Header.Get("Allow"); a != "GET, HEAD" {
				t.Errorf("%s %s: Allow = %q", m, p, a)
			}
		}
	}
	res, body := get(t, h, "HEAD", q("/", "q", "العراق"))
	wantStatus(t, res, body, http.StatusOK)
	if body != "" {
		t.Errorf("HEAD has a body of %d bytes", len(body))
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := newTestHandler(t)
	for _, p := range []string{"/", q("/", "q", "العراق"), q("/", "q", `"bad`), "/nosuch", "/article/" + seedID, "/api/search?q=x", "/api/nosuch", "/static/style.css"} {
		for _, m := range []string{"GET", "POST"} {
			res, _ := get(t, h, m, p)
			csp := res.Header.Get("Content-Security-Policy")
			for _, d := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, d) {
					t.Errorf("%s %s: CSP %q lacks %q", m, p, csp, d)
				}
			}
			if strings.Contains(csp, "unsafe") {
				t.Errorf("CSP %q allows unsafe code", csp)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s %s: X-Content-Type-Options = %q", m, p, got)
			}
			if got := res.Header.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("%s %s: Referrer-Policy = %q", m, p, got)
			}
		}
	}
}

func TestStatic(t *testing.T) {
	h := newTestHandler(t)
	for name, ctype := range map[string]string{"style.css": "text/css; charset=utf-8", "focus.js": "text/javascript; charset=utf-8"} {
		res, body := get(t, h, "GET", "/static/"+name)
		wantStatus(t, res, body, http.StatusOK)
		if got := res.Header.Get("Content-Type"); got != ctype {
			t.Errorf("%s: Content-Type %q, want %q", name, got, ctype)
		}
		etag := res.Header.Get("ETag")
		if etag == "" || len(body) == 0 {
			t.Fatalf("%s: ETag %q, %d bytes", name, etag, len(body))
		}
		req := httptest.NewRequest("GET", "/static/"+name, nil)
		req.Header.Set("If-None-Match", etag)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: %d, want 304", name, rec.Code)
		}
	}
	// The page references only static files that exist.
	_, body := get(t, h, "GET", "/")
	for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1) {
		if res, _ := get(t, h, "GET", m[1]); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", m[1], res.StatusCode)
		}
	}
}

// fakeSearcher answers with fixed errors.
type fakeSearcher struct{ err error }

func (f fakeSearcher) Search(context.Context, search.Request) (*search.Result, error) {
	return nil, f.err
}

func (f fakeSearcher) Article(context.Context, string, string) (*search.Document, error) {
	return nil, f.err
}

func TestSearcherFailures(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
	}{
		{"failure", errors.New("disk on fire at /secret/path"), http.StatusInternalServerError},
		{"timeout", fmt.Errorf("search: %w", context.DeadlineExceeded), http.StatusServiceUnavailable},
		{"not found", fmt.Errorf("article %q: %w", "x", index.ErrNotFound), http.StatusNotFound},
		{"nil result", nil, http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logged strings.Builder
			h := New(fakeSearcher{tt.err}, Options{Logger: slog.New(slog.NewTextHandler(&logged, nil))})
			for _, p := range []string{q("/", "q", "العراق"), q("/api/search", "q", "العراق"), "/article/x", "/api/article/x"} {
				res, body := get(t, h, "GET", p)
				if tt.name == "not found" && strings.Contains(p, "search") {
					continue
				}
				wantStatus(t, res, body, tt.status)
				if strings.Contains(body, "secret") || strings.Contains(body, "goroutine") {
					t.Errorf("%s: the body shows the internal error: %s", p, body)
				}
			}
			if tt.status == http.StatusInternalServerError && !strings.Contains(logged.String(), "level=ERROR") {
				t.Errorf("the failure was not logged: %q", logged.String())
			}
		})
	}
}

// spans makes marks from start, end pairs.
func spans(se ...int) []search.Span {
	var out []search.Span
	for i := 0; i+1 < len(se); i += 2 {
		out = append(out, search.Span{Start: se[i], End: se[i+1]})
	}
	return out
}

func TestMarkedHTML(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		marks []search.Span
		want  string
	}{
		{"none", "العراق وسوريا", nil, "العراق وسوريا"},
		{"one", "العراق وسوريا", spans(0, 12), "<mark>العراق</mark> وسوريا"},
		{"two", "العراق وسوريا", spans(0, 12, 13, 25), "<mark>العراق</mark> <mark>وسوريا</mark>"},
		{"escaped", `<b>&"'</b> العراق`, spans(11, 23), "&lt;b&gt;&amp;&#34;&#39;&lt;/b&gt; <mark>العراق</mark>"},
		{"escaped inside a mark", `a<b>c`, spans(1, 4), "a<mark>&lt;b&gt;</mark>c"},
		{"out of range", "abc", spans(1, 9), "abc"},
		{"negative", "abc", spans(-1, 2), "abc"},
		{"empty", "abc", spans(1, 1), "abc"},
		{"overlap", "abcdef", spans(0, 3, 2, 5), "<mark>abc</mark>def"},
		{"unsorted", "abcdef", spans(3, 4, 0, 1), "abc<mark>d</mark>ef"},
		{"mid-rune start", "العراق", spans(1, 4), "العراق"},
		{"mid-rune end", "العراق", spans(0, 3), "العراق"},
		{"whole", "ab", spans(0, 2), "<mark>ab</mark>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(markedHTML(search.Snippet{Text: tt.text, Marks: tt.marks})); got != tt.want {
				t.Errorf("markedHTML(%q, %v) = %q, want %q", tt.text, tt.marks, got, tt.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	body := "العراق أولًا\n\nثم سوريا\nآخر"
	i := strings.Index(body, "سوريا")
	got := paragraphs(body, spans(0, 12, i, i+len("سوريا")))
	if len(got) != 3 {
		t.Fatalf("%d paragraphs, want 3: %+v", len(got), got)
	}
	want := []string{"<mark>العراق</mark> أولًا", "ثم <mark>سوريا</mark>", "آخر"}
	for i, p := range got {
		if h := string(markedHTML(p)); h != want[i] {
			t.Errorf("paragraph %d = %q, want %q", i, h, want[i])
		}
	}
}

func TestDateLabel(t *testing.T) {
	for _, tt := range []struct{ from, to, want string }{
		{"2017-01-01", "2017-12-31", "2017"},
		{"2017-03-01", "2017-03-31", "2017-03"},
		{"2016-02-01", "2016-02-29", "2016-02"},
		{"2017-03-02", "2017-03-31", "2017-03-02 – 2017-03-31"},
		{"2017-03-02", "", "منذ 2017-03-02"},
		{"", "2017-03-31", "حتى 2017-03-31"},
	} {
		if got := dateLabel(tt.from, tt.to); got != tt.want {
			t.Errorf("dateLabel(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, newTestHandler(t), nil) }()

	res, err := http.Get("http://" + ln.Addr().String() + "/?q=" + url.QueryEscape("العراق"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `id="results"`) {
		t.Fatalf("status %d:\n%s", res.StatusCode, clip(string(body)))
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}
