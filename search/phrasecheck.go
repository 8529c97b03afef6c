package search

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/arsearch/arsearch/analyzer"
)

// phraseChecker decides whether a stored text holds a phrase as the
// analysis of the text by an exact view's analyzer would: a token of each
// slot at consecutive positions. The analysis is what costs (its tokens
// and terms), so for arsearch's own exact analyzer (tokenize, then
// normalize each token) it first normalizes the text whole, into one
// reused buffer (normalize), and looks there:
//
//   - When normalization keeps the words of the text apart and makes none
//     vanish (vowels and tatweel inside words are only removed), the words
//     of the normalized text are the analysis's terms at consecutive
//     positions, and the phrase is there exactly when its terms are, whole
//     words, separated by non-word characters only.
//   - Otherwise (a lone vowel or tatweel between words, a zero-width
//     space, a presentation form: a few percent of news articles) the
//     normalized text still rules the phrase out when its terms are
//     nowhere in order with only non-word characters (or nothing) between
//     them: normalization works rune by rune, and its one look-ahead (و or
//     ي before a combining hamza) crosses only marks, which never
//     separate tokens. Where they are, phraseIn analyzes the text.
//
// Both shortcuts need every run of letters to be short enough to be a
// token (analyzer.MaxTokenBytes: a longer one is dropped without taking a
// position), which a text without that many bytes in a row free of spaces
// has. TestPhraseCheckerAsAnalysis compares the checker with the analysis
// on real and mangled text.
type phraseChecker struct {
	an     analysis.Analyzer
	phrase [][]string
	terms  [][]byte      // the one term of each slot, when the shortcuts apply
	anchor *phraseAnchor // stable letters of a term, when the shortcuts apply and a term has them
	buf    []byte        // the normalized text
	// irregular holds the offsets of the irregular runes of a text (scanText).
	irregular []int
}

// newPhraseChecker checks for phrase (as phraseSlots gives it) in texts
// analyzed by an, the analyzer called name.
func newPhraseChecker(an analysis.Analyzer, name string, phrase [][]string) *phraseChecker {
	c := &phraseChecker{an: an, phrase: phrase}
	if name != analyzer.ExactName {
		return c
	}
	for _, slot := range phrase {
		if len(slot) != 1 {
			return c
		}
		c.terms = append(c.terms, []byte(slot[0]))
	}
	c.anchor = newPhraseAnchor(c.terms, nil)
	return c
}

// holds reports whether text holds the phrase.
func (c *phraseChecker) holds(text []byte) bool {
	if c.anchor != nil {
		if found, sure := c.byAnchor(text); sure {
			return found
		}
	}
	if c.terms != nil && !longRun(text) {
		if c.normalize(text) {
			return c.inOrder(true)
		}
		if !c.inOrder(false) {
			return false
		}
	}
	return phraseIn(c.an, text, c.phrase)
}

// normalize puts the normalized text into c.buf, a word at a time (cut at
// spaces: the look-ahead of normalization crosses only marks): ASCII and
// the Arabic block by table (fastWord), anything else by
// analyzer.AppendNormalize. It reports whether the words of the
// normalized text are the terms of the text's analysis, at consecutive
// positions: true when each normalized word keeps as many runs of letters
// as it had (no lone vowel or tatweel vanished; vowels and tatweel inside
// words only drop) and nothing that separates words was dropped or
// expanded (zero-width space, bidi controls, presentation forms).
func (c *phraseChecker) normalize(text []byte) (sameWords bool) {
	c.buf = c.buf[:0]
	sameWords = true
	for len(text) > 0 {
		m := bytes.IndexByte(text, ' ') + 1
		if m == 0 {
			m = len(text)
		}
		word := text[:m]
		text = text[m:]
		from := len(c.buf)
		fast, same := c.fastWord(word)
		if fast {
			sameWords = sameWords && same
			continue
		}
		c.buf = analyzer.AppendNormalize(c.buf[:from], word)
		if sameWords && (separatorDropped(word) || wordRuns(word) != wordRuns(c.buf[from:])) {
			sameWords = false
		}
	}
	return sameWords
}

// fastWord appends the normalized form of w to c.buf when w holds only
// ASCII and two-byte Arabic letters, digits and marks that the table
// knows, and reports whether no run of letters vanished. It returns
// ok false, having appended garbage, for anything else.
func (c *phraseChecker) fastWord(w []byte) (ok, same bool) {
	same = true
	inRun, kept := false, false
	for i := 0; i < len(w); {
		b := w[i]
		var r rune
		var out []byte
		size := 2
		switch {
		case b < utf8.RuneSelf:
			r, size = rune(b), 1
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			c.buf = append(c.buf, b)
			out = c.buf[len(c.buf)-1:]
		case b >= 0xD8 && b <= 0xDB && i+1 < len(w) && w[i+1]&0xC0 == 0x80:
			r = rune(b&0x1F)<<6 | rune(w[i+1]&0x3F)
			f := &arabicFast[r-0x600]
			if f.slow || (f.beforeMark && i+3 < len(w) && w[i+2] == 0xD9 && w[i+3] >= 0x8B && w[i+3] <= 0x9F) {
				return false, false
			}
			if f.beforeMark && i+3 >= len(w) && i+2 < len(w) {
				return false, false // a cut rune after it: let normalization decide
			}
			c.buf = append(c.buf, f.to...)
			out = f.to
		default:
			return false, false
		}
		if lowWordRune[r] {
			if !inRun {
				inRun, kept = true, false
			}
			kept = kept || len(out) > 0
		} else {
			if len(out) == 0 {
				return false, false // a separator dropped: words may run together
			}
			same = same && (!inRun || kept)
			inRun = false
		}
		i += size
	}
	return true, same && (!inRun || kept)
}

// fastRune is what normalization does to one rune of the Arabic block.
type fastRune struct {
	to         []byte // its normalized form (empty: dropped)
	beforeMark bool   // before a mark it may change otherwise (و ي ى before a combining hamza)
	slow       bool   // it becomes several runes, or a letter becomes a non-letter
}

// arabicFast is built from analyzer.Normalize, rune by rune, so it cannot
// disagree with it.
var arabicFast = func() (t [256]fastRune) {
	const hamzaAbove = "\u0654"
	for i := range t {
		r := rune(0x600 + i)
		s := string(r)
		n := analyzer.Normalize(s)
		t[i].to = []byte(n)
		t[i].beforeMark = analyzer.Normalize(s+hamzaAbove) != n+analyzer.Normalize(hamzaAbove)
		switch utf8.RuneCountInString(n) {
		case 0:
		case 1:
			to, _ := utf8.DecodeRuneInString(n)
			t[i].slow = isWordRune(to) != lowWordRune[r]
		default:
			t[i].slow = true
		}
	}
	return t
}()

// wordRuns counts the runs of word runes in b.
func wordRuns(b []byte) int {
	n, in := 0, false
	for len(b) > 0 {
		r, size := rune(b[0]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b)
		}
		w := isWordRune(r)
		if w && !in {
			n++
		}
		in = w
		b = b[size:]
	}
	return n
}

// separatorDropped reports whether b has a character that separates words
// for the tokenizer and that normalization drops or expands: U+200B,
// U+200E–U+200F, U+202A–U+202E, U+2060–U+2069, or anything from U+F000 on
// (the byte order mark, presentation forms, fullwidth forms).
func separatorDropped(b []byte) bool {
	for i := 0; i+2 < len(b); i++ {
		switch b[i] {
		case 0xEF:
			return true
		case 0xE2:
			x, y := b[i+1], b[i+2]
			if x == 0x80 && (y == 0x8B || y == 0x8E || y == 0x8F || (y >= 0xAA && y <= 0xAE)) ||
				x == 0x81 && y >= 0xA0 && y <= 0xA9 {
				return true
			}
		}
	}
	return false
}

// inOrder reports whether the normalized text has the phrase's terms in
// order with only non-word characters between them: at least one, and
// each term a whole word, when whole is set.
func (c *phraseChecker) inOrder(whole bool) bool {
	b := c.buf
	first := c.terms[0]
	for from := 0; from < len(b); {
		i := bytes.Index(b[from:], first)
		if i < 0 {
			return false
		}
		at := from + i
		from = at + 1
		if whole && at > 0 {
			if r, _ := utf8.DecodeLastRune(b[:at]); isWordRune(r) {
				continue
			}
		}
		j := at + len(first)
		ok := true
		for _, t := range c.terms[1:] {
			k := skipNonWord(b, j)
			if (whole && k == j) || !bytes.HasPrefix(b[k:], t) {
				ok = false
				break
			}
			j = k + len(t)
		}
		if ok && whole && j < len(b) {
			r, _ := utf8.DecodeRune(b[j:])
			ok = !isWordRune(r)
		}
		if ok {
			return true
		}
	}
	return false
}

// skipNonWord returns the index of the first word rune of b at or after i.
func skipNonWord(b []byte, i int) int {
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if isWordRune(r) {
			return i
		}
		i += n
	}
	return i
}

// isWordRune reports whether the tokenizer keeps r in a token: a letter,
// digit or mark. (Its joiners are dropped by normalization.)
func isWordRune(r rune) bool {
	if r < rune(len(lowWordRune)) {
		return lowWordRune[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// lowWordRune caches isWordRune below U+0800 (Latin to Arabic).
var lowWordRune = func() (t [0x800]bool) {
	for r := range rune(len(t)) {
		t[r] = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
	return t
}()

// longRun reports whether text has more than analyzer.MaxTokenBytes bytes
// in a row without an ASCII space, tab or line break: perhaps a run of
// letters too long to be a token. It looks back from the end of each
// window of that many bytes and one for the last break, so a text of
// short words costs a few bytes per window.
func longRun(text []byte) bool {
	for p := 0; len(text)-p > analyzer.MaxTokenBytes; {
		j := p + analyzer.MaxTokenBytes
		for j >= p && !isRunBreak(text[j]) {
			j--
		}
		if j < p {
			return true
		}
		p = j + 1
	}
	return false
}

// isRunBreak reports whether b ends a run for longRun.
func isRunBreak(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }
