package search

import (
	"math"
	"slices"
	"testing"
)

// TestPassageBest scores windows of real Arabic text: the query's words
// side by side score above the same words far apart, a text without them
// scores 0, and a word repeated in the window counts saturated, below
// two distinct words.
func TestPassageBest(t *testing.T) {
	stems := queryAnalyzer.Terms("وزير الخارجية")
	if len(stems) != 2 {
		t.Fatalf("وزير الخارجية analyzes to %q; the test needs two stems", stems)
	}
	p := &passageScorer{idf: map[string]float64{stems[0]: 1, stems[1]: 2}, total: 3, window: 5}
	near := queryAnalyzer.Terms("التقى وزير الخارجية التونسي اليوم نظيره الجزائري في العاصمة")
	far := queryAnalyzer.Terms("التقى وزير التجارة التونسي اليوم نظيره الجزائري في العاصمة لبحث المبادلات ثم حضر ندوة حول السياسة الخارجية")
	none := queryAnalyzer.Terms("ارتفعت أسعار الخضر في الأسواق الأسبوع الماضي")
	one := saturate(1)
	if got := p.best(near); math.Abs(got-one) > 1e-12 {
		t.Errorf("both words side by side: %v, want %v (each once, over the idfs' sum)", got, one)
	}
	if got := p.best(far); math.Abs(got-2*one/3) > 1e-12 {
		t.Errorf("the words %d terms apart: %v, want %v (the rarer alone)", slices.Index(far, stems[1])-slices.Index(far, stems[0]), got, 2*one/3)
	}
	if got := p.best(none); got != 0 {
		t.Errorf("no query word: %v, want 0", got)
	}
	twice := queryAnalyzer.Terms("الخارجية تعلن أن الخارجية")
	if got, want := p.best(twice), 2*saturate(2)/3; math.Abs(got-want) > 1e-12 || got >= 2*one/3*2 {
		t.Errorf("one word twice: %v, want %v", got, want)
	}
}

// TestPassagePages checks that passage evidence reorders the first hits
// on 2,000 ANT articles, and that every page is cut from that one order:
// hits 10 to 20 of a 20-hit page are the second page of 10.
func TestPassagePages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	with := DefaultRanking
	with.PassageWeight, with.PassageWindow = 0.5, 10
	ids := func(q string, r Ranking, offset, limit int) []string {
		res, err := Run(t.Context(), ix, Request{Query: q, Limit: limit, Offset: offset, NoSnippets: true, Ranking: &r})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	moved := 0
	for _, q := range []string{"وزير الخارجية يلتقي نظيره الجزائري", "ارتفاع أسعار الخضر في الأسواق", "المنتخب الوطني لكرة اليد"} {
		all := ids(q, with, 0, 20)
		if len(all) < 20 {
			t.Fatalf("%s: %d hits; the test needs 20", q, len(all))
		}
		if second := ids(q, with, 10, 10); !slices.Equal(second, all[10:]) {
			t.Errorf("%s: the second page %v, not hits 10 to 20 %v", q, second, all[10:])
		}
		if first := ids(q, with, 0, 10); !slices.Equal(first, all[:10]) {
			t.Errorf("%s: the first page %v, not hits 0 to 10 %v", q, first, all[:10])
		}
		if !slices.Equal(all, ids(q, DefaultRanking, 0, 20)) {
			moved++
		}
	}
	if moved == 0 {
		t.Error("passage evidence reordered none of the queries; the test needs one it does")
	}
}
