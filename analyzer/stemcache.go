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
// It is set-associative: a term hashes to a set of termCacheWays slots and
// may sit in any of them; a new term takes an empty slot of its set, or
// evicts the one its hash picks. (Direct-mapped, with the same number of
// slots, two of the 34,000 distinct terms of 2 MB of news collided often
// enough that 2.5% of tokens missed and were stemmed again: a fifth of the
// analyzer's time.) Slots are atomic pointers to immutable entries, so
// readers never lock and concurrent writers at worst overwrite each other's
// entry. Keys are stored inline so that a hit reads one entry.
type termCache struct {
	seed  maphash.Seed
	slots [1 << termCacheBits]atomic.Pointer[termEntry]
}

const (
	termCacheBits = 18
	termCacheWays = 4  // slots per set; a power of two
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

// lookup returns the cached entry for term, or nil and the slot a new entry
// for it should go to.
func (c *termCache) lookup(term []byte) (*atomic.Pointer[termEntry], *termEntry) {
	h := maphash.Bytes(c.seed, term)
	set := c.slots[h&(1<<termCacheBits-1)&^(termCacheWays-1):][:termCacheWays]
	var free *atomic.Pointer[termEntry]
	for i := range set {
		e := set[i].Load()
		if e == nil {
			if free == nil {
				free = &set[i]
			}
			continue
		}
		if int(e.n) == len(term) && string(e.key[:e.n]) == string(term) {
			return &set[i], e
		}
	}
	if free == nil {
		// High bits of the hash, unused by the set index, pick the victim.
		free = &set[(h>>32)%termCacheWays]
	}
	return free, nil
}
