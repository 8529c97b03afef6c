package search

import (
	"sort"
	"strings"
	"unicode/utf8"

	arindex "github.com/arsearch/arsearch/index"
)

// FilterSuggestion is a source or category a search was filtered by that
// no article has (in any case), and the values the index has that are
// closest to it: "did you mean Jawhara FM?" for --source "jawhra fm".
type FilterSuggestion struct {
	Field   string   `json:"field"`   // "source" or "category"
	Value   string   `json:"value"`   // as given
	Closest []string `json:"closest"` // nearest first; empty when none is near
	// InQuery is set when the value was typed in the query (source:x)
	// rather than given as a filter.
	InQuery bool `json:"in_query,omitempty"`
}

// maxFilterSuggestions bounds FilterSuggestion.Closest.
const maxFilterSuggestions = 3

// closestValues returns the values of known nearest to v, nearest first:
// those within an edit distance of a third of v's letters (at least one),
// or holding v whole (jawhara: Jawhara FM), compared in the analyzer's
// normalized form, so case, alef and hamza forms and the like do not
// count.
func closestValues(v string, known []string) []string {
	nv := normalValue(v)
	if nv == "" {
		return []string{}
	}
	limit := max(1, utf8.RuneCountInString(nv)/3)
	type near struct {
		value string
		dist  float64
	}
	var found []near
	for _, k := range known {
		nk := normalValue(k)
		d := float64(editDistance(nv, nk))
		if utf8.RuneCountInString(nv) >= 3 && (strings.Contains(nk, nv) || strings.Contains(nv, nk) && utf8.RuneCountInString(nk) >= 3) {
			d = min(d, 0.5)
		}
		if d <= float64(limit) {
			found = append(found, near{k, d})
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].dist != found[j].dist {
			return found[i].dist < found[j].dist
		}
		return found[i].value < found[j].value
	})
	out := []string{}
	for _, n := range found[:min(len(found), maxFilterSuggestions)] {
		out = append(out, n.value)
	}
	return out
}

// normalValue is a filter value as the analyzer normalizes its words,
// joined by single spaces (lower case when it has no words).
func normalValue(v string) string {
	if ts := exactAnalyzer.Terms(v); len(ts) > 0 {
		return strings.Join(ts, " ")
	}
	return strings.ToLower(strings.TrimSpace(v))
}

// editDistance is the edit distance between a and b in runes, two
// neighbouring letters swapped counting as one edit (sprot: sport).
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			sub := d[i-1][j-1]
			if x[i-1] != y[j-1] {
				sub++
			}
			d[i][j] = min(sub, d[i-1][j]+1, d[i][j-1]+1)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// canonicalClauses gives the query language's source: and category:
// clauses, at any depth, the treatment of the --source and --category
// filters: each value is replaced by the indexed value it equals when case
// and the analyzer's foldings are ignored (source:"jawhara fm" is Jawhara
// FM), and a value the index has in no spelling is kept as typed (it finds
// nothing, or excludes nothing) and returned with its closest values.
// The clauses given are not changed.
func canonicalClauses(ix *arindex.Index, clauses []Clause) ([]Clause, []FilterSuggestion) {
	var suggestions []FilterSuggestion
	var walk func([]Clause) []Clause
	walk = func(cs []Clause) []Clause {
		out := make([]Clause, len(cs))
		for i, c := range cs {
			switch {
			case c.Group != nil:
				c.Group = walk(c.Group)
			case c.Field == arindex.FieldSource || c.Field == arindex.FieldCategory:
				vs, unknown := canonicalValues(ix, c.Field, []string{c.Text})
				c.Text = vs[0]
				for i := range unknown {
					unknown[i].InQuery = true
				}
				suggestions = append(suggestions, unknown...)
			}
			out[i] = c
		}
		return out
	}
	return walk(clauses), suggestions
}

// canonicalValues returns values with each one replaced by the indexed
// value of field it equals when case is ignored ("jawhara fm" is "Jawhara
// FM"), or else once the analyzer has normalized both (عنب بلدى is عنب
// بلدي), so that filters do not depend on how a source is capitalized or
// spelled. A
// value the index has as given, or has in no case, is kept; for those in
// no case it also returns the closest values the index has.
func canonicalValues(ix *arindex.Index, field string, values []string) ([]string, []FilterSuggestion) {
	if len(values) == 0 {
		return values, nil
	}
	dict, err := ix.Bleve().FieldDict(field)
	if err != nil {
		return values, nil
	}
	defer dict.Close()
	var known []string
	for {
		e, err := dict.Next()
		if err != nil || e == nil {
			break
		}
		known = append(known, e.Term)
	}
	out := make([]string, len(values))
	var unknown []FilterSuggestion
	for i, v := range values {
		out[i] = v
		found, nv := false, ""
		for _, k := range known {
			if k == v {
				out[i], found = k, true
				break
			}
			if strings.EqualFold(k, v) {
				out[i], found = k, true
			}
		}
		// Spelled as the analyzer folds it (عنب بلدى: عنب بلدي).
		for _, k := range known {
			if found {
				break
			}
			if nv == "" {
				nv = normalValue(v)
			}
			if nv != "" && normalValue(k) == nv {
				out[i], found = k, true
			}
		}
		if !found {
			unknown = append(unknown, FilterSuggestion{Field: field, Value: v, Closest: closestValues(v, known)})
		}
	}
	return out, unknown
}
