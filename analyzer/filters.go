package analyzer

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
)

// NormalizeFilter is a bleve token filter that normalizes each term (see
// Normalize). Start and End are left alone, so they keep pointing into the
// original text. Tokens that normalize to nothing (a lone tatweel or mark)
// are removed; a presentation-form ligature that expands to several words
// (ﷺ) becomes several tokens with the ligature's offsets.
//
// Terms that are already normal are kept as they are, without copying;
// rewritten terms share one buffer per call. The filter never writes into
// the bytes of an incoming term.
type NormalizeFilter struct{}

// Filter implements analysis.TokenFilter.
func (NormalizeFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var arena []byte
	out := input[:0]
	shift := 0 // positions added by expansions so far
	for i, tok := range input {
		tok.Position += shift
		if IsNormalized(tok.Term) {
			out = append(out, tok)
			continue
		}
		if arena == nil {
			arena = make([]byte, 0, remainingBytes(input[i:])+8)
		}
		from := len(arena)
		arena = AppendNormalize(arena, tok.Term)
		norm := arena[from:len(arena):len(arena)]
		switch {
		case len(norm) == 0:
			continue
		case bytes.IndexByte(norm, ' ') < 0:
			tok.Term = norm
			out = append(out, tok)
		default:
			parts := bytes.Fields(norm)
			if len(parts) == 0 {
				continue
			}
			// Expansions are rare; copying the tail keeps out from
			// overwriting tokens not yet visited.
			grown := make(analysis.TokenStream, len(out), len(out)+len(parts)+len(input)-i)
			copy(grown, out)
			for k, p := range parts {
				t := *tok
				t.Term = p[:len(p):len(p)]
				t.Position = tok.Position + k
				grown = append(grown, &t)
			}
			shift += len(parts) - 1
			rest := filterTail(NormalizeFilter{}, input[i+1:], shift)
			return append(grown, rest...)
		}
	}
	return out
}

// filterTail runs f over a tail of a stream whose positions must move by shift.
func filterTail(f analysis.TokenFilter, tail analysis.TokenStream, shift int) analysis.TokenStream {
	for _, t := range tail {
		t.Position += shift
	}
	return f.Filter(tail)
}

func remainingBytes(ts analysis.TokenStream) int {
	n := 0
	for _, t := range ts {
		n += len(t.Term)
	}
	return n
}

// StopFilter is a bleve token filter that removes stop words. It matches
// words as they are written (see StopSet), so it belongs before
// NormalizeFilter: after it, the preposition على and the name علي are one
// term and the filter would keep both. Keyword tokens (Token.KeyWord) are
// kept.
type StopFilter struct {
	Words *StopSet
}

// Filter implements analysis.TokenFilter.
func (f StopFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		if !tok.KeyWord && f.Words.Contains(tok.Term) {
			continue
		}
		out = append(out, tok)
	}
	return out
}

// StemFilter is a bleve token filter that replaces each normalized term by
// its light stem (see Stem). Keyword tokens (Token.KeyWord) are left alone.
type StemFilter struct{}

// Filter implements analysis.TokenFilter.
func (StemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if !tok.KeyWord {
			tok.Term = Stem(tok.Term)
		}
	}
	return input
}
