package analyzer

import (
	"bytes"
	"hash/maphash"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
)

// The exact view's hand-off. The index analyzes each text twice, once per
// view: the stemmed field (Name) and then its exact twin (ExactName), one
// after the other on one goroutine, with the same bytes. Tokenizing and
// normalizing are the same for both, so an analyzer built WithHandoff that
// stems or drops stop words leaves the normalized tokens of each text it
// analyzes in a small table, and one that does neither (the exact view)
// takes them from there when its input is byte for byte the same, instead
// of tokenizing and normalizing the text again.
//
// A record is self-contained: it holds its own copy of the text, which
// the terms that normalization left unchanged alias, so a caller that
// reuses its buffer cannot change a record. It is taken at most once
// (compare-and-swap), and any record may be overwritten before it is
// taken: the exact view then analyzes the text itself, with the same
// result.
type handoffRecord struct {
	text   []byte
	tokens analysis.TokenStream
}

const handoffSlots = 64 // a power of two; several texts analyzed at once

var (
	handoffSeed  = maphash.MakeSeed()
	handoffTable [handoffSlots]atomic.Pointer[handoffRecord]
)

// WithHandoff makes the analyzer share the work of tokenizing and
// normalizing with its exact twin (see handoffRecord): an analyzer that
// stems or drops stop words offers the normalized tokens of each text, an
// analyzer that does neither takes them for the same text. The tokens are
// the same either way; the registered analyzers of the index use it.
func WithHandoff() Option {
	return func(a *Analyzer) { a.handoff = true }
}

func handoffSlot(text []byte) *atomic.Pointer[handoffRecord] {
	return &handoffTable[maphash.Bytes(handoffSeed, text)&(handoffSlots-1)]
}

// offer leaves the normalized tokens of text for its exact view.
func offer(text []byte, tokens analysis.TokenStream) {
	handoffSlot(text).Store(&handoffRecord{text: text, tokens: tokens})
}

// take returns the normalized tokens a stemming analyzer offered for the
// same text, or nil.
func take(text []byte) analysis.TokenStream {
	slot := handoffSlot(text)
	r := slot.Load()
	if r == nil || !bytes.Equal(r.text, text) || !slot.CompareAndSwap(r, nil) {
		return nil
	}
	return r.tokens
}
