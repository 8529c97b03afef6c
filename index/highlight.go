package index

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
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

// spans collects the matched byte ranges of the given fields (a stemmed
// field and its exact twin index the same stored text, so their offsets
// agree), merged and sorted.
func spans(locs search.FieldTermLocationMap, fields ...string) []Span {
	var out []Span
	for _, f := range fields {
		for _, ls := range locs[f] {
			for _, l := range ls {
				out = append(out, Span{int(l.Start), int(l.End)})
			}
		}
	}
	if len(out) == 0 {
		return []Span{}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	merged := out[:1]
	for _, s := range out[1:] {
		last := &merged[len(merged)-1]
		if s.Start < last.End {
			if s.End > last.End {
				last.End = s.End
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// makeSnippets cuts up to n snippets of about SnippetBytes from text,
// choosing the windows that hold the most marks. Without marks it returns
// the start of the text.
func makeSnippets(text string, marks []Span, n int) []Snippet {
	if text == "" {
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
