package analyzer

import (
	"bytes"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// lowKeep marks the runes below U+0800 that normalization leaves as they
// are when they stand alone (و and ي among them: they change only before a
// combining hamza, which is itself a rune normalization drops).
var lowKeep = buildLowKeep()

func buildLowKeep() (keep [0x800]bool) {
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 0x800; r++ {
		n := utf8.EncodeRune(buf[:], r)
		keep[r] = spanNormal(buf[:n], true) == n
	}
	return keep
}

// analyze is Tokenizer and NormalizeFilter in one loop over the input,
// then stopAndStem (when the analyzer stems or drops stop words) over the
// tokens with their cache look-ups in batches: it gives the
// same tokens, with the same terms, offsets, positions and types, as
//
//	a.stopAndStem(input, NormalizeFilter{}.Filter(Tokenizer{}.Tokenize(input)))
//
// (TestFastPathMatchesPipeline and FuzzFastPath hold it to that), without
// a second pass over the bytes of each token to see whether it is already
// normal, and with one token per kept word allocated in slabs sized from
// the input's spaces. A token's term aliases the input when normalization
// leaves it unchanged; rewritten terms share one buffer per call.
func (a *Analyzer) analyze(input []byte) analysis.TokenStream {
	if len(input) == 0 {
		return nil
	}
	if a.handoff && a.cache == nil {
		if ts := take(input); ts != nil {
			return ts
		}
	}
	est := bytes.Count(input, []byte{' '}) + bytes.Count(input, []byte{'\n'}) + 1
	out := make(analysis.TokenStream, 0, est)
	slab := make([]analysis.Token, 0, est)
	var arena []byte
	pos := 0 // the position of the last token the tokenizer gave, plus expansions

	// The normalized tokens for the exact view (see WithHandoff), whose
	// unchanged terms alias a copy of the input.
	var (
		text      []byte
		exact     analysis.TokenStream
		exactSlab []analysis.Token
	)
	if a.handoff && a.cache != nil {
		text = bytes.Clone(input)
		exact = make(analysis.TokenStream, 0, est)
		exactSlab = make([]analysis.Token, 0, est)
	}

	// emit appends one token; the term is normalized, and raw says it is
	// the input's own bytes.
	emit := func(start, end, position int, term []byte, typ analysis.TokenType, raw bool) {
		if text != nil {
			t := term
			if raw {
				t = text[start:end:end]
			}
			if len(exactSlab) == cap(exactSlab) {
				exactSlab = make([]analysis.Token, 0, (len(input)-start)/8+4)
			}
			exactSlab = append(exactSlab, analysis.Token{Start: start, End: end, Term: t, Position: position, Type: typ})
			exact = append(exact, &exactSlab[len(exactSlab)-1])
		}
		if len(slab) == cap(slab) {
			slab = make([]analysis.Token, 0, (len(input)-start)/8+4)
		}
		slab = append(slab, analysis.Token{Start: start, End: end, Term: term, Position: position, Type: typ})
		out = append(out, &slab[len(slab)-1])
	}
	// token normalizes and emits input[start:end]; keep says that every
	// rune of it is one normalization keeps.
	token := func(start, end int, keep bool) {
		if end-start > MaxTokenBytes {
			return
		}
		pos++
		raw := input[start:end:end]
		typ := analysis.Numeric
		for _, c := range raw {
			if c < '0' || c > '9' {
				typ = analysis.AlphaNumeric
				break
			}
		}
		if keep {
			emit(start, end, pos, raw, typ, true)
			return
		}
		if arena == nil {
			arena = make([]byte, 0, len(input)-start+8)
		}
		from := len(arena)
		arena = AppendNormalize(arena, raw)
		norm := arena[from:len(arena):len(arena)]
		switch {
		case len(norm) == 0:
		case bytes.IndexByte(norm, ' ') < 0:
			emit(start, end, pos, norm, typ, false)
		default:
			parts := bytes.Fields(norm)
			for k, p := range parts {
				emit(start, end, pos+k, p[:len(p):len(p)], typ, false)
			}
			if len(parts) > 0 {
				pos += len(parts) - 1
			}
		}
	}

	start, end := -1, 0
	keep := true    // every rune of the current token so far is kept by normalization
	joined := false // a joiner followed the last word rune of the current token
	for i := 0; i < len(input); {
		b := input[i]
		var cls uint8
		size := 1
		kept := false
		if b < utf8.RuneSelf {
			cls, kept = lowClass[b], lowKeep[b]
		} else if b >= 0xC2 && b < 0xE0 && i+1 < len(input) && input[i+1]&0xC0 == 0x80 {
			r := rune(b&0x1F)<<6 | rune(input[i+1]&0x3F)
			cls, kept = lowClass[r], lowKeep[r]
			size = 2
		} else {
			var r rune
			r, size = utf8.DecodeRune(input[i:])
			cls = runeClass(r) // kept stays false: such tokens take the general path
		}
		switch cls {
		case clsWord:
			if start < 0 {
				start, keep, joined = i, true, false
			}
			if joined {
				keep, joined = false, false // joiners between word runes are dropped
			}
			keep = keep && kept
			end = i + size
		case clsJoiner:
			if start >= 0 {
				joined = true
			}
		default:
			if start >= 0 {
				token(start, end, keep)
				start = -1
			}
		}
		i += size
	}
	if start >= 0 {
		token(start, end, keep)
	}
	if text != nil && len(exact) > 0 {
		offer(text, exact)
	}
	if a.cache != nil {
		out = a.stopAndStemBatched(input, out)
	}
	return out
}
