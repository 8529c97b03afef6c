package search

import (
	"math"
	"strings"
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

// TestTitleCoverage checks Ranking.TitleCoverage on real headlines over
// 2,000 ANT articles, each headline's words as the query: no article
// scores more with it than without (the share is at most 1); the article
// whose headline it is, when every word of the headline is one term the
// query matches, scores the same; and articles whose titles share only
// some of the words score less. A query of one word covers itself in any
// title that has it: every article scores as without.
func TestTitleCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	r := Ranking{TitleBoost: 1}
	query := func(words []string, cover float64) *wordsQuery {
		q := &wordsQuery{titleCoverage: cover}
		for _, w := range words {
			q.words = append(q.words, wordQuery(queryAnalyzer.Terms(w), nil, "", r))
		}
		return q
	}
	articles := antArticles(t, 2000)
	whole, less := 0, 0
	for _, a := range articles[:300] {
		var words []string
		seen := map[string]bool{}
		distinct := true
		for _, w := range strings.Fields(a.Title) {
			ts := queryAnalyzer.Terms(w)
			if len(ts) == 0 {
				continue
			}
			distinct = distinct && len(ts) == 1 && !seen[ts[0]]
			for _, s := range ts {
				seen[s] = true
			}
			words = append(words, w)
		}
		if !distinct || len(words) < 3 {
			continue
		}
		plain, covered := scores(t, ix, query(words, 0)), scores(t, ix, query(words, 1))
		if len(plain) != len(covered) {
			t.Fatalf("%s: %d hits with title coverage, %d without", a.ID, len(covered), len(plain))
		}
		if _, ok := plain[a.ID]; !ok {
			t.Fatalf("%q: its own article %s is not a hit", a.Title, a.ID)
		}
		for id, v := range plain {
			c := covered[id]
			switch {
			case c > v*(1+1e-9):
				t.Errorf("%q: %s scores %v with title coverage, more than %v without", a.Title, id, c, v)
			case id == a.ID && math.Abs(c-v) > 1e-9*v:
				t.Errorf("%q: its own article scores %v with title coverage, %v without; want the same", a.Title, c, v)
			case c < v*(1-1e-9):
				less++
			}
		}
		whole++
		if whole == 20 {
			break
		}
	}
	if whole < 20 || less == 0 {
		t.Errorf("%d headlines of distinct one-term words, %d articles scored less: the test needs 20 and some", whole, less)
	}
	for _, w := range []string{"تونس", "الانتخابات"} {
		sameScores(t, w+" with title coverage", scores(t, ix, query([]string{w}, 1)), scores(t, ix, query([]string{w}, 0)))
	}
}

// TestK1 checks Ranking.K1 on real words over 2,000 ANT articles: BM25
// is monotone in a word's normalized count for any k1, so one word's
// articles keep their order under k1 2, while the ratio of their scores
// to bleve's 1.2 varies (a larger k1 saturates later).
func TestK1(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	r := Ranking{TitleBoost: 0}
	for _, w := range []string{"تونس", "الحكومة"} {
		q := func(ts termScoring) *wordsQuery {
			return &wordsQuery{words: []word{wordQuery(queryAnalyzer.Terms(w), nil, "", r)}, scoring: ts}
		}
		base, k2 := scores(t, ix, q(termScoring{})), scores(t, ix, q(termScoring{k1: 2}))
		if len(base) != len(k2) || len(base) < 10 {
			t.Fatalf("%s: %d hits with k1 2, %d with 1.2", w, len(k2), len(base))
		}
		lo, hi := math.Inf(1), 0.0
		for id, v := range base {
			for id2, v2 := range base {
				if v < v2*(1-1e-9) && k2[id] >= k2[id2]*(1-1e-9) {
					t.Fatalf("%s: %s below %s with k1 1.2 (%v < %v), not with k1 2 (%v, %v)", w, id, id2, v, v2, k2[id], k2[id2])
				}
			}
			lo, hi = min(lo, k2[id]/v), max(hi, k2[id]/v)
		}
		if hi-lo < 1e-6*hi {
			t.Errorf("%s: every article scores %v times as much with k1 2: the counts were not saturated anew", w, lo)
		}
	}
}
