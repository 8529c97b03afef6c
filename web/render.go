package web

import (
	"html/template"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/arsearch/arsearch/search"
)

// funcs are the template functions.
var funcs = template.FuncMap{
	"marked":  markedHTML,
	"day":     day,
	"safeURL": safeURL,
	// endsSentence: a snippet cut after a full stop needs no "…".
	"endsSentence": endsSentence,
}

// endsSentence reports whether s ends with a sentence's closing mark.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?؟…", r)
}

// markedHTML renders s.Text with each of s.Marks wrapped in <mark>. It is
// the only place in the package where a string becomes template.HTML
// without html/template escaping it, and that is safe because every byte
// of s.Text goes through template.HTMLEscapeString, and the only markup
// added is the constant "<mark>" and "</mark>". The marks only choose where
// those go, and a mark that is out of range, overlaps the one before, is
// empty, or does not start and end on a UTF-8 rune boundary is skipped, so
// a bad mark can neither cut an escape sequence nor a character in two.
// Cut flags (StartCut, EndCut) are the template's business.
func markedHTML(s search.Snippet) template.HTML {
	text := s.Text
	var b strings.Builder
	b.Grow(len(text) + len(s.Marks)*len("<mark></mark>") + len(text)/8)
	pos := 0
	for _, m := range s.Marks {
		if m.Start < pos || m.End <= m.Start || m.End > len(text) ||
			!boundary(text, m.Start) || !boundary(text, m.End) {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[pos:m.Start]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(text[m.Start:m.End]))
		b.WriteString("</mark>")
		pos = m.End
	}
	b.WriteString(template.HTMLEscapeString(text[pos:]))
	return template.HTML(b.String())
}

// boundary reports whether byte offset i of s is on a rune boundary.
func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// paragraphs splits an article body on "\n" into paragraphs, each with the
// marks that fall inside it, relative to it. Empty paragraphs are dropped.
func paragraphs(body string, marks []search.Span) []search.Snippet {
	var out []search.Snippet
	start := 0
	for start <= len(body) {
		end := strings.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		p := search.Snippet{Text: body[start:end]}
		for _, m := range marks {
			if m.Start >= start && m.End <= end {
				p.Marks = append(p.Marks, search.Span{Start: m.Start - start, End: m.End - start})
			}
		}
		if strings.TrimSpace(p.Text) != "" {
			out = append(out, p)
		}
		start = end + 1
	}
	return out
}

// day formats a date as YYYY-MM-DD, or "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// safeURL returns u when it is an absolute http or https URL, else "":
// an article's original address is only linked when it is one.
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}
