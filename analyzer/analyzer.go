package analyzer

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Analyzer is the arsearch text analyzer: Tokenizer, then NormalizeFilter,
// then (optionally) StopFilter and StemFilter. It implements bleve's
// analysis.Analyzer and is safe for concurrent use.
type Analyzer struct {
	stem    bool
	stops   *StopSet            // nil when stop words are kept
	exclude map[string]struct{} // normalized words never stemmed
	cache   *termCache          // stop and stem decisions of terms seen
	handoff bool                // share normalized tokens with the exact view (WithHandoff)
}

// Option configures an Analyzer.
type Option func(*Analyzer)

// WithStemming turns light stemming on (the default) or off. Off gives the
// "exact" view: normalized surface forms.
func WithStemming(on bool) Option {
	return func(a *Analyzer) { a.stem = on }
}

// WithStopWords turns removal of the default stop words on (the default)
// or off.
func WithStopWords(on bool) Option {
	return func(a *Analyzer) {
		if on {
			a.stops = DefaultStopSet()
		} else {
			a.stops = nil
		}
	}
}

// WithStopSet removes the given stop words instead of the default ones.
func WithStopSet(s *StopSet) Option {
	return func(a *Analyzer) { a.stops = s }
}

// WithStemExclusion keeps the given words from being stemmed, like the
// stem_exclusion (keyword) list of Lucene and OpenSearch: each word is
// normalized, and a token that normalizes to it is indexed as its
// normalized form. Proclitics are not stripped either, so list every form
// that must stay whole (e.g. بنك and البنك). Stop words are still removed.
func WithStemExclusion(words ...string) Option {
	return func(a *Analyzer) {
		if a.exclude == nil {
			a.exclude = map[string]struct{}{}
		}
		for _, w := range words {
			if n := Normalize(w); n != "" {
				a.exclude[n] = struct{}{}
			}
		}
	}
}

// New returns an analyzer with stemming and stop words on, changed by opts.
func New(opts ...Option) *Analyzer {
	a := &Analyzer{stem: true, stops: DefaultStopSet()}
	for _, o := range opts {
		o(a)
	}
	switch {
	case a.exclude != nil:
		a.cache = newTermCache()
	case a.stem || a.stops != nil:
		a.cache = sharedTermCache(a.stem, a.stops)
	}
	return a
}

// Analyze implements analysis.Analyzer. It runs the stages in one loop
// (see analyze); pipeline is the same analysis stage by stage.
func (a *Analyzer) Analyze(input []byte) analysis.TokenStream {
	return a.analyze(input)
}

// pipeline is the analysis stage by stage: Tokenizer, NormalizeFilter,
// then stop words and stemming. Analyze gives the same tokens faster.
func (a *Analyzer) pipeline(input []byte) analysis.TokenStream {
	ts := Tokenizer{}.Tokenize(input)
	ts = NormalizeFilter{}.Filter(ts)
	if a.cache == nil {
		return ts
	}
	return a.stopAndStem(input, ts)
}

// stopAndStem does what StopFilter then StemFilter do, in one pass and
// through the term cache. Stop words are matched on the token as written
// in input.
func (a *Analyzer) stopAndStem(input []byte, ts analysis.TokenStream) analysis.TokenStream {
	out := ts[:0]
	for _, tok := range ts {
		if tok.KeyWord {
			out = append(out, tok)
			continue
		}
		e := a.entry(tok.Term)
		if e.stop && a.isStop(input[tok.Start:tok.End]) {
			continue
		}
		e = a.spelled(input[tok.Start:tok.End], tok.Term, e)
		if !e.same {
			tok.Term = e.stem
		}
		out = append(out, tok)
	}
	return out
}

// entry returns the stop and stem decision for a normalized term, from the
// cache when it can.
func (a *Analyzer) entry(term []byte) decision {
	return a.cache.get(a, term)
}

// isStop reports whether a token, as written, is a stop word. Its
// normalized term is already known to be the normalized form of one.
func (a *Analyzer) isStop(written []byte) bool {
	return a.stops.Contains(written)
}

// decide computes the decision for a normalized term. stop marks a term
// that may be a stop word: whether it is depends on its spelling. The stem
// is a part of term or the stemmer's own data (see Stem).
func (a *Analyzer) decide(term []byte) decision {
	d := decision{same: true}
	if a.stops != nil && a.stops.ContainsNormalized(term) {
		d.stop = true
	}
	if _, excluded := a.exclude[string(term)]; excluded {
		return d
	}
	if a.stem {
		if st := Stem(term); !bytes.Equal(st, term) {
			d.same, d.stem = false, st
		}
	}
	return d
}

// Token is one token of Tokens: where it is in the input and what each
// stage made of it.
type Token struct {
	Position   int    `json:"position"`   // 1-based, in the order of the text
	Start      int    `json:"start"`      // byte offset of Text in the input
	End        int    `json:"end"`        // byte offset just past Text
	Text       string `json:"text"`       // the original slice input[Start:End]
	Normalized string `json:"normalized"` // after normalization
	Term       string `json:"term"`       // the indexed term; empty for a stop word
	Stop       bool   `json:"stop,omitempty"`
}

// Tokens analyzes text and reports every token with its original slice,
// normalized form and final term. Stop words are included, marked Stop,
// when the analyzer removes them. It is meant for inspection (arsearch
// analyze) rather than speed.
func (a *Analyzer) Tokens(text string) []Token {
	input := []byte(text)
	ts := NormalizeFilter{}.Filter(Tokenizer{}.Tokenize(input))
	out := make([]Token, 0, len(ts))
	for _, t := range ts {
		tok := Token{
			Position:   t.Position,
			Start:      t.Start,
			End:        t.End,
			Text:       text[t.Start:t.End],
			Normalized: string(t.Term),
		}
		tok.Term = tok.Normalized
		if a.cache != nil {
			switch e := a.entry(t.Term); {
			case e.stop && a.isStop(input[t.Start:t.End]):
				tok.Stop, tok.Term = true, ""
			default:
				if e = a.spelled(input[t.Start:t.End], t.Term, e); !e.same {
					tok.Term = string(e.stem)
				}
			}
		}
		out = append(out, tok)
	}
	return out
}

// Visit analyzes text and calls fn for every token in order with its byte
// offsets into text, its normalized form and its final term (nil for a
// stop word). The byte slices are valid only during the call. Unlike
// Tokens it allocates nothing per token, so it suits highlighting.
func (a *Analyzer) Visit(text []byte, fn func(start, end int, normalized, term []byte)) {
	ts := NormalizeFilter{}.Filter(Tokenizer{}.Tokenize(text))
	for _, t := range ts {
		term := t.Term
		if a.cache != nil {
			e := a.entry(term)
			switch {
			case e.stop && a.isStop(text[t.Start:t.End]):
				term = nil
			default:
				if e = a.spelled(text[t.Start:t.End], term, e); !e.same {
					term = e.stem
				}
			}
		}
		fn(t.Start, t.End, t.Term, term)
	}
}

// Terms returns the final terms of text in order, stop words removed.
func (a *Analyzer) Terms(text string) []string {
	ts := a.Analyze([]byte(text))
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}
