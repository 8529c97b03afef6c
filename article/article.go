package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Article is one news article.
type Article struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Body     string    `json:"body"`               // paragraphs separated by "\n"
	Date     time.Time `json:"date,omitzero"`      // zero when unknown, and then left out of JSON
	Source   string    `json:"source,omitempty"`   // the outlet, such as "عنب بلدي"
	URL      string    `json:"url,omitempty"`      // where it was published
	Category string    `json:"category,omitempty"` // the outlet's section, such as "culture"
}

// dateLayouts are the date forms accepted in JSON, tried in order. Those
// without an offset are read as UTC. Slashed dates are day first, as Arabic
// news sites write them (the ANT corpus has "17/05/2015").
var dateLayouts = []string{time.RFC3339, time.DateTime, time.DateOnly,
	"2006-01-02T15:04:05", "2006-01-02T150405", "02/01/2006", "02/01/2006 15:04"}

// ParseDate reads a date in one of the forms accepted in JSON: RFC 3339
// with an offset ("2017-01-20T10:30:00+01:00"), "2006-01-02 15:04:05",
// "2006-01-02", "2006-01-02T15:04:05", "2006-01-02T150405", or day first
// "17/05/2015" (optionally with "15:04"). Forms without an offset are taken
// as UTC. An empty string is the zero time.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: want RFC 3339, \"2006-01-02 15:04:05\", \"2006-01-02\" or \"02/01/2006\"", s)
}

// A fieldError is a problem with one field of a JSON record.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return fmt.Sprintf("field %q: %v", e.field, e.err) }
func (e *fieldError) Unwrap() error { return e.err }

var (
	errWantString = errors.New("want a string")
	errWantObject = errors.New("want an object")
	errNoText     = errors.New(`fields "title" and "body": both missing or empty`)
)

// record is the shape of a JSON article as decoded. Fields are any so that a
// value of the wrong type is reported by name instead of failing the record
// with a Go type name.
type record struct {
	ID       any `json:"id"`
	Title    any `json:"title"`
	Body     any `json:"body"`
	Date     any `json:"date"`
	Source   any `json:"source"`
	URL      any `json:"url"`
	Category any `json:"category"`
}

// UnmarshalJSON decodes an article from a JSON object with the string fields
// id, title, body, date, source, url and category, all optional; other
// fields are ignored, and null counts as missing. The date may be in any form
// [ParseDate] accepts. Strings are trimmed of surrounding space and CRLF line
// ends in the body become "\n". A field of the wrong type is an error naming
// it: field "title": want a string.
func (a *Article) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil
	}
	if len(data) == 0 || data[0] != '{' {
		return errWantObject
	}
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return err
	}
	var out Article
	fields := []struct {
		name string
		v    any
		dst  *string
	}{
		{"id", r.ID, &out.ID},
		{"title", r.Title, &out.Title},
		{"body", r.Body, &out.Body},
		{"source", r.Source, &out.Source},
		{"url", r.URL, &out.URL},
		{"category", r.Category, &out.Category},
	}
	for _, f := range fields {
		s, err := stringField(f.name, f.v)
		if err != nil {
			return err
		}
		*f.dst = s
	}
	if strings.Contains(out.Body, "\r") {
		out.Body = normalizeNewlines(out.Body)
	}
	date, err := stringField("date", r.Date)
	if err != nil {
		return err
	}
	if out.Date, err = ParseDate(date); err != nil {
		return &fieldError{"date", err}
	}
	*a = out
	return nil
}

// stringField returns v, a decoded JSON value, as a trimmed string.
func stringField(name string, v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	default:
		return "", &fieldError{name, errWantString}
	}
}

// normalizeNewlines turns CRLF and lone CR line ends into "\n".
func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// validate reports an article with neither title nor body.
func (a *Article) validate() error {
	if a.Title == "" && a.Body == "" {
		return errNoText
	}
	return nil
}
