package index

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQueryBytes bounds the length of a query string.
const MaxQueryBytes = 4096

// ErrQuery wraps every error about the text of a query, so callers can tell
// the user's mistake (exit status 2, HTTP 400) from a failure.
var ErrQuery = errors.New("query")

// Clause is one part of a parsed query.
type Clause struct {
	Occur  Occur  // should, must or must not
	Field  string // "" (title and body), "title", "body", "source" or "category"
	Text   string // the word or words as typed
	Phrase bool   // typed in double quotes: matched on the exact view, in order
}

// Occur says how a clause combines with the others.
type Occur int

// The kinds of Occur.
const (
	Should  Occur = iota // plain: documents matching more of them rank higher
	Must                 // +word: every hit has it
	MustNot              // -word: no hit has it
)

// queryFields are the field prefixes the query language accepts.
var queryFields = map[string]bool{"title": true, "body": true, "source": true, "category": true}

// ParseQuery parses the arsearch query language:
//
//	العراق سوريا            plain words: any may match, more matches rank higher
//	"وزير الخارجية"          a phrase, matched on the normalized (unstemmed) text
//	+دمشق -بغداد            + every hit has it, - no hit has it
//	title:الانتخابات        a field: title, body, source or category
//	source:"عنب بلدي"       a field with a quoted value
//
// Errors wrap ErrQuery and say what is wrong in one line.
func ParseQuery(s string) ([]Clause, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrQuery)
	}
	if len(s) > MaxQueryBytes {
		return nil, fmt.Errorf("%w: too long (%d bytes; the limit is %d)", ErrQuery, len(s), MaxQueryBytes)
	}
	var out []Clause
	rest := s
	for {
		rest = strings.TrimLeftFunc(rest, isQuerySpace)
		if rest == "" {
			break
		}
		var c Clause
		switch rest[0] {
		case '+':
			c.Occur, rest = Must, rest[1:]
		case '-':
			c.Occur, rest = MustNot, rest[1:]
		}
		if i := strings.IndexAny(rest, ":\" \t\n"); i > 0 && rest[i] == ':' && isFieldName(rest[:i]) {
			name := strings.ToLower(rest[:i])
			if !queryFields[name] {
				return nil, fmt.Errorf("%w: unknown field %q (fields: title, body, source, category)", ErrQuery, Excerpt(rest[:i]))
			}
			c.Field, rest = name, rest[i+1:]
		}
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("%w: unbalanced quote in %q", ErrQuery, Excerpt(strings.TrimSpace(rest)))
			}
			c.Text, c.Phrase, rest = strings.TrimSpace(rest[1:end+1]), true, rest[end+2:]
		} else {
			end := strings.IndexFunc(rest, func(r rune) bool { return isQuerySpace(r) || r == '"' })
			if end < 0 {
				end = len(rest)
			}
			c.Text, rest = rest[:end], rest[end:]
		}
		if c.Text == "" {
			if c.Field != "" {
				return nil, fmt.Errorf("%w: field %s has no value (write %s:word or %s:\"some words\")", ErrQuery, c.Field, c.Field, c.Field)
			}
			continue // a lone + or - is punctuation, not an operator
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrQuery)
	}
	return out, nil
}

// Excerpt shortens s (a piece of a query or a parameter) to at most 40
// bytes, cut on a rune boundary and marked with "…", for error messages.
func Excerpt(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// isFieldName reports whether s looks like a field name (ASCII letters):
// "title:" is a field, while a colon after Arabic text ("قال:") is
// punctuation.
func isFieldName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func isQuerySpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// String renders clauses back in the query language.
func String(clauses []Clause) string {
	var b strings.Builder
	for i, c := range clauses {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch c.Occur {
		case Must:
			b.WriteByte('+')
		case MustNot:
			b.WriteByte('-')
		}
		if c.Field != "" {
			b.WriteString(c.Field + ":")
		}
		if c.Phrase {
			b.WriteString(`"` + c.Text + `"`)
		} else {
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// PlainQuery turns free text (a question, a headline) into a query of plain
// words, with every operator character taken as punctuation. It is how
// arsearch eval reads test queries that are not in the query language.
func PlainQuery(text string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '"', '+', '-', ':':
			return ' '
		}
		return r
	}, text)
}
