package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/arsearch/arsearch/analyzer"
)

// TestPhraseAnchorAsAnalysis: where the anchor shortcut decides (found or
// ruled out), it decides as the analysis of the whole text does, on ANT
// articles as they are and with what makes words irregular (vowels,
// tatweel, a hamza above, lone marks, presentation forms, Latin capitals)
// or makes the shortcut give up (joiners, invalid bytes, overlong runs),
// for runs of their words, the same words out of order, and words cut in
// two; and it does decide most of them.
func TestPhraseAnchorAsAnalysis(t *testing.T) {
	an := analyzer.New(analyzer.WithStemming(false), analyzer.WithStopWords(false))
	rng := rand.New(rand.NewPCG(16, 7))
	irregular := []string{"\u064b", "\u064e", "\u0650", "\u0651", "ـ", " \u064b ", " ـ ", "\u0654", "\ufe8e", "\ufedf", "Ab", "\u00a0", "«", "…", "\u200f"}
	bail := []string{"\u200c", "\u200d", "\u00ad", "\u0600", "\xff", "\ufdfa", " " + strings.Repeat("ب", 140) + " "}
	mangle := func(text string, n int, with []string) string {
		for range n {
			at := rng.IntN(len(text) + 1)
			for at < len(text) && !utf8.RuneStart(text[at]) {
				at++
			}
			text = text[:at] + with[rng.IntN(len(with))] + text[at:]
		}
		return text
	}
	var found, ruledOut, unsure, checked int
	for i, d := range antArticles(t, 300) {
		orig := d.Body
		if len(orig) > 3000 {
			orig = orig[:strings.LastIndexByte(orig[:3000], ' ')]
		}
		texts := []string{orig, mangle(orig, 3+i%5, irregular), mangle(orig, 40, irregular)}
		if i%4 == 0 {
			texts = append(texts, mangle(orig, 1, bail))
		}
		for _, text := range texts {
			tokens := an.Analyze([]byte(text))
			terms := an.Terms(text)
			var phrases [][]string
			for k := 0; k < 8 && len(terms) > 5; k++ {
				n := 2 + rng.IntN(3)
				at := rng.IntN(len(terms) - n)
				phrases = append(phrases, terms[at:at+n], []string{terms[at+1], terms[at]})
				if r := []rune(terms[at]); len(r) >= 4 {
					phrases = append(phrases, []string{string(r[:2]), string(r[2:])})
				}
			}
			for _, p := range phrases {
				slots := make([][]string, len(p))
				for i, w := range p {
					slots[i] = []string{w}
				}
				c := newPhraseChecker(an, analyzer.ExactName, slots)
				if c.anchor == nil {
					continue
				}
				checked++
				want := hasPhrase(tokens, slots)
				got, sure := c.byAnchor([]byte(text))
				switch {
				case !sure:
					unsure++
				case got != want:
					t.Errorf("%q in %q: anchor %q says %v, analysis %v", p, text, c.anchor.bytes, got, want)
				case got:
					found++
				default:
					ruledOut++
				}
			}
		}
	}
	t.Logf("%d phrases with an anchor: %d found, %d ruled out, %d left to the full check", checked, found, ruledOut, unsure)
	if checked < 5000 || found < checked/4 || ruledOut < checked/10 || unsure < checked/50 || unsure > checked/4 {
		t.Errorf("%d phrases with an anchor: %d found, %d ruled out, %d left to the full check", checked, found, ruledOut, unsure)
	}
}

// TestRuneKinds: the runes the anchor shortcut takes for regular are one
// token with the letters around them where they are word runes and split
// them where they are not, and normalize one by one as within a word;
// stable letters are regular, and only themselves normalize to them.
func TestRuneKinds(t *testing.T) {
	tok := analyzer.Tokenizer{}
	stable := 0
	for r := range rune(0x800) {
		if runeKinds[r] != runeRegular {
			continue
		}
		text := "ب" + string(r) + "ب"
		want := 1
		if !isWordRune(r) {
			want = 2
		}
		if got := len(tok.Tokenize([]byte(text))); got != want {
			t.Errorf("%U: %d tokens in %q, want %d", r, got, text, want)
		}
		if isWordRune(r) {
			if got, want := analyzer.Normalize(text), "ب"+analyzer.Normalize(string(r))+"ب"; got != want {
				t.Errorf("%U: %q normalizes to %q, want %q", r, text, got, want)
			}
		}
		if stableRune[r] {
			stable++
			for q := range rune(0x800) {
				if q != r && runeKinds[q] == runeRegular && strings.ContainsRune(analyzer.Normalize(string(q)), r) {
					t.Errorf("stable %c (%U) comes from %c (%U) too", r, r, q, q)
				}
			}
		}
	}
	for _, r := range "تثحخدذرسشصضطظعغلمو" {
		if !stableRune[r] {
			t.Errorf("%c is not stable", r)
		}
	}
	for _, r := range "اأإآبةهيىءؤئكفقنجز\u064b\u0640" {
		if stableRune[r] {
			t.Errorf("%c is stable, yet other letters normalize to it or it changes", r)
		}
	}
	t.Logf("%d stable runes", stable)
}

// TestScanTextAsRunes: scanText, which steps through byte pairs, finds the
// irregular runes and the reasons to give up that decoding the text rune
// by rune finds, on ANT text cut anywhere and with random bytes put in.
func TestScanTextAsRunes(t *testing.T) {
	ref := func(text []byte) ([]int, bool) {
		var irr []int
		if !utf8.Valid(text) || longRun(text) {
			return nil, false
		}
		for i, r := range string(text) {
			switch kindOf(r) {
			case runeIrregular:
				irr = append(irr, i)
			case runeBail:
				return nil, false
			}
		}
		return irr, true
	}
	rng := rand.New(rand.NewPCG(16, 8))
	pieces := []string{"\u064b", "ـ", "\u200c", "\ufe8e", "\U0001F600", "…", "\u00ad", "é", "\u0301"}
	var okTexts, irregulars, bails int
	for _, text := range []string{"سلام", "…\x80 سلام", "سلام \U0001F600\x80", "\U0001F600\xbf\xbf", "سل\x80ام", "\x80سلام",
		"سلام\xd9", "سلامً\x84", "ـ\x84", "سلامٌ", "ﺎ\x80", "ﺎب", "\xe2\x80", "a\xcc\x81"} {
		got, gotOK := scanText([]byte(text), nil)
		want, wantOK := ref([]byte(text))
		if gotOK != wantOK || gotOK && !slices.Equal(got, want) {
			t.Errorf("%q: scanText %v %v, by runes %v %v", text, got, gotOK, want, wantOK)
		}
	}
	for i, d := range antArticles(t, 200) {
		b := []byte(d.Body)
		for k := range 12 {
			from, to := rng.IntN(len(b)/2), len(b)/2+rng.IntN(len(b)/2+1)
			for k%3 != 0 && from > 0 && !utf8.RuneStart(b[from]) {
				from-- // most cuts at a rune's start
			}
			for k%3 != 0 && to < len(b) && !utf8.RuneStart(b[to]) {
				to++
			}
			text := append([]byte(nil), b[from:to]...)
			for range k % 4 {
				at := rng.IntN(len(text) + 1)
				var ins []byte
				if rng.IntN(2) == 0 {
					ins = []byte{byte(rng.IntN(256))}
				} else {
					ins = []byte(pieces[rng.IntN(len(pieces))])
				}
				text = append(text[:at], append(ins, text[at:]...)...)
			}
			if i%10 == 0 {
				text = text[:min(len(text), 3)]
			}
			got, gotOK := scanText(text, nil)
			want, wantOK := ref(text)
			if gotOK != wantOK || gotOK && !slices.Equal(got, want) {
				t.Fatalf("%q: scanText %v %v, by runes %v %v", text, got, gotOK, want, wantOK)
			}
			if gotOK {
				okTexts++
				irregulars += len(got)
			} else {
				bails++
			}
		}
	}
	t.Logf("%d texts scanned whole (%d irregular runes), %d given up", okTexts, irregulars, bails)
	if okTexts < 500 || bails < 300 || irregulars < 300 {
		t.Errorf("%d texts scanned whole (%d irregular runes), %d given up", okTexts, irregulars, bails)
	}
}

// TestLongRun: longRun finds a run of more than analyzer.MaxTokenBytes
// bytes without a break wherever it is, and only then.
func TestLongRun(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"", false},
		{strings.Repeat("ب", analyzer.MaxTokenBytes/2), false},
		{strings.Repeat("x", analyzer.MaxTokenBytes), false},
		{strings.Repeat("x", analyzer.MaxTokenBytes+1), true},
		{"a " + strings.Repeat("x", analyzer.MaxTokenBytes) + "\n" + strings.Repeat("y", analyzer.MaxTokenBytes), false},
		{strings.Repeat("ab ", 300) + strings.Repeat("x", analyzer.MaxTokenBytes+1), true},
		{strings.Repeat("ab\t", 300) + strings.Repeat("x", analyzer.MaxTokenBytes+1) + " c", true},
		{strings.Repeat("abcdefghij\r", 100), false},
	} {
		if got := longRun([]byte(tc.text)); got != tc.want {
			t.Errorf("longRun of %d bytes: %v, want %v", len(tc.text), got, tc.want)
		}
	}
	rng := rand.New(rand.NewPCG(16, 9))
	for range 2000 {
		b := make([]byte, rng.IntN(1200))
		for i := range b {
			b[i] = 'x'
			if rng.IntN(150) == 0 {
				b[i] = " \n\t\r"[rng.IntN(4)]
			}
		}
		want, run := false, 0
		for _, c := range b {
			if isRunBreak(c) {
				run = 0
			} else if run++; run > analyzer.MaxTokenBytes {
				want = true
			}
		}
		if got := longRun(b); got != want {
			t.Fatalf("longRun(%q) = %v, want %v", b, got, want)
		}
	}
}
