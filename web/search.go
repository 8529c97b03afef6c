package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// chrome is what every page shows around its content: the titles and the
// search form.
type chrome struct {
	SiteTitle string
	PageTitle string
	Query     string // the text of the search box
	Sort      string // kept in the form when not the default
	Size      int    // kept in the form when not the default; 0 otherwise
	Plain     bool   // plain=1 kept in the form: the query is plain words
	SkipHref  string // the skip link's target: the results, else the main content
	SkipLabel string
}

// chrome fills the page frame from r's parameters, loosely: a page that
// reports a bad parameter still keeps the query in the search box.
func (srv *server) chrome(r *http.Request, pageTitle string) chrome {
	v := r.URL.Query()
	c := chrome{SiteTitle: srv.title, PageTitle: pageTitle, Query: strings.TrimSpace(v.Get("q")),
		SkipHref: "#main", SkipLabel: "تخطَّ إلى المحتوى"}
	if len(c.Query) > search.MaxQueryBytes {
		c.Query = search.Excerpt(c.Query)
	}
	if v.Get("sort") == search.SortDate {
		c.Sort = search.SortDate
	}
	if n, err := strconv.Atoi(v.Get("size")); err == nil && n >= 1 && n <= srv.maxPageSize && n != defaultPageSize {
		c.Size = n
	}
	c.Plain = v.Get("plain") == "1" || v.Get("plain") == "true"
	return c
}

// searchPage is the data of search.html.
type searchPage struct {
	chrome
	Error    string // the user's mistake in Arabic, shown above the help
	ErrorArg string // the user's text it is about, shown isolated
	Searched bool   // a search ran (Error is empty)
	Total    uint64
	TookMS   string
	First    int    // 1-based number of the first hit shown
	Shown    string // "11–20" when not every hit is on the page
	Hits     []hitView
	Sorts    []link
	Facets   []facetGroup
	Active   []link // the filters in use; Href removes one
	Clear    string // removes every filter; "" when there is none
	Pager    pager
	PastEnd  bool // a page after the last one: hits exist, none on it
	labels   map[string]string
	// Corrected is the query searched instead of one with typos, Also the
	// other spellings searched beside words typed, and Exact the link that
	// searches the words as typed.
	Corrected, Exact string
	Also             []search.Correction
	// DidYouMean has the filters no article has, with links to the
	// closest values the index has.
	DidYouMean []filterHint
}

// filterHint is a source or category filter that no article has, and
// links that put the closest values the index has in its place.
type filterHint struct {
	What  string // "من المصدر" or "في القسم"
	Value string
	Links []link
}

// Label is the display name of a category code: its Arabic name when the
// labels give one, else the code.
func (p searchPage) Label(code string) string {
	if l, ok := p.labels[code]; ok {
		return l
	}
	return code
}

// hitView is a hit with its links.
type hitView struct {
	search.Hit
	Href     string // the article page
	Original string // the article's own address, when it is a web URL
	Fallback string // the opening words of the body, when the title is empty
}

// link is a labelled URL, with a count for facets.
type link struct {
	Label   string
	Href    string
	Count   int
	Current bool
}

// facetGroup is one kind of filter with its values.
type facetGroup struct {
	Name  string // source, category or date: for ids
	Title string
	Links []link
}

// pager links to the neighbouring pages of results.
type pager struct {
	Prev, Next string
	Pages      []link
	Last       int    // the number of the last page
	LastHref   string // the last page
	FirstHref  string // the first page
}

func (srv *server) handleSearch(w http.ResponseWriter, r *http.Request) {
	page := searchPage{chrome: srv.chrome(r, ""), labels: srv.labels}
	p, err := srv.parseParams(r)
	if err == nil && p.Query == "" && !p.browsing() {
		srv.render(w, r, http.StatusOK, "search.html", page)
		return
	}
	var res *search.Result
	if err == nil {
		res, err = srv.search(r.Context(), p)
	}
	if err != nil {
		pr := srv.classify(r, err)
		if pr.status != http.StatusBadRequest {
			srv.fail(w, r, pr)
			return
		}
		page.PageTitle, page.Error, page.ErrorArg = page.Query, pr.ar, pr.arg
		srv.render(w, r, pr.status, "search.html", page)
		return
	}
	srv.fillResults(&page, p, res)
	srv.render(w, r, http.StatusOK, "search.html", page)
}

// search runs the search of p with a deadline, once admitted (admit.go).
func (srv *server) search(ctx context.Context, p params) (*search.Result, error) {
	release, err := srv.admission.admit(ctx, p)
	if err != nil {
		return nil, err
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	res, err := srv.s.Search(ctx, p.request())
	if err == nil && res == nil {
		err = errors.New("the searcher returned no result and no error")
	}
	return res, err
}

// fillResults puts the result of p into page.
func (srv *server) fillResults(page *searchPage, p params, res *search.Result) {
	page.PageTitle = p.Query
	if p.Query == "" {
		page.PageTitle = "الأحدث"
	}
	page.Searched = true
	page.Total = res.Total
	page.TookMS = tookMS(res.Took)
	page.First = (p.Page-1)*p.Size + 1
	if last := page.First + len(res.Hits) - 1; uint64(len(res.Hits)) < res.Total && last >= page.First {
		page.Shown = fmt.Sprintf("%d–%d", page.First, last)
	}
	marks := p.Query // the article page marks the words searched, corrected ones included
	if res.Corrected != "" {
		marks = res.Corrected
	}
	for _, c := range res.Corrections {
		if c.Also {
			marks += " " + c.To
			page.Also = append(page.Also, c)
		}
	}
	page.DidYouMean = filterHints(p, res.DidYouMean, page.Label)
	for _, h := range res.Hits {
		v := hitView{Hit: h, Href: articleHref(h.ID, marks), Original: safeURL(h.URL)}
		if strings.TrimSpace(h.Title.Text) == "" {
			v.Title.Text = ""
			v.Fallback = untitled(h.Lead)
		}
		page.Hits = append(page.Hits, v)
	}
	if len(res.Hits) > 0 {
		page.SkipHref, page.SkipLabel = "#results", "تخطَّ إلى النتائج"
	}
	page.Sorts = []link{
		{Label: "الأكثر صلة", Href: p.with(func(c *params) { c.Sort = "" }), Current: p.Sort == ""},
		{Label: "الأحدث", Href: p.with(func(c *params) { c.Sort = search.SortDate }), Current: p.Sort == search.SortDate},
	}
	page.Facets, page.Active = facets(p, res.Facets, page.Label)
	if p.filtered() {
		page.Clear = p.with(func(c *params) { c.Sources, c.Categories, c.From, c.To = nil, nil, "", "" })
	}
	page.Pager = makePager(p, res.Total)
	page.PastEnd = len(res.Hits) == 0 && res.Total > 0
	if len(res.Corrections) > 0 {
		page.Corrected = res.Corrected
		page.Exact = p.with(func(c *params) { c.Exact = true })
	}
}

// filterHints are the links of the page for the filter values no article
// has: each closest value in the place of the one given.
func filterHints(p params, unknown []search.FilterSuggestion, label func(string) string) []filterHint {
	var out []filterHint
	for _, u := range unknown {
		h := filterHint{What: "من المصدر", Value: u.Value}
		if u.Field == index.FieldCategory {
			h.What = "في القسم"
		}
		for _, c := range u.Closest {
			shown := c
			if u.Field == index.FieldCategory {
				shown = label(c)
			}
			h.Links = append(h.Links, link{Label: shown, Href: p.with(func(q *params) {
				if u.InQuery {
					// Typed as source:… in the query: corrected there.
					q.Query = replaceClause(q.Query, u.Field, u.Value, c)
					return
				}
				vals := &q.Sources
				if u.Field == index.FieldCategory {
					vals = &q.Categories
				}
				*vals = slices.Clone(*vals)
				for i, v := range *vals {
					if v == u.Value {
						(*vals)[i] = c
					}
				}
			})})
		}
		out = append(out, h)
	}
	return out
}

// replaceClause returns query with its clause field:value (quoted or not)
// given the value to instead, and query as it is when it has no such
// clause.
func replaceClause(query, field, value, to string) string {
	for _, form := range []string{field + `:"` + value + `"`, field + ":" + value} {
		if strings.Contains(query, form) {
			return strings.Replace(query, form, field+`:"`+to+`"`, 1)
		}
	}
	return query
}

// untitled is what a hit without a title shows: the opening words of its
// body, or a plain word when it has none.
func untitled(lead string) string {
	if lead == "" {
		return "(بلا عنوان)"
	}
	return lead + "…"
}

// facets builds the filter links: each value adds itself to the request
// (or removes itself when it is already in it), and each filter in use
// gets a link that removes it.
//
// Counts come from the index with each facet's own filter left out
// (search.Request.Facets), so the values not chosen keep their counts; a
// chosen value the counts lack (none left under the other filters, or
// beyond the top 50) is listed with 0 so it can still be removed.
func facets(p params, f *search.Facets, label func(string) string) (groups []facetGroup, active []link) {
	// The index matches filter values regardless of case, so "jawhara
	// fm" in the URL is the facet value "Jawhara FM".
	find := func(vals []string, v string) int {
		return slices.IndexFunc(vals, func(s string) bool { return strings.EqualFold(s, v) })
	}
	toggle := func(vals []string, v string) []string {
		if i := find(vals, v); i >= 0 {
			return slices.Delete(vals, i, i+1)
		}
		return append(vals, v)
	}
	terms := func(name, title string, counts []search.FacetCount, cur []string, field func(*params) *[]string, show func(string) string) {
		g := facetGroup{Name: name, Title: title}
		var listed []string
		add := func(value string, count int) {
			listed = append(listed, value)
			g.Links = append(g.Links, link{
				Label: show(value), Count: count, Current: find(cur, value) >= 0,
				Href: p.with(func(c *params) { *field(c) = toggle(*field(c), value) }),
			})
		}
		for _, fc := range counts {
			if fc.Value != "" { // "": articles without one, not a value one can filter on
				add(fc.Value, fc.Count)
			}
		}
		for _, v := range cur {
			if find(listed, v) < 0 {
				add(v, 0)
			}
		}
		if len(g.Links) > 0 {
			groups = append(groups, g)
		}
		for _, v := range cur {
			active = append(active, link{
				Label: title + ": " + show(v),
				Href:  p.with(func(c *params) { *field(c) = toggle(*field(c), v) }),
			})
		}
	}
	if f == nil {
		f = &search.Facets{}
	}
	same := func(s string) string { return s }
	terms("source", "المصدر", f.Sources, p.Sources, func(c *params) *[]string { return &c.Sources }, same)
	terms("category", "القسم", f.Categories, p.Categories, func(c *params) *[]string { return &c.Categories }, label)

	dates := facetGroup{Name: "date", Title: "التاريخ"}
	for _, d := range f.Dates {
		from, to := day(d.From), day(d.To.AddDate(0, 0, -1))
		cur := p.From == from && p.To == to
		dates.Links = append(dates.Links, link{
			Label: d.Label, Count: d.Count, Current: cur,
			Href: p.with(func(c *params) {
				if cur {
					c.From, c.To = "", ""
				} else {
					c.From, c.To = from, to
				}
			}),
		})
	}
	if len(dates.Links) > 0 {
		groups = append(groups, dates)
	}
	if p.From != "" || p.To != "" {
		active = append(active, link{
			Label: "التاريخ: " + dateLabel(p.From, p.To),
			Href:  p.with(func(c *params) { c.From, c.To = "", "" }),
		})
	}
	return groups, active
}

// dateLabel describes a date filter: "2017", "2017-03" or "2017-01-05 – 2017-02-01".
func dateLabel(from, to string) string {
	f, errF := time.Parse(time.DateOnly, from)
	t, errT := time.Parse(time.DateOnly, to)
	if errF == nil && errT == nil {
		end := t.AddDate(0, 0, 1)
		switch {
		case f.YearDay() == 1 && end.Equal(f.AddDate(1, 0, 0)):
			return f.Format("2006")
		case f.Day() == 1 && end.Equal(f.AddDate(0, 1, 0)):
			return f.Format("2006-01")
		}
	}
	switch {
	case from == "":
		return "حتى " + to
	case to == "":
		return "منذ " + from
	}
	return from + " – " + to
}

// makePager links the pages around the current one.
func makePager(p params, total uint64) pager {
	last := int(min((total+uint64(p.Size)-1)/uint64(p.Size), uint64(search.MaxOffset/p.Size+1)))
	at := func(n int) string {
		c := p.clone()
		c.Page = n
		return c.href()
	}
	pg := pager{Last: max(last, 1), LastHref: at(max(last, 1)), FirstHref: at(1)}
	if last <= 1 && p.Page == 1 {
		return pg
	}
	if p.Page > 1 {
		pg.Prev = at(max(1, min(p.Page-1, last))) // past the end: back to the last page
	}
	if p.Page < last {
		pg.Next = at(p.Page + 1)
	}
	mid := min(p.Page, last)
	for n := max(1, mid-3); n <= min(last, mid+3); n++ {
		pg.Pages = append(pg.Pages, link{Label: strconv.Itoa(n), Href: at(n), Current: n == p.Page})
	}
	return pg
}

// tookMS formats a duration in milliseconds.
func tookMS(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

// apiSearch is the JSON answer of /api/search.
type apiSearch struct {
	Query  string         `json:"query"`
	Total  uint64         `json:"total"`
	TookMS float64        `json:"took_ms"`
	Page   int            `json:"page"`
	Size   int            `json:"size"`
	Sort   string         `json:"sort"`
	Terms  []string       `json:"terms"`
	Hits   []search.Hit   `json:"hits"`
	Facets *search.Facets `json:"facets"`
	// Corrections are the words the index lacks and what was searched
	// instead, and other spellings searched beside words it has ("also");
	// Corrected is the query searched when a word was replaced (exact=1:
	// none).
	Corrections []search.Correction `json:"corrections"`
	Corrected   string              `json:"corrected,omitempty"`
	// DidYouMean has the source and category values no article has, with
	// the closest ones the index has.
	DidYouMean []search.FilterSuggestion `json:"did_you_mean"`
}

func (srv *server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	p, err := srv.parseParams(r)
	if err == nil && p.Query == "" && !p.browsing() {
		err = paramError("missing_query", "", "q: missing; give a query (q=العراق), or filters or sort=date to list articles", "")
	}
	var res *search.Result
	if err == nil {
		res, err = srv.search(r.Context(), p)
	}
	if err != nil {
		srv.fail(w, r, err)
		return
	}
	out := apiSearch{
		Query:  p.Query,
		Total:  res.Total,
		TookMS: float64(res.Took.Microseconds()) / 1000,
		Page:   p.Page,
		Size:   p.Size,
		Sort:   orDefault(p.sort(), search.SortRelevance),
		Terms:  res.Terms,
		Hits:   res.Hits,
		Facets: res.Facets,

		Corrections: append([]search.Correction{}, res.Corrections...),
		Corrected:   res.Corrected,
		DidYouMean:  append([]search.FilterSuggestion{}, res.DidYouMean...),
	}
	if out.Terms == nil {
		out.Terms = []string{}
	}
	if out.Hits == nil {
		out.Hits = []search.Hit{}
	}
	srv.writeJSON(w, r, http.StatusOK, out)
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
