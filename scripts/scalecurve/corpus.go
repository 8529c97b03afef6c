package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
)

// article is one record of a base corpus: its id and body, which copies
// change, and the rest of its fields as they were.
type article struct {
	ID     string
	Title  string
	Body   string
	fields map[string]json.RawMessage
}

// loadBase reads the base corpora in order (gzip'd or plain JSONL).
func loadBase(files ...string) ([]article, error) {
	var out []article
	for _, name := range files {
		arts, err := readJSONL(name)
		if err != nil {
			return nil, err
		}
		out = append(out, arts...)
	}
	return out, nil
}

func readJSONL(name string) ([]article, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []article
	for line := 1; sc.Scan(); line++ {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", name, line, err)
		}
		a := article{fields: m}
		for key, dst := range map[string]*string{"id": &a.ID, "title": &a.Title, "body": &a.Body} {
			if raw, ok := m[key]; ok {
				if err := json.Unmarshal(raw, dst); err != nil {
					return nil, fmt.Errorf("%s: line %d: field %s: %w", name, line, key, err)
				}
			}
		}
		if a.ID == "" {
			return nil, fmt.Errorf("%s: line %d: no id", name, line)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// writeCorpus writes n articles to name as JSONL: the base in order, then
// again as copies (see variant), until n. It returns the bytes written and
// how many copies kept their first copy's body (nothing to shuffle).
func writeCorpus(name string, base []article, n int) (size int64, sameBody int, err error) {
	f, err := os.Create(name)
	if err != nil {
		return 0, 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var line []byte
	for i := range n {
		a := base[i%len(base)]
		copyNo := i / len(base)
		rec := make(map[string]json.RawMessage, len(a.fields))
		for k, v := range a.fields {
			rec[k] = v
		}
		if copyNo > 0 {
			body, changed := variant(a.Body, copyNo, i%len(base))
			if !changed {
				sameBody++
			}
			rec["id"], _ = json.Marshal(fmt.Sprintf("%s~%d", a.ID, copyNo))
			rec["body"], _ = json.Marshal(body)
		}
		if line, err = json.Marshal(rec); err != nil {
			f.Close()
			return 0, 0, err
		}
		w.Write(line)
		if err := w.WriteByte('\n'); err != nil {
			f.Close()
			return 0, 0, err
		}
		size += int64(len(line)) + 1
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, 0, err
	}
	return size, sameBody, f.Close()
}

// variant returns the body of copy copyNo of an article: its paragraphs
// (or, with one paragraph, its sentences) in an order drawn from copyNo and
// the article's place, joined by blank lines. changed is false when the
// body has a single piece.
func variant(body string, copyNo, place int) (string, bool) {
	parts := nonBlank(strings.Split(body, "\n"))
	sep := "\n\n"
	if len(parts) < 2 {
		parts = nonBlank(strings.SplitAfter(body, ". "))
		sep = " "
	}
	if len(parts) < 2 {
		return body, false
	}
	rng := rand.New(rand.NewPCG(uint64(copyNo), uint64(place)))
	orig := strings.Join(parts, sep)
	for range 4 { // a two-piece body keeps its order half the time
		rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
		if s := strings.Join(parts, sep); s != orig {
			return s, true
		}
	}
	// Reversed is always a different order of two or more distinct pieces.
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	s := strings.Join(parts, sep)
	return s, s != orig
}

func nonBlank(parts []string) []string {
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// writeQueries writes n titles taken evenly from the SaudiNewsNet
// articles of base (ids snn-…) as qid<TAB>title, white space collapsed.
func writeQueries(name string, base []article, n int) error {
	var titles []string
	for _, a := range base {
		if strings.HasPrefix(a.ID, "snn-") && strings.TrimSpace(a.Title) != "" {
			titles = append(titles, a.Title)
		}
	}
	if len(titles) < n {
		return fmt.Errorf("only %d SaudiNewsNet titles for %d queries", len(titles), n)
	}
	var b strings.Builder
	step := len(titles) / n
	for i := range n {
		t := strings.Join(strings.Fields(titles[i*step]), " ")
		fmt.Fprintf(&b, "q%d\t%s\n", i+1, t)
	}
	return os.WriteFile(name, []byte(b.String()), 0o644)
}
