package search

import (
	"bytes"
	"unicode/utf8"

	"github.com/arsearch/arsearch/analyzer"
)

// The anchor shortcut of the phrase check: most of a phrase's candidates
// are decided without normalizing their whole text.
//
// The anchor is a run of "stable" letters of one term of the phrase:
// letters that only themselves normalize to, among the runes a word of
// regular text is made of (see runeKinds). The raw text is searched for it
// byte for byte (bytes.Index, far faster than normalizing), and at each
// place found:
//
//   - the word around it (a run of word runes: a token) is normalized
//     alone; if it is not the anchor's term, the place is passed over;
//   - else the words around it, as many as the phrase has before and
//     after the anchor's term, widened to the ASCII spaces or line breaks
//     around (which no token spans, and across which normalization looks
//     at nothing), are analyzed with the view's own analyzer and searched
//     for the phrase: found there is found in the whole text, since the
//     analysis of a stretch cut at spaces is that of the whole text there,
//     up to a shift of positions.
//
// When no place holds the phrase, the words with a rune that is not
// regular (a vowel, a tatweel, a presentation form: irregular words) are
// tried the same way. If none holds it, the text lacks the phrase when
// nothing in it can make tokens other than its runs of word runes or make
// their positions other than consecutive (scanText: no joiner inside a
// word, no word that normalizes to several, no run too long to be a
// token, no invalid UTF-8). For then each run of word runes is one token
// whose term is the run normalized, at the position after the previous
// one but where a run normalized to nothing left a gap; so where the
// phrase is, its anchor's term is a run of word runes that is either
// regular (the anchor's bytes stand in it) or irregular, and the phrase's
// other words are the runs just before and after it. Otherwise the check
// goes on as before. TestPhraseCheckerAsAnalysis compares it with the
// analysis on real and mangled text.
type phraseAnchor struct {
	bytes []byte // the stable letters searched for
	term  int    // the index of the phrase term they are in
}

// Kinds of rune for the anchor shortcut (see phraseAnchor).
const (
	runeRegular   = iota // a separator, or a word rune that normalizes to one rune below U+0800 or to itself
	runeIrregular        // a word rune that normalizes to nothing, to several runes, or (from U+0800) to another rune
	runeBail             // a joiner, or a word rune that normalizes to a non-word rune
)

// runeKinds is the kind of each rune below U+0800.
var runeKinds = func() (t [0x800]uint8) {
	for r := range rune(len(t)) {
		t[r] = kindOf(r)
	}
	return t
}()

// kindOf tells the kind of r (see runeKinds).
func kindOf(r rune) uint8 {
	switch {
	case r == '\u00AD', r == '\u061C', r >= '\u0600' && r <= '\u0605',
		r == analyzer.ZeroWidthNonJoiner, r == analyzer.ZeroWidthJoiner:
		return runeBail // the tokenizer's joiners (analyzer.classify)
	case !isWordRune(r):
		return runeRegular
	}
	n := analyzer.Normalize(string(r))
	for _, m := range n {
		if !isWordRune(m) {
			return runeBail
		}
	}
	if n == string(r) || (r < 0x800 && utf8.RuneCountInString(n) == 1) {
		return runeRegular
	}
	return runeIrregular
}

// stableRune marks the regular word runes that normalize to themselves
// and that no other regular rune normalizes to: where a token of regular
// runes has one in its term, the raw text has it too, at the same place.
var stableRune = func() (t [0x800]bool) {
	for r := range rune(len(t)) {
		t[r] = runeKinds[r] == runeRegular && isWordRune(r) && analyzer.Normalize(string(r)) == string(r)
	}
	for r := range rune(len(t)) {
		if runeKinds[r] != runeRegular || !isWordRune(r) {
			continue
		}
		to, _ := utf8.DecodeRuneInString(analyzer.Normalize(string(r)))
		if to != r && to < rune(len(t)) {
			t[to] = false
		}
	}
	return t
}()

// newPhraseAnchor picks the anchor of a phrase of terms: the longest run
// of stable letters in the term found in the fewest documents (count, when
// known), among the terms with two stable letters in a row if any has;
// nil when no term has a stable letter.
func newPhraseAnchor(terms [][]byte, count func(term int) uint64) *phraseAnchor {
	var best *phraseAnchor
	bestCount := uint64(0)
	for k, term := range terms {
		run := longestStable(term)
		if run == nil {
			continue
		}
		n := uint64(0)
		if count != nil {
			n = count(k)
		}
		better := best == nil
		if !better {
			long, bestLong := utf8.RuneCount(run) > 1, utf8.RuneCount(best.bytes) > 1
			switch {
			case long != bestLong:
				better = long
			case n != bestCount:
				better = n < bestCount
			default:
				better = len(run) > len(best.bytes)
			}
		}
		if better {
			best, bestCount = &phraseAnchor{bytes: run, term: k}, n
		}
	}
	return best
}

// longestStable returns the longest run of stable letters of term, or nil.
func longestStable(term []byte) []byte {
	var best []byte
	for i := 0; i < len(term); {
		j := i
		for j < len(term) {
			r, n := utf8.DecodeRune(term[j:])
			if r >= rune(len(stableRune)) || !stableRune[r] {
				break
			}
			j += n
		}
		if j-i > len(best) {
			best = term[i:j]
		}
		if j == i {
			_, n := utf8.DecodeRune(term[j:])
			j += n
		}
		i = j
	}
	return best
}

// byAnchor decides whether text holds the phrase by its anchor: sure is
// false where it cannot tell (see phraseAnchor).
func (c *phraseChecker) byAnchor(text []byte) (found, sure bool) {
	for from := 0; from < len(text); {
		i := bytes.Index(text[from:], c.anchor.bytes)
		if i < 0 {
			break
		}
		s, e := wordAround(text, from+i, from+i+len(c.anchor.bytes))
		from = e
		if c.phraseAt(text, s, e) {
			return true, true
		}
	}
	var ok bool
	if c.irregular, ok = scanText(text, c.irregular[:0]); !ok {
		return false, false
	}
	end := 0
	for _, at := range c.irregular {
		if at < end {
			continue // in the word just tried
		}
		var s int
		s, end = wordAround(text, at, at)
		if c.phraseAt(text, s, end) {
			return true, true
		}
	}
	return false, true
}

// phraseAt reports whether the word text[s:e] is the anchor's term and the
// text around it holds the phrase there.
func (c *phraseChecker) phraseAt(text []byte, s, e int) bool {
	k := c.anchor.term
	c.buf = analyzer.AppendNormalize(c.buf[:0], text[s:e])
	if !bytes.Equal(c.buf, c.terms[k]) {
		return false
	}
	ws, we := stretchAround(text, s, e, k, len(c.terms)-1-k)
	return hasPhrase(c.an.Analyze(text[ws:we]), c.phrase)
}

// wordAround widens text[s:e] to the run of word runes around it.
func wordAround(text []byte, s, e int) (int, int) {
	for s > 0 {
		r, n := utf8.DecodeLastRune(text[:s])
		if !isWordRune(r) {
			break
		}
		s -= n
	}
	for e < len(text) {
		r, n := utf8.DecodeRune(text[e:])
		if !isWordRune(r) {
			break
		}
		e += n
	}
	return s, e
}

// isStretchSpace reports whether b ends a stretch of text: an ASCII space
// or line break, which no token spans.
func isStretchSpace(b byte) bool { return b == ' ' || b == '\n' }

// stretchAround widens text[s:e], a run of word runes, by before runs of
// word runes before it and after after it (in a plain text, the tokens
// before and after), then to the spaces or ends of text around.
func stretchAround(text []byte, s, e, before, after int) (int, int) {
	for ; before > 0 && s > 0; before-- {
		for s > 0 {
			r, n := utf8.DecodeLastRune(text[:s])
			if isWordRune(r) {
				break
			}
			s -= n
		}
		s, _ = wordAround(text, s, s)
	}
	for ; after > 0 && e < len(text); after-- {
		for e < len(text) {
			r, n := utf8.DecodeRune(text[e:])
			if isWordRune(r) {
				break
			}
			e += n
		}
		_, e = wordAround(text, e, e)
	}
	for s > 0 && !isStretchSpace(text[s-1]) {
		s--
	}
	for e < len(text) && !isStretchSpace(text[e]) {
		e++
	}
	return s, e
}

// scanText appends to irregular the offset of each irregular rune of text
// (see runeKinds) and reports whether the anchor shortcut can rule the
// phrase out in it: no rune of kind runeBail, no invalid UTF-8, and no run
// without an ASCII space, tab or line break longer than a token may be
// (longRun). It steps a byte at a time through a table of byte pairs
// (pairKinds), which tells the lead byte of a two-byte rune by the byte
// after it, without decoding; the rest (longer runes, a continuation byte
// after another) is decoded.
func scanText(text []byte, irregular []int) ([]int, bool) {
	if len(text) == 0 {
		return irregular, true
	}
	if !utf8.RuneStart(text[0]) || text[len(text)-1] >= 0xC0 {
		return irregular, false // a continuation byte first, or a lead byte last
	}
	// Every continuation byte is checked in the pair it ends, but for
	// those inside a rune decoded whole.
	n := len(text) - 1
	for i := 0; i < n; i++ {
		switch pairKinds[uint16(text[i])<<8|uint16(text[i+1])] {
		case pairFine:
			continue
		case pairIrregular:
			irregular = append(irregular, i)
			continue
		case pairBail:
			return irregular, false
		}
		// A rune of three or four bytes, or a continuation byte after another.
		s := i
		for s > 0 && i-s < 3 && !utf8.RuneStart(text[s]) {
			s--
		}
		r, size := utf8.DecodeRune(text[s:])
		if r == utf8.RuneError && size == 1 || s+size <= i+1 {
			return irregular, false
		}
		switch kindOf(r) {
		case runeIrregular:
			irregular = append(irregular, s)
		case runeBail:
			return irregular, false
		}
		i = s + size - 2 // on to the pair the rune's last byte starts
	}
	return irregular, !longRun(text)
}

// What a pair of bytes tells scanText of the byte it starts at.
const (
	pairFine      = iota // ASCII, or the second byte of a rune, or a regular two-byte rune
	pairIrregular        // an irregular two-byte rune
	pairBail             // invalid UTF-8, or a two-byte rune of kind runeBail
	pairDecode           // a longer rune, or a continuation byte after another: decode
)

// pairKinds is the kind of every pair of bytes (see scanText).
var pairKinds = func() *[1 << 16]uint8 {
	t := new([1 << 16]uint8)
	for a := range 256 {
		for b := range 256 {
			cont := b&0xC0 == 0x80
			var k uint8
			switch {
			case a < 0x80:
				if cont {
					k = pairBail // a continuation byte after ASCII
				}
			case a < 0xC0:
				if cont {
					k = pairDecode
				}
			case a < 0xC2:
				k = pairBail
			case a < 0xE0:
				switch {
				case !cont:
					k = pairBail
				case runeKinds[rune(a&0x1F)<<6|rune(b&0x3F)] == runeIrregular:
					k = pairIrregular
				case runeKinds[rune(a&0x1F)<<6|rune(b&0x3F)] == runeBail:
					k = pairBail
				}
			case a < 0xF5:
				k = pairDecode
			default:
				k = pairBail
			}
			t[a<<8|b] = k
		}
	}
	return t
}()
