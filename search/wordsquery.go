package search

import (
	"context"
	"encoding/binary"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	arindex "github.com/arsearch/arsearch/index"
)

// word is one optional clause of a query: the queries that match it (the
// stemmed views, or a phrase) and those that only add to its score (the
// exact views).
type word struct {
	match []query.Query // a document matches the word when one of these does
	bonus []query.Query // counted only for documents that match the word
}

// query is the word as a bleve query: what must and should parts of a
// query use.
func (w word) query() query.Query {
	if len(w.bonus) == 0 {
		return disjunction(w.match)
	}
	return newBool([]query.Query{disjunction(w.match)}, []query.Query{disjunction(w.bonus)}, nil)
}

// wordsQuery matches documents that match any of its words. A document's
// score is the sum of its words' scores scaled by the share of the words
// it matches (coord, unless noCoord), plus the extras'. A word's score is
// the sum of its match queries' scores (the word's stems in the title and
// the body; scaled by the share that matched, as a bleve disjunction
// would, with fieldCoord) plus the sum of its bonus queries' (the exact
// form in the body) scaled by the share of them that matched. Extras are
// scored as a bleve disjunction of disjunctions: they add to the score of
// a matching document but match nothing alone. It runs all the term
// searchers under it side by side in one searcher: with bleve's nested
// searchers every matching document climbed five levels, and that climb
// was most of a query's time.
type wordsQuery struct {
	words  []word
	extras [][]query.Query
	// fielded scores a word matched in several fields as one BM25F term
	// (Ranking.FieldedBM25) where its match queries are single terms.
	fielded             bool
	fieldCoord, noCoord bool // Ranking.FieldCoord, Ranking.NoCoord
	scoring             termScoring
	titleCoverage       float64 // Ranking.TitleCoverage
}

// Searcher implements query.Query.
func (q *wordsQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	s := &wordsSearcher{
		words:      make([]group, len(q.words)),
		extras:     make([]group, len(q.extras)),
		bonusOf:    make([][]int, len(q.words)),
		fieldCoord: q.fieldCoord, noCoord: q.noCoord,
		titleCoverage: q.titleCoverage,
	}
	scoring := q.scoring.forWords(len(q.words))
	add := func(sub query.Query, g int) error {
		c := child{group: g}
		var err error
		if tq, ok := sub.(*query.TermQuery); ok {
			c.t, err = newTermIter(ctx, i, tq, options, scoring)
			c.title = tq.Field() == arindex.FieldTitle
		}
		if err == nil && c.t == nil {
			c.s, err = sub.Searcher(ctx, i, m, options)
		}
		if err != nil {
			s.Close()
			return err
		}
		s.children = append(s.children, c)
		return nil
	}
	if q.fielded {
		s.matchOf = make([][]int, len(q.words))
	}
	for w, wd := range q.words {
		s.words[w] = group{n: len(wd.match)}
		s.words[w].nBonus = len(wd.bonus)
		fielded := q.fielded
		for _, sub := range wd.match {
			if err := add(sub, w); err != nil {
				return nil, err
			}
			s.matches = append(s.matches, len(s.children)-1)
			fielded = fielded && s.children[len(s.children)-1].t != nil
			if q.fielded {
				s.matchOf[w] = append(s.matchOf[w], len(s.children)-1)
			}
		}
		if q.fielded && !fielded {
			s.matchOf[w] = nil
		}
		for _, sub := range wd.bonus {
			if err := add(sub, w); err != nil {
				return nil, err
			}
			s.bonusOf[w] = append(s.bonusOf[w], len(s.children)-1)
		}
	}
	for e, qs := range q.extras {
		s.extras[e] = group{n: len(qs)}
		for _, sub := range qs {
			if err := add(sub, e); err != nil {
				return nil, err
			}
			s.extraKids = append(s.extraKids, len(s.children)-1)
		}
	}
	if len(s.matches) == 0 {
		s.Close()
		return searcher.NewMatchNoneSearcher(i)
	}
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

// child is one searcher under a wordsSearcher: a term read directly, or
// a bleve searcher. wordsSearcher.matches, bonusOf and extraKids say what
// it counts for.
type child struct {
	t     *termIter
	s     search.Searcher
	group int                   // index of its word or extra
	curr  *search.DocumentMatch // s's current match
	on    bool                  // on a document: num and score are set
	num   uint64                // the document's number
	score float64
	done  bool    // no more documents
	slot  *uint64 // a match child's place in wordsSearcher.nums
	title bool    // a term of the title
}

// group sums the scores of one word's (or extra's) searchers for the
// current document, and counts those that matched.
type group struct {
	n, matched      int // searchers, and how many are on the document
	sum             float64
	nBonus, bonused int // a word's bonus searchers
	bonus           float64
	title           float64 // with Ranking.TitleCoverage: the score of the word's title term, apart from sum
}

// wordsSearcher is the searcher of a wordsQuery.
type wordsSearcher struct {
	children    []child
	matches     []int    // indexes of the match children
	nums        []uint64 // their current documents (MaxUint64: done), scanned for the lowest
	bonusOf     [][]int  // indexes of each word's bonus children
	matchOf     [][]int  // with fielded scoring: each word's match children, when all read terms directly
	extraKids   []int    // indexes of the extra children
	words       []group
	extras      []group
	initialized bool
	at          []int // match children on the current document
	touched     []int // words matched by the current document
	fieldCoord  bool
	noCoord     bool
	// titleCoverage is Ranking.TitleCoverage: a title term's score is
	// scaled by the query's words found in the title over the length of
	// the shorter of the title and the query, to this power (0: not
	// scaled).
	titleCoverage float64
}

// docNum orders internal ids. scorch's are 8-byte big-endian numbers;
// other lengths are read big-endian too, which orders ids of one length.
func docNum(id index.IndexInternalID) uint64 {
	if len(id) == 8 {
		return binary.BigEndian.Uint64(id)
	}
	var n uint64
	for _, b := range id {
		n = n<<8 | uint64(b)
	}
	return n
}

// id is the internal id of c's current document.
func (c *child) id() index.IndexInternalID {
	if c.t != nil {
		return c.t.tfd.ID
	}
	return c.curr.IndexInternalID
}

// move goes to c's next document, or the first at or after id when id is
// not nil.
func (c *child) move(ctx *search.SearchContext, id index.IndexInternalID) error {
	c.on = false
	if c.t != nil {
		var tfd *index.TermFieldDoc
		var err error
		if id == nil {
			tfd, err = c.t.reader.Next(c.t.tfd.Reset())
		} else {
			tfd, err = c.t.reader.Advance(id, c.t.tfd.Reset())
		}
		if err != nil {
			return err
		}
		if tfd != nil && tfd != &c.t.tfd {
			c.t.tfd = *tfd
		}
		c.land(tfd != nil, c.t.tfd.ID, c.t)
		return nil
	}
	if c.curr != nil {
		ctx.DocumentMatchPool.Put(c.curr)
		c.curr = nil
	}
	var dm *search.DocumentMatch
	var err error
	if id == nil {
		dm, err = c.s.Next(ctx)
	} else {
		dm, err = c.s.Advance(ctx, id)
	}
	if err != nil {
		return err
	}
	c.curr = dm
	if dm != nil {
		c.score = dm.Score
		c.land(true, dm.IndexInternalID, nil)
	} else {
		c.land(false, nil, nil)
	}
	return nil
}

// land records where a move ended: on the document id, or done.
func (c *child) land(on bool, id index.IndexInternalID, t *termIter) {
	if on {
		c.on, c.num = true, docNum(id)
		if t != nil {
			c.score = t.score()
		}
	} else {
		c.done, c.num = true, math.MaxUint64
	}
	if c.slot != nil {
		*c.slot = c.num
	}
}

// reach moves c to the first document at or after id (numbered num), unless
// it is there already.
func (c *child) reach(ctx *search.SearchContext, id index.IndexInternalID, num uint64) error {
	if c.done || (c.on && c.num >= num) {
		return nil
	}
	return c.move(ctx, id)
}

func (s *wordsSearcher) init(ctx *search.SearchContext) error {
	s.nums = make([]uint64, len(s.matches))
	for k, i := range s.matches {
		s.children[i].slot = &s.nums[k]
	}
	for _, i := range s.matches {
		if err := s.children[i].move(ctx, nil); err != nil {
			return err
		}
	}
	s.initialized = true
	return nil
}

// Next implements search.Searcher.
func (s *wordsSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	// The next document is the lowest any match searcher is on.
	num := uint64(math.MaxUint64)
	for _, n := range s.nums {
		num = min(num, n)
	}
	if num == math.MaxUint64 {
		return nil, nil
	}
	at := s.at[:0]
	for k, n := range s.nums {
		if n == num {
			at = append(at, s.matches[k])
		}
	}
	s.at = at
	id := s.children[at[0]].id()
	touched := s.touched[:0]
	var titleWords, titleLength float64
	for _, i := range at {
		c := &s.children[i]
		g := &s.words[c.group]
		if g.matched == 0 {
			touched = append(touched, c.group)
		}
		g.matched++
		if s.titleCoverage > 0 && c.title && c.t != nil && s.matchOf == nil && !s.fieldCoord {
			g.title += c.score
			titleWords++
			titleLength = math.Round(1 / (c.t.tfd.Norm * c.t.tfd.Norm))
			continue
		}
		g.sum += c.score
	}
	coverage := 1.0
	if shorter := min(titleLength, float64(len(s.words))); titleWords > 0 && shorter > titleWords {
		coverage = titleWords / shorter
		if s.titleCoverage != 1 {
			coverage = math.Pow(coverage, s.titleCoverage)
		}
	}
	s.touched = touched
	for _, w := range touched {
		g := &s.words[w]
		for _, i := range s.bonusOf[w] {
			c := &s.children[i]
			if err := c.reach(ctx, id, num); err != nil {
				return nil, err
			}
			if !c.done && c.num == num {
				g.bonused++
				g.bonus += c.score
				// The exact forms of a word are found only where its
				// stems are, so every document of a bonus searcher
				// comes up here: Next is enough, and cheaper than the
				// Advance that reach would call.
				if err := c.move(ctx, nil); err != nil {
					return nil, err
				}
			}
		}
	}
	var score float64
	for _, w := range touched {
		g := &s.words[w]
		if s.matchOf != nil && s.matchOf[w] != nil {
			score += s.fieldedScore(s.matchOf[w], num)
		} else if s.fieldCoord {
			score += g.sum * float64(g.matched) / float64(g.n)
		} else {
			score += g.sum + g.title*coverage
		}
		if g.bonused > 0 {
			score += g.bonus * float64(g.bonused) / float64(g.nBonus)
		}
		g.matched, g.sum, g.bonused, g.bonus, g.title = 0, 0, 0, 0, 0
	}
	if !s.noCoord {
		score *= float64(len(touched)) / float64(len(s.words))
	}
	if len(s.extras) > 0 {
		extra, err := s.scoreExtras(ctx, id, num)
		if err != nil {
			return nil, err
		}
		score += extra
	}

	rv := ctx.DocumentMatchPool.Get()
	rv.IndexInternalID = append(rv.IndexInternalID[:0], id...)
	rv.Score = score
	// Move the match searchers on this document past it.
	for _, i := range at {
		if err := s.children[i].move(ctx, nil); err != nil {
			return nil, err
		}
	}
	return rv, nil
}

// fieldedScore is BM25F over the fields of one word's match children (its
// term in the title and in the body) on the document numbered num: the
// length-normalized term frequencies of the fields, each times its field
// weight relative to the last field's, are added before BM25 saturates them
// once, with the idf and query weight of the last field (the body, unless
// one field was asked for). A word found in the last field alone scores as
// it does without BM25F.
func (s *wordsSearcher) fieldedScore(kids []int, num uint64) float64 {
	last := s.children[kids[len(kids)-1]].t
	var tf float64
	for _, i := range kids {
		if c := &s.children[i]; c.on && c.num == num {
			tf += c.t.boost / last.boost * c.t.normalizedTF()
		}
	}
	// As termIter.score: the idf once in the term score, and again (to
	// the power Ranking.IDFPower - 1) in the query weight.
	return last.idf * last.weight * last.k1 * tf / (tf + last.k1)
}

// scoreExtras is what the extras add to the document id (numbered num).
func (s *wordsSearcher) scoreExtras(ctx *search.SearchContext, id index.IndexInternalID, num uint64) (float64, error) {
	for _, i := range s.extraKids {
		c := &s.children[i]
		if err := c.reach(ctx, id, num); err != nil {
			return 0, err
		}
		if !c.done && c.num == num {
			g := &s.extras[c.group]
			g.matched++
			g.sum += c.score
		}
	}
	var score float64
	matched := 0
	for e := range s.extras {
		g := &s.extras[e]
		if g.matched > 0 {
			matched++
			score += g.sum * float64(g.matched) / float64(g.n)
		}
		g.matched, g.sum = 0, 0
	}
	return score * float64(matched) / float64(len(s.extras)), nil
}

// Advance implements search.Searcher.
func (s *wordsSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	num := docNum(id)
	for _, i := range s.matches {
		if err := s.children[i].reach(ctx, id, num); err != nil {
			return nil, err
		}
	}
	return s.Next(ctx)
}

// Close implements search.Searcher.
func (s *wordsSearcher) Close() error {
	var first error
	for _, c := range s.children {
		var err error
		if c.t != nil {
			err = c.t.reader.Close()
		} else if c.s != nil {
			err = c.s.Close()
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight implements search.Searcher.
func (s *wordsSearcher) Weight() float64 {
	var w float64
	for _, c := range s.children {
		if c.t != nil {
			w += c.t.Weight()
		} else {
			w += c.s.Weight()
		}
	}
	return w
}

// SetQueryNorm implements search.Searcher.
func (s *wordsSearcher) SetQueryNorm(norm float64) {
	for _, c := range s.children {
		if c.t != nil {
			c.t.SetQueryNorm(norm)
		} else {
			c.s.SetQueryNorm(norm)
		}
	}
}

// Count implements search.Searcher: at most the sum of its words' counts.
func (s *wordsSearcher) Count() uint64 {
	var n uint64
	for _, i := range s.matches {
		if c := s.children[i]; c.t != nil {
			n += c.t.reader.Count()
		} else {
			n += c.s.Count()
		}
	}
	return n
}

// Min implements search.Searcher: a document needs one word.
func (s *wordsSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *wordsSearcher) Size() int {
	n := 128 + 80*len(s.children) + 56*(len(s.words)+len(s.extras))
	for _, c := range s.children {
		if c.t != nil {
			n += c.t.reader.Size()
		} else {
			n += c.s.Size()
		}
	}
	return n
}

// DocumentMatchPoolSize implements search.Searcher.
func (s *wordsSearcher) DocumentMatchPoolSize() int {
	n := len(s.children) + 1
	for _, c := range s.children {
		if c.s != nil {
			n += c.s.DocumentMatchPoolSize()
		}
	}
	return n
}
