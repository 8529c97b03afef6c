package analyzer

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// MaxTokenBytes is the longest token the tokenizer emits; longer runs of
// letters (binary junk, base64) are dropped rather than indexed.
const MaxTokenBytes = 255

// Rune classes for the tokenizer.
const (
	clsSpace  = iota // ends a token
	clsWord          // letter, digit or mark: part of a token
	clsJoiner        // zero-width joiners and the like: inside a token, never starts one
)

// lowClass caches the class of every rune below U+0800 (Latin, Greek,
// Cyrillic, Hebrew, Arabic, Syriac, Thaana).
var lowClass = buildLowClass()

func buildLowClass() (c [0x800]uint8) {
	for r := rune(0); r < 0x800; r++ {
		c[r] = classify(r)
	}
	return c
}

func classify(r rune) uint8 {
	switch {
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
		return clsWord
	case r == ZeroWidthNonJoiner, r == ZeroWidthJoiner, r == '\u00AD', r == '\u061C',
		r >= '\u0600' && r <= '\u0605':
		return clsJoiner
	}
	return clsSpace
}

func runeClass(r rune) uint8 {
	if r < 0x800 {
		return lowClass[r]
	}
	if r == utf8.RuneError {
		return clsSpace
	}
	return classify(r)
}

// Tokenizer splits text into runs of letters, digits and combining marks.
// Tatweel and harakat stay inside their word, zero-width joiners too; every
// token's Start and End are byte offsets into the input, on rune
// boundaries. Terms alias the input, as with bleve's own tokenizers: the
// filters of this package never write into them.
type Tokenizer struct{}

// Tokenize implements analysis.Tokenizer.
func (Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	if len(input) == 0 {
		return nil
	}
	// A rough guess at the token count keeps reallocation rare.
	tokens := make([]analysis.Token, 0, len(input)/8+1)
	start := -1
	end := 0
	for i := 0; i < len(input); {
		b := input[i]
		var cls uint8
		size := 1
		if b < utf8.RuneSelf {
			cls = lowClass[b]
		} else if b >= 0xC2 && b < 0xE0 && i+1 < len(input) && input[i+1]&0xC0 == 0x80 {
			// Two-byte runes (Arabic among them) decoded inline.
			cls = lowClass[rune(b&0x1F)<<6|rune(input[i+1]&0x3F)]
			size = 2
		} else {
			var r rune
			r, size = utf8.DecodeRune(input[i:])
			cls = runeClass(r)
		}
		switch cls {
		case clsWord:
			if start < 0 {
				start = i
			}
			end = i + size
		case clsJoiner:
			// Joiners belong to the token only when a word rune follows;
			// end is moved past them then.
		default:
			if start >= 0 {
				tokens = appendToken(tokens, input, start, end)
				start = -1
			}
		}
		i += size
	}
	if start >= 0 {
		tokens = appendToken(tokens, input, start, end)
	}
	stream := make(analysis.TokenStream, len(tokens))
	for i := range tokens {
		tokens[i].Position = i + 1
		stream[i] = &tokens[i]
	}
	return stream
}

func appendToken(tokens []analysis.Token, input []byte, start, end int) []analysis.Token {
	if end-start > MaxTokenBytes {
		return tokens
	}
	typ := analysis.Numeric
	for _, c := range input[start:end] {
		if c < '0' || c > '9' {
			typ = analysis.AlphaNumeric
			break
		}
	}
	return append(tokens, analysis.Token{
		Start: start,
		End:   end,
		Term:  input[start:end:end],
		Type:  typ,
	})
}
