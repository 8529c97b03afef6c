package search

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SnippetBytes is about how long a body snippet is.
const SnippetBytes = 320

// Span is a range [Start, End) of a text, in UTF-8 bytes, with the same
// range in Unicode code points (what Python's and Go's []rune indexing
// count) and in UTF-16 code units (what JavaScript's String.slice counts).
// Inside the package only Start and End are used; the other units are
// filled in last, for clients (SetUnits).
type Span struct {
	Start      int `json:"start"`
	End        int `json:"end"`
	StartRune  int `json:"start_rune"`
	EndRune    int `json:"end_rune"`
	StartUTF16 int `json:"start_utf16"`
	EndUTF16   int `json:"end_utf16"`
}

// Snippet is a piece of an article's original text with the matched words
// marked. Marks are ranges of Text, sorted and not overlapping.
// Renderers (the terminal, the web page) escape Text and wrap the marks.
type Snippet struct {
	Text     string `json:"text"`
	Marks    []Span `json:"marks"`
	StartCut bool   `json:"start_cut,omitempty"` // Text starts inside the field
	EndCut   bool   `json:"end_cut,omitempty"`   // Text ends before the field does
}

// marker marks the words of a query in stored text. It analyzes the text
// again, token by token, so marks are byte ranges of the original text
// (vowels, tatweel and all), whichever view of the field matched.
type marker struct {
	stems   map[string]bool // stemmed terms of the query's words
	single  map[string]bool // normalized one-word phrases and stop words
	phrases [][]string      // normalized terms of the phrases of two words or more
}

// MaxMarkBytes bounds how much of a long text is analyzed for snippets.
const MaxMarkBytes = 256 << 10

// newMarker marks any of stems (on the stemmed analysis) and each of
// phrases (on the normalized words, in order, as one span).
func newMarker(stems []string, phrases [][]string) marker {
	m := marker{stems: map[string]bool{}, single: map[string]bool{}}
	for _, t := range stems {
		m.stems[t] = true
	}
	for _, p := range phrases {
		switch len(p) {
		case 0:
		case 1:
			m.single[p[0]] = true
		default:
			m.phrases = append(m.phrases, p)
		}
	}
	return m
}

// empty reports whether m marks nothing.
func (m marker) empty() bool {
	return len(m.stems)+len(m.single)+len(m.phrases) == 0
}

// spans returns the marked byte ranges of text, sorted, not overlapping.
// A phrase is marked as one span, from its first word to its last, and
// only where its words follow each other.
func (m marker) spans(text string) []Span {
	out := []Span{}
	if m.empty() {
		return out
	}
	type token struct {
		start, end int
		norm       string
	}
	var toks []token // for phrases only
	queryAnalyzer.Visit([]byte(text), func(start, end int, normalized, term []byte) {
		if (term != nil && m.stems[string(term)]) || m.single[string(normalized)] {
			out = append(out, Span{Start: start, End: end})
		}
		if len(m.phrases) > 0 {
			toks = append(toks, token{start, end, string(normalized)})
		}
	})
	for _, p := range m.phrases {
	next:
		for i := 0; i+len(p) <= len(toks); i++ {
			for j, w := range p {
				if toks[i+j].norm != w {
					continue next
				}
			}
			out = append(out, Span{Start: toks[i].start, End: toks[i+len(p)-1].end})
		}
	}
	return mergeSpans(out)
}

// mergeSpans sorts spans and joins those that overlap or touch (one
// ligature holding several words, a word inside a marked phrase).
func mergeSpans(spans []Span) []Span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && out[n-1].End >= s.Start {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// snippetSpans marks at most the first MaxMarkBytes of text.
func (m marker) snippetSpans(text string) []Span {
	if len(text) > MaxMarkBytes {
		end := MaxMarkBytes
		for end > 0 && !utf8.RuneStart(text[end]) {
			end--
		}
		text = text[:end]
	}
	return m.spans(text)
}

// SetUnits fills in the code point and UTF-16 offsets of marks, ranges of
// text whose byte offsets are set, in one pass over text when the marks
// are sorted.
func SetUnits(text string, marks []Span) {
	pos, runes, u16 := 0, 0, 0
	advance := func(to int) {
		if to < pos {
			pos, runes, u16 = 0, 0, 0
		}
		for pos < to && pos < len(text) {
			r, size := utf8.DecodeRuneInString(text[pos:])
			runes++
			u16++
			if r >= 0x10000 {
				u16++ // a surrogate pair
			}
			pos += size
		}
	}
	for i := range marks {
		advance(marks[i].Start)
		marks[i].StartRune, marks[i].StartUTF16 = runes, u16
		advance(marks[i].End)
		marks[i].EndRune, marks[i].EndUTF16 = runes, u16
	}
}

// makeSnippets cuts up to n snippets of about SnippetBytes from text,
// choosing the windows that hold the most marks, and returns them in the
// order of the text. Windows never overlap and no two snippets have the
// same text. Without marks it returns the start of the text.
func makeSnippets(text string, marks []Span, n int) []Snippet {
	if text == "" || n <= 0 {
		return []Snippet{}
	}
	if len(marks) == 0 {
		return []Snippet{cut(text, 0, 0, len(text), nil).Snippet}
	}
	used := make([]bool, len(marks))
	var wins []window
	for len(wins) < n {
		best, bestCount := -1, 0
		for i := range marks {
			if used[i] {
				continue
			}
			count := 0
			for j := i; j < len(marks) && marks[j].End-marks[i].Start <= SnippetBytes; j++ {
				if !used[j] {
					count++
				}
			}
			if count > bestCount {
				best, bestCount = i, count
			}
		}
		if best < 0 {
			break
		}
		used[best] = true
		lo, hi := freeGap(wins, marks[best].Start, len(text))
		if hi-lo < SnippetBytes/3 && len(wins) > 0 {
			continue // squeezed between two snippets: they show its context
		}
		w := cut(text, marks[best].Start, lo, hi, marks)
		for j, m := range marks {
			if m.Start < w.to && m.End > w.from {
				used[j] = true
			}
		}
		if slices.ContainsFunc(wins, func(o window) bool { return o.Text == w.Text }) {
			continue // the article repeats itself
		}
		wins = append(wins, w)
	}
	slices.SortFunc(wins, func(a, b window) int { return a.from - b.from })
	out := make([]Snippet, len(wins))
	for i, w := range wins {
		out[i] = w.Snippet
	}
	return out
}

// freeGap returns the stretch [lo, hi) of a text of length n around
// offset at that no window in wins covers.
func freeGap(wins []window, at, n int) (lo, hi int) {
	lo, hi = 0, n
	for _, w := range wins {
		if w.to <= at {
			lo = max(lo, w.to)
		} else if w.from > at {
			hi = min(hi, w.from)
		}
	}
	return lo, hi
}

type window struct {
	Snippet
	from, to int
}

// cut returns a window of about SnippetBytes of text within [lo, hi)
// that holds the byte offset anchor with a little context before it, with
// the marks inside it made relative to it. It starts at the start of a
// sentence when one begins a little before anchor, else at a word, and
// ends at the end of a sentence when one ends near its end, else at a word.
func cut(text string, anchor, lo, hi int, marks []Span) window {
	// The start: a sentence start shortly before the anchor, else a word a
	// sixth of a snippet before it.
	from := max(lo, anchor-SnippetBytes/6)
	if s := sentenceStart(text, anchor, max(lo, anchor-SnippetBytes/3)); s >= 0 {
		from = s
	}
	to := min(hi, from+SnippetBytes)
	if to == hi {
		// Use the room left over to show more before.
		from = max(lo, min(from, to-SnippetBytes))
	}
	from = wordStart(text, from, lo)
	// The end: a sentence end in the last third of the window (or just
	// past it), else the end of a word.
	if to < hi {
		if e := sentenceEnd(text, from+SnippetBytes*2/3, min(hi, to+maxStretch)); e > anchor {
			to = e
		} else {
			to = wordEnd(text, to, hi)
		}
	}
	for from < to && isSpaceByte(text[from]) {
		from++
	}
	for to > from && isSpaceByte(text[to-1]) {
		to--
	}
	w := window{from: from, to: to}
	w.Text = text[from:to]
	w.StartCut = strings.TrimSpace(text[:from]) != ""
	w.EndCut = strings.TrimSpace(text[to:]) != ""
	w.Marks = []Span{}
	for _, m := range marks {
		if m.Start >= from && m.End <= to {
			w.Marks = append(w.Marks, Span{Start: m.Start - from, End: m.End - from})
		}
	}
	return w
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '\r'
}

// sentenceEnder reports whether r ends a sentence: . ! ? and the Arabic
// question mark and semicolon, or a line break.
func sentenceEnder(r rune) bool {
	switch r {
	case '.', '!', '?', '\n', '؟', '؛', '…':
		return true
	}
	return false
}

// sentenceStart returns the start of the last sentence that begins in
// [lo, at], or -1: a place after a sentence ender and spaces, or lo = 0.
func sentenceStart(s string, at, lo int) int {
	if lo == 0 {
		// The start of the text is the start of a sentence.
		if e := sentenceEndBefore(s, at, 0); e < 0 {
			return 0
		}
	}
	e := sentenceEndBefore(s, at, lo)
	if e < 0 {
		return -1
	}
	for e < at && isSpaceByte(s[e]) {
		e++
	}
	return e
}

// sentenceEndBefore returns the offset just after the last sentence ender
// followed by a space (or a line break) that lies in [lo, at), or -1.
func sentenceEndBefore(s string, at, lo int) int {
	for i := at; i > lo; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if sentenceEnder(r) && (r == '\n' || i == len(s) || isSpaceByte(s[i])) {
			return i
		}
		i -= size
	}
	return -1
}

// sentenceEnd returns the offset after the last sentence ender followed
// by a space in [lo, hi), or -1.
func sentenceEnd(s string, lo, hi int) int {
	if lo >= hi {
		return -1
	}
	for hi < len(s) && !utf8.RuneStart(s[hi]) {
		hi--
	}
	e := sentenceEndBefore(s, hi, lo)
	return e
}

// maxStretch bounds how far a window grows to reach a word boundary.
const maxStretch = 48

// wordStart moves i back to the start of the word it is in (and onto a
// rune boundary), by at most maxStretch bytes and not below lo; when the
// word starts below lo, it moves forward to the next word instead.
func wordStart(s string, i, lo int) int {
	for i > lo && !utf8.RuneStart(s[i]) {
		i--
	}
	j := i
	for limit := i - maxStretch; j > lo && j > limit; {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if unicode.IsSpace(r) {
			return j
		}
		j -= size
	}
	if j == lo {
		return lo // the text's start, or the end of the window before
	}
	// No space within reach: skip forward past the cut word.
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in, by at most
// maxStretch bytes and not past hi (and onto a rune boundary); when the
// word ends past hi, it moves back to the end of the word before.
func wordEnd(s string, i, hi int) int {
	for i < hi && !utf8.RuneStart(s[i]) {
		i++
	}
	j := i
	for limit := i + maxStretch; j < hi && j < limit; {
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) {
			return j
		}
		j += size
	}
	if j == hi {
		return hi // the text's end, or the start of the window after
	}
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			return i
		}
		i -= size
	}
	return i
}

// terms lists the marker's terms, sorted, for display.
func (m marker) terms() []string {
	out := make([]string, 0, len(m.stems)+len(m.single))
	for t := range m.stems {
		out = append(out, t)
	}
	for t := range m.single {
		if !m.stems[t] {
			out = append(out, t)
		}
	}
	for _, p := range m.phrases {
		for _, t := range p {
			if !m.stems[t] && !m.single[t] && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// LeadBytes is about how long a Lead is.
const LeadBytes = 80

// Lead returns the opening words of text, about LeadBytes long and cut at
// a word boundary, on one line: what stands in for an empty title.
func Lead(text string) string {
	text = strings.TrimSpace(text)
	if len(text) > LeadBytes {
		text = strings.TrimRightFunc(text[:wordEnd(text, LeadBytes, len(text))], unicode.IsSpace)
	}
	return strings.Join(strings.Fields(text), " ")
}
