package search

import (
	"cmp"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/arsearch/arsearch/analyzer"
	arindex "github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/index/storedtext"
)

// TestPassageBest scores windows of real Arabic text: the query's words
// side by side score above the same words far apart, a text without them
// scores 0, a word repeated in the window counts saturated, below two
// distinct words, and the title is read as the text's first words.
func TestPassageBest(t *testing.T) {
	stems := queryAnalyzer.Terms("وزير الخارجية")
	if len(stems) != 2 {
		t.Fatalf("وزير الخارجية analyzes to %q; the test needs two stems", stems)
	}
	p := &passageScorer{idf: map[string]float64{stems[0]: 1, stems[1]: 2}, total: 3, window: 5}
	p.index()
	one := saturate(1)
	cases := []struct {
		title, body string
		want        float64
	}{
		{"", "التقى وزير الخارجية التونسي اليوم نظيره الجزائري في العاصمة", one},
		// Eleven words apart: only the rarer word counts.
		{"", "التقى وزير التجارة التونسي اليوم نظيره الجزائري في العاصمة لبحث المبادلات ثم حضر ندوة حول السياسة الخارجية", 2 * one / 3},
		{"", "ارتفعت أسعار الخضر في الأسواق الأسبوع الماضي", 0},
		{"", "الخارجية تعلن أن الخارجية", 2 * saturate(2) / 3},
		// The title's last word and the body's first are neighbours.
		{"تصريح وزير", "الخارجية التونسي اليوم", one},
		{"وزير الخارجية", "", one},
	}
	for _, c := range cases {
		if got := p.best(c.title, c.body); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%q / %q: %v, want %v", c.title, c.body, got, c.want)
		}
	}
}

// TestPassageMatches holds the words passage evidence finds, on 300 real
// ANT articles and the stems of their own titles, to the query analyzer's
// terms: every word found is at the position where the analyzer gives that
// stem, and every word the analyzer gives a query stem is found unless the
// stem's letters are not in the word (a broken plural or spelling variant,
// mapped to other letters).
func TestPassageMatches(t *testing.T) {
	found, notSubstring := 0, 0
	for i, d := range antArticles(t, 300) {
		stems := queryAnalyzer.Terms(d.Title)
		if len(stems) == 0 {
			continue
		}
		p := &passageScorer{idf: map[string]float64{}, window: 10}
		for _, s := range stems {
			p.idf[s] = 1
		}
		p.index()
		hits, _ := p.matches(nil, d.Body, 0)
		got := map[int]string{}
		for _, h := range hits {
			got[h.pos] = string(p.stems[h.stem])
		}
		want := map[int]string{}
		for _, tok := range queryAnalyzer.Analyze([]byte(d.Body)) {
			if _, ok := p.ids[string(tok.Term)]; !ok {
				continue
			}
			norm := analyzer.Normalize(d.Body[tok.Start:tok.End])
			if !strings.Contains(norm, string(tok.Term)) {
				notSubstring++
				continue
			}
			want[tok.Position] = string(tok.Term)
		}
		if !maps.Equal(got, want) {
			t.Errorf("article %d (%s): found %v, the analyzer gives %v", i, d.Title, got, want)
		}
		found += len(got)
	}
	if found < 1000 {
		t.Errorf("%d words found in 300 articles; the test needs more", found)
	}
	t.Logf("%d words found; %d of the analyzer's are broken plurals or variants, not looked for", found, notSubstring)
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
	without := DefaultRanking
	without.PassageWeight = 0
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
		if !slices.Equal(all, ids(q, without, 0, 20)) {
			moved++
		}
	}
	if moved == 0 {
		t.Error("passage evidence reordered none of the queries; the test needs one it does")
	}
}

// TestPassageRerankWorkers reorders 40 real ANT articles, their bodies
// stored as the index stores them, with one, two and four goroutines:
// every hit's score and the order are those of scoring the articles one
// by one with best, the bodies as written.
func TestPassageRerankWorkers(t *testing.T) {
	arts := antArticles(t, 40)
	p := &passageScorer{idf: map[string]float64{}, window: 10}
	for i, s := range queryAnalyzer.Terms("وزير الخارجية يلتقي نظيره في العاصمة لبحث التعاون") {
		if _, seen := p.idf[s]; !seen {
			p.idf[s] = float64(i + 1)
			p.total += float64(i + 1)
		}
	}
	p.index()
	want := storedHits(arts)
	scored := 0
	for i, h := range want {
		b := p.best(arts[i].Title, arts[i].Body)
		if b > 0 {
			scored++
		}
		h.Score *= 1 + 0.4*b
	}
	if scored < 10 {
		t.Fatalf("%d of 40 articles hold the query's words; the test needs 10", scored)
	}
	checkRerankWorkers(t, p, arts, want)
}

// storedHits are arts as hits of a search, their bodies stored as the
// index stores them, scored in their order (the first highest).
func storedHits(arts []document) []*search.DocumentMatch {
	out := make([]*search.DocumentMatch, len(arts))
	for i, d := range arts {
		out[i] = &search.DocumentMatch{ID: strconv.Itoa(i), Score: float64(len(arts) - i), Fields: map[string]any{
			arindex.FieldTitle:    d.Title,
			arindex.FieldBodyText: string(storedtext.Encode(nil, d.Body)),
		}}
	}
	return out
}

// checkRerankWorkers reranks arts' storedHits with p on one, two and four
// CPUs and compares each time with want, the hits rescored one by one (in
// any order: it sorts them).
func checkRerankWorkers(t *testing.T, p *passageScorer, arts []document, want []*search.DocumentMatch) {
	t.Helper()
	slices.SortStableFunc(want, func(a, b *search.DocumentMatch) int { return cmp.Compare(b.Score, a.Score) })
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		got := storedHits(arts)
		p.rerank(got, 0.4, len(got))
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
				t.Errorf("%d CPUs: hit %d is %s scored %v, want %s scored %v", procs, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
			}
		}
	}
}
