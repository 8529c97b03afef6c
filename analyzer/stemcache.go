package analyzer

import (
	"hash/maphash"
	"sync/atomic"
)

// termCache remembers what the last stages of analysis (stop words and
// stemming) made of recently seen normalized terms. Word frequencies in
// news follow Zipf's law, so a small cache answers almost every token with
// one hash and one comparison, instead of a stop-word lookup and the 5–10
// lexicon lookups of stem.
//
// It is direct-mapped: a term hashes to one slot, and a new term evicts the
// old one. Slots are atomic pointers to immutable entries, so readers never
// lock and concurrent writers at worst overwrite each other's entry. Keys
// are stored inline so that a hit reads one entry.
type termCache struct {
	seed  maphash.Seed
	slots [1 << termCacheBits]atomic.Pointer[termEntry]
}

const (
	termCacheBits = 18
	maxCachedTerm = 40 // bytes; longer terms (rare) bypass the cache
)

type termEntry struct {
	n    uint8
	stop bool // the normalized form of a stop word: dropped if spelled as one
	same bool // the stem is the term itself
	key  [maxCachedTerm]byte
	stem []byte // when !same: owned by the entry, never written to
}

func newTermCache() *termCache {
	return &termCache{seed: maphash.MakeSeed()}
}

// lookup returns the cached entry for term, or nil.
func (c *termCache) lookup(term []byte) (*atomic.Pointer[termEntry], *termEntry) {
	slot := &c.slots[maphash.Bytes(c.seed, term)&(1<<termCacheBits-1)]
	e := slot.Load()
	if e != nil && int(e.n) == len(term) && string(e.key[:e.n]) == string(term) {
		return slot, e
	}
	return slot, nil
}
