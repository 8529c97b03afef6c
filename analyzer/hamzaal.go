package analyzer

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

// The article's alef is hamzat al-wasl, never written with a hamza: a word
// written with أل, إل or آل at its start (after its proclitics) holds its
// own ال (إلهام, ألبوم, آلتين, ألفان), where the normalized form alone
// cannot tell it from the article (الهام could be ال + هام). So a token
// written that way is stemmed as the same word with the article would be
// (الإلهام, الألبوم): the article comes off and the word's ال stays, and
// the two spellings share a term. A word typed without its hamza (الهام)
// is left to the lexicon's reading, as before (ownArticle).

// writtenHamzaAl returns how many proclitic letters come before a hamza
// alef followed by lam at the start of a token as written (what
// normalization drops, marks and tatweel, skipped), and whether the last
// of them is ل; n is -1 when the token does not start so. The proclitics
// are those articlePrefixes stack before the article: و or ف, then ب, ك or
// ل; or one of ب, ك, ل alone.
//
// The letter after ل must be neither a hamza alef (ألأمم: the article
// itself written with a hamza) nor, after إ, a ت (إلتقى, إلتزام: the alef
// of the verb form افتعل and its masdar takes no hamza either, but is
// often written with one; left to the lexicon, they meet التقى and
// التزام).
func writtenHamzaAl(written []byte) (n int, lam bool) {
	// The first five letters: two proclitics, the alef, ل and the next.
	var letters [5]rune
	k := 0
	for i := 0; i < len(written) && k < len(letters); {
		r, size := utf8.DecodeRune(written[i:])
		i += size
		if r >= 0x600 && r <= 0x6FF && arabicAct[r-0x600] == actDrop {
			continue
		}
		letters[k] = r
		k++
	}
	at := -1
	for i := range min(k, 3) {
		if isHamzaAlef(letters[i]) {
			at = i
			break
		}
	}
	switch {
	case at < 0:
		return -1, false
	case at >= 1 && !isProclitic(letters[0], at == 1):
		return -1, false
	case at == 2 && letters[1] != Beh && letters[1] != Kaf && letters[1] != Lam:
		return -1, false
	case letters[at+1] != Lam:
		return -1, false
	case isHamzaAlef(letters[at+2]):
		return -1, false
	case letters[at] == AlefHamzaBelow && letters[at+2] == Teh:
		return -1, false
	}
	return at, at > 0 && letters[at-1] == Lam
}

// isHamzaAlef reports أ, إ and آ.
func isHamzaAlef(r rune) bool {
	return r == AlefHamzaAbove || r == AlefHamzaBelow || r == AlefMaddaAbove
}

// isProclitic reports whether r can be the first proclitic before the
// article: و or ف, or, when it is the only one, ب, ك or ل too.
func isProclitic(r rune, only bool) bool {
	return r == Waw || r == Feh || (only && (r == Beh || r == Kaf || r == Lam))
}

// StemWritten is Stem for a normalized term whose spelling as written is
// known: a word written with a hamza on its first alef before ل (after its
// proclitics) keeps that ال, as the same word after the article does
// (إلهام, الإلهام and وإلهام give الهام; الهام written so gives هام, as
// Stem does). Any other term gives Stem(term). The result may share
// memory with term or the stemmer's data; callers must not write to it.
func StemWritten(written, term []byte) []byte {
	n, lam := writtenHamzaAl(written)
	if n < 0 || !isArabicWord(term) || len(term) < n*letterLen+len(sAl) || string(term[n*letterLen:n*letterLen+len(sAl)]) != sAl {
		return Stem(term)
	}
	// ال before the word's own ال: لل after ل (ل + ال with its alef
	// dropped, as articlePrefixes spell it).
	ins := sAl
	if lam {
		ins = sLam
	}
	var buf [64]byte
	w := append(append(append(buf[:0], term[:n*letterLen]...), ins...), term[n*letterLen:]...)
	writtenStems.RLock()
	st, ok := writtenStems.m[string(w)]
	writtenStems.RUnlock()
	if ok {
		return st
	}
	st = bytes.Clone(Stem(w)) // not an alias of buf
	writtenStems.Lock()
	if len(writtenStems.m) < maxWrittenStems {
		writtenStems.m[string(w)] = st
	}
	writtenStems.Unlock()
	return st
}

// writtenStems remembers StemWritten's stems, by the word with the article
// put back, up to maxWrittenStems of them: such words are few, but each
// would cost a stemming per token.
var writtenStems = struct {
	sync.RWMutex
	m map[string][]byte
}{m: map[string][]byte{}}

const maxWrittenStems = 1 << 16

// mayHaveHamzaAl is a quick test that written may start with a hamza
// alef after at most two proclitics: one of أ إ آ (UTF-8 D8 A3, D8 A5,
// D8 A2) as its first, second or third two-byte character (a proclitic
// with a vowel on it and another before it is not looked for).
func mayHaveHamzaAl(written []byte) bool {
	for i := 0; i+1 < len(written) && i <= 4; i += 2 {
		if written[i] == 0xD8 && (written[i+1] == 0xA2 || written[i+1] == 0xA3 || written[i+1] == 0xA5) {
			return true
		}
	}
	return false
}

// spelled corrects d, the decision for a token's normalized term, by the
// token as written: a word written with its hamza before ل is stemmed by
// StemWritten. Words the analyzer keeps unstemmed stay so.
func (a *Analyzer) spelled(written, term []byte, d decision) decision {
	if !mayHaveHamzaAl(written) || !a.stem {
		return d
	}
	return a.spelledSlow(written, term, d)
}

// spelledSlow is spelled for a token that may start with a hamza alef.
func (a *Analyzer) spelledSlow(written, term []byte, d decision) decision {
	if n, _ := writtenHamzaAl(written); n < 0 {
		return d
	}
	if _, excluded := a.exclude[string(term)]; excluded {
		return d
	}
	st := StemWritten(written, term)
	if bytes.Equal(st, term) {
		d.same, d.stem = true, nil
	} else {
		d.same, d.stem = false, st
	}
	return d
}

// WrittenWithHamzaAl reports whether a token as written starts, after its
// proclitics, with أل, إل or آل: whether StemWritten may stem it otherwise
// than Stem stems its normalized form.
func WrittenWithHamzaAl(written []byte) bool {
	if !mayHaveHamzaAl(written) {
		return false
	}
	n, _ := writtenHamzaAl(written)
	return n >= 0
}
