package search

import (
	"math"
	"slices"
	"testing"
)

// TestPassageBigrams lists the pairs of real Arabic queries: neighbouring
// stems in order, across a stop word; an excluded word, a title: word or a
// group breaks the chain, and a group's words pair among themselves.
func TestPassageBigrams(t *testing.T) {
	stems := func(s string) []string { return queryAnalyzer.Terms(s) }
	pair := func(a, b string) [2]string { return [2]string{stems(a)[0], stems(b)[0]} }
	cases := []struct {
		query string
		plain bool
		want  [][2]string
	}{
		{"وزير خارجية في فرنسا", true, [][2]string{pair("وزير", "خارجية"), pair("خارجية", "فرنسا")}},
		{"رئيس مجلس الوزراء", true, [][2]string{pair("رئيس", "مجلس"), pair("مجلس", "الوزراء")}},
		{"الخارجية", true, nil},
		{"الخارجية الخارجية", true, nil},
		{"وزير -الخارجية فرنسا", false, nil},
		{"وزير title:الخارجية فرنسا", false, nil},
		{"وزير (الخارجية فرنسا) باريس", false, [][2]string{pair("الخارجية", "فرنسا")}},
		// Read as plain words, - and title: are punctuation.
		{"وزير -الخارجية فرنسا", true, [][2]string{pair("وزير", "الخارجية"), pair("الخارجية", "فرنسا")}},
	}
	for _, c := range cases {
		parse := ParseQuery
		if c.plain {
			parse = ParsePlain
		}
		cs, err := parse(c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if got := passageBigrams(cs); !slices.Equal(got, c.want) {
			t.Errorf("%s (plain %v): pairs %q, want %q", c.query, c.plain, got, c.want)
		}
	}
}

// bigramTestScorer is a scorer of the stems of query, weighted 1, 2, 3 …
// in their order, with the query's pairs counted in the window with
// weight window and over the text with weight text.
func bigramTestScorer(t *testing.T, query string, windowLen int, window, text float64, gap int) *passageScorer {
	t.Helper()
	cs, err := ParsePlain(query)
	if err != nil {
		t.Fatal(err)
	}
	p := &passageScorer{idf: map[string]float64{}, window: windowLen}
	for i, s := range passageStems(cs) {
		if _, seen := p.idf[s]; !seen {
			p.idf[s] = float64(i + 1)
			p.total += float64(i + 1)
		}
	}
	p.index()
	p.setBigrams(passageBigrams(cs), window, text, gap)
	return p
}

// TestBigramWindow scores real Arabic texts with the query وزير الخارجية
// (idfs 1 and 2, one pair of weight 3): its words side by side, or with
// one word between, score the pair on top of the stems; the same words
// in the other order or further apart, in the same window, score the
// stems alone; and the pair counts saturated like a stem.
func TestBigramWindow(t *testing.T) {
	p := bigramTestScorer(t, "وزير الخارجية", 10, 0.5, 0, 2)
	one, two := saturate(1), saturate(2)
	stemsOnce := one              // (1 + 2)·sat(1) / 3
	pairOnce := 0.5 * 3 * one / 3 // weight 0.5 × (1 + 2) × sat(1), over the stems' 3
	cases := []struct {
		title, body string
		want        float64
	}{
		{"", "التقى وزير الخارجية التونسي اليوم نظيره الجزائري في العاصمة", stemsOnce + pairOnce},
		{"", "التقى وزير خارجية تونس اليوم نظيره الجزائري", stemsOnce + pairOnce},
		// One word between: within the gap of 2.
		{"", "التقى الوزير للشؤون الخارجية نظيره", stemsOnce + pairOnce},
		// Two words between, or the other order: the stems alone.
		{"", "التقى الوزير المكلف بالشؤون الخارجية نظيره", stemsOnce},
		{"", "أعلنت الخارجية التونسية أن الوزير سيزور الجزائر", stemsOnce},
		// The title's last word and the body's first are neighbours.
		{"تصريح وزير", "الخارجية التونسي اليوم", stemsOnce + pairOnce},
		{"", "وزير الخارجية يلتقي وزير الخارجية", (1*two + 2*two + 0.5*3*two) / 3},
		{"", "ارتفعت أسعار الخضر في الأسواق", 0},
	}
	for _, c := range cases {
		if got := p.best(c.title, c.body); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%q / %q: %v, want %v", c.title, c.body, got, c.want)
		}
	}
	// With gap 1 only side by side counts.
	p1 := bigramTestScorer(t, "وزير الخارجية", 10, 0.5, 0, 1)
	if got := p1.best("", "التقى الوزير للشؤون الخارجية نظيره"); math.Abs(got-stemsOnce) > 1e-12 {
		t.Errorf("gap 1, one word between: %v, want %v (the stems alone)", got, stemsOnce)
	}
}

// TestBigramText scores the pairs over a whole real text (bigramScore):
// a pair counts wherever it stands, not only in one window, saturated;
// scattered words score 0.
func TestBigramText(t *testing.T) {
	p := bigramTestScorer(t, "رئيس مجلس الوزراء", 10, 0, 1, 2)
	// Stems weigh 1, 2, 3: pairs 3 (رئيس مجلس) and 5 (مجلس الوزراء).
	text := func(body string) float64 {
		p.best("", body)
		return p.bigramScore(p.hits)
	}
	far := "قال رئيس الحكومة إن الوزراء اجتمعوا أمس في مقر المجلس"
	if got := text(far); got != 0 {
		t.Errorf("scattered: %v, want 0", got)
	}
	near := "ترأس رئيس مجلس الوزراء اجتماعا أمس"
	if got, want := text(near), (3*saturate(1)+5*saturate(1))/8; math.Abs(got-want) > 1e-12 {
		t.Errorf("side by side: %v, want %v", got, want)
	}
	// The two pairs 31 words apart: no window of 10 holds both, the
	// text does.
	apart := "استقبل رئيس مجلس الشورى وفدا برلمانيا " + repeatWords("زائرا", 25) + " ثم عقد مجلس الوزراء جلسته"
	if got, want := text(apart), (3*saturate(1)+5*saturate(1))/8; math.Abs(got-want) > 1e-12 {
		t.Errorf("apart: %v, want %v", got, want)
	}
	twice := "مجلس الوزراء يجتمع ومجلس الوزراء يقرر"
	if got, want := text(twice), 5*saturate(2)/8; math.Abs(got-want) > 1e-12 {
		t.Errorf("one pair twice: %v, want %v", got, want)
	}
}

func repeatWords(w string, n int) string {
	out := w
	for range n - 1 {
		out += " " + w
	}
	return out
}

// TestBigramOff holds a scorer given the query's pairs with both weights
// 0 to the scorer without them, to the bit, on 300 real ANT articles and
// a query of their own title: pairs at 0 change no score.
func TestBigramOff(t *testing.T) {
	moved := 0
	for _, d := range antArticles(t, 300) {
		cs, err := ParsePlain(d.Title)
		if err != nil {
			continue
		}
		plain := bigramTestScorer(t, d.Title, 10, 0, 0, 2)
		with := bigramTestScorer(t, d.Title, 10, 1, 0, 2)
		off := &passageScorer{idf: plain.idf, total: plain.total, window: 10}
		off.index()
		want := off.best(d.Title, d.Body)
		if got := plain.best(d.Title, d.Body); got != want {
			t.Errorf("%s: %v with the pairs at 0, %v without", d.Title, got, want)
		}
		if len(passageBigrams(cs)) > 0 && with.best(d.Title, d.Body) > want {
			moved++
		}
	}
	if moved < 100 {
		t.Errorf("the pairs raised %d of 300 articles' windows; the test needs 100", moved)
	}
}

// TestBigramRerankWorkers reorders 40 real ANT articles with the pairs
// on, in the window and over the text, with one, two and four goroutines:
// every score and the order are those of scoring the articles one by one.
// The query is three of the articles' titles.
func TestBigramRerankWorkers(t *testing.T) {
	arts := antArticles(t, 40)
	p := bigramTestScorer(t, arts[3].Title+" "+arts[17].Title+" "+arts[31].Title, 10, 1, 0.3, 2)
	want := storedHits(arts)
	paired := 0
	for i, h := range want {
		b := p.best(arts[i].Title, arts[i].Body)
		t := p.bigramScore(p.hits)
		if t > 0 {
			paired++
		}
		h.Score *= 1 + 0.4*b
		h.Score *= 1 + 0.3*t
	}
	if paired < 3 {
		t.Fatalf("%d of 40 articles hold a pair of the query; the test needs 3", paired)
	}
	checkRerankWorkers(t, p, arts, want)
}

// TestBigramRanking reads the knobs and runs them on 2,000 real ANT
// articles: bigram=0 scores every hit as the ranking without pairs, to
// the bit, and the pairs reorder some query's first page.
func TestBigramRanking(t *testing.T) {
	r, err := ParseRanking("bigram=0.75,bigramtext=0.2,gap=3", DefaultRanking)
	if err != nil || r.BigramWeight != 0.75 || r.BigramTextWeight != 0.2 || r.BigramGap != 3 || r.PassageWeight != DefaultRanking.PassageWeight {
		t.Fatalf("ParseRanking: %+v, %v", r, err)
	}
	if back, err := ParseRanking(r.String(), Ranking{}); err != nil || back != r {
		t.Errorf("String %q reads back as %+v, %v", r.String(), back, err)
	}
	// On by default (BENCHMARKS.md 3.3); bigram=0 turns it off alone.
	if DefaultRanking.BigramWeight == 0 {
		t.Error("DefaultRanking counts no pairs")
	}
	if r, err := ParseRanking("bigram=0", DefaultRanking); err != nil || r.BigramWeight != 0 || r.PassageWeight != DefaultRanking.PassageWeight {
		t.Errorf(`ParseRanking("bigram=0") = %+v, %v; want the default without pairs`, r, err)
	}
	if _, err := ParseRanking("bigram=-1", DefaultRanking); err == nil {
		t.Error("bigram=-1 accepted")
	}
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	ix := sharedANTIndex(t)
	off := DefaultRanking
	off.BigramWeight, off.BigramTextWeight = 0, 0
	none := off
	none.BigramGap = 5 // no pairs: the gap changes nothing
	on := off
	on.BigramWeight = 1
	run := func(q string, r Ranking) []Hit {
		res, err := Run(t.Context(), ix, Request{Query: q, Limit: 10, NoSnippets: true, Plain: true, Ranking: &r})
		if err != nil {
			t.Fatal(err)
		}
		return res.Hits
	}
	moved := 0
	for _, q := range []string{"وزير الخارجية يلتقي نظيره الجزائري", "رئيس مجلس الوزراء", "ارتفاع أسعار الخضر في الأسواق", "المنتخب الوطني لكرة اليد"} {
		base := run(q, off)
		if len(base) < 10 {
			t.Fatalf("%s: %d hits; the test needs 10", q, len(base))
		}
		if got := run(q, none); !slices.EqualFunc(got, base, func(a, b Hit) bool { return a.ID == b.ID && a.Score == b.Score }) {
			t.Errorf("%s: gap 5 without pairs moved a hit or a score", q)
		}
		if !slices.EqualFunc(run(q, on), base, func(a, b Hit) bool { return a.ID == b.ID }) {
			moved++
		}
	}
	if moved == 0 {
		t.Error("the pairs reordered none of the queries; the test needs one they do")
	}
}
