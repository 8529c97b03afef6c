package index

import (
	"context"
	"fmt"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// Correction is a query word found nowhere in the index and what was
// searched instead: a close word of the index, or two words where one
// was typed.
type Correction struct {
	From string `json:"from"` // the word as typed
	To   string `json:"to"`   // what was searched
}

// Typo tolerance: a plain query word (not a phrase, not excluded) whose
// stems are in no title or body is replaced by the word of the index's
// exact view closest to it by arabicCost, or split in two words the index
// has (عبدالله → "عبد الله"). Words the index has are never changed, so a
// query that finds its words searches as typed; Request.Exact turns it off.
//
// A correction costs at most maxTypoCost: one typing error (a letter left
// out, added or swapped for another; two confusable letters). Allowing 1.5
// for long words "corrected" real words the index lacks (كورونا → كوريون).
const (
	minTypoRunes = 3   // shorter words are left alone
	maxTypoCost  = 1.0 // the dearest correction
)

// correct returns clauses with the words the index lacks corrected, and
// the corrections made.
func (ix *Index) correct(ctx context.Context, clauses []Clause) ([]Clause, []Correction, error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return clauses, nil, nil
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("search: %v", firstLine(err))
	}
	defer r.Close()
	var out []Correction
	var walk func(cs []Clause) ([]Clause, error)
	walk = func(cs []Clause) ([]Clause, error) {
		var fixed []Clause
		for i, c := range cs {
			if c.Group != nil {
				g, err := walk(c.Group)
				if err != nil {
					return nil, err
				}
				if g != nil {
					if fixed == nil {
						fixed = append([]Clause(nil), cs...)
					}
					fixed[i].Group = g
				}
				continue
			}
			to, ok, err := ix.correction(ctx, r, c)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if fixed == nil {
				fixed = append([]Clause(nil), cs...)
			}
			fixed[i] = to
			text := to.Text
			if to.Phrase {
				text = `"` + text + `"`
			}
			out = append(out, Correction{From: c.Text, To: text})
		}
		return fixed, nil
	}
	fixed, err := walk(clauses)
	if err != nil || fixed == nil {
		return clauses, nil, err
	}
	return fixed, out, nil
}

// correction returns the clause to search instead of c, when c is a word
// the index lacks and a correction is close enough.
func (ix *Index) correction(ctx context.Context, r index.IndexReader, c Clause) (Clause, bool, error) {
	if c.Phrase || c.Occur == MustNot || (c.Field != "" && c.Field != FieldTitle && c.Field != FieldBody) {
		return c, false, nil
	}
	ex := exactAnalyzer.Terms(c.Text)
	stems := queryAnalyzer.Terms(c.Text)
	if len(ex) != 1 || len(stems) == 0 || utf8.RuneCountInString(ex[0]) < minTypoRunes {
		return c, false, nil
	}
	word := ex[0]
	fields := []string{FieldBody, FieldTitle}
	if c.Field != "" {
		fields = []string{c.Field}
	}
	for _, s := range stems {
		for _, f := range fields {
			n, err := docFreq(ctx, r, f, s)
			if err != nil || n > 0 {
				return c, false, err
			}
		}
	}
	exactField := FieldBodyExact
	if c.Field == FieldTitle {
		exactField = FieldTitleExact
	}
	limit := maxTypoCost
	best, bestCost, bestCount := "", limit+0.01, uint64(0)
	consider := func(term string, cost float64, count uint64) {
		if cost < bestCost || (cost == bestCost && count > bestCount) {
			best, bestCost, bestCount = term, cost, count
		}
	}
	// Levenshtein distance 1 first: it holds every single typing error
	// but a swap, and costs far less to search than 2, whose candidates
	// cost at least two confusable letters, the limit.
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return c, false, nil // an index kind without fuzzy dictionaries
	}
	for fuzz := 1; fuzz <= 2 && best == "" && (fuzz == 1 || utf8.RuneCountInString(word) > 4); fuzz++ {
		if err := fuzzyCandidates(fr, exactField, word, fuzz, consider); err != nil {
			return c, false, err
		}
	}
	// A space left out: two words the index has, as a phrase.
	split := ""
	runes := []rune(word)
	for i := 2; i+2 <= len(runes); i++ {
		a, b := string(runes[:i]), string(runes[i:])
		na, err := docFreq(ctx, r, exactField, a)
		if err != nil {
			return c, false, err
		}
		if na == 0 {
			continue
		}
		nb, err := docFreq(ctx, r, exactField, b)
		if err != nil {
			return c, false, err
		}
		if nb > 0 && min(na, nb) > bestCount && bestCost >= 1 {
			split, bestCount = a+" "+b, min(na, nb)
		}
	}
	switch {
	case split != "":
		c.Text, c.Phrase = split, true
	case best != "":
		c.Text = best
	default:
		return c, false, nil
	}
	return c, true, nil
}

// docFreq is how many documents have term in field.
func docFreq(ctx context.Context, r index.IndexReader, field, term string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("search: %v", firstLine(err))
	}
	n := tfr.Count()
	return n, tfr.Close()
}

// fuzzyCandidates calls consider with each term of field within
// Levenshtein distance fuzz of word, its arabicCost and document count.
func fuzzyCandidates(fr index.IndexReaderFuzzy, field, word string, fuzz int, consider func(string, float64, uint64)) error {
	dict, err := fr.FieldDictFuzzy(field, word, fuzz, "")
	if err != nil {
		return fmt.Errorf("search: %v", firstLine(err))
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return fmt.Errorf("search: %v", firstLine(err))
		}
		if e == nil {
			return nil
		}
		if e.Term != word {
			consider(e.Term, arabicCost(word, e.Term), e.Count)
		}
	}
}
