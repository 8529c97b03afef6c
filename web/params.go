package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// Bounds on the filter parameters.
const (
	maxFilterValues = 20  // source= or category= values in one request
	maxFilterBytes  = 200 // bytes in one of them
)

// paramNames are the Arabic names of the parameters, for messages.
var paramNames = map[string]string{
	"source":   "المصدر",
	"category": "القسم",
	"size":     "عدد النتائج في الصفحة",
	"page":     "رقم الصفحة",
	"from":     "تاريخ البداية",
	"to":       "تاريخ النهاية",
}

// params are the search parameters of a request, as the user gave them.
// The zero Page and Size mean the defaults.
type params struct {
	Query      string
	Sources    []string
	Categories []string
	From, To   string // YYYY, YYYY-MM or YYYY-MM-DD, both ends included; "" is open
	Sort       string // "" (relevance) or search.SortDate
	Page       int    // from 1
	Size       int    // hits per page
	Exact      bool   // exact=1: no typo corrections
	Plain      bool   // plain=1: the query is plain words, no operators (search.ParsePlain)
}

// parseParams reads and checks the search parameters of r. Its errors are
// 400s that say what is wrong.
func (srv *server) parseParams(r *http.Request) (params, error) {
	v := r.URL.Query()
	p := params{
		Query:      strings.TrimSpace(v.Get("q")),
		Sources:    nonEmpty(v["source"]),
		Categories: nonEmpty(v["category"]),
		From:       strings.TrimSpace(v.Get("from")),
		To:         strings.TrimSpace(v.Get("to")),
		Page:       1,
		Size:       defaultPageSize,
		Exact:      v.Get("exact") == "1" || v.Get("exact") == "true",
		Plain:      v.Get("plain") == "1" || v.Get("plain") == "true",
	}
	if len(p.Query) > search.MaxQueryBytes {
		return p, paramError("query_too_long", "", fmt.Sprintf("query: too long (%d bytes; the limit is %d)", len(p.Query), search.MaxQueryBytes),
			fmt.Sprintf("الاستعلام أطول من المسموح (%d بايت، والحد %d).", len(p.Query), search.MaxQueryBytes))
	}
	if !utf8.ValidString(p.Query) {
		return p, paramError("invalid_utf8", "", "query: not valid UTF-8", "في الاستعلام رموز غير صالحة.")
	}
	for name, vals := range map[string][]string{"source": p.Sources, "category": p.Categories} {
		if len(vals) > maxFilterValues {
			return p, paramError("too_many_filters", "", fmt.Sprintf("%s: too many values (%d; the limit is %d)", name, len(vals), maxFilterValues),
				fmt.Sprintf("اخترت قيمًا كثيرة في مرشّح «%s» (%d، والحد %d).", paramNames[name], len(vals), maxFilterValues))
		}
		for _, s := range vals {
			if len(s) > maxFilterBytes || !utf8.ValidString(s) {
				return p, paramError("bad_filter", "", name+": a value is too long or not valid UTF-8",
					fmt.Sprintf("في مرشّح «%s» قيمة طويلة جدًّا أو غير صالحة.", paramNames[name]))
			}
		}
	}
	switch s := v.Get("sort"); s {
	case "", search.SortRelevance:
	case search.SortDate:
		p.Sort = search.SortDate
	default:
		return p, paramError("bad_sort", search.Excerpt(s), fmt.Sprintf("sort %q: want %s or %s", search.Excerpt(s), search.SortRelevance, search.SortDate),
			"طريقة الترتيب غير معروفة؛ المتاح relevance (الأكثر صلة) أو date (الأحدث):")
	}
	var err error
	if p.Size, err = intParam(v, "size", defaultPageSize, 1, srv.maxPageSize); err != nil {
		return p, err
	}
	lastPage := search.MaxOffset/p.Size + 1
	if p.Page, err = intParam(v, "page", 1, 1, lastPage); err != nil {
		return p, err
	}
	if _, _, err := p.dates(); err != nil {
		return p, err
	}
	return p, nil
}

// intParam reads the integer parameter name, def when absent, and checks
// it lies in [lo, hi].
func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, paramError("bad_"+name, search.Excerpt(s), fmt.Sprintf("%s %q: want a whole number from %d to %d", name, search.Excerpt(s), lo, hi),
			fmt.Sprintf("قيمة «%s» يجب أن تكون عددًا صحيحًا من %d إلى %d، وهي:", paramNames[name], lo, hi))
	}
	return n, nil
}

// dates returns the date range of p as search.Request wants it: from
// included, to excluded (the day after the last day given). from and to
// are YYYY, YYYY-MM or YYYY-MM-DD, both ends included.
func (p params) dates() (from, to time.Time, err error) {
	from, to, err = search.ParseDateRange("from", p.From, "to", p.To)
	if err != nil {
		err = dateProblem(err, p)
	}
	return
}

// dateProblem explains an error of search.ParseDateRange about p's dates
// in Arabic too.
func dateProblem(err error, p params) error {
	msg := strings.TrimPrefix(err.Error(), search.ErrQuery.Error()+": ")
	if strings.Contains(msg, "range is empty") {
		return paramError("empty_date_range", p.From+" – "+p.To, msg, "نطاق التاريخ فارغ: البداية بعد النهاية.")
	}
	name, val := "to", p.To
	if strings.HasPrefix(msg, "from ") {
		name, val = "from", p.From
	}
	if strings.Contains(msg, "only") {
		return paramError("date_out_of_range", search.Excerpt(val), msg,
			fmt.Sprintf("«%s» خارج التواريخ المقبولة (%d إلى %d):", paramNames[name], index.MinDate.Year(), index.MaxDate.Year()-1))
	}
	return paramError("bad_date", search.Excerpt(val), msg,
		fmt.Sprintf("«%s» ليس تاريخًا بالصيغة YYYY أو YYYY-MM أو YYYY-MM-DD (مثل 2017-03-25):", paramNames[name]))
}

// request is the index request for p.
func (p params) request() search.Request {
	from, to, _ := p.dates() // checked by parseParams
	return search.Request{
		Query:      p.Query,
		Sources:    p.Sources,
		Categories: p.Categories,
		From:       from,
		To:         to,
		Sort:       p.Sort,
		Offset:     (p.Page - 1) * p.Size,
		Limit:      p.Size,
		Facets:     true,
		Snippets:   2,
		Exact:      p.Exact,
		Plain:      p.Plain,
	}
}

// browsing reports whether p lists articles without words: an empty
// query with a filter or sort=date. The newest come first.
func (p params) browsing() bool {
	return p.Query == "" && (p.filtered() || p.Sort == search.SortDate)
}

// sort is the order the results come in: by date when browsing.
func (p params) sort() string {
	if p.Query == "" {
		return search.SortDate
	}
	return p.Sort
}

// filtered reports whether p has any filter.
func (p params) filtered() bool {
	return len(p.Sources) > 0 || len(p.Categories) > 0 || p.From != "" || p.To != ""
}

// clone returns a copy of p that shares no slices with it.
func (p params) clone() params {
	p.Sources = slices.Clone(p.Sources)
	p.Categories = slices.Clone(p.Categories)
	return p
}

// values encodes p as a query string, leaving out defaults.
func (p params) values() url.Values {
	v := url.Values{}
	if p.Query != "" {
		v.Set("q", p.Query)
	}
	for _, s := range p.Sources {
		v.Add("source", s)
	}
	for _, c := range p.Categories {
		v.Add("category", c)
	}
	if p.From != "" {
		v.Set("from", p.From)
	}
	if p.To != "" {
		v.Set("to", p.To)
	}
	if p.Sort != "" {
		v.Set("sort", p.Sort)
	}
	if p.Page > 1 {
		v.Set("page", strconv.Itoa(p.Page))
	}
	if p.Size != 0 && p.Size != defaultPageSize {
		v.Set("size", strconv.Itoa(p.Size))
	}
	if p.Exact {
		v.Set("exact", "1")
	}
	if p.Plain {
		v.Set("plain", "1")
	}
	return v
}

// href is the search page URL for p.
func (p params) href() string {
	q := p.values().Encode()
	if q == "" {
		return "/"
	}
	return "/?" + q
}

// with returns the href of a copy of p changed by change, on page 1.
func (p params) with(change func(*params)) string {
	c := p.clone()
	c.Page = 1
	change(&c)
	return c.href()
}

// articleHref is the URL of the article page for id, marking q.
func articleHref(id, q string) string {
	u := "/article/" + escapeID(id)
	if q != "" {
		u += "?" + url.Values{"q": {q}}.Encode()
	}
	return u
}

// escapeID escapes id for a URL path, keeping its slashes when that reads
// back as the same id ("news/2025/syria.txt"): when no segment is empty,
// "." or "..", which the router would clean away.
func escapeID(id string) string {
	segs := strings.Split(id, "/")
	for i, s := range segs {
		if s == "" || s == "." || s == ".." {
			return url.PathEscape(id)
		}
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

func nonEmpty(vals []string) []string {
	var out []string
	for _, s := range vals {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
