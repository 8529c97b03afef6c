package search

import (
	"math"
	"testing"
)

// TestTermScoringForWords checks when IDFGrowth raises the idf's power:
// not up to growIDFFrom words, by the growth per doubling of the length
// beyond, from IDFPower or from bleve's 2 when it is 0.
func TestTermScoringForWords(t *testing.T) {
	for _, c := range []struct {
		ts   termScoring
		n    int
		want float64
	}{
		{termScoring{idfGrowth: 1}, growIDFFrom, 0},
		{termScoring{idfGrowth: 1}, 2 * growIDFFrom, 3},
		{termScoring{idfGrowth: 0.5}, 4 * growIDFFrom, 3},
		{termScoring{idfPower: 1.5, idfGrowth: 0.5}, 2 * growIDFFrom, 2},
		{termScoring{idfPower: 1.5}, 4 * growIDFFrom, 1.5},
	} {
		if got := c.ts.forWords(c.n).idfPower; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%+v for %d words: idf power %v, want %v", c.ts, c.n, got, c.want)
		}
	}
}

// TestIDFPower checks Ranking.IDFPower on real words over 2,000 ANT
// articles: a two-word query scored with the idf to the power 3 instead
// of bleve's 2 scales the documents that match one word by that word's
// idf (the same factor for all of them, so their order stays), and the
// rarer word's documents by more.
func TestIDFPower(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	r := Ranking{TitleBoost: 0}
	common, rare := "تونس", "الانتخابات"
	query := func(ts termScoring) *wordsQuery {
		q := &wordsQuery{scoring: ts, noCoord: true}
		for _, w := range []string{common, rare} {
			q.words = append(q.words, wordQuery(queryAnalyzer.Terms(w), nil, "", r))
		}
		return q
	}
	one := func(w string) map[string]float64 {
		return scores(t, ix, &wordsQuery{words: []word{wordQuery(queryAnalyzer.Terms(w), nil, "", r)}})
	}
	onlyCommon, onlyRare := one(common), one(rare)
	for id := range onlyCommon {
		if _, both := onlyRare[id]; both {
			delete(onlyCommon, id)
			delete(onlyRare, id)
		}
	}
	if len(onlyCommon) < 5 || len(onlyRare) < 5 {
		t.Fatalf("%d articles with %s alone, %d with %s alone: the test needs more", len(onlyCommon), common, len(onlyRare), rare)
	}
	squared, cubed := scores(t, ix, query(termScoring{})), scores(t, ix, query(termScoring{idfPower: 3}))
	factor := func(docs map[string]float64, w string) float64 {
		f := 0.0
		for id := range docs {
			ratio := cubed[id] / squared[id]
			if f == 0 {
				f = ratio
			} else if math.Abs(ratio-f) > 1e-9*f {
				t.Errorf("%s (%s alone): scores %v times bleve's, others %v times", id, w, ratio, f)
			}
		}
		return f
	}
	if fc, fr := factor(onlyCommon, common), factor(onlyRare, rare); fr <= fc {
		t.Errorf("idf power 3: the articles of %s scale by %v, those of the rarer %s by %v; want more", common, fc, rare, fr)
	}
}

// TestRawTF checks Ranking.RawTF on real words over 2,000 ANT articles:
// an article with the word once scores as with bleve's square root, one
// with it several times scores more, and both kinds occur.
func TestRawTF(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	r := Ranking{TitleBoost: 0}
	same, more := 0, 0
	for _, w := range []string{"تونس", "الحكومة", "المنتخب"} {
		q := func(ts termScoring) *wordsQuery {
			return &wordsQuery{words: []word{wordQuery(queryAnalyzer.Terms(w), nil, "", r)}, scoring: ts}
		}
		root, raw := scores(t, ix, q(termScoring{})), scores(t, ix, q(termScoring{rawTF: true}))
		if len(root) != len(raw) || len(root) == 0 {
			t.Fatalf("%s: %d hits with the raw count, %d with its root", w, len(raw), len(root))
		}
		for id, v := range root {
			switch {
			case math.Abs(raw[id]-v) <= 1e-9*v:
				same++
			case raw[id] > v:
				more++
			default:
				t.Errorf("%s: %s scores %v with the raw count, less than %v with its root", w, id, raw[id], v)
			}
		}
	}
	if same == 0 || more == 0 {
		t.Errorf("%d articles score the same, %d more: the test needs both", same, more)
	}
}
