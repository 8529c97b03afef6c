package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	arindex "github.com/arsearch/arsearch/index"
)

// termDict answers typo tolerance's questions about the index's words:
// in how many articles a word, a stem or a pair of words is.
type termDict struct {
	ctx context.Context
	r   index.IndexReader
	ix  *arindex.Index
}

// exactFields are the exact views a clause of field searches.
func exactFields(field string) []string {
	switch field {
	case arindex.FieldTitle:
		return []string{arindex.FieldTitleExact}
	case arindex.FieldBody:
		return []string{arindex.FieldBodyExact}
	}
	return []string{arindex.FieldBodyExact, arindex.FieldTitleExact}
}

// exactFreq is how many titles and bodies (of field's clauses) have the
// normalized word term, titles and bodies counted apart.
func (d *termDict) exactFreq(field, term string) (uint64, error) {
	var n uint64
	for _, f := range exactFields(field) {
		k, err := docFreq(d.ctx, d.r, f, term)
		if err != nil {
			return 0, err
		}
		n += k
	}
	return n, nil
}

// stemFreq is how many titles or bodies the stems of c match (the most
// for any one stem and field): what the word as typed finds. Stop words
// have no stems: -1.
func (d *termDict) stemFreq(c Clause) (int64, error) {
	stems := queryAnalyzer.Terms(c.Text)
	if len(stems) == 0 {
		return -1, nil
	}
	fields := []string{arindex.FieldBody, arindex.FieldTitle}
	if c.Field != "" {
		fields = []string{c.Field}
	}
	var most uint64
	for _, s := range stems {
		for _, f := range fields {
			n, err := docFreq(d.ctx, d.r, f, s)
			if err != nil {
				return 0, err
			}
			most = max(most, n)
		}
	}
	return int64(most), nil
}

// pairOver's bounds on reading stored text: after pairMinReads bodies,
// at least one in pairMinShare must have had the pair.
const (
	pairMinReads = 32
	pairMinShare = 8
)

// pairOver reports whether more than limit titles and bodies (counted
// apart, as exactFreq) have the normalized words a and b one after the
// other. It stops counting past limit: in the body's exact view, which
// keeps no positions, each candidate is checked on its stored text. There,
// with seldomIsNo (deciding whether to split a word), it also stops,
// answering no, once pairMinReads bodies with both words
// have been read and fewer than one in pairMinShare had them side by
// side: such words are not one term typed apart. Without this bound, a
// correctly spelled word with two common halves (ليالي) read every body
// holding both halves.
func (d *termDict) pairOver(field, a, b string, limit uint64, seldomIsNo bool) (bool, error) {
	var n uint64
	for _, f := range exactFields(field) {
		s, err := phraseOn(a+" "+b, f, 1).Searcher(d.ctx, d.r, d.ix.Bleve().Mapping(), search.SearcherOptions{Score: "none"})
		if err != nil {
			return false, fmt.Errorf("search: %v", arindex.FirstLine(err))
		}
		if vs, ok := s.(*verifiedPhraseSearcher); ok && seldomIsNo {
			// Reading stored text is what costs: give up once the words,
			// though both in the articles read, are seldom side by side.
			found := n
			vs.giveUp = func(read int) bool {
				return read >= pairMinReads && (n-found)*pairMinShare < uint64(read)
			}
		}
		sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
		for n <= limit {
			dm, err := s.Next(sctx)
			if err != nil {
				_ = s.Close()
				return false, fmt.Errorf("search: %v", arindex.FirstLine(err))
			}
			if dm == nil {
				break
			}
			n++
			sctx.DocumentMatchPool.Put(dm)
		}
		if err := s.Close(); err != nil {
			return false, fmt.Errorf("search: %v", arindex.FirstLine(err))
		}
		if n > limit {
			return true, nil
		}
	}
	return false, nil
}

// plainWord returns the normalized word of c when c is one plain word of
// the title or body (not a phrase, not excluded), and "" otherwise.
func plainWord(c Clause) string {
	if c.Phrase || c.Group != nil || c.Occur == MustNot || (c.Field != "" && c.Field != arindex.FieldTitle && c.Field != arindex.FieldBody) {
		return ""
	}
	ex := exactAnalyzer.Terms(c.Text)
	if len(ex) != 1 {
		return ""
	}
	return ex[0]
}

// definiteArticle is the definite article alone, never the end of a word.
const definiteArticle = "ال"

// joinable reports whether a and b can be the halves of a word searched
// beside it: words of letters, long enough, not stop words (ما هي is not
// ماهي's spelling), neither the article alone.
func joinable(a, b string) bool {
	return letters(a) && letters(b) && a != definiteArticle && b != definiteArticle &&
		utf8.RuneCountInString(a) >= minJoinRunes && utf8.RuneCountInString(b) >= minJoinRunes &&
		len(queryAnalyzer.Terms(a)) > 0 && len(queryAnalyzer.Terms(b)) > 0
}

// letters reports whether w is a word of letters only (not "", no
// digits): numbers are neither joined nor split (1700 is not "17 00").
func letters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// join looks at two neighbouring clauses a and b that the index has as one
// word. When a or b is in no title or body, it returns that word, to
// search in their place. When both are (and top: the query's own level,
// both plain), it returns the word with also set if the index has it in
// more articles than the pair a b: a spelling to search beside theirs.
func (d *termDict) join(a, b Clause, top bool) (j Clause, also, ok bool, err error) {
	wa, wb := plainWord(a), plainWord(b)
	if !letters(wa) || !letters(wb) || a.Field != b.Field || wb == definiteArticle ||
		utf8.RuneCountInString(wa) < minJoinRunes || utf8.RuneCountInString(wb) < minJoinRunes {
		return j, false, false, nil
	}
	joined := wa + wb
	if t := exactAnalyzer.Terms(joined); len(t) != 1 || t[0] != joined {
		return j, false, false, nil
	}
	nj, err := d.exactFreq(a.Field, joined)
	if err != nil || nj == 0 {
		return j, false, false, err
	}
	j = Clause{Occur: max(a.Occur, b.Occur), Field: a.Field, Text: joined}
	fa, err := d.stemFreq(a)
	if err != nil {
		return j, false, false, err
	}
	fb, err := d.stemFreq(b)
	if err != nil {
		return j, false, false, err
	}
	if fa == 0 || fb == 0 {
		return j, false, true, nil
	}
	if !top || a.Occur != Should || b.Occur != Should || fa < 0 || fb < 0 {
		return j, false, false, nil // stop words are not joined: من هم is not منهم
	}
	// The pair is in at most as many articles as its rarer word.
	na, err := d.exactFreq(a.Field, wa)
	if err != nil {
		return j, false, false, err
	}
	nb, err := d.exactFreq(a.Field, wb)
	if err != nil {
		return j, false, false, err
	}
	if nj <= min(na, nb) {
		over, err := d.pairOver(a.Field, wa, wb, nj-1, false)
		if err != nil || over {
			return j, false, false, err
		}
	}
	j.Occur = Should
	return j, true, true, nil
}

// alternatives returns the other spellings to search beside c, a plain
// word the index has: the pair it splits into when the index has that pair
// in more articles than the word, and a close neighbour when the word is
// rare beside it (popularMaxDocs, popularRatio, popularMinDocs).
func (d *termDict) alternatives(c Clause) ([]Clause, error) {
	w := plainWord(c)
	if !letters(w) || utf8.RuneCountInString(w) < minTypoRunes {
		return nil, nil
	}
	found, err := d.stemFreq(c)
	if err != nil || found <= 0 {
		return nil, err
	}
	var out []Clause
	split, err := d.commonerSplit(c.Field, w)
	if err != nil {
		return nil, err
	}
	if split != "" {
		out = append(out, Clause{Field: c.Field, Text: split, Phrase: true})
	}
	if found <= popularMaxDocs && utf8.RuneCountInString(w) >= popularMinRunes {
		n, err := d.popularNeighbour(c, w, uint64(found))
		if err != nil {
			return nil, err
		}
		if n != "" {
			out = append(out, Clause{Field: c.Field, Text: n})
		}
	}
	return out, nil
}

// commonerSplit returns "a b" when the index has the words a and b (w cut
// in two) one after the other in more articles than w itself; of several
// such cuts, the one whose rarer half is in the most articles. "" when
// there is none.
func (d *termDict) commonerSplit(field, w string) (string, error) {
	nw, err := d.exactFreq(field, w)
	if err != nil {
		return "", err
	}
	type cut struct {
		a, b  string
		rarer uint64
	}
	var cuts []cut
	runes := []rune(w)
	for i := minJoinRunes; i+minJoinRunes <= len(runes); i++ {
		a, b := string(runes[:i]), string(runes[i:])
		if a == definiteArticle || b == definiteArticle {
			continue
		}
		// The counts first: most halves are no word, and a lookup costs
		// less than the analysis that tells a stop word.
		na, err := d.exactFreq(field, a)
		if err != nil {
			return "", err
		}
		if na <= nw {
			continue
		}
		nb, err := d.exactFreq(field, b)
		if err != nil {
			return "", err
		}
		if nb <= nw || !joinable(a, b) {
			continue
		}
		cuts = append(cuts, cut{a, b, min(na, nb)})
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].rarer > cuts[j].rarer })
	for _, c := range cuts {
		over, err := d.pairOver(field, c.a, c.b, nw, true)
		if err != nil {
			return "", err
		}
		if over {
			return c.a + " " + c.b, nil
		}
	}
	return "", nil
}

// popularNeighbour returns the word within maxPopularCost of w (the cheapest,
// then the most frequent) that is in at least popularRatio times found
// articles and at least popularMinDocs, other than a form of c's own
// stems; "" when there is none.
func (d *termDict) popularNeighbour(c Clause, w string, found uint64) (string, error) {
	need := max(popularMinDocs, popularRatio*found)
	stems := queryAnalyzer.Terms(c.Text)
	best, bestCost, bestCount := "", maxPopularCost+0.01, uint64(0)
	consider := func(term string, cost float64, count uint64) {
		if count < need || cost > bestCost || (cost == bestCost && count <= bestCount) {
			return
		}
		if s := queryAnalyzer.Terms(term); len(s) == 0 || slices.Equal(s, stems) {
			return // a stop word, or a form the word as typed finds already
		}
		best, bestCost, bestCount = term, cost, count
	}
	field := arindex.FieldBodyExact
	if c.Field == arindex.FieldTitle {
		field = arindex.FieldTitleExact
	}
	// Distance 1 holds every edit of cost maxPopularCost.
	if err := fuzzyCandidates(d.ctx, d.r, field, w, 1, consider); err != nil {
		return "", err
	}
	return best, nil
}
