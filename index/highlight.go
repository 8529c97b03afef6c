package index

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// SnippetBytes is about how long a body snippet is.
const SnippetBytes = 320

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Snippet is a piece of an article's original text with the matched words
// marked. Marks are byte ranges of Text, sorted and not overlapping.
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
	stems map[string]bool // stemmed terms of the query's words
	exact map[string]bool // normalized terms of its phrases and stop words
}

// MaxMarkBytes bounds how much of a long text is analyzed for snippets.
const MaxMarkBytes = 256 << 10

func newMarker(stems, exact []string) marker {
	m := marker{stems: map[string]bool{}, exact: map[string]bool{}}
	for _, t := range stems {
		m.stems[t] = true
	}
	for _, t := range exact {
		m.exact[t] = true
	}
	return m
}

// spans returns the marked byte ranges of text, sorted, not overlapping.
func (m marker) spans(text string) []Span {
	out := []Span{}
	if len(m.stems)+len(m.exact) == 0 {
		return out
	}
	queryAnalyzer.Visit([]byte(text), func(start, end int, normalized, term []byte) {
		if (term == nil || !m.stems[string(term)]) && !m.exact[string(normalized)] {
			return
		}
		if n := len(out); n > 0 && out[n-1].End >= start {
			out[n-1].End = max(out[n-1].End, end) // one ligature, several words
			return
		}
		out = append(out, Span{start, end})
	})
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

// makeSnippets cuts up to n snippets of about SnippetBytes from text,
// choosing the windows that hold the most marks. Without marks it returns
// the start of the text.
func makeSnippets(text string, marks []Span, n int) []Snippet {
	if text == "" || n <= 0 {
		return []Snippet{}
	}
	if len(marks) == 0 {
		return []Snippet{cut(text, 0, SnippetBytes, nil).Snippet}
	}
	used := make([]bool, len(marks))
	var out []Snippet
	for len(out) < n {
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
		// Start a little before the first mark so it has some context.
		from := marks[best].Start - SnippetBytes/6
		s := cut(text, from, SnippetBytes, marks)
		for j := range marks {
			if marks[j].Start >= s.from && marks[j].End <= s.to {
				used[j] = true
			}
		}
		out = append(out, s.Snippet)
	}
	return out
}

type window struct {
	Snippet
	from, to int
}

// cut returns the window of text around [from, from+size), widened to word
// boundaries, with the marks inside it made relative to it.
func cut(text string, from, size int, marks []Span) window {
	if from < 0 {
		from = 0
	}
	to := from + size
	if to >= len(text) {
		to = len(text)
		// Use the room left over to show more before.
		if from = to - size; from < 0 {
			from = 0
		}
	}
	from = wordStart(text, from)
	to = wordEnd(text, to)
	w := window{from: from, to: to}
	w.Text = text[from:to]
	w.StartCut = from > 0
	w.EndCut = to < len(text)
	w.Marks = []Span{}
	for _, m := range marks {
		if m.Start >= from && m.End <= to {
			w.Marks = append(w.Marks, Span{m.Start - from, m.End - from})
		}
	}
	return w
}

// maxStretch bounds how far a window grows to reach a word boundary.
const maxStretch = 48

// wordStart moves i back to the start of the word it is in (and onto a
// rune boundary), by at most maxStretch bytes.
func wordStart(s string, i int) int {
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	for limit := i - maxStretch; i > 0 && i > limit; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= size
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in, by at most
// maxStretch bytes (and onto a rune boundary).
func wordEnd(s string, i int) int {
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	for limit := i + maxStretch; i < len(s) && i < limit; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// terms lists the marker's terms, sorted, for display.
func (m marker) terms() []string {
	out := make([]string, 0, len(m.stems)+len(m.exact))
	for t := range m.stems {
		out = append(out, t)
	}
	for t := range m.exact {
		if !m.stems[t] {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}
