package search

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

// Clause is one part of a parsed query: a word, a phrase, or a group of
// clauses in parentheses.
type Clause struct {
	Occur  Occur    // should, must or must not
	Field  string   // "" (title and body), "title", "body", "source" or "category"
	Text   string   // the word or words as typed; "" for a group
	Phrase bool     // typed in double quotes: matched on the exact view, in order
	Group  []Clause // a group in parentheses: its clauses, combined as a query's are
}

// Occur says how a clause combines with the others.
type Occur int

// The kinds of Occur.
const (
	Should  Occur = iota // plain: documents matching more of them rank higher
	Must                 // +word, or a side of AND: every hit has it
	MustNot              // -word or NOT word: no hit has it
)

// queryFields are the field prefixes the query language accepts.
var queryFields = map[string]bool{"title": true, "body": true, "source": true, "category": true}

// MaxQueryDepth bounds how deeply parentheses nest in a query.
const MaxQueryDepth = 8

// ParseQuery parses the arsearch query language:
//
//	العراق سوريا            plain words: any may match, more matches rank higher
//	"وزير الخارجية"          a phrase, matched on the normalized (unstemmed) text
//	+دمشق -بغداد            + every hit has it, - no hit has it
//	العراق AND سوريا         AND: both sides required (as +العراق +سوريا)
//	العراق OR سوريا          OR: either (as plain words)
//	NOT العراق              NOT: no hit has it (as -العراق)
//	(العراق OR سوريا) AND تونس   parentheses group clauses
//	title:الانتخابات        a field: title, body, source or category
//	source:"عنب بلدي"       a field with a quoted value; title:(a b) for a group
//
// The operators are upper-case Latin words, as in Lucene's classic query
// syntax, and combine as there: AND makes the clauses on both sides
// required, NOT excludes the clause after it, OR leaves both sides
// optional. Lower-case and, or, not are words. Bidi marks (U+200E, U+200F
// and the like), which some keyboards put before Latin text, are ignored.
// Errors wrap ErrQuery and say what is wrong in one line.
func ParseQuery(s string) ([]Clause, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrQuery)
	}
	if len(s) > MaxQueryBytes {
		return nil, fmt.Errorf("%w: too long (%d bytes; the limit is %d)", ErrQuery, len(s), MaxQueryBytes)
	}
	p := &parser{s: strings.Map(dropBidi, s)}
	out, err := p.list(0)
	if err != nil {
		return nil, err
	}
	// The query is one group: (a b) means a b.
	for len(out) == 1 && out[0].Group != nil && out[0].Occur != MustNot {
		out = out[0].Group
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrQuery)
	}
	return out, nil
}

// parser reads the query language from s.
type parser struct {
	s   string
	pos int
}

// The operator words.
const (
	opAnd = "AND"
	opOr  = "OR"
	opNot = "NOT"
)

// list parses clauses up to the end of the text (depth 0) or up to the ")"
// that closes a group.
func (p *parser) list(depth int) ([]Clause, error) {
	var out []Clause
	conj, not := "", false
	for {
		p.skipSpace()
		if p.pos == len(p.s) {
			if depth > 0 {
				return nil, fmt.Errorf("%w: unbalanced parenthesis: a \"(\" is not closed (add \")\", or put the text in double quotes)", ErrQuery)
			}
			break
		}
		if p.s[p.pos] == ')' {
			if depth == 0 {
				return nil, fmt.Errorf("%w: unbalanced parenthesis: a \")\" closes nothing (remove it, or put the text in double quotes)", ErrQuery)
			}
			p.pos++
			break
		}
		switch op := p.operator(); op {
		case opAnd, opOr:
			if len(out) == 0 || conj != "" || not {
				return nil, fmt.Errorf("%w: %s needs a word before it (write a AND b; for the word itself write it in lower case or in double quotes)", ErrQuery, op)
			}
			conj = op
			continue
		case opNot:
			if not {
				return nil, fmt.Errorf("%w: NOT NOT: write NOT once", ErrQuery)
			}
			not = true
			continue
		}
		c, ok, err := p.clause(depth)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue // a lone + or -, or (): punctuation
		}
		if not {
			c.Occur = MustNot
		}
		if conj == opAnd {
			if last := &out[len(out)-1]; last.Occur != MustNot {
				last.Occur = Must
			}
			if c.Occur == Should {
				c.Occur = Must
			}
		}
		out = append(out, c)
		conj, not = "", false
	}
	switch {
	case conj != "":
		return nil, fmt.Errorf("%w: %s at the end: write a word after it", ErrQuery, conj)
	case not:
		return nil, fmt.Errorf("%w: NOT at the end: write a word after it", ErrQuery)
	}
	return out, nil
}

// operator consumes and returns AND, OR or NOT when the text at p.pos is
// one of them standing alone, and returns "" otherwise.
func (p *parser) operator() string {
	for _, op := range []string{opAnd, opOr, opNot} {
		rest := p.s[p.pos:]
		if !strings.HasPrefix(rest, op) {
			continue
		}
		if after := rest[len(op):]; after != "" {
			r, _ := utf8.DecodeRuneInString(after)
			if !isQuerySpace(r) && r != '(' && r != '"' {
				continue
			}
		}
		p.pos += len(op)
		return op
	}
	return ""
}

// clause parses one [+-][field:](group | "phrase" | word). ok is false for
// a lone + or - and for empty parentheses, which are punctuation.
func (p *parser) clause(depth int) (c Clause, ok bool, err error) {
	switch p.s[p.pos] {
	case '+':
		c.Occur = Must
		p.pos++
	case '-':
		c.Occur = MustNot
		p.pos++
	}
	// ++x is +x: the first sign counts, the others are punctuation.
	for p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
		p.pos++
	}
	rest := p.s[p.pos:]
	if i := strings.IndexAny(rest, ":\"() \t\n"); i > 0 && rest[i] == ':' && isFieldName(rest[:i]) {
		name := strings.ToLower(rest[:i])
		if !queryFields[name] {
			return c, false, fmt.Errorf("%w: unknown field %q (fields: title, body, source, category)", ErrQuery, Excerpt(rest[:i]))
		}
		c.Field = name
		p.pos += i + 1
		rest = p.s[p.pos:]
	}
	switch {
	case strings.HasPrefix(rest, "("):
		if depth+1 > MaxQueryDepth {
			return c, false, fmt.Errorf("%w: parentheses nested more than %d deep", ErrQuery, MaxQueryDepth)
		}
		p.pos++
		group, err := p.list(depth + 1)
		if err != nil {
			return c, false, err
		}
		if c.Field != "" {
			setField(group, c.Field)
		}
		switch {
		case len(group) == 0:
			if c.Field != "" {
				return c, false, fmt.Errorf("%w: field %s has no value (write %s:word or %s:\"some words\")", ErrQuery, c.Field, c.Field, c.Field)
			}
			return c, false, nil
		case len(group) == 1 && group[0].Occur != MustNot:
			// (a) is a, and so is (+a): one clause that every hit of the group has.
			g := group[0]
			g.Occur = c.Occur
			return g, true, nil
		}
		return Clause{Occur: c.Occur, Group: group}, true, nil
	case strings.HasPrefix(rest, `"`):
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return c, false, fmt.Errorf("%w: unbalanced quote in %q", ErrQuery, Excerpt(strings.TrimSpace(rest)))
		}
		c.Text, c.Phrase = strings.TrimSpace(rest[1:end+1]), true
		p.pos += end + 2
	default:
		end := strings.IndexFunc(rest, func(r rune) bool { return isQuerySpace(r) || r == '"' || r == '(' || r == ')' })
		if end < 0 {
			end = len(rest)
		}
		c.Text = rest[:end]
		p.pos += end
	}
	if c.Text == "" {
		if c.Field != "" {
			return c, false, fmt.Errorf("%w: field %s has no value (write %s:word or %s:\"some words\")", ErrQuery, c.Field, c.Field, c.Field)
		}
		return c, false, nil
	}
	return c, true, nil
}

// setField gives field to the clauses of a group that name none.
func setField(cs []Clause, field string) {
	for i := range cs {
		if cs[i].Group != nil {
			setField(cs[i].Group, field)
		} else if cs[i].Field == "" {
			cs[i].Field = field
		}
	}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if !isQuerySpace(r) {
			return
		}
		p.pos += n
	}
}

// dropBidi removes the invisible marks that only steer the direction of
// text (strings.Map deletes a rune mapped to -1).
func dropBidi(r rune) rune {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return -1
	}
	return r
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
		switch {
		case c.Group != nil:
			b.WriteString("(" + String(c.Group) + ")")
			continue
		case c.Field != "":
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

// ParsePlain reads s as plain words, with no query language: each word
// (text between spaces, with quotes, +, -, :, parentheses taken as
// punctuation) is a plain word clause, and AND, OR, NOT and title: or
// source: are words like any other. Pasted text (a paragraph, a
// question, a headline) thus finds what has its words, however it is
// punctuated. Errors wrap ErrQuery: not UTF-8, too long, or no word.
func ParsePlain(s string) ([]Clause, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrQuery)
	}
	if len(s) > MaxQueryBytes {
		return nil, fmt.Errorf("%w: too long (%d bytes; the limit is %d)", ErrQuery, len(s), MaxQueryBytes)
	}
	var out []Clause
	for _, w := range strings.Fields(PlainQuery(strings.Map(dropBidi, s))) {
		out = append(out, Clause{Text: w})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrQuery)
	}
	return out, nil
}

// PlainQuery turns free text (a question, a headline) into a query of plain
// words, with every operator character taken as punctuation and the
// operator words AND, OR and NOT as words (in lower case, which the
// analyzer gives them anyway). It is how arsearch eval reads test queries
// that are not in the query language.
func PlainQuery(text string) string {
	words := strings.Fields(strings.Map(func(r rune) rune {
		switch r {
		case '"', '+', '-', ':', '(', ')':
			return ' '
		}
		if isQuerySpace(r) {
			return ' '
		}
		return r
	}, text))
	for i, w := range words {
		if w == opAnd || w == opOr || w == opNot {
			words[i] = strings.ToLower(w)
		}
	}
	return strings.Join(words, " ")
}
