package search

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/arsearch/arsearch/analyzer"
	"github.com/arsearch/arsearch/article"
	arindex "github.com/arsearch/arsearch/index"
)

// Limits on a request.
const (
	DefaultLimit = 10
	MaxLimit     = 1000
	MaxOffset    = 10000
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// Request is one search.
type Request struct {
	Query      string    // in the query language of ParseQuery (of ParsePlain with Plain); "" lists articles (see Browsing)
	Sources    []string  // keep only these sources (any of them; case and the analyzer's foldings are ignored)
	Categories []string  // keep only these categories (any of them; likewise)
	From, To   time.Time // keep only articles dated in [From, To); zero: open (ParseDateRange reads a user's)
	Sort       string    // SortRelevance (default) or SortDate (newest first)
	Offset     int       // hits to skip
	Limit      int       // hits to return; 0 means DefaultLimit
	Facets     bool      // count sources, categories and dates of all hits (a source or category filter in use is left out of its own facet's counts)
	Snippets   int       // body snippets per hit; 0 means 1
	NoSnippets bool      // skip snippets and title marks (faster: for evaluation)
	Ranking    *Ranking  // nil: DefaultRanking
	Exact      bool      // search the words as typed: no typo corrections
	// Plain reads Query as plain words (ParsePlain): quotes, + and -,
	// AND, OR and NOT, parentheses and field: prefixes are searched as
	// words and punctuation, never as operators. For pasted text: a
	// paragraph, a question, a headline.
	Plain bool
}

// Result is the answer to a Request.
type Result struct {
	Total  uint64        `json:"total"`
	Took   time.Duration `json:"took_ns"`
	Hits   []Hit         `json:"hits"`
	Facets *Facets       `json:"facets,omitempty"`
	Terms  []string      `json:"terms"` // the analyzed query terms, for display
	// Corrections are the query's words the index lacks and what was
	// searched instead, and the other spellings searched beside words it
	// has (Correction.Also; see Request.Exact); Corrected is the query
	// searched when a word was replaced.
	Corrections []Correction `json:"corrections,omitempty"`
	Corrected   string       `json:"corrected,omitempty"`
	// DidYouMean has the sources and categories filtered by that no
	// article has, each with the closest ones the index has.
	DidYouMean []FilterSuggestion `json:"did_you_mean,omitempty"`
}

// Hit is one matching article.
type Hit struct {
	ID       string    `json:"id"`
	Score    float64   `json:"score"`
	Title    Snippet   `json:"title"`          // the whole title, matches marked
	Lead     string    `json:"lead,omitempty"` // the opening words of the body, when the title is empty
	Snippets []Snippet `json:"snippets"`
	Source   string    `json:"source,omitempty"`
	Category string    `json:"category,omitempty"`
	Date     time.Time `json:"date,omitzero"`
	URL      string    `json:"url,omitempty"`
}

// Facets counts the hits of a search by source, category and date.
type Facets struct {
	Sources    []FacetCount `json:"sources"`
	Categories []FacetCount `json:"categories"`
	Dates      []DateCount  `json:"dates"` // by year, or by month when the request spans one year
}

// FacetCount is how many hits have Value.
type FacetCount = arindex.FacetCount

// DateCount is how many hits fall in [From, To). In JSON, from and to are
// the first and last days, both included, as YYYY-MM-DD.
type DateCount struct {
	Label string    `json:"label"` // "2024" or "2024-03"
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Count int       `json:"count"`
}

// Run runs req. Errors about the query text wrap ErrQuery.
func Run(ctx context.Context, ix *arindex.Index, req Request) (*Result, error) {
	if req.Limit == 0 {
		req.Limit = DefaultLimit
	}
	if req.Limit < 0 || req.Limit > MaxLimit {
		return nil, queryError(CodeBadLimit, fmt.Sprint(req.Limit), "limit %d: want 1 to %d", req.Limit, MaxLimit)
	}
	if req.Offset < 0 || req.Offset > MaxOffset {
		return nil, queryError(CodeBadOffset, fmt.Sprint(req.Offset), "offset %d: want 0 to %d", req.Offset, MaxOffset)
	}
	if req.Snippets <= 0 {
		req.Snippets = 1
	}
	if err := checkDates(req.From, req.To); err != nil {
		return nil, err
	}
	if !req.From.IsZero() && !req.To.IsZero() && !req.From.Before(req.To) {
		from, to := req.From.Format(time.DateOnly), req.To.Format(time.DateOnly)
		return nil, queryError(CodeEmptyDateRange, from+" "+to, "the date range is empty (from %s to %s)", from, to)
	}
	ranking := DefaultRanking
	if req.Ranking != nil {
		ranking = *req.Ranking
	}
	var (
		clauses     []Clause
		alts        []Clause // other spellings searched beside the words typed
		corrections []Correction
		// source: and category: clauses no article has, and their neighbours
		clauseSuggestions []FilterSuggestion
		q                 query.Query
		mk                marker
		err               error
	)
	if Browsing(req) {
		// No words: every article the filters keep, newest first.
		q, req.Sort = query.NewMatchAllQuery(), SortDate
	} else {
		parse := ParseQuery
		if req.Plain {
			parse = ParsePlain
		}
		if clauses, err = parse(req.Query); err != nil {
			return nil, err
		}
		clauses, clauseSuggestions = canonicalClauses(ix, clauses)
		if !req.Exact {
			if clauses, alts, corrections, err = correct(ctx, ix, clauses); err != nil {
				return nil, err
			}
		}
		if q, mk, err = buildQuery(clauses, ranking); err != nil {
			return nil, err
		}
		if len(alts) > 0 {
			if q, mk, err = withAlternatives(q, mk, clauses, alts, ranking); err != nil {
				return nil, err
			}
		}
	}
	var unknownSources, unknownCategories []FilterSuggestion
	req.Sources, unknownSources = canonicalValues(ix, arindex.FieldSource, req.Sources)
	req.Categories, unknownCategories = canonicalValues(ix, arindex.FieldCategory, req.Categories)
	if ranking.FeedbackWeight > 0 && !Browsing(req) && (req.Sort == "" || req.Sort == SortRelevance) {
		docs, n := int(ranking.FeedbackDocs), int(ranking.FeedbackTerms)
		if docs <= 0 {
			docs = defaultFeedbackDocs
		}
		docs = min(docs, MaxLimit)
		if n <= 0 {
			n = defaultFeedbackTerms
		}
		terms, err := feedbackTerms(ctx, ix, withFilters(q, req), ranking.LengthScale, docs, n, mk.stems)
		if err != nil {
			return nil, err
		}
		q = withFeedback(q, terms, ranking.FeedbackWeight, ranking)
	}
	words := q // without the filters, for facet counts
	q = withFilters(q, req)

	sr := bleve.NewSearchRequestOptions(q, req.Limit, req.Offset, false)
	sr.Fields = []string{arindex.FieldTitle, arindex.FieldBodyText, arindex.FieldSource, arindex.FieldCategory, arindex.FieldDate, arindex.FieldURL}
	// A page that starts past the first passageDepth hits needs no
	// passage evidence: it reorders only those, the rest keep their place.
	passage := (ranking.PassageWeight > 0 || ranking.BigramTextWeight > 0) && !Browsing(req) && (req.Sort == "" || req.Sort == SortRelevance) &&
		req.Offset < passageDepth
	if passage {
		// The first passageDepth hits are reordered whatever the page, so
		// every page is cut from the same order.
		sr.From, sr.Size = 0, max(req.Offset+req.Limit, passageDepth)
	}
	if req.NoSnippets && !passage {
		sr.Fields = []string{arindex.FieldTitle, arindex.FieldSource, arindex.FieldCategory, arindex.FieldDate, arindex.FieldURL}
	}
	switch req.Sort {
	case "", SortRelevance:
		// Score alone: a tie-break on _id would make bleve load the id of
		// every matching document, a sixth of a query's time. Ties within
		// the page are put in id order below.
		sr.SortBy([]string{"-_score"})
	case SortDate:
		sr.SortBy([]string{"-" + arindex.FieldDate, "-_score", "_id"})
	default:
		return nil, queryError(CodeBadSort, Excerpt(req.Sort), "sort %q: want %s or %s", Excerpt(req.Sort), SortRelevance, SortDate)
	}
	var dateRanges []DateCount
	if req.Facets {
		sr.AddFacet(arindex.FieldSource, bleve.NewFacetRequest(arindex.FieldSource, 50))
		sr.AddFacet(arindex.FieldCategory, bleve.NewFacetRequest(arindex.FieldCategory, 50))
		dateRanges = dateBuckets(req.From, req.To)
		// Every month an article can have: 12 a year from 1990 on.
		sr.AddFacet(arindex.FieldMonth, bleve.NewFacetRequest(arindex.FieldMonth, 12*(time.Now().Year()+2-1990)))
	}

	start := time.Now()
	res, err := ix.Bleve().SearchInContext(ix.WithStats(ctx, ranking.LengthScale), sr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search: %v", arindex.FirstLine(err))
	}
	if req.Sort == "" || req.Sort == SortRelevance {
		slices.SortStableFunc(res.Hits, func(a, b *search.DocumentMatch) int {
			if a.Score != b.Score {
				return cmp.Compare(b.Score, a.Score)
			}
			return strings.Compare(a.ID, b.ID)
		})
	}
	if passage {
		window := int(ranking.PassageWindow)
		if window <= 0 {
			window = 40
		}
		ps, err := newPassageScorer(ctx, ix, passageStems(clauses), window)
		if err != nil {
			return nil, err
		}
		if ranking.BigramWeight > 0 || ranking.BigramTextWeight > 0 {
			gap := int(ranking.BigramGap)
			if gap <= 0 {
				gap = defaultBigramGap
			}
			ps.setBigrams(passageBigrams(clauses), ranking.BigramWeight, ranking.BigramTextWeight, gap)
		}
		ps.rerank(res.Hits, ranking.PassageWeight, passageDepth)
		res.Hits = res.Hits[min(req.Offset, len(res.Hits)):min(req.Offset+req.Limit, len(res.Hits))]
	}
	out := &Result{Total: res.Total, Terms: mk.terms(), Hits: make([]Hit, 0, len(res.Hits)), Corrections: corrections}
	out.DidYouMean = append(append(unknownSources, unknownCategories...), clauseSuggestions...)
	if Replaced(corrections) {
		out.Corrected = String(clauses)
	}
	if req.NoSnippets {
		mk = marker{}
		req.Snippets = 0
	}
	for _, h := range res.Hits {
		hit, err := makeHit(h, mk, req.Snippets)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	if req.Facets {
		out.Facets = makeFacets(res.Facets, dateRanges)
		if err := disjunctiveCounts(ctx, ix, words, req, ranking.LengthScale, out.Facets); err != nil {
			return nil, err
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// Browsing reports whether req lists articles rather than searching for
// words: its query is empty (or only spaces). Search then returns every
// article its filters keep, newest first, whatever req.Sort says.
func Browsing(req Request) bool {
	return strings.TrimSpace(req.Query) == ""
}

// withFilters returns q restricted by the filters of req.
func withFilters(q query.Query, req Request) query.Query {
	f := filterQuery(req)
	if f == nil {
		return q
	}
	bq := query.NewBooleanQuery([]query.Query{q}, nil, nil)
	bq.AddFilter(f)
	return bq
}

// disjunctiveCounts recounts the source and category facets of f the way
// search pages with several choices per facet do: the values of a facet
// in use are counted among the hits of every filter but its own, so the
// values not chosen keep their counts and can be added (OR within a facet,
// AND across facets). A facet not in use needs no recount. Each recount
// is one more search that scores nothing and returns no hits.
func disjunctiveCounts(ctx context.Context, ix *arindex.Index, words query.Query, req Request, scale float64, f *Facets) error {
	recount := func(field string, drop func(*Request), dst *[]FacetCount) error {
		r := req
		drop(&r)
		sr := bleve.NewSearchRequestOptions(withFilters(words, r), 0, 0, false)
		sr.Score = "none"
		sr.AddFacet(field, bleve.NewFacetRequest(field, 50))
		res, err := ix.Bleve().SearchInContext(ix.WithStats(ctx, scale), sr)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("search: facet %s: %v", field, arindex.FirstLine(err))
		}
		*dst = termCounts(res.Facets, field)
		return nil
	}
	if len(req.Sources) > 0 {
		if err := recount(arindex.FieldSource, func(r *Request) { r.Sources = nil }, &f.Sources); err != nil {
			return err
		}
	}
	if len(req.Categories) > 0 {
		if err := recount(arindex.FieldCategory, func(r *Request) { r.Categories = nil }, &f.Categories); err != nil {
			return err
		}
	}
	return nil
}

// filterQuery turns the request's filters into one query, or nil.
func filterQuery(req Request) query.Query {
	var fs []query.Query
	terms := func(field string, values []string) {
		if len(values) == 0 {
			return
		}
		var ors []query.Query
		for _, v := range values {
			tq := query.NewTermQuery(v)
			tq.SetField(field)
			ors = append(ors, tq)
		}
		fs = append(fs, query.NewDisjunctionQuery(ors))
	}
	terms(arindex.FieldSource, req.Sources)
	terms(arindex.FieldCategory, req.Categories)
	if !req.From.IsZero() || !req.To.IsZero() {
		dq := query.NewDateRangeQuery(req.From, req.To)
		dq.SetField(arindex.FieldDate)
		fs = append(fs, dq)
	}
	switch len(fs) {
	case 0:
		return nil
	case 1:
		return fs[0]
	}
	return query.NewConjunctionQuery(fs)
}

func makeHit(h *search.DocumentMatch, mk marker, snippets int) (Hit, error) {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	hit := Hit{
		ID:       h.ID,
		Score:    h.Score,
		Source:   str(arindex.FieldSource),
		Category: str(arindex.FieldCategory),
		URL:      str(arindex.FieldURL),
	}
	if d := str(arindex.FieldDate); d != "" {
		hit.Date, _ = time.Parse(time.RFC3339, d)
	}
	title := str(arindex.FieldTitle)
	body, err := arindex.HitBody(h.Fields)
	if err != nil {
		return Hit{}, fmt.Errorf("article %q: %w", h.ID, err)
	}
	hit.Title = Snippet{Text: title, Marks: mk.snippetSpans(title)}
	if strings.TrimSpace(title) == "" {
		hit.Lead = Lead(body)
	}
	hit.Snippets = makeSnippets(body, mk.snippetSpans(body), snippets)
	SetUnits(hit.Title.Text, hit.Title.Marks)
	for _, s := range hit.Snippets {
		SetUnits(s.Text, s.Marks)
	}
	return hit, nil
}

func makeFacets(fr search.FacetResults, ranges []DateCount) *Facets {
	f := &Facets{Sources: []FacetCount{}, Categories: []FacetCount{}, Dates: []DateCount{}}
	f.Sources = termCounts(fr, arindex.FieldSource)
	f.Categories = termCounts(fr, arindex.FieldCategory)
	if r := fr[arindex.FieldMonth]; r != nil && r.Terms != nil {
		type month struct {
			start time.Time
			count int
		}
		var months []month
		for _, t := range r.Terms.Terms() {
			if m, err := time.Parse("2006-01", t.Term); err == nil {
				months = append(months, month{m, t.Count})
			}
		}
		for _, d := range ranges {
			for _, m := range months {
				if !m.start.Before(d.From) && m.start.Before(d.To) {
					d.Count += m.count
				}
			}
			if d.Count > 0 {
				f.Dates = append(f.Dates, d)
			}
		}
		sort.Slice(f.Dates, func(i, j int) bool { return f.Dates[i].From.After(f.Dates[j].From) })
	}
	return f
}

// termCounts lists the values of the facet name with their counts.
func termCounts(fr search.FacetResults, name string) []FacetCount {
	out := []FacetCount{}
	if r := fr[name]; r != nil && r.Terms != nil {
		for _, t := range r.Terms.Terms() {
			if t.Term == "" {
				continue // articles without a source or category
			}
			out = append(out, FacetCount{Value: t.Term, Count: t.Count})
		}
	}
	return out
}

// dateBuckets returns the date facet ranges: the months of the year when
// from and to lie within one calendar year, else the years 1990 to next
// year.
func dateBuckets(from, to time.Time) []DateCount {
	var out []DateCount
	if !from.IsZero() && !to.IsZero() && to.Sub(from) <= 366*24*time.Hour {
		y := from.Year()
		for m := time.January; m <= time.December; m++ {
			s := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			out = append(out, DateCount{Label: s.Format("2006-01"), From: s, To: s.AddDate(0, 1, 0)})
		}
		return out
	}
	for y := 1990; y <= time.Now().Year()+1; y++ {
		s := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		out = append(out, DateCount{Label: fmt.Sprint(y), From: s, To: s.AddDate(1, 0, 0)})
	}
	return out
}

// Document is a whole stored article with the words of a query marked.
type Document struct {
	article.Article
	TitleMarks []Span `json:"title_marks"`
	BodyMarks  []Span `json:"body_marks"`
}

// UnmarshalJSON reads what encoding/json writes for a Document. Without it
// the embedded Article's UnmarshalJSON would take over and drop the marks.
func (d *Document) UnmarshalJSON(data []byte) error {
	var marks struct {
		TitleMarks []Span `json:"title_marks"`
		BodyMarks  []Span `json:"body_marks"`
	}
	if err := json.Unmarshal(data, &marks); err != nil {
		return err
	}
	if err := d.Article.UnmarshalJSON(data); err != nil {
		return err
	}
	d.TitleMarks, d.BodyMarks = marks.TitleMarks, marks.BodyMarks
	return nil
}

// Article returns the stored article with the given id. When q is not
// empty, the words of q are marked in its title and body.
func Article(ctx context.Context, ix *arindex.Index, id, q string) (*Document, error) {
	var mk marker
	if q != "" {
		clauses, err := ParseQuery(q)
		if err != nil {
			return nil, err
		}
		if _, mk, err = buildQuery(clauses, DefaultRanking); err != nil {
			return nil, err
		}
	}
	sr := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{id}), 1, 0, false)
	sr.Fields = []string{arindex.FieldTitle, arindex.FieldBodyText, arindex.FieldSource, arindex.FieldCategory, arindex.FieldDate, arindex.FieldURL}
	res, err := ix.Bleve().SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("article %q: %v", id, arindex.FirstLine(err))
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("article %q: %w", id, arindex.ErrNotFound)
	}
	h := res.Hits[0]
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	body, err := arindex.HitBody(h.Fields)
	if err != nil {
		return nil, fmt.Errorf("article %q: %w", id, err)
	}
	d := &Document{Article: article.Article{
		ID: h.ID, Title: str(arindex.FieldTitle), Body: body,
		Source: str(arindex.FieldSource), Category: str(arindex.FieldCategory), URL: str(arindex.FieldURL),
	}}
	if s := str(arindex.FieldDate); s != "" {
		d.Date, _ = time.Parse(time.RFC3339, s)
	}
	d.TitleMarks = mk.spans(d.Title)
	d.BodyMarks = mk.spans(d.Body)
	SetUnits(d.Title, d.TitleMarks)
	SetUnits(d.Body, d.BodyMarks)
	return d, nil
}

// queryAnalyzer analyzes query words the way the stemmed fields are
// analyzed; it decides which words are stop words.
var queryAnalyzer = analyzer.New()
