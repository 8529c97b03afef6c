package search

import (
	"fmt"
	"testing"
)

// countsOf renders facet counts for comparison.
func countsOf(fc []FacetCount) string {
	s := ""
	for _, c := range fc {
		s += fmt.Sprintf("%s=%d ", c.Value, c.Count)
	}
	return s
}

// TestDisjunctiveFacets: a facet's counts leave out that facet's own
// filter but keep the others', so unchosen values stay visible with the
// counts they would add; values of one facet combine with OR, facets with
// AND.
func TestDisjunctiveFacets(t *testing.T) {
	ix := buildSmall(t)
	const q = "في"
	base := doSearch(t, ix, Request{Query: q, Facets: true, Limit: 1})
	cats := base.Facets.Categories
	if len(cats) < 3 {
		t.Fatalf("%q: categories %s, want at least 3 to choose from", q, countsOf(cats))
	}
	a, b := cats[0], cats[1]

	one := doSearch(t, ix, Request{Query: q, Categories: []string{a.Value}, Facets: true, Limit: 1})
	if one.Total != uint64(a.Count) {
		t.Errorf("category %s: total %d, facet said %d", a.Value, one.Total, a.Count)
	}
	if got, want := countsOf(one.Facets.Categories), countsOf(cats); got != want {
		t.Errorf("with category %s chosen, categories count\n %s\nwant the unfiltered\n %s", a.Value, got, want)
	}
	two := doSearch(t, ix, Request{Query: q, Categories: []string{a.Value, b.Value}, Facets: true, Limit: 1})
	if two.Total != uint64(a.Count+b.Count) {
		t.Errorf("categories %s or %s: total %d, want %d+%d", a.Value, b.Value, two.Total, a.Count, b.Count)
	}
	if got, want := countsOf(two.Facets.Categories), countsOf(cats); got != want {
		t.Errorf("with two categories chosen, categories count %s, want %s", got, want)
	}
	// Across facets: the source counts take the category filter; the
	// category counts take the source filter but not their own.
	src := base.Facets.Sources[0].Value
	both := doSearch(t, ix, Request{Query: q, Sources: []string{src}, Categories: []string{a.Value}, Facets: true, Limit: 1})
	onlySrc := doSearch(t, ix, Request{Query: q, Sources: []string{src}, Facets: true, Limit: 1})
	if got, want := countsOf(both.Facets.Categories), countsOf(onlySrc.Facets.Categories); got != want {
		t.Errorf("source %s and category %s: categories count %s, want those of the source alone %s", src, a.Value, got, want)
	}
	if got, want := countsOf(both.Facets.Sources), countsOf(one.Facets.Sources); got != want {
		t.Errorf("source %s and category %s: sources count %s, want those of the category alone %s", src, a.Value, got, want)
	}
	if both.Total > one.Total || both.Total > onlySrc.Total {
		t.Errorf("two facets: total %d, more than either alone (%d, %d)", both.Total, one.Total, onlySrc.Total)
	}
}
