package analyzer

import "unicode/utf8"

// Two-byte UTF-8 spellings of the letters the stemmer strips.
const (
	sHamza = string(Hamza)
	sAlef  = string(Alef)
	sBeh   = string(Beh)
	sTeh   = string(Teh)
	sFeh   = string(Feh)
	sKaf   = string(Kaf)
	sLam   = string(Lam)
	sMeem  = string(Meem)
	sNoon  = string(Noon)
	sHeh   = string(Heh)
	sWaw   = string(Waw)
	sYeh   = string(Yeh)
	sSeen  = "\u0633" // س
	sAl    = sAlef + sLam
)

// letterLen is the UTF-8 length of every letter of the normalized Arabic
// alphabet (ء..ي).
const letterLen = 2

// Tuning knobs, measured on the lemma files (see the package tests).
var (
	minArticleRest = 2 // letters left after ال and its stacked proclitics
	minSuffixRest  = 3 // letters left after a suffix
	minLexFreq     = uint32(3)
	lexRatioNum    = uint32(1) // rest must be seen >= num/den times as often as the whole
	lexRatioDen    = uint32(1)
	unseenWawRest  = 4 // strip و/ف from unseen words when this many letters remain
)

// articlePrefixes are the article ال with the conjunctions and prepositions
// that stack before it, longest first. لل is ل + ال with the alef dropped.
var articlePrefixes = []string{
	sWaw + sBeh + sAl, sWaw + sKaf + sAl, sFeh + sBeh + sAl, sFeh + sKaf + sAl,
	sWaw + sLam + sLam, sFeh + sLam + sLam,
	sWaw + sAl, sFeh + sAl, sBeh + sAl, sKaf + sAl,
	sLam + sLam, sAl,
}

// Stem returns the light stem of a normalized term (the output of Normalize).
// It never modifies term's bytes: it returns a subslice of term, or static data (for variant folding).
func Stem(term []byte) []byte {
	if !isArabicWord(term) || letters(term) < 3 {
		return term
	}
	w, article := stripArticle(term)
	if !article {
		w = stripProclitics(w)
	}
	w = stripSuffixes(w)
	if !article {
		w = stripVerbPrefix(w)
	}
	return w
}

// StemString is Stem for strings.
func StemString(s string) string {
	b := []byte(s)
	out := Stem(b)
	if len(out) == len(b) {
		return s
	}
	return string(out)
}

func isArabicWord(w []byte) bool {
	if len(w)%letterLen != 0 {
		return false
	}
	for i := 0; i < len(w); i += letterLen {
		r, n := utf8.DecodeRune(w[i:])
		if n != letterLen || r < Hamza || r > Yeh {
			return false
		}
	}
	return true
}

func hasPrefix(w []byte, p string) bool { return len(w) >= len(p) && string(w[:len(p)]) == p }
func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}
func letters(w []byte) int { return len(w) / letterLen }

// better reports whether the lexicon prefers rest over whole: rest is seen
// often enough, and at least as often as whole (scaled).
func better(whole, rest []byte) bool {
	fr := freq(rest)
	return fr >= minLexFreq && uint64(fr)*uint64(lexRatioDen) >= uint64(freq(whole))*uint64(lexRatioNum)
}

func stripArticle(w []byte) ([]byte, bool) {
	for _, p := range articlePrefixes {
		if hasPrefix(w, p) && letters(w[len(p):]) >= minArticleRest {
			return w[len(p):], true
		}
	}
	return w, false
}

// stripProclitics removes single-letter proclitics (و ف then ب ك ل) when the
// lexicon says what remains is a word more common than the whole.
func stripProclitics(w []byte) []byte {
	for range 2 {
		if letters(w) < 4 {
			return w
		}
		c := string(w[:letterLen])
		switch c {
		case sWaw, sFeh, sBeh, sKaf, sLam:
		default:
			return w
		}
		rest := w[letterLen:]
		if rest2, ok := stripArticle(rest); ok && c != sLam {
			return rest2 // و/ف/ب/ك + ال already handled; here e.g. وللعراق
		}
		if better(w, rest) || (freq(w) == 0 && freq(rest) == 0 && (c == sWaw || c == sFeh) && letters(rest) >= unseenWawRest) {
			w = rest
			continue
		}
		return w
	}
	return w
}

// stripVerbPrefix removes an imperfect-verb prefix (ي ت ن, after an optional
// future س) when the lexicon prefers what remains.
func stripVerbPrefix(w []byte) []byte {
	if letters(w) >= 5 && hasPrefix(w, sSeen) {
		switch string(w[letterLen : 2*letterLen]) {
		case sYeh, sTeh, sNoon:
			if better(w, w[2*letterLen:]) {
				return w[2*letterLen:]
			}
		}
	}
	if letters(w) < 4 {
		return w
	}
	switch string(w[:letterLen]) {
	case sYeh, sTeh, sNoon:
		if better(w, w[letterLen:]) {
			return w[letterLen:]
		}
	}
	return w
}

var pronounSuffixes = []string{
	sHeh + sMeem + sAlef, sKaf + sMeem + sAlef,
	sHeh + sAlef, sHeh + sMeem, sHeh + sNoon, sKaf + sMeem, sKaf + sNoon, sNoon + sAlef,
	sHeh,
}

var pluralSuffixes = []string{
	sTeh + sAlef + sNoon, sTeh + sYeh + sNoon,
	sWaw + sNoon, sYeh + sNoon, sAlef + sTeh, sAlef + sNoon,
	sHeh,
}

// gatedSuffixes are stripped only when the lexicon prefers the rest: the
// past-tense ت and وا, and the alef of tanween or of a construct dual.
var gatedSuffixes = []string{sWaw + sAlef, sTeh, sAlef}

func cut(w []byte, s string, minRest int) ([]byte, bool) {
	if hasSuffix(w, s) && letters(w)-len(s)/letterLen >= minRest {
		return w[:len(w)-len(s)], true
	}
	return w, false
}

func stripSuffixes(w []byte) []byte {
	for _, s := range pronounSuffixes {
		if r, ok := cut(w, s, minSuffixRest); ok {
			w = r
			// feminine ة before a pronoun is written ت
			if t, ok := cut(w, sTeh, minSuffixRest); ok && better(w, t) {
				return t
			}
			break
		}
	}
	for _, s := range pluralSuffixes {
		if r, ok := cut(w, s, minSuffixRest); ok {
			return r
		}
	}
	for _, s := range gatedSuffixes {
		if r, ok := cut(w, s, minSuffixRest); ok && better(w, r) {
			return r
		}
	}
	return w
}
