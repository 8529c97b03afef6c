package search

import (
	"slices"

	arindex "github.com/arsearch/arsearch/index"
)

// Term dependence in the passage stage, as the sequential dependence
// model (Metzler and Croft) has it: besides the query's single stems, the
// query's ordered pairs of neighbouring stems count where they stand in
// that order, close together, in a hit's title and body. It reads the
// words that passage evidence already found (passageScorer.matches), so it
// costs no second decode or analysis and no index data.

// defaultBigramGap is how far apart, in words, the two stems of a pair
// may stand (1 is side by side) when Ranking.BigramGap is 0: 2 lets one
// word in between (a stop word or a clitic split off, as in وزير خارجية
// فرنسا against وزير خارجية في فرنسا).
const defaultBigramGap = 2

// passageBigrams lists the query's ordered pairs of neighbouring stems:
// the stems of consecutive word clauses that passageStems reads (stop
// words are no clause's stems, so the words on either side of one are
// neighbours). An excluded word, a filter, a title: word or a group
// breaks the chain (a group's own words make pairs among themselves), and
// a pair of one stem twice is left out.
func passageBigrams(cs []Clause) [][2]string {
	var out [][2]string
	prev := ""
	for _, c := range cs {
		switch {
		case c.Occur == MustNot, c.Field == arindex.FieldSource, c.Field == arindex.FieldCategory, c.Field == arindex.FieldTitle:
			prev = ""
		case c.Group != nil:
			out = append(out, passageBigrams(c.Group)...)
			prev = ""
		default:
			for _, s := range queryAnalyzer.Terms(c.Text) {
				if prev != "" && prev != s {
					out = append(out, [2]string{prev, s})
				}
				prev = s
			}
		}
	}
	return out
}

// bigramScorer is the pairs' part of a passageScorer: each distinct pair
// of the query, by its stems' indexes, with its weight.
type bigramScorer struct {
	window float64 // Ranking.BigramWeight: the pairs' weight beside the stems' in the best window
	text   float64 // Ranking.BigramTextWeight: a hit's score is multiplied by 1 + text·bigramScore
	// winWeights are the stems' weights (passageScorer.weights) followed
	// by each pair's times window: the ids of withPairs.
	winWeights []float64
	gap        int       // the farthest the pair's second stem may stand after its first, in words
	pairID     []int     // pairID[a*n+b]: the pair of stems a then b (n the stems), or -1
	second     [][]int   // for each stem, the stems that follow it in a pair
	w          []float64 // each pair's weight: the sum of its stems' idfs
	total      float64   // the sum of w
}

// setBigrams gives p the query's pairs of stems (passageBigrams), found
// with the second stem at most gap words after the first, which count in
// the best window with weight window (best) and over the whole text with
// weight text (rescore). Pairs of stems that p does not know are left out.
// It must follow p.index.
func (p *passageScorer) setBigrams(pairs [][2]string, window, text float64, gap int) {
	n := len(p.weights)
	b := bigramScorer{window: window, text: text, gap: gap, pairID: make([]int, n*n), second: make([][]int, n)}
	for i := range b.pairID {
		b.pairID[i] = -1
	}
	for _, pr := range pairs {
		a, okA := p.ids[pr[0]]
		c, okC := p.ids[pr[1]]
		if !okA || !okC || a == c || b.pairID[a*n+c] >= 0 {
			continue
		}
		b.pairID[a*n+c] = len(b.w)
		b.second[a] = append(b.second[a], c)
		b.w = append(b.w, p.weights[a]+p.weights[c])
		b.total += p.weights[a] + p.weights[c]
	}
	b.winWeights = slices.Clone(p.weights)
	for _, w := range b.w {
		b.winWeights = append(b.winWeights, window*w)
	}
	p.bigrams = b
	p.pairCount = make([]int, len(b.w))
	p.winCount = make([]int, len(b.winWeights))
}

// pairsAfter calls f with the id of each of the query's pairs that hits[i]
// starts: its second stem follows at most gap words on.
func (p *passageScorer) pairsAfter(hits []passageHit, i int, f func(id int)) {
	b := &p.bigrams
	h := hits[i]
	for _, c := range b.second[h.stem] {
		for _, g := range hits[i+1:] {
			if g.pos > h.pos+b.gap {
				break
			}
			if g.stem == c {
				f(b.pairID[h.stem*len(p.weights)+c])
				break
			}
		}
	}
}

// withPairs returns hits with, after each hit that starts one of the
// query's pairs (pairsAfter), a hit of that pair at the same position, its
// id the pair's after the stems' (len(weights) + the pair's): best counts
// a pair in the window that holds its first word.
func (p *passageScorer) withPairs(hits []passageHit) []passageHit {
	out := p.pairHits[:0]
	n := len(p.weights)
	for i, h := range hits {
		out = append(out, h)
		p.pairsAfter(hits, i, func(id int) { out = append(out, passageHit{h.pos, n + id}) })
	}
	p.pairHits = out
	return out
}

// bigramScore scores the pairs in hits (the query's stems found in a
// text, in the order of their positions, as matches gives them), from 0
// to (k1+1): the sum over the query's distinct pairs of the pair's weight
// times its saturated count, over the sum of the weights (so 1 is every
// pair once). An occurrence of a pair is a hit of its first stem followed,
// at most gap words on, by a hit of its second; each hit of a first stem
// counts a pair once however many of its second stems follow.
func (p *passageScorer) bigramScore(hits []passageHit) float64 {
	b := &p.bigrams
	if b.total == 0 {
		return 0
	}
	count := p.pairCount
	clear(count)
	for i := range hits {
		p.pairsAfter(hits, i, func(id int) { count[id]++ })
	}
	var s float64
	for id, c := range count {
		if c > 0 {
			s += b.w[id] * saturate(c)
		}
	}
	return s / b.total
}
