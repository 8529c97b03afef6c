package analyzer

import (
	"bytes"
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
)

// termCache remembers what the last stages of analysis (stop words and
// stemming) made of normalized terms. Word frequencies in news follow
// Zipf's law, so a cache answers almost every token with one hash and one
// comparison, instead of a stop-word lookup and the 5–10 lexicon lookups
// of stem.
//
// It is an open-addressed table whose slots hold their term and decision
// inline, one 64-byte slot to a cache line, so that a hit reads one line
// of memory (a table of pointers to entries read two, and those two memory
// reads were 40% of the analyzer's time). A slot is written once: the
// first goroutine to claim an empty slot (compare-and-swap of its state)
// fills it and then publishes it, and readers look at a slot only once it
// is published, so nothing locks and nothing is overwritten. A term that
// finds no slot among termCacheProbes from its hash (the table is full
// there) is decided without the cache; frequent terms come early in any
// text and are the ones the table keeps.
type termCache struct {
	seed  maphash.Seed
	slots []cacheSlot // 1 << termCacheBits
}

const (
	termCacheBits   = 18 // 262,144 slots, 16 MiB
	termCacheProbes = 8  // slots looked at from a term's hash
	maxCachedTerm   = 32 // bytes (16 Arabic letters); longer terms (rare) bypass the cache
)

// Slot states.
const (
	slotEmpty   = iota
	slotWriting // claimed; its fields are being written
	slotReady   // published: its fields never change again
)

// cacheSlot is one term and its decision. It is 64 bytes.
type cacheSlot struct {
	state atomic.Uint32
	n     uint8 // length of the term in key
	stop  bool  // the normalized form of a stop word: dropped if spelled as one
	same  bool  // the stem is the term itself
	key   [maxCachedTerm]byte
	stem  []byte // when !same: owned by the slot, never written to
}

// decision is what the last stages make of a normalized term.
type decision struct {
	stop bool   // the normalized form of a stop word: dropped if spelled as one
	same bool   // the stem is the term itself
	stem []byte // when !same; never written to
}

func newTermCache() *termCache {
	return &termCache{seed: maphash.MakeSeed(), slots: make([]cacheSlot, 1<<termCacheBits)}
}

// sharedCaches holds one cache per standard configuration (stemming on or
// off, a stop set, no exclusions), shared by every analyzer built with it:
// the decisions depend on nothing else.
var sharedCaches struct {
	sync.Mutex
	m map[cacheKey]*termCache
}

type cacheKey struct {
	stem  bool
	stops *StopSet
}

// sharedTermCache returns the cache of analyzers that stem (or not) and
// remove the given stop words, with no exclusions.
func sharedTermCache(stem bool, stops *StopSet) *termCache {
	sharedCaches.Lock()
	defer sharedCaches.Unlock()
	if sharedCaches.m == nil {
		sharedCaches.m = map[cacheKey]*termCache{}
	}
	k := cacheKey{stem, stops}
	c := sharedCaches.m[k]
	if c == nil {
		c = newTermCache()
		sharedCaches.m[k] = c
	}
	return c
}

// get returns the decision for term, from the cache when it holds it;
// otherwise a.decide computes it and, when a slot is free, the cache keeps
// it.
func (c *termCache) get(a *Analyzer, term []byte) decision {
	if len(term) > maxCachedTerm {
		return a.decide(term)
	}
	h := maphash.Bytes(c.seed, term)
	return c.getHashed(a, term, h, c.slots[h&uint64(len(c.slots)-1)].state.Load())
}

// getHashed is get for a term of at most maxCachedTerm bytes whose hash is
// h; first is a state its first slot had (a stale one is fine: a slot only
// goes from empty to ready).
func (c *termCache) getHashed(a *Analyzer, term []byte, h uint64, first uint32) decision {
	mask := uint64(len(c.slots) - 1)
	for i := range uint64(termCacheProbes) {
		s := &c.slots[(h+i)&mask]
		state := first
		if i > 0 {
			state = s.state.Load()
		}
		switch state {
		case slotReady:
			if int(s.n) == len(term) && string(s.key[:s.n]) == string(term) {
				return decision{stop: s.stop, same: s.same, stem: s.stem}
			}
		case slotEmpty:
			d := a.decide(term)
			if s.state.CompareAndSwap(slotEmpty, slotWriting) { // fails if first was stale
				s.n = uint8(copy(s.key[:], term))
				s.stop, s.same = d.stop, d.same
				if !d.same {
					s.stem = bytes.Clone(d.stem) // not an alias of this input
				}
				s.state.Store(slotReady)
			}
			return d
		}
		// Another term, or one being written: look further.
	}
	return a.decide(term)
}

// lookAhead is how many tokens stopAndStemBatched hashes, and whose slots
// it reads, before it uses the first: the memory reads of a batch overlap
// instead of waiting one after another.
const lookAhead = 16

// stopAndStemBatched does what stopAndStem does for tokens of the fast
// path (no keyword tokens), reading the cache slots of lookAhead tokens at
// a time. It rewrites ts in place.
func (a *Analyzer) stopAndStemBatched(input []byte, ts analysis.TokenStream) analysis.TokenStream {
	c := a.cache
	mask := uint64(len(c.slots) - 1)
	var (
		hs     [lookAhead]uint64
		states [lookAhead]uint32
	)
	w := 0
	for i := 0; i < len(ts); i += lookAhead {
		batch := ts[i:min(i+lookAhead, len(ts))]
		for k, tok := range batch {
			if len(tok.Term) <= maxCachedTerm {
				hs[k] = maphash.Bytes(c.seed, tok.Term)
			}
		}
		for k, tok := range batch { // the loads, back to back
			if len(tok.Term) <= maxCachedTerm {
				states[k] = c.slots[hs[k]&mask].state.Load()
			}
		}
		for k, tok := range batch {
			var d decision
			if len(tok.Term) <= maxCachedTerm {
				d = c.getHashed(a, tok.Term, hs[k], states[k])
			} else {
				d = a.decide(tok.Term)
			}
			if d.stop && a.isStop(input[tok.Start:tok.End]) {
				continue
			}
			if mayHaveHamzaAl(input[tok.Start:tok.End]) && a.stem {
				d = a.spelledSlow(input[tok.Start:tok.End], tok.Term, d)
			}
			if !d.same {
				tok.Term = d.stem
			}
			ts[w] = tok
			w++
		}
	}
	return ts[:w]
}
