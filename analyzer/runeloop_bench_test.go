package analyzer

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// BenchmarkRuneLoop is the floor of any one-pass analyzer (issue #16):
// one loop over the same text as BenchmarkAnalyze that decodes each rune,
// tells letters and digits from the rest, and counts the words and their
// bytes. No normalization, no stop words, no stemming, no token slice.
func BenchmarkRuneLoop(b *testing.B) {
	text := newsText(b)
	paras := paragraphs(text)
	if w, _ := runeLoop([]byte("في العراق، اليوم")); w != 3 {
		b.Fatalf("runeLoop counted %d words in three", w)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paras {
			runeLoop(p)
		}
	}
}

// runeLoop counts the words of p (runs of letters, marks and digits) and
// their bytes in one pass.
func runeLoop(p []byte) (words, wordBytes int) {
	in := false
	for i := 0; i < len(p); {
		r, size := rune(p[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(p[i:])
		}
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if word {
			if !in {
				words++
			}
			wordBytes += size
		}
		in = word
		i += size
	}
	return words, wordBytes
}
