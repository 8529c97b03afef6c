package index

import (
	"fmt"

	"github.com/arsearch/arsearch/index/storedtext"
)

// StoredBody appends to dst the body text of an article from the value
// bleve stored for it in FieldBodyText (a segment's stored field, or a
// hit's Fields[FieldBodyText] as bytes). It is the one way the body is
// read back: search results, snippets, highlights, show, passage scores
// and phrase checks all go through it. The text is the article's body
// byte for byte. Decoding costs a few microseconds per article
// (storedtext's BenchmarkDecode).
func StoredBody(dst, stored []byte) ([]byte, error) {
	out, err := storedtext.Decode(dst, stored)
	if err != nil {
		return dst, fmt.Errorf("field %s: %w", FieldBodyText, err)
	}
	return out, nil
}

// HitBody returns the body text of a search hit whose request loaded
// FieldBodyText; "" when it has none (an article without a body).
func HitBody(fields map[string]any) (string, error) {
	v, _ := fields[FieldBodyText].(string)
	if v == "" {
		return "", nil
	}
	out, err := StoredBody(nil, []byte(v))
	return string(out), err
}
