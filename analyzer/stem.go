package analyzer

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// Two-byte UTF-8 spellings of the letters the stemmer strips.
const (
	sAlef = string(Alef)
	sBeh  = string(Beh)
	sTeh  = string(Teh)
	sFeh  = string(Feh)
	sKaf  = string(Kaf)
	sLam  = string(Lam)
	sMeem = string(Meem)
	sNoon = string(Noon)
	sHeh  = string(Heh)
	sWaw  = string(Waw)
	sYeh  = string(Yeh)
	sSeen = "\u0633" // س
	sAl   = sAlef + sLam
)

// letterLen is the UTF-8 length of every letter of the normalized Arabic
// alphabet (ء..ي).
const letterLen = 2

// Tuning knobs, measured on the lemma files (see the package tests).
var (
	minArticleRest = 2 // letters left after ال and its stacked proclitics
	minSuffixRest  = 3 // letters left after a suffix
	minLexFreq     = uint32(2)
	lexRatioNum    = uint32(1) // rest must be seen >= num/den times as often as the whole
	lexRatioDen    = uint32(4)
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
//
// Design. Rules strip what is unambiguous; an embedded lexicon of word
// frequencies decides what is not. The lexicon (data/lexicon.txt.gz, built
// by internal/lexgen from the Apache-2.0 ANT news corpus only) maps every
// normalized form to its corpus count, so "is the rest a word?" becomes
// "is the rest seen, and not much rarer than the whole?" (see better).
//
//  1. Terms that are not all Arabic letters (Latin, digits, mixed) and
//     terms under three letters come back unchanged.
//  2. Protected words (data/protected.txt: frequent proper nouns such as
//     لبنان, ايران, الله, and words like بيان that stripping merges with
//     another word) are never cut, only freed of the article and
//     proclitics, whatever the reading: للبنان, والله and لله meet them.
//  3. The article with its stacked proclitics (وال فال بال كال وبال فبال
//     وكال فكال لل ولل فلل ال) goes when two letters remain, except where
//     the lexicon shows the letters are the word's own (see stripArticle):
//     a word that itself takes the article (الالتزام, الالاف) keeps its
//     ال; لل before a word starting with ل is ل + ال + لX when the lexicon
//     knows اللX better (للجنة → لجنه); a stacked و stays on a word that
//     takes the article (الوالده).
//  4. Otherwise the single-letter proclitics و ف and then ب ك ل go one at a
//     time only when the lexicon prefers the rest (وزير stays, وقال
//     goes to قال) and the word is not seen with the article itself
//     (البطاقه: بطاقه is no ب + طاقه); when neither form was ever seen,
//     their suffix-stripped stems are compared, and without evidence only
//     و goes.
//  5. Spelling variants of frequent names (data/variants.txt: اميركا →
//     امريكا, سوريه → سوريا) fold to one canonical term, which is static
//     data. The bare form is looked up before suffixes are stripped (so
//     سوريه the country folds but السوريه the adjective does not), and the
//     final stem again (اميركيه → اميركي → امريكي). A hamza seat written
//     ي or و is restored where the lexicon sees that spelling more often
//     than the word (قايد → قاءد).
//  6. Suffixes: one attached pronoun (ه ها هم هما هن كم كما كن نا) when three
//     letters remain, or any length after a particle that hosts pronouns
//     (انه → ان, منها → من); a ت left before the pronoun is ة when the
//     lexicon knows the ة form (حكومتها → حكوم, but بيته → بيت); then one
//     of the plural, dual and feminine endings تان تين ون ين ات ه, except
//     a feminine ending that would leave a name (رياضه is not رياض). The
//     nisba ي stays, so فلسطيني, فلسطينيه, فلسطينيون meet at فلسطيني and
//     stay apart from فلسطين. Endings that are often part of the word (ان,
//     the verbal وا and ت, the alef of tanween عاما) go only when the
//     lexicon prefers the rest: الوزيران → وزير but لبنان stays; ان
//     goes only from a word the lexicon also sees with the dual's ين
//     (الوزيرين), or from an imperfect verb it sees with ون (يعملون),
//     so names in ان keep it (سلمان is not سلم).
//  7. Words without the article lose an imperfect prefix ي or ن (after an
//     optional future س) where the lexicon shows a verb: it prefers the
//     rest, the word is not seen with the article (النادي, اليمني are
//     nouns) and the rest is seen with another imperfect prefix (يعملون →
//     عمل beside تعمل; ناصر keeps its ن). ت is kept: تحول, تجمع are words
//     of their own.
//  8. Broken plurals of the patterns افعال and مفاعل map to their singular
//     when the lexicon knows it and it is not much rarer (اعمال → عمل,
//     مناطق → منطق of منطقه); the result is the lexicon's copy. Verbal
//     nouns of the pattern إفعال (data/masdar.txt: those the ANT corpus
//     spells with إ, such as إسلام, إقبال) are not plurals.
//
// The thresholds (two letters after the article, three after a suffix,
// lexicon counts of at least 2, rest at least a quarter as frequent as the
// whole) were measured with pairwise conflation F1 on the PUD and PADT
// lemma files; the lexicon never saw those files.
//
// Stem does not allocate; the lexicon and word lists are decoded on first
// use. The Analyzer puts a cache in front of it (see stemcache.go).
func Stem(term []byte) []byte {
	if !isArabicWord(term) || letters(term) < 3 {
		return term
	}
	d := stemData()
	if d.protected[string(term)] {
		return term
	}
	w, kind := stripArticle(term)
	switch kind {
	case protectedWord:
		return w
	case noArticle:
		w = stripProclitics(w)
		if v, ok := d.variants[string(w)]; ok {
			return v
		}
	}
	w = hamzaSeat(w) // after the clitics: وراي is و + راي, not وراء
	if d.protected[string(w)] {
		return w
	}
	// A feminine ending never leaves a name: رياضه is not رياض.
	if st := stripSuffixes(w); len(w)-len(st) != letterLen || !hasSuffix(w, sHeh) || !d.names[string(st)] {
		w = st
	}
	if kind == noArticle {
		w = stripVerbPrefix(w)
	}
	if v, ok := d.variants[string(w)]; ok {
		return v
	}
	return singular(w)
}

// StemString is Stem for strings.
func StemString(s string) string {
	b := []byte(s)
	out := Stem(b)
	if len(out) == len(b) && (len(b) == 0 || &out[0] == &b[0]) {
		return s // unchanged
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

// What stripArticle found at the start of a word.
const (
	noArticle     = iota // no article: proclitics and the verb prefix are looked at
	article              // the article (with its proclitics) was stripped, or the word's ال is its own
	protectedWord        // a protected word after its proclitics: the stem is final
)

// stripArticle strips the article with the proclitics stacked before it.
// The article is a rule for words the lexicon does not know; for the
// words it knows, three readings are weighed first:
//
//   - a word whose ال is its own letters (التزام, آلية, ألعاب) takes the
//     article itself: ال + the word is seen, at least as often as the rest
//     alone (الالتزام, but not الالسنه against سنه); it keeps its ال;
//   - لل is ل + ال, and before a word that starts with ل one lam is
//     written for two (للجنة is ل + اللجنة): the rest with its ل restored
//     wins when its article form (اللجنه) is seen more than the rest's
//     (الجنه), or, both unseen, when it is seen more bare (للندن);
//   - before a stacked article (وال, بال, …) the first letters may be the
//     word's own (والده): the stack stays when the whole word takes the
//     article (الوالده) and ال + the rest is much rarer than it.
//
// A protected word (لبنان, الله) is returned as it is after its
// proclitics, whatever the reading: للبنان, والله.
func stripArticle(w []byte) ([]byte, int) {
	d := stemData()
	for _, p := range articlePrefixes {
		if !hasPrefix(w, p) || len(w) == len(p) {
			continue
		}
		rest := w[len(p):]
		if strings.HasSuffix(p, sLam+sLam) {
			return lamLam(w, rest)
		}
		if letters(rest) < minArticleRest {
			continue
		}
		// x is the word after the proclitics: ال + rest.
		x := w[len(p)-len(sAl):]
		if d.protected[string(x)] {
			return x, protectedWord
		}
		if ownArticle(x) {
			return x, article
		}
		if len(p) > len(sAl) && ownFirstLetters(w, x) {
			return w, noArticle // والده: و is the word's own
		}
		return rest, article
	}
	return w, noArticle
}

// lamLam decides a word w = (و|ف)لل + rest: ل + ال + rest, or ل + ال +
// ل + rest with one lam written for two.
func lamLam(w, rest []byte) ([]byte, int) {
	d := stemData()
	// lr is ل + rest: the last lam of w and what follows it.
	lr := w[len(w)-len(rest)-letterLen:]
	if d.protected[string(lr)] {
		return lr, protectedWord // للبنان
	}
	var buf [64]byte
	if len(lr)+len(sAl) <= len(buf) {
		al := append(append(buf[:0], sAl...), lr...)
		if d.protected[string(al)] {
			if s, _ := lookup(al); s != nil {
				return s, protectedWord // لله → الله
			}
		}
	}
	if letters(rest) < minArticleRest {
		return w, noArticle
	}
	fl, fr := articleFreq(lr), articleFreq(rest)
	if len(rest)+len(sAl) <= len(buf) && ownArticle(append(append(buf[:0], sAl...), rest...)) {
		fr = 0 // القاء is إلقاء, not ال + قاء: no evidence for للقاء = ل + ال + قاء
	}
	if fl > fr || fl < minLexFreq && fr < minLexFreq && freq(lr) > freq(rest) {
		return lr, article
	}
	return rest, article
}

// ownFirstLetters reports whether the letters before x (ال + rest) in w
// are w's own rather than proclitics (والده is not و + الده): w itself
// takes the article, and x is much rarer than w.
func ownFirstLetters(w, x []byte) bool {
	return articleFreq(w) >= minLexFreq &&
		uint64(freq(x))*uint64(lexRatioDen) < uint64(freq(w))*uint64(lexRatioNum)
}

// articleFreq is how often ال + w is seen.
func articleFreq(w []byte) uint32 {
	var buf [64]byte
	if len(w)+len(sAl) > len(buf) {
		return 0
	}
	return freq(append(append(buf[:0], sAl...), w...))
}

// ownArticle reports whether the ال starting x is the word's own: the
// corpus mostly writes its alef with a hamza, which the article's alef
// never takes (آلاف, ألغى: data/hamzaal.txt), or x itself takes the
// article (الالتزام, الالاف) and the lexicon prefers that reading to what
// follows ال alone (not الالسنه against سنه), as better weighs a rest
// against a whole.
func ownArticle(x []byte) bool {
	if stemData().hamzaAl[string(x)] {
		return true
	}
	f := articleFreq(x)
	return f >= minLexFreq && uint64(f)*uint64(lexRatioDen) >= uint64(freq(x[len(sAl):]))*uint64(lexRatioNum)
}

// takesArticle reports whether w is seen with the article often enough to
// be a noun or a name of its own (النادي, البطاقه), which no verb and no
// form with a proclitic is: one use in articleShare.
func takesArticle(w []byte) bool {
	f := articleFreq(w)
	return f >= minLexFreq && uint64(f)*articleShare >= uint64(freq(w))
}

// articleShare: see takesArticle.
const articleShare = 20

// hamzaSeat returns the spelling with a hamza of a word written without
// its seat (قايد for قائد, هولاء for هؤلاء): a ي or و after the first
// letter is read as ء when the lexicon sees that spelling more often than
// the word itself. The result is the lexicon's copy or w.
func hamzaSeat(w []byte) []byte {
	var buf [64]byte
	if len(w) > len(buf) {
		return w
	}
	fw := freq(w)
	for i := letterLen; i < len(w); i += letterLen {
		c := string(w[i : i+letterLen])
		if c != sYeh && c != sWaw {
			continue
		}
		n := copy(buf[:], w)
		copy(buf[i:n], string(Hamza))
		if s, f := lookup(buf[:n]); f >= minLexFreq && f > fw {
			return s
		}
	}
	return w
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
		if stemData().protected[string(rest)] {
			return rest
		}
		if rest2, kind := stripArticle(rest); kind == protectedWord ||
			kind == article && c != sLam && !ownFirstLetters(w, rest) {
			return rest2 // stacks not in articlePrefixes: فوالله, وللعراق
		}
		if takesArticle(w) {
			return w // البطاقه: بطاقه is a word, not ب + طاقه
		}
		if better(w, rest) || (freq(w) == 0 && freq(rest) == 0 && unseenProclitic(c, w, rest)) {
			w = rest
			continue
		}
		return w
	}
	return w
}

// unseenProclitic decides for a word and its rest that the lexicon has
// never seen: it compares their suffix-stripped stems (وكتابهما: كتاب
// beats وكتاب), and with no evidence either way strips only the
// conjunction و when four letters remain (فلسطينيون keeps its ف).
func unseenProclitic(c string, w, rest []byte) bool {
	sw, sr := stripSuffixes(w), stripSuffixes(rest)
	if better(sw, sr) {
		return true
	}
	return c == sWaw && freq(sw) == 0 && freq(sr) == 0 && letters(rest) >= unseenWawRest
}

// stripVerbPrefix removes an imperfect-verb prefix (ي ن, after an optional
// future س with ي ت ن) where the lexicon shows the word behaves as a verb:
// it prefers what remains, the word is not seen with the article (النادي,
// اليمني are nouns), and the rest is seen with another imperfect prefix
// (يعمل beside تعمل; ناصر has no تاصر).
func stripVerbPrefix(w []byte) []byte {
	if letters(w) >= 5 && hasPrefix(w, sSeen) {
		switch string(w[letterLen : 2*letterLen]) {
		case sYeh, sTeh, sNoon:
			if better(w, w[2*letterLen:]) && !takesArticle(w) {
				return w[2*letterLen:]
			}
		}
	}
	if letters(w) < 4 {
		return w
	}
	switch p := string(w[:letterLen]); p {
	case sYeh, sNoon:
		rest := w[letterLen:]
		if better(w, rest) && !takesArticle(w) && otherImperfect(p, rest) {
			return rest
		}
	}
	return w
}

// imperfectPrefixes are the prefixes of the imperfect verb, with the
// future س.
var imperfectPrefixes = []string{sYeh, sTeh, sNoon, sAlef, sSeen + sYeh, sSeen + sTeh, sSeen + sNoon}

// otherImperfect reports whether rest is seen with an imperfect prefix
// other than p.
func otherImperfect(p string, rest []byte) bool {
	var buf [64]byte
	if len(rest)+2*letterLen > len(buf) {
		return false
	}
	for _, q := range imperfectPrefixes {
		if q == p {
			continue
		}
		if freq(append(append(buf[:0], q...), rest...)) >= minLexFreq {
			return true
		}
	}
	return false
}

var pronounSuffixes = []string{
	sHeh + sMeem + sAlef, sKaf + sMeem + sAlef,
	sHeh + sAlef, sHeh + sMeem, sHeh + sNoon, sKaf + sMeem, sKaf + sNoon, sNoon + sAlef,
	sHeh,
}

var pluralSuffixes = []string{
	sTeh + sAlef + sNoon, sTeh + sYeh + sNoon,
	sWaw + sNoon, sYeh + sNoon, sAlef + sTeh,
	sHeh,
}

// gatedSuffixes are stripped only when the lexicon prefers the rest: the
// past-tense ت and وا, and the alef of tanween or of a construct dual.
var gatedSuffixes = []string{sAlef + sNoon, sWaw + sAlef, sTeh, sAlef}

func cut(w []byte, s string, minRest int) ([]byte, bool) {
	if hasSuffix(w, s) && letters(w)-len(s)/letterLen >= minRest {
		return w[:len(w)-len(s)], true
	}
	return w, false
}

// pronounHosts are particles and prepositions shorter than minSuffixRest
// that take attached pronouns: انه → ان, منها → من.
var pronounHosts = map[string]bool{
	sAlef + sNoon: true, sMeem + sNoon: true, "\u0639" + sNoon: true, sFeh + sYeh: true,
	"\u0639" + sLam + sYeh: true, sAlef + sLam + sYeh: true, sMeem + "\u0639": true, sLam + sAlef + sNoon: true,
	sLam + sKaf + sNoon: true, "\u0639" + sNoon + "\u062F": true, sLam + "\u062F" + sYeh: true,
}

// hostSuffixes are the pronouns a host takes, with ني (انني).
var hostSuffixes = append([]string{sNoon + sYeh}, pronounSuffixes...)

// tehMarbuta reports whether the ت ending w (w = t + ت) stands for ة:
// the lexicon knows t + ه better than w itself (حكومت → حكومه, not بيت).
func tehMarbuta(w, t []byte) bool {
	f := freqWith("", t, sHeh)
	return f >= minLexFreq && f >= freq(w)
}

func stripSuffixes(w []byte) []byte {
	if letters(w) <= 5 {
		for _, s := range hostSuffixes {
			if hasSuffix(w, s) && pronounHosts[string(w[:len(w)-len(s)])] {
				return w[:len(w)-len(s)]
			}
		}
	}
	for _, s := range pronounSuffixes {
		if r, ok := cut(w, s, minSuffixRest); ok {
			w = r
			// feminine ة before a pronoun is written ت
			if t, ok := cut(w, sTeh, minSuffixRest); ok && tehMarbuta(w, t) {
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
		if r, ok := cut(w, s, minSuffixRest); ok && better(w, r) && (s != sAlef+sNoon || dualOblique(r)) {
			return r
		}
	}
	return w
}

// dualOblique reports whether the lexicon sees the other forms of a dual
// in ان: rest + ين, bare or with the article, for a noun (الوزيران beside
// الوزيرين, يومان beside يومين); for an imperfect verb (rest starts with
// ي or ت), its plural in ون with either prefix (يعملان beside يعملون).
// Names ending in ان (سلمان, سلطان, عمران, نعمان) have neither, so they
// keep their ان even where the lexicon knows the rest as a word of its
// own (سلم, سلط, عمر, نعم).
func dualOblique(rest []byte) bool {
	f := freqWith("", rest, sYeh+sNoon) + freqWith(sAl, rest, sYeh+sNoon)
	if hasPrefix(rest, sYeh) || hasPrefix(rest, sTeh) {
		f += freqWith(sYeh, rest[letterLen:], sWaw+sNoon) + freqWith(sTeh, rest[letterLen:], sWaw+sNoon)
	}
	return f >= minLexFreq
}

// soundPlural reports whether the lexicon sees w with the sound masculine
// plural's ين or ون, bare or with the article: then w is a singular of
// its own, a participle of the pattern مُفاعِل (مواطن, مقاتل), for a
// broken plural never takes a sound plural's ending. A participle the
// lexicon rarely sees with them (مراسل) is still read as a plural.
func soundPlural(w []byte) bool {
	var f uint32
	for _, end := range []string{sYeh + sNoon, sWaw + sNoon} {
		f += freqWith("", w, end) + freqWith(sAl, w, end)
	}
	return f >= minLexFreq
}

// singular maps a broken plural of the patterns أفعال and مفاعل to its
// singular when the lexicon knows the singular (أعمال → عمل, مناطق → منطق
// of منطقة). A word of the pattern مفاعل that takes a sound plural
// (مواطنين, مقاتلين) is a participle, not a plural (soundPlural). A
// verbal noun of the pattern إفعال (إسلام, إقبال: the corpus spells it
// with إ, see data/masdar.txt) is not a plural. The result is the
// lexicon's copy: static data.
func singular(w []byte) []byte {
	var buf [5 * letterLen]byte
	switch {
	case letters(w) == 5 && hasPrefix(w, sAlef) && string(w[3*letterLen:4*letterLen]) == sAlef &&
		!stemData().masdar[string(w)]:
		n := copy(buf[:], w[letterLen:3*letterLen])
		n += copy(buf[n:], w[4*letterLen:])
		if s, f := lookup(buf[:n]); f >= minLexFreq && 2*f >= freq(w) {
			return s
		}
	case letters(w) == 5 && hasPrefix(w, sMeem) && string(w[2*letterLen:3*letterLen]) == sAlef &&
		!soundPlural(w):
		n := copy(buf[:], w[:2*letterLen])
		n += copy(buf[n:], w[3*letterLen:])
		if s, f := lookup(buf[:n]); f >= minLexFreq {
			return s
		}
		n += copy(buf[n:], sHeh)
		if s, f := lookup(buf[:n]); f >= minLexFreq {
			return s[:len(s)-letterLen]
		}
	}
	return w
}

// stemTables holds the embedded word lists.
type stemTables struct {
	protected map[string]bool
	names     map[string]bool // the protected words that are names
	masdar    map[string]bool
	hamzaAl   map[string]bool // words whose ال is their own (آلاف, ألغى)
	variants  map[string][]byte
}

//go:embed data/protected.txt
var protectedTxt string

//go:embed data/variants.txt
var variantsTxt string

//go:embed data/masdar.txt
var masdarTxt string

//go:embed data/hamzaal.txt
var hamzaAlTxt string

var stemData = sync.OnceValue(func() *stemTables {
	t := &stemTables{protected: map[string]bool{}, names: map[string]bool{}, masdar: map[string]bool{}, hamzaAl: map[string]bool{}, variants: map[string][]byte{}}
	words := false // past the "# Words light stemming" section: not names
	for line := range strings.Lines(protectedTxt) {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "# Words light stemming") {
			words = true
		} else if line != "" && !strings.HasPrefix(line, "#") && !words {
			t.names[line] = true
		}
	}
	for _, list := range []struct {
		text string
		set  map[string]bool
	}{{protectedTxt, t.protected}, {masdarTxt, t.masdar}, {hamzaAlTxt, t.hamzaAl}} {
		for line := range strings.Lines(list.text) {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				list.set[line] = true
			}
		}
	}
	for line := range strings.Lines(variantsTxt) {
		line = strings.TrimSpace(line)
		if from, to, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			t.variants[from] = []byte(to)
		}
	}
	return t
})
