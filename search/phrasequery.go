package search

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	arindex "github.com/arsearch/arsearch/index"
)

// verifiedPhraseQuery matches the words of a phrase in order, side by side,
// in an exact view of a text field, without term vectors: the body's exact
// view keeps no positions (they were a third of the index on disk). The
// candidates are the documents that have every word of the phrase in that
// view (the conjunction bleve's phrase searcher starts from, scored as it
// scores it); each is then checked against the stored text of the field,
// analyzed again with the view's analyzer, with bleve's phrase rule:
// the words at consecutive positions. So hits, scores and totals are
// those of bleve's phrase query on a view with positions
// (TestVerifiedPhraseMatchesBleve compares the two).
type verifiedPhraseQuery struct {
	text  string  // the phrase as typed or as normalized words
	field string  // an exact view: arindex.FieldTitleExact or arindex.FieldBodyExact
	boost float64 // query boost
}

// phraseOn matches text as a phrase in the exact view field: with bleve's
// phrase query where the view keeps positions, else verifiedPhraseQuery.
func phraseOn(text, field string, boost float64) query.Query {
	if arindex.KeepsPositions(field) {
		pq := query.NewMatchPhraseQuery(text)
		pq.SetField(field)
		pq.SetBoost(boost)
		return pq
	}
	return newPhraseQuery(text, field, boost)
}

// newPhraseQuery matches text as a phrase in the exact view field.
func newPhraseQuery(text, field string, boost float64) *verifiedPhraseQuery {
	return &verifiedPhraseQuery{text: text, field: field, boost: boost}
}

// Searcher implements query.Query.
func (q *verifiedPhraseQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	if arindex.HasPositions(m, q.field) {
		// An index created with phrase positions: bleve's phrase query.
		pq := query.NewMatchPhraseQuery(q.text)
		pq.SetField(q.field)
		pq.SetBoost(q.boost)
		return pq.Searcher(ctx, i, m, options)
	}
	stored, ok := arindex.StoredTwin(q.field)
	if !ok {
		return nil, fmt.Errorf("%w: no phrase search in field %q", ErrQuery, q.field)
	}
	an := m.AnalyzerNamed(m.AnalyzerNameForPath(q.field))
	if an == nil {
		return nil, fmt.Errorf("search: no analyzer for field %q", q.field)
	}
	phrase := phraseSlots(an.Analyze([]byte(q.text)))
	if len(phrase) == 0 {
		return searcher.NewMatchNoneSearcher(i)
	}
	// What bleve's phrase searcher builds: a term searcher per word (a
	// disjunction where several terms share a position), in a conjunction.
	var subs []search.Searcher
	closeAll := func() {
		for _, s := range subs {
			_ = s.Close()
		}
	}
	for _, slot := range phrase {
		var ts []search.Searcher
		for _, t := range slot {
			s, err := searcher.NewTermSearcher(ctx, i, t, q.field, q.boost, options)
			if err != nil {
				closeAll()
				for _, s := range ts {
					_ = s.Close()
				}
				return nil, err
			}
			ts = append(ts, s)
		}
		switch len(ts) {
		case 0:
		case 1:
			subs = append(subs, ts[0])
		default:
			d, err := searcher.NewDisjunctionSearcher(ctx, i, ts, 1, options)
			if err != nil {
				closeAll()
				return nil, err
			}
			subs = append(subs, d)
		}
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, i, subs, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	check := newPhraseChecker(an, m.AnalyzerNameForPath(q.field), phrase)
	if check.terms != nil && len(subs) == len(check.terms) {
		// One term searcher per word: anchor the check in the rarest.
		check.anchor = newPhraseAnchor(check.terms, func(k int) uint64 { return subs[k].Count() })
	}
	s := &verifiedPhraseSearcher{must: conj, check: check, reader: i, stored: stored}
	s.locate = newDocLocator(i)
	s.SetQueryNorm(1 / math.Sqrt(conj.Weight()))
	return s, nil
}

// phraseSlots is bleve's tokenStreamToPhrase: the terms of a phrase by
// position, from its first; a position no token has is an empty slot,
// which any word fills.
func phraseSlots(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// hasPhrase reports whether tokens (sorted by position, as analyzers give
// them) hold the phrase: a token of each slot at consecutive positions.
func hasPhrase(tokens analysis.TokenStream, phrase [][]string) bool {
	in := func(t []byte, slot []string) bool {
		for _, s := range slot {
			if string(t) == s {
				return true
			}
		}
		return false
	}
	for i, t := range tokens {
		if !in(t.Term, phrase[0]) {
			continue
		}
		ok := true
		for k := 1; k < len(phrase) && ok; k++ {
			if len(phrase[k]) == 0 {
				continue
			}
			pos := t.Position + k
			ok = false
			for j := i + 1; j < len(tokens) && tokens[j].Position <= pos; j++ {
				if tokens[j].Position == pos && in(tokens[j].Term, phrase[k]) {
					ok = true
					break
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// chunkBytes is about how much text phraseIn analyzes at a time.
const chunkBytes = 1024

// phraseIn reports whether the analysis of text by an holds phrase, as
// hasPhrase(an.Analyze(text), phrase) does, but analyzes text a chunk at a
// time (cut at spaces, which no token spans) and stops at the first chunk
// where the phrase is found: most candidates of a common phrase have it,
// often early. The last words of a chunk are carried over to the next, for
// a phrase across the cut. Where a chunk may have lost a word at its edge
// (a word that normalizes to nothing or is too long is dropped, and a
// dropped word can leave a gap in the positions of the whole text that a
// chunk's analysis cannot see) it analyzes the whole text instead.
func phraseIn(an analysis.Analyzer, text []byte, phrase [][]string) bool {
	all := text
	var carry analysis.TokenStream // the tokens of the last len(phrase)-1 positions so far
	last := 0                      // the position of the last token so far
	for len(text) > 0 {
		chunk := text
		text = nil
		if len(chunk) > chunkBytes {
			if i := bytes.IndexAny(chunk[chunkBytes:], " \n"); i >= 0 {
				chunk, text = chunk[:chunkBytes+i], chunk[chunkBytes+i+1:]
			}
		}
		toks := an.Analyze(chunk)
		if len(toks) == 0 {
			if hasWordRune(chunk) {
				return hasPhrase(an.Analyze(all), phrase)
			}
			continue
		}
		if hasWordRune(chunk[:toks[0].Start]) || hasWordRune(chunk[toks[len(toks)-1].End:]) {
			return hasPhrase(an.Analyze(all), phrase)
		}
		shift := last + 1 - toks[0].Position
		joined := make(analysis.TokenStream, 0, len(carry)+len(toks))
		joined = append(joined, carry...)
		for _, t := range toks {
			t.Position += shift
			joined = append(joined, t)
		}
		if hasPhrase(joined, phrase) {
			return true
		}
		last = joined[len(joined)-1].Position
		k := len(joined)
		for k > 0 && joined[k-1].Position > last-(len(phrase)-1) {
			k--
		}
		carry = joined[k:]
	}
	return false
}

// hasWordRune reports whether b holds a letter, digit or mark: a word the
// tokenizer would see.
func hasWordRune(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return true
		}
		b = b[n:]
	}
	return false
}

// verifiedPhraseSearcher hands on the candidates of its conjunction whose
// stored text holds the phrase.
type verifiedPhraseSearcher struct {
	must   search.Searcher
	check  *phraseChecker
	reader index.IndexReader
	stored string // the stored field the exact view indexes
	locate docLocator
	// giveUp, when set, is asked before each candidate's text is read,
	// with the number read so far; true ends the search there (Next
	// returns nil), for callers that need a count only up to a point.
	giveUp  func(read int) bool
	checked int
	text    []byte // the decoded body of the candidate being checked, reused
}

// Next implements search.Searcher.
func (s *verifiedPhraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.must.Next(ctx)
	return s.verify(ctx, d, err)
}

// Advance implements search.Searcher.
func (s *verifiedPhraseSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.must.Advance(ctx, id)
	return s.verify(ctx, d, err)
}

// verify returns d if it holds the phrase, else the next candidate that does.
func (s *verifiedPhraseSearcher) verify(ctx *search.SearchContext, d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for ; err == nil && d != nil; d, err = s.must.Next(ctx) {
		if len(s.check.phrase) == 1 {
			return d, nil
		}
		if s.giveUp != nil && s.giveUp(s.checked) {
			ctx.DocumentMatchPool.Put(d)
			return nil, nil
		}
		s.checked++
		ok, verr := s.holds(d.IndexInternalID)
		if verr != nil {
			ctx.DocumentMatchPool.Put(d)
			return nil, verr
		}
		if ok {
			return d, nil
		}
		ctx.DocumentMatchPool.Put(d)
	}
	return nil, err
}

// holds reports whether the stored text of document id holds the phrase.
func (s *verifiedPhraseSearcher) holds(id index.IndexInternalID) (bool, error) {
	found := false
	var derr error
	err := s.locate.visit(s.reader, id, func(name string, val []byte) bool {
		if name != s.stored {
			return true
		}
		if name == arindex.FieldBodyText {
			s.text, derr = arindex.StoredBody(s.text[:0], val)
			val = s.text
		}
		found = derr == nil && s.check.holds(val)
		return false
	})
	if err == nil {
		err = derr
	}
	if err != nil {
		return false, fmt.Errorf("search: phrase check: %v", arindex.FirstLine(err))
	}
	return found, nil
}

// Weight implements search.Searcher.
func (s *verifiedPhraseSearcher) Weight() float64 { return s.must.Weight() }

// SetQueryNorm implements search.Searcher.
func (s *verifiedPhraseSearcher) SetQueryNorm(n float64) { s.must.SetQueryNorm(n) }

// Count implements search.Searcher: the candidates, an upper bound.
func (s *verifiedPhraseSearcher) Count() uint64 { return s.must.Count() }

// Min implements search.Searcher.
func (s *verifiedPhraseSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *verifiedPhraseSearcher) Size() int { return s.must.Size() }

// DocumentMatchPoolSize implements search.Searcher.
func (s *verifiedPhraseSearcher) DocumentMatchPoolSize() int {
	return s.must.DocumentMatchPoolSize() + 1
}

// Close implements search.Searcher.
func (s *verifiedPhraseSearcher) Close() error { return s.must.Close() }

// docLocator finds a document's segment in a scorch snapshot, to read its
// stored fields without looking its id up in every segment (what
// IndexReader.Document does).
type docLocator struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // the first global document number of each segment
}

// newDocLocator reads the segment layout of r when r is a scorch snapshot.
func newDocLocator(r index.IndexReader) docLocator {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return docLocator{}
	}
	// Scorch numbers a snapshot's documents segment after segment, each
	// segment counting all its documents, deleted ones too (introducer.go).
	l := docLocator{segs: snap.Segments()}
	var running uint64
	for _, ss := range l.segs {
		l.offsets = append(l.offsets, running)
		running += ss.Segment().Count()
	}
	return l
}

// visit calls fn with each stored field of document id until fn returns false.
func (l docLocator) visit(r index.IndexReader, id index.IndexInternalID, fn func(name string, val []byte) bool) error {
	if l.segs == nil {
		ext, err := r.ExternalID(id)
		if err != nil {
			return err
		}
		doc, err := r.Document(ext)
		if err != nil || doc == nil {
			return err
		}
		doc.VisitFields(func(f index.Field) {
			fn(f.Name(), f.Value())
		})
		return nil
	}
	n := id.Value()
	k := sort.Search(len(l.offsets), func(x int) bool { return l.offsets[x] > n }) - 1
	if k < 0 {
		return fmt.Errorf("document number %d not in the snapshot", n)
	}
	return l.segs[k].VisitDocument(n-l.offsets[k], func(name string, _ byte, val []byte, _ []uint64) bool {
		return fn(name, val)
	})
}
