package search

import (
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/search"

	arindex "github.com/arsearch/arsearch/index"
)

// passageDepth is how many of the first hits passage evidence reorders.
const passageDepth = 30

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
// every stem once). It reads the text again (analyzer.Terms), so it needs
// no positions in the index.
type passageScorer struct {
	idf    map[string]float64 // each distinct query stem's idf in the body
	total  float64            // the sum of the idfs
	window int                // the window, in terms (stop words left out)
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
	return p, nil
}

func saturate(tf int) float64 {
	return (passageK1 + 1) * float64(tf) / (float64(tf) + passageK1)
}

// best is the score of terms' best window, from 0 to (k1+1).
func (p *passageScorer) best(terms []string) float64 {
	if p.total == 0 {
		return 0
	}
	count := make(map[string]int, len(p.idf))
	var cur, best float64
	step := func(t string, d int) {
		idf, ok := p.idf[t]
		if !ok {
			return
		}
		c := count[t]
		cur += idf * (saturate(c+d) - saturate(c))
		count[t] = c + d
	}
	for i, t := range terms {
		step(t, 1)
		if i >= p.window {
			step(terms[i-p.window], -1)
		}
		best = max(best, cur)
	}
	return best / p.total
}

// rerank multiplies the score of each of the first depth hits by 1 +
// weight·(its body's best window score) and sorts them again; the hits
// after depth keep their place.
func (p *passageScorer) rerank(hits []*search.DocumentMatch, weight float64, depth int) {
	depth = min(depth, len(hits))
	for _, h := range hits[:depth] {
		title, _ := h.Fields[arindex.FieldTitle].(string)
		body, _ := arindex.HitBody(h.Fields) // a damaged body scores as an empty one
		h.Score *= 1 + weight*p.best(queryAnalyzer.Terms(title+"\n"+body))
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
