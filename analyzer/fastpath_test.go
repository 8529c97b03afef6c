package analyzer

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// fastPathAnalyzers are the analyzers whose one-loop Analyze is held to
// their stage-by-stage pipeline: the shipped views and an exclusion list.
func fastPathAnalyzers() map[string]*Analyzer {
	return map[string]*Analyzer{
		"full":    New(),
		"exact":   New(WithStemming(false), WithStopWords(false)),
		"nostop":  New(WithStopWords(false)),
		"nostem":  New(WithStemming(false)),
		"exclude": New(WithStemExclusion("البنك", "بنك", "المملكة")),
	}
}

// diffStreams describes the first difference between two token streams,
// or returns "".
func diffStreams(got, want analysis.TokenStream) string {
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End ||
			g.Position != w.Position || g.Type != w.Type || g.KeyWord != w.KeyWord {
			return fmt.Sprintf("token %d: fast %q %d:%d pos %d type %d, pipeline %q %d:%d pos %d type %d",
				i, g.Term, g.Start, g.End, g.Position, g.Type, w.Term, w.Start, w.End, w.Position, w.Type)
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("fast path gave %d tokens, pipeline %d", len(got), len(want))
	}
	return ""
}

// checkFastPath fails t when any analyzer's Analyze and pipeline differ on
// text.
func checkFastPath(t *testing.T, analyzers map[string]*Analyzer, text []byte) {
	t.Helper()
	for name, a := range analyzers {
		if d := diffStreams(a.Analyze(text), a.pipeline(text)); d != "" {
			t.Fatalf("%s analyzer on %q: %s", name, text, d)
		}
	}
}

// TestFastPathMatchesPipeline: on 2 MB of real news (ANT titles and
// bodies, paragraph by paragraph and whole), every analyzer's one-loop
// Analyze gives exactly the tokens of its stages run one after another.
func TestFastPathMatchesPipeline(t *testing.T) {
	analyzers := fastPathAnalyzers()
	text := newsText(t)
	paras := paragraphs(text)
	tokens := 0
	for _, p := range paras {
		checkFastPath(t, analyzers, p)
		tokens += len(analyzers["exact"].Analyze(p))
	}
	checkFastPath(t, analyzers, text[:256<<10]) // many paragraphs as one field
	if tokens < 100000 {
		t.Fatalf("only %d tokens in %d paragraphs: the corpus did not load", tokens, len(paras))
	}
}

// TestFastPathEdgeCases: the inputs where the one loop takes its other
// branches: marks, tatweel, joiners inside and at the edges of words,
// ligatures that expand to several words (positions shift), words that
// normalize to nothing, over-long tokens, capitals, digits, invalid UTF-8.
func TestFastPathEdgeCases(t *testing.T) {
	analyzers := fastPathAnalyzers()
	cases := []string{
		"", " ", "وبالعِراقِ والسوريّين", "العـــراق", "ﷺ قال ﷺ وﷺ", "ﷺﷺ", "ﷻ الله", "ﻻ ﺍﻟﻌﺮﺍﻕ",
		"مسو\u0654ول و\u0654 ي\u0654 ى\u0654", "على علي فى في الى إلى", "a\u200cb \u200cعلم\u200c \u200d",
		"ـ ـــ \u064e", "Hello WORLD ÉCOLE école İstanbul", "١٢٣ 2024 ۴۵ 3x", "x\xffy \xd8 \xd8\xa7", "\u0654\u0654",
		strings.Repeat("ب", 200) + " ق " + strings.Repeat("ب", 100), "ﺍ" + strings.Repeat("ب", 127),
		"مرحبا\u0600بكم \u061cالعراق", "\u00adعراق \u00ad", "中文 日本語 한국어", "🙂 العراق🙂", "ｆｕｌｌ ＷＩＤＴＨ",
	}
	for _, c := range cases {
		checkFastPath(t, analyzers, []byte(c))
	}
}

// TestFastPathRandom: 20,000 random strings drawn from the runes the
// branches turn on.
func TestFastPathRandom(t *testing.T) {
	analyzers := fastPathAnalyzers()
	alphabet := []rune("ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآؤئـًٌٍَُِّْٰٕٔ" +
		"٠١٢٣ ۴ ﷺﻻﺍﻟ\u200c\u200d\u00ad\u0600\u061c\u064b\u0670 ،.؟!\n\t-aZ09éÉ中🙂\ufeff")
	rng := rand.New(rand.NewPCG(16, 1))
	buf := make([]byte, 0, 256)
	for range 20000 {
		buf = buf[:0]
		for n := rng.IntN(40); n > 0; n-- {
			if rng.IntN(50) == 0 {
				buf = append(buf, byte(0x80+rng.IntN(0x80))) // a stray byte: invalid UTF-8
				continue
			}
			buf = utf8.AppendRune(buf, alphabet[rng.IntN(len(alphabet))])
		}
		checkFastPath(t, analyzers, buf)
	}
}

// FuzzFastPath holds the one-loop Analyze to the stage-by-stage pipeline
// on any input.
func FuzzFastPath(f *testing.F) {
	for _, s := range []string{"وبالعِراقِ والسوريّين", "ﷺ ﷺ", "a\u200cb", "\u0654\u0654", "١٢ ab ـ", "x\xffy",
		"على علي الى", "مسو\u0654ول"} {
		f.Add(s)
	}
	analyzers := fastPathAnalyzers()
	f.Fuzz(func(t *testing.T, s string) {
		checkFastPath(t, analyzers, []byte(s))
	})
}

// TestTermCacheConcurrent: goroutines filling one fresh term cache at once,
// each in its own order over 4,000 news paragraphs, get the tokens a
// single goroutine got from another fresh cache (go test -race checks
// the slots' publication too).
func TestTermCacheConcurrent(t *testing.T) {
	paras := paragraphs(newsText(t))
	if testing.Short() {
		paras = paras[:500]
	}
	want := make([]analysis.TokenStream, len(paras))
	ref := New(WithStemExclusion("البنك")) // an exclusion list: a cache of its own
	for i, p := range paras {
		want[i] = ref.Analyze(p)
	}
	a := New(WithStemExclusion("البنك"))
	errs := make(chan string, 4)
	for g := range 4 {
		go func() {
			rng := rand.New(rand.NewPCG(uint64(g), 2))
			for _, i := range rng.Perm(len(paras)) {
				if d := diffStreams(a.Analyze(paras[i]), want[i]); d != "" {
					errs <- fmt.Sprintf("goroutine %d, paragraph %d: %s", g, i, d)
					return
				}
			}
			errs <- ""
		}()
	}
	for range 4 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
