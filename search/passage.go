package search

import (
	"bytes"
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/arsearch/arsearch/analyzer"
	arindex "github.com/arsearch/arsearch/index"
)

// passageDepth is how many of the first hits passage evidence reorders:
// a page of the default size. 30 gave MRR@10 within 0.001 of 10 on each of
// the seven dev collections (BENCHMARKS.md 3.3), at three times the cost.
const passageDepth = 10

// passageStems lists the stems of the words of clauses that can be in a
// body: not excluded, not filters, not asked of the title alone.
func passageStems(cs []Clause) []string {
	var out []string
	for _, c := range cs {
		switch {
		case c.Occur == MustNot:
		case c.Group != nil:
			out = append(out, passageStems(c.Group)...)
		case c.Field == arindex.FieldSource || c.Field == arindex.FieldCategory || c.Field == arindex.FieldTitle:
		default:
			out = append(out, queryAnalyzer.Terms(c.Text)...)
		}
	}
	return out
}

// passageK1 saturates a query word's count in a window, as BM25's k1 does.
const passageK1 = 1.2

// passageScorer scores the best window of a text with a query's stems:
// the sum, over the query's distinct stems in the window, of the stem's
// idf times its saturated count there, over the sum of the idfs (so 1 is
// every stem once). It finds the stems in the stored text (see matches),
// so it needs no positions in the index, and it stems only the words that
// hold a stem's letters, each once per query, instead of analyzing the
// whole text again.
type passageScorer struct {
	idf     map[string]float64 // each distinct query stem's idf in the body
	total   float64            // the sum of the idfs
	window  int                // the window, in words
	ids     map[string]int     // each distinct query stem's index in weights
	weights []float64          // each stem's idf
	stems   [][]byte           // the stems' bytes, in the order of weights
	masks   []uint64           // each stem's letterMask, in the order of weights
	minStem int                // the length of the shortest stem, in bytes
	bigrams bigramScorer       // the query's pairs of stems (setBigrams); none by default

	// Each worker's own (see worker): best and matches write them.
	forms     map[string]int // normalized words holding a stem's letters: the stem each is (an index), or -1
	hits      []passageHit   // reused by best
	count     []int          // reused by best
	body      []byte         // a hit's decoded body, reused by rerank
	pairCount []int          // reused by bigramScore
	winCount  []int          // reused by best with pairs in the window
	pairHits  []passageHit   // reused by withPairs
}

// newPassageScorer reads the body's document frequencies of stems.
func newPassageScorer(ctx context.Context, ix *arindex.Index, stems []string, window int) (*passageScorer, error) {
	p := &passageScorer{idf: map[string]float64{}, window: window}
	if len(stems) == 0 || window <= 0 {
		return p, nil
	}
	adv, err := ix.Bleve().Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	for _, s := range stems {
		if _, seen := p.idf[s]; seen {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(s), arindex.FieldBody, false, false, false)
		if err != nil {
			return nil, err
		}
		df := float64(tfr.Count())
		if err := tfr.Close(); err != nil {
			return nil, err
		}
		idf := math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
		p.idf[s] = idf
		p.total += idf
	}
	p.index()
	return p, nil
}

// index numbers the stems of idf for best.
func (p *passageScorer) index() {
	p.ids, p.forms = map[string]int{}, map[string]int{}
	p.weights, p.stems, p.masks = nil, nil, nil
	p.minStem = 0
	for s, v := range p.idf {
		p.ids[s] = len(p.weights)
		p.weights = append(p.weights, v)
		p.stems = append(p.stems, []byte(s))
		p.masks = append(p.masks, letterMask([]byte(s)))
		if len(p.stems) == 1 || len(s) < p.minStem {
			p.minStem = len(s)
		}
	}
	p.count = make([]int, len(p.weights))
}

// worker returns a scorer that shares p's stems and weights (read only)
// and has its own scratch, so that hits can be scored concurrently.
func (p *passageScorer) worker() *passageScorer {
	w := *p
	w.forms, w.hits, w.body = map[string]int{}, nil, nil
	w.count = make([]int, len(p.weights))
	w.pairCount = make([]int, len(p.bigrams.w))
	w.winCount, w.pairHits = make([]int, len(p.bigrams.winWeights)), nil
	return &w
}

func saturate(tf int) float64 {
	return (passageK1 + 1) * float64(tf) / (float64(tf) + passageK1)
}

// passageHit is a query stem found in a hit's text: its position (in
// words, the title's first) and which stem (an index into
// passageScorer.weights).
type passageHit struct{ pos, stem int }

// matches finds the query's stems in text, whose first word has position
// base+1. A word counts when the query analyzer would index it as one of
// the stems and its normalized form holds that stem's letters (a stem cut
// from the word, as most are; the broken plurals and spelling variants
// that the stemmer maps to other letters are not found). Only such words
// are stemmed, and each once per query: the rest is normalized only. It
// returns the hits appended to dst and the position of text's last word.
func (p *passageScorer) matches(dst []passageHit, text string, base int) ([]passageHit, int) {
	return p.matchBytes(dst, []byte(text), base)
}

// matchBytes is matches over text's bytes, which it does not keep.
func (p *passageScorer) matchBytes(dst []passageHit, in []byte, base int) ([]passageHit, int) {
	if len(in) == 0 {
		return dst, base
	}
	ts := exactAnalyzer.Analyze(in)
	for _, t := range ts {
		if id := p.stemOf(in[t.Start:t.End], t.Term); id >= 0 && !passageStops.Contains(in[t.Start:t.End]) {
			dst = append(dst, passageHit{base + t.Position, id})
		}
	}
	if len(ts) > 0 {
		base += ts[len(ts)-1].Position
	}
	return dst, base
}

// stemOf is the query stem (an index into weights) that the normalized
// word is, or -1: the word must hold the letters of a stem (the first
// one, in the order of stems, that it holds) and stem to one of the
// query's stems. Only words holding a stem's letters are stemmed, each
// once per worker; the rest cost a few byte searches and no look-up. A
// word written with a hamza before its first ل is stemmed as the analyzer
// stems it (analyzer.StemWritten), not remembered (such words are few).
func (p *passageScorer) stemOf(written, word []byte) int {
	if len(word) < p.minStem {
		return -1
	}
	m := letterMask(word)
	for i, s := range p.stems {
		if m&p.masks[i] != p.masks[i] || !bytes.Contains(word, s) {
			continue
		}
		if analyzer.WrittenWithHamzaAl(written) {
			if i, ok := p.ids[string(analyzer.StemWritten(written, word))]; ok {
				return i
			}
			return -1
		}
		id, seen := p.forms[string(word)]
		if !seen {
			id = -1
			if i, ok := p.ids[string(analyzer.Stem(word))]; ok {
				id = i
			}
			p.forms[string(word)] = id
		}
		return id
	}
	return -1
}

// letterMask is a cheap test of the bytes a word holds: bit b%64 is set
// for every byte b of it (an Arabic letter's second byte tells it from
// most others). A word holds a stem only if it has every bit the stem
// has, so most words are ruled out without a byte search.
func letterMask(word []byte) uint64 {
	var m uint64
	for _, b := range word {
		m |= 1 << (b & 63)
	}
	return m
}

// passageStops are the words the query analyzer drops, as written.
var passageStops = analyzer.DefaultStopSet()

// best is the score of the best window of the title and body read as one
// text, from 0 to (k1+1): the sum, over the query's distinct stems in the
// window, of the stem's idf times its saturated count there, over the sum
// of the idfs (so 1 is every stem once).
func (p *passageScorer) best(title, body string) float64 {
	return p.bestBytes(title, []byte(body))
}

// bestBytes is best with the body as bytes, which it does not keep.
func (p *passageScorer) bestBytes(title string, body []byte) float64 {
	if p.total == 0 {
		return 0
	}
	hits, n := p.matches(p.hits[:0], title, 0)
	hits, _ = p.matchBytes(hits, body, n)
	p.hits = hits
	if p.bigrams.window > 0 {
		return p.bestWindow(p.withPairs(hits), p.bigrams.winWeights, p.winCount) / p.total
	}
	return p.bestWindow(hits, p.weights, p.count) / p.total
}

// bestWindow is the best window's score of hits: the sum over the distinct
// ids in the window of weights[id] times the id's saturated count there.
// count (one a weight) is scratch.
func (p *passageScorer) bestWindow(hits []passageHit, weights []float64, count []int) float64 {
	clear(count)
	var cur, best float64
	lo := 0
	for _, h := range hits {
		for hits[lo].pos <= h.pos-p.window {
			s := hits[lo].stem
			cur += weights[s] * (saturate(count[s]-1) - saturate(count[s]))
			count[s]--
			lo++
		}
		cur += weights[h.stem] * (saturate(count[h.stem]+1) - saturate(count[h.stem]))
		count[h.stem]++
		best = max(best, cur)
	}
	return best
}

// passageWorkers caps how many goroutines rerank scores hits on: one a
// CPU, each with its own scratch (see worker).
const passageWorkers = 4

// rerank multiplies the score of each of the first depth hits by 1 +
// weight·(the best window score of its title and body) and sorts them
// again; the hits after depth keep their place. The hits are decoded and
// scored concurrently, one goroutine a CPU (a hit's score does not depend
// on the others'), which shortens the query's wall time on an idle
// machine and costs a little more CPU.
func (p *passageScorer) rerank(hits []*search.DocumentMatch, weight float64, depth int) {
	depth = min(depth, len(hits))
	workers := min(runtime.GOMAXPROCS(0), passageWorkers, depth)
	if p.total == 0 {
		workers = 0 // every window scores 0: the order stays
	}
	if workers == 1 {
		for _, h := range hits[:depth] {
			p.rescore(h, weight)
		}
	} else if workers > 1 {
		var next atomic.Int32
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := p.worker()
				for i := int(next.Add(1)) - 1; i < depth; i = int(next.Add(1)) - 1 {
					w.rescore(hits[i], weight)
				}
			}()
		}
		wg.Wait()
	}
	slices.SortStableFunc(hits[:depth], func(a, b *search.DocumentMatch) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return 0
	})
}

// rescore multiplies h's score by 1 + weight·(the best window score of
// its title and body), and, with pairs of stems (setBigrams), by 1 +
// their text weight·(bigramScore of the same words).
func (p *passageScorer) rescore(h *search.DocumentMatch, weight float64) {
	title, _ := h.Fields[arindex.FieldTitle].(string)
	p.body = p.body[:0]
	if v, _ := h.Fields[arindex.FieldBodyText].(string); v != "" {
		body, err := arindex.StoredBody(p.body, []byte(v))
		if err != nil {
			body = body[:0] // a damaged body scores as an empty one
		}
		p.body = body
	}
	h.Score *= 1 + weight*p.bestBytes(title, p.body)
	if p.bigrams.text > 0 {
		h.Score *= 1 + p.bigrams.text*p.bigramScore(p.hits)
	}
}
