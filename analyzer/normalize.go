package analyzer

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// What normalization does to one rune of the Arabic block U+0600–U+06FF.
const (
	actKeep   = iota // copy the rune unchanged
	actDrop          // remove it (marks, tatweel, format controls)
	actMap           // replace it with the rune in arabicTo
	actWawYeh        // و ي ى: become ء when a combining hamza follows, else keep (ى maps to ي)
)

// arabicAct and arabicTo hold the action and replacement for U+0600+i.
var arabicAct, arabicTo = buildArabicTable()

func buildArabicTable() (act [256]uint8, to [256]rune) {
	drop := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			act[r-0x600] = actDrop
		}
	}
	set := func(r, with rune) {
		act[r-0x600] = actMap
		to[r-0x600] = with
	}
	drop(0x0600, 0x0605)                   // number signs (format controls)
	drop(0x0610, 0x061A)                   // honorifics and small Quranic marks
	drop(0x061C, 0x061C)                   // Arabic letter mark (bidi)
	drop(Tatweel, Tatweel)                 // ـ
	drop(0x064B, 0x065F)                   // harakat, shadda, sukun, combining hamza and madda
	drop(SuperscriptAlef, SuperscriptAlef) // dagger alef
	drop(0x06D6, 0x06ED)                   // Quranic annotation marks
	for _, r := range []rune{AlefMaddaAbove, AlefHamzaAbove, AlefHamzaBelow, AlefWasla,
		AlefWavyHamzaAbove, AlefWavyHamzaBelow, '\u0675'} {
		set(r, Alef)
	}
	for _, r := range []rune{WawHamzaAbove, YehHamzaAbove, '\u0676', '\u0678', YehBarreeHamzaAbove} {
		set(r, Hamza) // hamza seats: مسؤول = مسئول
	}
	set(TehMarbuta, Heh)
	for _, r := range []rune{HehYehAbove, HehGoal, HehGoalHamzaAbove, TehMarbutaGoal, Ae, '\u06BE'} {
		set(r, Heh)
	}
	for _, r := range []rune{FarsiYeh, YehE, YehBarree} {
		set(r, Yeh)
	}
	// Letters of Persian, Urdu and Maghrebi spellings of foreign words:
	// ڤيديو is فيديو, گوگل is كوكل (the commonest Arabic rendering of g).
	set(Veh, Feh)
	set('\u06A5', Feh) // ڥ (Maghrebi v)
	set(Peh, Beh)
	set(Tcheh, Jeem)
	set(Jeh, Zain)
	set(Gaf, Kaf)
	set('\u06A8', '\u0642') // ڨ (Maghrebi g) → ق
	set('\u06AD', Kaf)      // ڭ (Moroccan g)
	set(KehehPersian, Kaf)
	set(SwashKaf, Kaf)
	set('\u06BA', Noon) // noon ghunna
	for d := rune(0); d < 10; d++ {
		set(ArabicIndicZero+d, '0'+d)
		set(ExtendedIndicZero+d, '0'+d)
	}
	act[Waw-0x600], to[Waw-0x600] = actWawYeh, Waw
	act[Yeh-0x600], to[Yeh-0x600] = actWawYeh, Yeh
	act[AlefMaksura-0x600], to[AlefMaksura-0x600] = actWawYeh, Yeh
	return act, to
}

// isIgnorable reports format controls that never belong in a term: zero-width
// characters, bidi controls and the byte order mark.
func isIgnorable(r rune) bool {
	switch {
	case r == '\u00AD': // soft hyphen
		return true
	case r >= '\u200B' && r <= '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2060' && r <= '\u2069':
		return true
	case r == ByteOrderMark:
		return true
	}
	return false
}

// isCompat reports the ranges where NFKC rewrites characters we care about:
// Arabic presentation forms and ligatures, Latin ligatures, fullwidth forms.
func isCompat(r rune) bool {
	return r >= 0xFB00 && r <= 0xFFEF
}

// buildCompatTable maps each compatibility character to its normalized expansion,
// built on first use.
var compat struct {
	once sync.Once
	m    map[rune]string
}

// compatExpansion returns the normalized NFKC expansion of r, if r has one.
func compatExpansion(r rune) (string, bool) {
	compat.once.Do(func() { compat.m = buildCompatTable() })
	s, ok := compat.m[r]
	return s, ok
}

func buildCompatTable() map[rune]string {
	m := make(map[rune]string, 1500)
	for r := rune(0xFB00); r <= 0xFFEF; r++ {
		if isIgnorable(r) {
			continue
		}
		s := string(r)
		k := norm.NFKC.String(s)
		if k == s {
			continue
		}
		// NFKC output is stable under NFKC, so the expansion needs only
		// the rest of normalization (compat=false avoids recursion).
		m[r] = string(appendNormalize(nil, []byte(k), false))
	}
	return m
}

// Step kinds returned by next.
const (
	stepKeep   = iota // copy src[:n]
	stepDrop          // skip src[:n]
	stepRune          // emit r
	stepString        // emit s
	stepShort         // need more input
)

// next decides what normalization does with the rune (or rune pair) at the
// start of src. It returns the step kind, the bytes consumed, and the
// replacement. atEOF says whether more input may follow src.
// With compat false, compatibility characters are kept as they are.
func next(src []byte, atEOF, compat bool) (kind, n int, r rune, s string) {
	b := src[0]
	if b < utf8.RuneSelf {
		if 'A' <= b && b <= 'Z' {
			return stepRune, 1, rune(b + 'a' - 'A'), ""
		}
		return stepKeep, 1, 0, ""
	}
	if !atEOF && !utf8.FullRune(src) {
		return stepShort, 0, 0, ""
	}
	r, n = utf8.DecodeRune(src)
	if r == utf8.RuneError && n == 1 {
		return stepRune, 1, utf8.RuneError, ""
	}
	if r >= 0x600 && r <= 0x6FF {
		switch arabicAct[r-0x600] {
		case actKeep:
			return stepKeep, n, 0, ""
		case actDrop:
			return stepDrop, n, 0, ""
		case actMap:
			return stepRune, n, arabicTo[r-0x600], ""
		default: // actWawYeh: look past marks for a combining hamza
			rest := src[n:]
			for len(rest) > 0 {
				if !atEOF && !utf8.FullRune(rest) {
					return stepShort, 0, 0, ""
				}
				m, size := utf8.DecodeRune(rest)
				if m == HamzaAbove {
					return stepRune, n, Hamza, ""
				}
				if m < 0x64B || m > 0x65F { // not a mark: no hamza follows
					break
				}
				rest = rest[size:]
			}
			if len(rest) == 0 && !atEOF {
				return stepShort, 0, 0, ""
			}
			if r == AlefMaksura {
				return stepRune, n, Yeh, ""
			}
			return stepKeep, n, 0, ""
		}
	}
	if isIgnorable(r) {
		return stepDrop, n, 0, ""
	}
	if compat && isCompat(r) {
		if exp, ok := compatExpansion(r); ok {
			return stepString, n, 0, exp
		}
		return stepKeep, n, 0, ""
	}
	if lo := unicode.ToLower(r); lo != r {
		return stepRune, n, lo, ""
	}
	return stepKeep, n, 0, ""
}

// AppendNormalize appends the normalized form of src to dst and returns the
// extended buffer. Invalid UTF-8 becomes U+FFFD, so the result is always
// valid UTF-8.
func AppendNormalize(dst, src []byte) []byte {
	return appendNormalize(dst, src, true)
}

func appendNormalize(dst, src []byte, compat bool) []byte {
	for len(src) > 0 {
		// Fast path for the common case, a two-byte rune of the Arabic
		// block that is kept, dropped or mapped on its own (what next
		// does for it, without decoding it twice).
		if b := src[0]; b >= 0xD8 && b <= 0xDB && len(src) > 1 && src[1]&0xC0 == 0x80 {
			i := rune(b&0x1F)<<6 | rune(src[1]&0x3F) - 0x600
			switch arabicAct[i] {
			case actKeep:
				dst = append(dst, src[:2]...)
				src = src[2:]
				continue
			case actDrop:
				src = src[2:]
				continue
			case actMap:
				dst = utf8.AppendRune(dst, arabicTo[i])
				src = src[2:]
				continue
			}
		}
		kind, n, r, s := next(src, true, compat)
		switch kind {
		case stepKeep:
			dst = append(dst, src[:n]...)
		case stepRune:
			dst = utf8.AppendRune(dst, r)
		case stepString:
			dst = append(dst, s...)
		}
		src = src[n:]
	}
	return dst
}

// isMarkAt reports whether src[i:] starts with an Arabic mark U+064B–U+065F
// (a combining hamza among them), or is too short to tell.
func isMarkAt(src []byte, i int) bool {
	if i+1 >= len(src) {
		return true
	}
	return src[i] == 0xD9 && src[i+1] >= 0x8B && src[i+1] <= 0x9F
}

// IsNormalized reports whether Normalize would return s unchanged.
func IsNormalized(s []byte) bool {
	return spanNormal(s, true) == len(s)
}

// spanNormal returns the length of the longest prefix of src that
// normalization leaves unchanged.
func spanNormal(src []byte, atEOF bool) int {
	i := 0
	for i < len(src) {
		b := src[i]
		if b < utf8.RuneSelf && (b < 'A' || b > 'Z') {
			i++
			continue
		}
		// Fast path for the common case: a two-byte Arabic letter that
		// stays as it is.
		if b >= 0xD8 && b <= 0xDB && i+1 < len(src) && src[i+1]&0xC0 == 0x80 {
			r := rune(b&0x1F)<<6 | rune(src[i+1]&0x3F)
			switch arabicAct[r-0x600] {
			case actKeep:
				i += 2
				continue
			case actWawYeh:
				// و and ي stay unless a mark (perhaps a hamza) follows.
				if r != AlefMaksura && i+2 < len(src) && !isMarkAt(src, i+2) {
					i += 2
					continue
				}
				if r != AlefMaksura && i+2 == len(src) && atEOF {
					i += 2
					continue
				}
			}
		}
		kind, n, _, _ := next(src[i:], atEOF, true)
		if kind != stepKeep {
			return i
		}
		i += n
	}
	return i
}

// Normalize returns the normalized form of s: presentation forms and
// ligatures expanded (NFKC), marks, tatweel and format controls removed,
// alef forms folded to ا, ى to ي, ة to ه, hamza seats ؤ ئ to ء,
// Persian and Urdu letters to their Arabic forms, Arabic-Indic digits to
// ASCII, and letters lower-cased. It returns s itself when nothing changes.
func Normalize(s string) string {
	b := []byte(s)
	if IsNormalized(b) {
		return s
	}
	return string(AppendNormalize(make([]byte, 0, len(s)), b))
}

// Normalizer returns a transformer that normalizes a stream exactly as
// Normalize does. It is safe to use from one goroutine at a time; get a new
// one for each stream.
func Normalizer() transform.SpanningTransformer {
	return normalizer{}
}

type normalizer struct{}

// Reset implements transform.Transformer; the normalizer keeps no state.
func (normalizer) Reset() {}

// Span implements transform.SpanningTransformer.
func (normalizer) Span(src []byte, atEOF bool) (n int, err error) {
	n = spanNormal(src, atEOF)
	if n == len(src) {
		return n, nil
	}
	if kind, _, _, _ := next(src[n:], atEOF, true); kind == stepShort {
		return n, transform.ErrShortSrc
	}
	return n, transform.ErrEndOfSpan
}

// Transform implements transform.Transformer.
func (normalizer) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		kind, n, r, s := next(src[nSrc:], atEOF, true)
		switch kind {
		case stepShort:
			return nDst, nSrc, transform.ErrShortSrc
		case stepKeep:
			if nDst+n > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += copy(dst[nDst:], src[nSrc:nSrc+n])
		case stepRune:
			if nDst+utf8.RuneLen(r) > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += utf8.EncodeRune(dst[nDst:], r)
		case stepString:
			if nDst+len(s) > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += copy(dst[nDst:], s)
		}
		nSrc += n
	}
	return nDst, nSrc, nil
}

// AppendSpelling appends the spelling of src to dst: src as Normalize sees
// it, except that the letters normalization folds keep their identity (the
// alef forms آ أ إ, ى, ة and the hamza seats ؤ ئ). Marks, tatweel and
// format controls are removed and Latin is lower-cased, so على and عَلَى
// have one spelling and علي another. Stop words are matched on spellings.
func AppendSpelling(dst, src []byte) []byte {
	return appendSpelling(dst, src)
}

func appendSpelling(dst, src []byte) []byte {
	for len(src) > 0 {
		if r, n := utf8.DecodeRune(src); keepsSpelling(r) {
			dst = append(dst, src[:n]...)
			src = src[n:]
			continue
		}
		kind, n, r, s := next(src, true, true)
		switch kind {
		case stepKeep:
			dst = append(dst, src[:n]...)
		case stepRune:
			dst = utf8.AppendRune(dst, r)
		case stepString:
			dst = append(dst, s...)
		}
		src = src[n:]
	}
	return dst
}

// keepsSpelling reports the letters that normalization folds but a
// spelling keeps.
func keepsSpelling(r rune) bool {
	switch r {
	case AlefMaddaAbove, AlefHamzaAbove, AlefHamzaBelow, AlefMaksura, TehMarbuta, WawHamzaAbove, YehHamzaAbove:
		return true
	}
	return false
}
