package search

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/arsearch/arsearch/analyzer"
)

// TestPhraseCheckerAsAnalysis: the phrase checker's shortcuts decide as
// the analysis of the whole text does, on ANT articles as they are and
// mangled with what normalization drops, maps or expands (vowels, tatweel,
// lone marks between words, zero-width spaces and joiners, presentation
// forms, Arabic-Indic digits, capitals, invalid bytes, overlong words),
// for runs of their words, the same words out of order, words cut in two, and phrases of
// the unmangled text.
func TestPhraseCheckerAsAnalysis(t *testing.T) {
	an := analyzer.New(analyzer.WithStemming(false), analyzer.WithStopWords(false))
	rng := rand.New(rand.NewPCG(16, 5))
	inserts := []string{"\u064e", "\u0650", "\u0651", "ـ", " \u064b ", " ـ ", "\u200b", "\u200c", "\u00ad", "\u200e", "\u2066", "\ufeff", "،\u064b،", "\u200d", "\u0600", "\u200b\ufdfb",
		"\ufefb", "\ufdfa", " \ufdfa ", "\uff21", "٣", "Ab", "\xff", "ة", "ى", "أ", "ؤ", "ي\u0654",
		" " + strings.Repeat("ب", 140) + " ", "\n", "، "}
	mangle := func(text string, n int) string {
		for range n {
			at := rng.IntN(len(text) + 1)
			for at < len(text) && !utf8.RuneStart(text[at]) {
				at++
			}
			text = text[:at] + inserts[rng.IntN(len(inserts))] + text[at:]
		}
		return text
	}
	plain, checked, found := 0, 0, 0
	for i, d := range antArticles(t, 300) {
		orig := d.Body
		if len(orig) > 3000 {
			orig = orig[:strings.LastIndexByte(orig[:3000], ' ')]
		}
		origTerms := an.Terms(orig)
		for _, text := range []string{orig, mangle(orig, 1+i%4), mangle(orig, 20)} {
			if newPhraseChecker(an, analyzer.ExactName, [][]string{{"x"}}).normalize([]byte(text)) && text != orig {
				plain++ // mangled, yet the normalized words are the terms
			}
			terms := an.Terms(text)
			// The words of the text normalized whole: where they differ
			// from the terms (a vanished vowel, two words run together),
			// a shortcut that trusted them would be wrong.
			normWords := strings.FieldsFunc(analyzer.Normalize(text), func(r rune) bool { return !isWordRune(r) })
			var phrases [][]string
			for _, ts := range [][]string{terms, origTerms, normWords} {
				for k := 0; k < 6 && len(ts) > 5; k++ {
					n := 2 + rng.IntN(3)
					at := rng.IntN(len(ts) - n)
					phrases = append(phrases, ts[at:at+n], []string{ts[at+1], ts[at]})
					if r := []rune(ts[at]); len(r) >= 4 { // a word cut in two
						phrases = append(phrases, []string{string(r[:2]), string(r[2:])})
					}
				}
			}
			for _, p := range phrases {
				slots := make([][]string, len(p))
				for i, w := range p {
					slots[i] = []string{w}
				}
				want := hasPhrase(an.Analyze([]byte(text)), slots)
				c := newPhraseChecker(an, analyzer.ExactName, slots)
				if got := c.holds([]byte(text)); got != want {
					t.Errorf("%q in %q: checker %v, analysis %v", p, text, got, want)
				}
				checked++
				if want {
					found++
				}
			}
		}
	}
	t.Logf("%d mangled texts with the same words, %d phrases checked, %d found", plain, checked, found)
	if plain < 50 || checked < 3000 || found < checked/3 {
		t.Errorf("%d plain texts, %d phrases checked, %d found", plain, checked, found)
	}
}
