package web

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/arsearch/arsearch/search"
)

// facetCounts returns the counts of the facet links of a search page:
// label -> count, and the labels of the chosen values.
func facetCounts(t *testing.T, body string) (counts map[string]int, chosen []string) {
	t.Helper()
	re := regexp.MustCompile(`<li( class="current")?><a href="[^"]*"[^>]*><span class="box" aria-hidden="true">.</span> <bdi>([^<]*)</bdi>(?:<span class="vh"> \(مختار\)</span>)?</a> <span class="n">(\d+)</span>`)
	counts = map[string]int{}
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[3])
		label := html.UnescapeString(m[2])
		counts[label] = n
		if m[1] != "" {
			chosen = append(chosen, label)
		}
	}
	return counts, chosen
}

// TestMultiSelectFacets: choosing a category keeps the other categories
// listed with their counts; following a second one's link adds it (OR),
// and the total is the sum; the chosen ones are marked and their links
// remove them. Everything is a plain link: no script needed.
func TestMultiSelectFacets(t *testing.T) {
	h := newTestHandler(t)
	const query = "في"
	_, body := get(t, h, "GET", q("/", "q", query))
	before, _ := facetCounts(t, body)
	links := facetLinks(t, body)
	var cats []string
	for label, href := range links {
		if strings.Contains(href, "category=") {
			cats = append(cats, label)
		}
	}
	if len(cats) < 3 {
		t.Fatalf("%d category values for %q, want at least 3: %v", len(cats), query, before)
	}
	a, b := cats[0], cats[1]

	_, body = get(t, h, "GET", links[a])
	counts, chosen := facetCounts(t, body)
	if strings.Join(chosen, "|") != a {
		t.Errorf("chosen values %q, want only %q", chosen, a)
	}
	for _, c := range cats {
		if counts[c] != before[c] {
			t.Errorf("after choosing %s, %s counts %d; unfiltered it was %d", a, c, counts[c], before[c])
		}
	}
	wantNeedles(t, body, fmt.Sprintf(`<b id="total">%d</b>`, before[a]))

	second := facetLinks(t, body)[b]
	if u := html.UnescapeString(second); !strings.Contains(u, "category="+a) && !strings.Contains(u, "category="+strings.ReplaceAll(a, " ", "+")) {
		t.Fatalf("the link of %s, %q, drops the chosen %s", b, u, a)
	}
	res, body := get(t, h, "GET", second)
	wantStatus(t, res, body, http.StatusOK)
	_, chosen = facetCounts(t, body)
	if len(chosen) != 2 {
		t.Errorf("chosen values %q, want %s and %s", chosen, a, b)
	}
	wantNeedles(t, body, fmt.Sprintf(`<b id="total">%d</b>`, before[a]+before[b]), `aria-current="true"`)
	// The chosen value's link removes it again.
	back := facetLinks(t, body)[b]
	if _, body = get(t, h, "GET", back); !strings.Contains(body, fmt.Sprintf(`<b id="total">%d</b>`, before[a])) {
		t.Errorf("removing %s did not go back to the %d hits of %s", b, before[a], a)
	}
}

// TestPastLastPage: a page after the last says how many results there
// are and links to the last page, which has hits.
func TestPastLastPage(t *testing.T) {
	h := newTestHandler(t)
	res, body := get(t, h, "GET", q("/", "q", "العراق سوريا", "page", "50"))
	wantStatus(t, res, body, http.StatusOK)
	wantNeedles(t, body, "لا نتائج في هذه الصفحة", `id="last-page"`)
	if strings.Contains(body, "تأكد من الإملاء") {
		t.Error("past the last page, the page blames the spelling")
	}
	m := regexp.MustCompile(`<a id="last-page" href="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no link to the last page")
	}
	_, last := get(t, h, "GET", html.UnescapeString(m[1]))
	if !strings.Contains(last, `<ol id="results"`) {
		t.Errorf("the last page %s has no results", m[1])
	}
}

// TestUntitled: an article without a title is a link with its opening
// words, in the results and on its own page.
func TestUntitled(t *testing.T) {
	h := newTestHandler(t)
	_, body := get(t, h, "GET", q("/", "q", "الزيتون إدلب"))
	wantNeedles(t, body, `<a href="/article/untitled-1?`, `<bdi class="untitled">بدأ المزارعون في ريف إدلب`)
	_, body = get(t, h, "GET", "/article/untitled-1")
	wantNeedles(t, body, `<h1 id="title"><bdi class="untitled">بدأ المزارعون`, "<title>بدأ المزارعون")
}

// TestCategoryLabels: with labels, categories show their Arabic names;
// links still carry the codes; a code without a label shows as it is.
func TestCategoryLabels(t *testing.T) {
	labels, err := ParseLabels("labels.txt", strings.NewReader("# ANT\ninternationalNews = أخبار دولية\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := New(search.Engine{Index: newTestIndex(t)}, Options{Labels: labels})
	_, body := get(t, h, "GET", q("/", "q", "العراق سوريا"))
	wantNeedles(t, body, `<span class="category"><bdi>أخبار دولية</bdi></span>`)
	href, ok := facetLinks(t, body)["أخبار دولية"]
	if !ok || !strings.Contains(href, "category=internationalNews") {
		t.Errorf("facet link of أخبار دولية = %q, want category=internationalNews", href)
	}
	_, body = get(t, h, "GET", href)
	wantNeedles(t, body, "القسم: أخبار دولية")
	if _, body = get(t, h, "GET", q("/", "q", "في")); !strings.Contains(body, "<bdi>localNews</bdi>") {
		t.Error("a category without a label is not shown by its code")
	}
}

func TestParseLabels(t *testing.T) {
	for _, tt := range []struct{ name, in, err string }{
		{"no equals", "internationalNews أخبار دولية\n", "line 1: want code = label"},
		{"empty label", "# c\n\nsport = \n", "line 3: want code = label"},
		{"twice", "sport = رياضة\nsport = الرياضة\n", "line 2: sport is given twice"},
		{"bad UTF-8", "sport = \xff\n", "line 1: invalid UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLabels("labels.txt", strings.NewReader(tt.in))
			if err == nil || err.Error() != "labels.txt: "+tt.err {
				t.Errorf("ParseLabels(%q) = %v, want labels.txt: %s", tt.in, err, tt.err)
			}
		})
	}
	got, err := ParseLabels("l", strings.NewReader(" sport=رياضة \r\nlocalNews = أخبار محلية = تونس\n"))
	if err != nil || got["sport"] != "رياضة" || got["localNews"] != "أخبار محلية = تونس" || len(got) != 2 {
		t.Errorf("ParseLabels = %v, %v", got, err)
	}
}

// FuzzParseLabels: no panic; what it returns is trimmed, non-empty,
// valid UTF-8 and free of line breaks.
func FuzzParseLabels(f *testing.F) {
	f.Add("internationalNews = أخبار دولية\n# c\nsport=رياضة")
	f.Add("=\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ParseLabels("f", strings.NewReader(in))
		if err != nil {
			return
		}
		for k, v := range got {
			for _, s := range []string{k, v} {
				if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s, "\n\r") {
					t.Fatalf("ParseLabels(%q): entry %q = %q", in, k, v)
				}
			}
		}
	})
}

// TestFacetCase: a source typed in another case is the facet value it
// matches: chosen, listed once, and its link removes it.
func TestFacetCase(t *testing.T) {
	h := newTestHandler(t)
	_, body := get(t, h, "GET", q("/", "q", "العراق", "source", "jawhara fm"))
	counts, chosen := facetCounts(t, body)
	if strings.Join(chosen, "|") != "Jawhara FM" {
		t.Errorf("chosen %q, want Jawhara FM", chosen)
	}
	if _, ok := counts["jawhara fm"]; ok {
		t.Error("the value as typed is listed beside the indexed one")
	}
	back, ok := facetLinks(t, body)["Jawhara FM"]
	if !ok || strings.Contains(back, "source=") {
		t.Errorf("the chosen value's link %q (listed: %v) keeps the filter", back, ok)
	}
}

// TestAPISuggest: completions of the last word typed, as written in a
// title, and titles; nothing for a one-letter word or no q.
func TestAPISuggest(t *testing.T) {
	h := newTestHandler(t)
	var s struct {
		Words  []string
		Titles []struct{ ID, Title string }
	}
	getJSON(t, h, q("/api/suggest", "q", "تطور العلا"), &s)
	if len(s.Words) == 0 || !strings.HasPrefix(s.Words[0], "العلا") || len(s.Titles) == 0 {
		t.Errorf("suggest تطور العلا = %+v", s)
	}
	for _, target := range []string{q("/api/suggest", "q", "ع"), "/api/suggest"} {
		res, body := get(t, h, "GET", target)
		wantStatus(t, res, body, http.StatusOK)
		if strings.TrimSpace(body) != `{"words":[],"titles":[]}` {
			t.Errorf("%s = %s, want nothing", target, body)
		}
	}
}
