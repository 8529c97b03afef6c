package search

import (
	"context"
	"fmt"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"

	arindex "github.com/arsearch/arsearch/index"
)

// Correction is a query word found nowhere in the index and what was
// searched instead: a close word of the index, or two words where one
// was typed, or one where two were. With Also, the word as typed is in the
// index and was searched too: To is another spelling searched beside it,
// whose articles rank below those of the words as typed.
type Correction struct {
	From string `json:"from"`           // the word as typed
	To   string `json:"to"`             // what was searched
	Also bool   `json:"also,omitempty"` // From was searched too, and ranks first
}

// Typo tolerance: a plain query word (not a phrase, not excluded) whose
// stems are in no title or body is replaced by the word of the index's
// exact view closest to it by arabicCost, or split in two words the index
// has (عبدالله → "عبد الله"), and two words of which one is missing are
// joined when the index has them as one (عبد اللة with the index's
// عبدالله). Words the index has are never replaced, so a query that finds
// its words searches as typed; Request.Exact turns it off.
//
// Beside words the index has, another spelling is searched too (Also),
// scored altWeight times a typed word's, when the index holds the other
// spelling more often than the one typed: two words the index has more
// often joined than apart as a pair (عبد الله, with عبدالله in more
// articles than the pair), a word it has more often split (a present
// عبدالله beside a commoner "عبد الله"), or a rare word beside a close
// neighbour popularRatio times as frequent (a typo that exists in some
// article: الرياظ beside الرياض). Only plain words of the query's top
// level get these alternatives.
//
// A correction costs at most maxTypoCost: one typing error (a letter left
// out, added or swapped for another; two confusable letters). Allowing 1.5
// for long words "corrected" real words the index lacks (كورونا → كوريون).
const (
	minTypoRunes = 3   // shorter words are left alone
	maxTypoCost  = 1.0 // the dearest correction
	minJoinRunes = 2   // the shortest word joined to or split from another
)

// The thresholds of a popular neighbour (Elasticsearch's suggest mode
// "popular" in spirit): a word in at most popularMaxDocs articles (its
// stems, in titles or bodies) has a neighbour within maxTypoCost in at
// least popularRatio times as many and at least popularMinDocs. Rarer
// words are not looked at: the dictionary walk costs a millisecond or
// more, and a word in six articles is hardly a slip of the keys.
//
// The neighbour must be one cheap slip away (maxPopularCost: a
// confusable letter, or a letter doubled or typed once), and the word
// popularMinRunes long: allowing any edit of cost 1 offered حرب for حارب,
// علي for صلى and نادي for شادي in the test collections' correctly spelled
// questions and titles, while real typos found there (جدود for حدود,
// التاني for الثاني, الاعبون for اللاعبون) are all confusable or doubled
// letters.
const (
	popularMaxDocs  = 5
	popularRatio    = 20
	popularMinDocs  = 20
	maxPopularCost  = costConfusable
	popularMinRunes = 4
)

// altWeight scales the score of the other spellings searched beside a
// query's words (Correction.Also), so that articles with the words as
// typed rank above those with the alternative alone.
const altWeight = 0.5

// correct returns clauses with the words the index lacks corrected, the
// alternatives to search beside them (clauses of the top level, searched
// with withAlternatives), and the corrections made.
func correct(ctx context.Context, ix *arindex.Index, clauses []Clause) ([]Clause, []Clause, []Correction, error) {
	adv, err := ix.Bleve().Advanced()
	if err != nil {
		return clauses, nil, nil, nil
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("search: %v", arindex.FirstLine(err))
	}
	defer r.Close()
	d := &termDict{ctx: ctx, r: r, ix: ix}
	var (
		out  []Correction
		alts []Clause
	)
	var walk func(cs []Clause, top bool) ([]Clause, error)
	walk = func(cs []Clause, top bool) ([]Clause, error) {
		fixed := make([]Clause, 0, len(cs))
		changed := false
		for i := 0; i < len(cs); i++ {
			c := cs[i]
			if c.Group != nil {
				g, err := walk(c.Group, false)
				if err != nil {
					return nil, err
				}
				if g != nil {
					c.Group, changed = g, true
				}
				fixed = append(fixed, c)
				continue
			}
			if i+1 < len(cs) {
				j, also, ok, err := d.join(c, cs[i+1], top)
				if err != nil {
					return nil, err
				}
				if ok {
					from := c.Text + " " + cs[i+1].Text
					if also {
						alts = append(alts, j)
						out = append(out, Correction{From: from, To: j.Text, Also: true})
						fixed = append(fixed, c)
						continue
					}
					fixed = append(fixed, j)
					out = append(out, Correction{From: from, To: j.Text})
					changed = true
					i++
					continue
				}
			}
			to, ok, err := correction(ctx, ix, r, c)
			if err != nil {
				return nil, err
			}
			if ok {
				fixed = append(fixed, to)
				out = append(out, Correction{From: c.Text, To: clauseText(to)})
				changed = true
				continue
			}
			fixed = append(fixed, c)
			if !top || c.Occur != Should {
				continue
			}
			more, err := d.alternatives(c)
			if err != nil {
				return nil, err
			}
			for _, a := range more {
				alts = append(alts, a)
				out = append(out, Correction{From: c.Text, To: clauseText(a), Also: true})
			}
		}
		if !changed {
			return nil, nil
		}
		return fixed, nil
	}
	fixed, err := walk(clauses, true)
	if err != nil {
		return clauses, nil, nil, err
	}
	if fixed == nil {
		fixed = clauses
	}
	return fixed, alts, out, nil
}

// clauseText is a word or phrase clause as the query language writes it.
func clauseText(c Clause) string {
	if c.Phrase {
		return `"` + c.Text + `"`
	}
	return c.Text
}

// Replaced reports whether any of cs replaced a word as typed (rather
// than searching another spelling beside it).
func Replaced(cs []Correction) bool {
	for _, c := range cs {
		if !c.Also {
			return true
		}
	}
	return false
}

// correction returns the clause to search instead of c, when c is a word
// the index lacks and a correction is close enough.
func correction(ctx context.Context, ix *arindex.Index, r index.IndexReader, c Clause) (Clause, bool, error) {
	if c.Phrase || c.Occur == MustNot || (c.Field != "" && c.Field != arindex.FieldTitle && c.Field != arindex.FieldBody) {
		return c, false, nil
	}
	ex := exactAnalyzer.Terms(c.Text)
	stems := queryAnalyzer.Terms(c.Text)
	if len(ex) != 1 || len(stems) == 0 || utf8.RuneCountInString(ex[0]) < minTypoRunes {
		return c, false, nil
	}
	word := ex[0]
	fields := []string{arindex.FieldBody, arindex.FieldTitle}
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
	exactField := arindex.FieldBodyExact
	if c.Field == arindex.FieldTitle {
		exactField = arindex.FieldTitleExact
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
	for fuzz := 1; fuzz <= 2 && best == "" && (fuzz == 1 || utf8.RuneCountInString(word) > 4); fuzz++ {
		if err := fuzzyCandidates(ctx, r, exactField, word, fuzz, consider); err != nil {
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
		return 0, fmt.Errorf("search: %v", arindex.FirstLine(err))
	}
	n := tfr.Count()
	return n, tfr.Close()
}

// fuzzyCandidates calls consider with each term of field within
// Levenshtein distance fuzz of word that costs at most maxTypoCost by
// arabicCost, with that cost and its document count. (The fuzzy
// dictionary's entries carry no counts, and in a field without term
// vectors bleve's dictionary miscounts, see docTermPairs: each is looked
// up.)
func fuzzyCandidates(ctx context.Context, r index.IndexReader, field, word string, fuzz int, consider func(string, float64, uint64)) error {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil // an index kind without fuzzy dictionaries
	}
	dict, err := fr.FieldDictFuzzy(field, word, fuzz, "")
	if err != nil {
		return fmt.Errorf("search: %v", arindex.FirstLine(err))
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return fmt.Errorf("search: %v", arindex.FirstLine(err))
		}
		if e == nil {
			return nil
		}
		if e.Term == word {
			continue
		}
		cost := arabicCost(word, e.Term)
		if cost > maxTypoCost {
			continue
		}
		n := e.Count
		if n == 0 || !arindex.KeepsPositions(field) {
			if n, err = docFreq(ctx, r, field, e.Term); err != nil {
				return err
			}
		}
		consider(e.Term, cost, n)
	}
}
