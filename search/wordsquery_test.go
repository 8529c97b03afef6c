package search

import (
	"context"
	"encoding/binary"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/arsearch/arsearch/analyzer"
	arindex "github.com/arsearch/arsearch/index"
)

// nestedQuery is what a wordsQuery stands for, in bleve's own queries.
func nestedQuery(q *wordsQuery) query.Query {
	var ws []query.Query
	for _, w := range q.words {
		m := query.NewDisjunctionQuery(w.match)
		if len(w.bonus) == 0 {
			ws = append(ws, m)
			continue
		}
		ws = append(ws, query.NewBooleanQuery([]query.Query{m}, []query.Query{query.NewDisjunctionQuery(w.bonus)}, nil))
	}
	words := query.NewDisjunctionQuery(ws)
	if len(q.extras) == 0 {
		return words
	}
	var es []query.Query
	for _, e := range q.extras {
		es = append(es, query.NewDisjunctionQuery(e))
	}
	return query.NewBooleanQuery([]query.Query{words}, []query.Query{query.NewDisjunctionQuery(es)}, nil)
}

// scores runs q over every document and returns each hit's score.
func scores(t *testing.T, ix *arindex.Index, q query.Query) map[string]float64 {
	t.Helper()
	sr := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	res, err := ix.Bleve().SearchInContext(ix.WithStats(t.Context(), 1), sr)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]float64, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

func sameScores(t *testing.T, what string, got, want map[string]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d hits, nested bleve queries %d", what, len(got), len(want))
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s: %s missing", what, id)
			continue
		}
		if math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			t.Errorf("%s: %s scores %v, nested bleve queries %v", what, id, g, w)
		}
	}
}

// TestWordsQueryScoresAsNestedQueries checks the flat searcher against the
// bleve queries it replaces, on real headlines over 2,000 ANT articles:
// the same documents with the same scores, with and without related forms
// and multi-term words; and Advance agrees with Next. bleve's disjunctions
// scale by the share of clauses that matched, so the comparison is with
// fieldCoord on; TestFieldSum checks what changes without it.
func TestWordsQueryScoresAsNestedQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	texts := [][]string{
		{"تونس", "الجزائر"},
		{"وزارة", "الصحة", "التونسية", "تعلن"},
		{"المنتخب", "الوطني", "لكرة", "اليد"},
		{"الباكالوريا", "2017"},
		{"السياحة", "في", "تونس"},         // a stop word: no stem, exact only
		{"الإتحاد-العام", "للشغل"},        // one word, two terms
		{"الليبية", "العراقيين", "سوريا"}, // related forms
	}
	r := DefaultRanking
	r.TitleBoost = 0.2 // titles and bodies apart: the field coord shows
	for _, ws := range texts {
		q := &wordsQuery{fieldCoord: true}
		for _, text := range ws {
			stems := queryAnalyzer.Terms(text)
			q.words = append(q.words, wordQuery(stems, exactAnalyzer.Terms(text), "", r))
			var related []string
			for _, s := range stems {
				related = append(related, analyzer.Related(s)...)
			}
			if len(related) > 0 {
				q.extras = append(q.extras, relatedQuery(related, "", r))
			}
		}
		want := scores(t, ix, nestedQuery(q))
		if len(want) == 0 {
			t.Fatalf("%v: no hits; the test needs words that occur", ws)
		}
		sameScores(t, ws[0]+"…", scores(t, ix, q), want)

		checkAdvance(t, ix, q, ws[0]+"…")
	}
}

// checkAdvance drives two searchers of q, with the terms read directly
// (termIter) as in a search: one with Next alone, the other
// with Advance to every other document the first found, and to ids just
// past some. Advance must land on the first match at or after the id,
// with the score Next gave it.
func checkAdvance(t *testing.T, ix *arindex.Index, q *wordsQuery, what string) {
	t.Helper()
	adv, err := ix.Bleve().Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// What bleve's search puts in the context: the scoring model, and
	// arsearch's statistics. With both, terms are read directly (termIter).
	ctx := context.WithValue(ix.WithStats(t.Context(), 1), search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return bleveindex.BM25Scoring }))
	newSearcher := func() (search.Searcher, *search.SearchContext) {
		s, err := q.Searcher(ctx, r, ix.Bleve().Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		direct := 0
		for _, c := range s.(*wordsSearcher).children {
			if c.t != nil {
				direct++
			}
		}
		if direct == 0 {
			t.Fatalf("%s: no term is read directly; the test would not check termIter", what)
		}
		t.Cleanup(func() { s.Close() })
		return s, &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	}
	type hit struct {
		num   uint64
		score float64
	}
	s, sctx := newSearcher()
	var all []hit
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if dm == nil {
			break
		}
		all = append(all, hit{docNum(dm.IndexInternalID), dm.Score})
		sctx.DocumentMatchPool.Put(dm)
	}
	if len(all) < 10 {
		t.Fatalf("%s: %d hits; the test needs more", what, len(all))
	}
	s, sctx = newSearcher()
	id := make([]byte, 8)
	for i := 1; i < len(all); i += 2 {
		target := all[i].num
		if i%3 == 0 && all[i].num > all[i-1].num+1 {
			target = all[i-1].num + 1 // between two matches: lands on the next
		}
		binary.BigEndian.PutUint64(id, target)
		dm, err := s.Advance(sctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if dm == nil || docNum(dm.IndexInternalID) != all[i].num {
			t.Fatalf("%s: Advance(%d) gave %v, want document %d", what, target, dm, all[i].num)
		}
		if math.Abs(dm.Score-all[i].score) > 1e-12*math.Max(1, all[i].score) {
			t.Errorf("%s: document %d scores %v after Advance, %v after Next", what, all[i].num, dm.Score, all[i].score)
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}

// TestFieldedBM25 checks BM25F against the per-field sum on real
// headlines over 2,000 ANT articles: without titles the two are the same;
// with titles, the same documents match, documents with the word in the
// body alone keep their order, and one with it in the title too scores
// above its body alone.
func TestFieldedBM25(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	query := func(text string, r Ranking) *wordsQuery {
		ex := exactAnalyzer.Terms(text)
		return &wordsQuery{words: []word{wordQuery(queryAnalyzer.Terms(text), ex, "", r)}, fielded: r.FieldedBM25}
	}
	bodyOnly := Ranking{TitleBoost: 0}
	bodyOnlyF := Ranking{TitleBoost: 0, FieldedBM25: true}
	titled := Ranking{TitleBoost: 1}
	titledF := Ranking{TitleBoost: 1, FieldedBM25: true}
	changed := 0
	for _, text := range []string{"تونس", "الصحة", "المنتخب", "الباكالوريا", "الانتخابات"} {
		sameScores(t, text+" without titles", scores(t, ix, query(text, bodyOnlyF)), scores(t, ix, query(text, bodyOnly)))
		body := scores(t, ix, query(text, bodyOnly))
		sum, f := scores(t, ix, query(text, titled)), scores(t, ix, query(text, titledF))
		if len(sum) != len(f) {
			t.Errorf("%s: %d hits with BM25F, %d without", text, len(f), len(sum))
		}
		// The titled queries have more terms, so a smaller query norm:
		// their scores are the body-only query's times a constant k, for
		// documents with the word in the body alone (where BM25F and the
		// sum agree).
		k := 0.0
		for id, v := range f {
			b, inBody := body[id]
			if !inBody || math.Abs(v-sum[id]) > 1e-9*v {
				continue
			}
			if k == 0 {
				k = v / b
			} else if math.Abs(v/b-k) > 1e-9*k {
				t.Errorf("%s: %s matches in the body alone, but scores %v times the body-only score, not %v", text, id, v/b, k)
			}
		}
		for id, v := range f {
			if b, inBody := body[id]; inBody && math.Abs(v-sum[id]) > 1e-9*v {
				changed++
				if v <= b*k {
					t.Errorf("%s: %s also matches in the title: %v with BM25F, not above the body's %v", text, id, v, b*k)
				}
			}
		}
	}
	if changed == 0 {
		t.Error("no document matched in both title and body; the test needs such words")
	}
}

// TestFieldSum checks the two ways a query's scores are combined, on real
// headline words over 2,000 ANT articles. One word in the title and the
// body, without the exact bonus: summed, each document scores its
// field-coord score times 2 (the word in one field) or 1 (in both), and
// both kinds occur. Several words without the query's coord: each
// document scores its coord score times the number of words over the
// number it matches.
func TestFieldSum(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	r := Ranking{TitleBoost: 1}
	query := func(words []string, fieldCoord, noCoord bool) *wordsQuery {
		q := &wordsQuery{fieldCoord: fieldCoord, noCoord: noCoord}
		for _, w := range words {
			q.words = append(q.words, wordQuery(queryAnalyzer.Terms(w), exactAnalyzer.Terms(w), "", r))
		}
		return q
	}
	ratios := map[float64]int{}
	for _, text := range []string{"تونس", "الصحة", "المنتخب", "الانتخابات"} {
		sum := scores(t, ix, query([]string{text}, false, false))
		scaled := scores(t, ix, query([]string{text}, true, false))
		if len(sum) != len(scaled) || len(sum) == 0 {
			t.Fatalf("%s: %d hits summed, %d with the field coord", text, len(sum), len(scaled))
		}
		for id, v := range sum {
			ratio := math.Round(v / scaled[id])
			if (ratio != 1 && ratio != 2) || math.Abs(v-ratio*scaled[id]) > 1e-9*v {
				t.Errorf("%s: %s scores %v summed, %v with the field coord: want 1 or 2 times", text, id, v, scaled[id])
			}
			ratios[ratio]++
		}
	}
	if ratios[1] == 0 || ratios[2] == 0 {
		t.Errorf("documents by ratio %v: the test needs words found in the title and body and in one of them", ratios)
	}
	words := []string{"وزارة", "الصحة", "التونسية", "تعلن"}
	plain, coord := scores(t, ix, query(words, false, true)), scores(t, ix, query(words, false, false))
	partial := 0
	for id, v := range plain {
		ratio := v / coord[id] // len(words) / words matched
		matched := math.Round(float64(len(words)) / ratio)
		if matched < 1 || matched > float64(len(words)) || math.Abs(ratio-float64(len(words))/matched) > 1e-9*ratio {
			t.Errorf("%s: scores %v without coord, %v with: not a whole share of %d words", id, v, coord[id], len(words))
		}
		if matched < float64(len(words)) {
			partial++
		}
	}
	if partial == 0 || len(plain) != len(coord) {
		t.Errorf("%d hits without coord, %d with, %d matching some words only", len(plain), len(coord), partial)
	}
}
