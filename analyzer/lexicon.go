package analyzer

//go:generate go run ../internal/lexgen -corpus ../../shared/data/news/antcorpus-v1.1.jsonl.gz -out data/lexicon.txt.gz -masdar data/masdar.txt

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"strconv"
	"sync"
)

// lexiconGz holds "form<TAB>count" lines: normalized word forms of the ANT
// news corpus (Apache-2.0) with how often each occurs. internal/lexgen
// rebuilds it.
//
//go:embed data/lexicon.txt.gz
var lexiconGz []byte

// lexEntry locates a form inside the decoded lexicon text and records its
// corpus frequency.
type lexEntry struct {
	off, n uint32
	freq   uint32
}

// lex is the decoded lexicon: text keeps every form's bytes, so the stemmer
// can return a form it did not find in its input (a singular for a broken
// plural) without allocating.
type lex struct {
	text  []byte
	forms map[string]lexEntry
}

// lexicon decodes the embedded lexicon on first use, so programs that never
// stem pay nothing.
var lexicon = sync.OnceValue(func() *lex {
	l := &lex{forms: make(map[string]lexEntry, 80000)}
	zr, err := gzip.NewReader(bytes.NewReader(lexiconGz))
	if err != nil {
		return l // lexgen writes the file; a broken one leaves the lexicon empty
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		return l
	}
	l.text = text
	for off := 0; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		line := text[off : off+end]
		if tab := bytes.IndexByte(line, '\t'); tab > 0 {
			if c, err := strconv.ParseUint(string(line[tab+1:]), 10, 32); err == nil {
				l.forms[string(line[:tab])] = lexEntry{off: uint32(off), n: uint32(tab), freq: uint32(c)}
			}
		}
		off += end + 1
	}
	return l
})

// freq returns how often the normalized form w occurs in the lexicon's
// corpus, 0 when unseen.
func freq(w []byte) uint32 {
	return lexicon().forms[string(w)].freq
}

// freqWith returns freq(prefix + w + suffix), built on the stack; 0 for a
// form longer than any the lexicon holds.
func freqWith(prefix string, w []byte, suffix string) uint32 {
	var buf [64]byte
	if len(prefix)+len(w)+len(suffix) > len(buf) {
		return 0
	}
	n := copy(buf[:], prefix)
	n += copy(buf[n:], w)
	n += copy(buf[n:], suffix)
	return freq(buf[:n])
}

// lookup returns the lexicon's own copy of w (static data) and its
// frequency, or nil and 0 when w is unseen.
func lookup(w []byte) ([]byte, uint32) {
	l := lexicon()
	e, ok := l.forms[string(w)]
	if !ok {
		return nil, 0
	}
	return l.text[e.off : e.off+e.n : e.off+e.n], e.freq
}
