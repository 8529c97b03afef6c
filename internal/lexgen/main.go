// Command lexgen rebuilds the stemmer's embedded lexicon from the ANT news
// corpus (Apache-2.0): it normalizes every Arabic word with
// analyzer.Normalize, counts the forms and writes those seen at least -min
// times as gzipped "form<TAB>count" lines, sorted by form.
//
// Usage, from the module root:
//
//	go run ./internal/lexgen -corpus ../shared/data/news/antcorpus-v1.1.jsonl.gz -out analyzer/data/lexicon.txt.gz
//
// Only the ANT corpus may feed the lexicon: other corpora in shared/data
// carry non-commercial licences, and the lemma files are what the stemmer
// is measured on.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/arsearch/arsearch/analyzer"
)

func main() {
	corpus := flag.String("corpus", "", "ANT corpus, JSONL (optionally gzipped) with title and body")
	out := flag.String("out", "analyzer/data/lexicon.txt.gz", "output file")
	minCount := flag.Int("min", 2, "keep forms seen at least this many times")
	flag.Parse()
	if *corpus == "" {
		fmt.Fprintln(os.Stderr, "lexgen: -corpus is required")
		os.Exit(2)
	}
	if err := run(*corpus, *out, *minCount); err != nil {
		fmt.Fprintln(os.Stderr, "lexgen:", err)
		os.Exit(1)
	}
}

func run(corpus, out string, minCount int) error {
	counts, err := count(corpus)
	if err != nil {
		return err
	}
	forms := make([]string, 0, len(counts))
	for w, n := range counts {
		if n >= minCount {
			forms = append(forms, w)
		}
	}
	slices.Sort(forms)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, w := range forms {
		fmt.Fprintf(bw, "%s\t%d\n", w, counts[w])
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", out, err)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", out, err)
	}
	fmt.Fprintf(os.Stderr, "lexgen: %d distinct forms, %d kept (count >= %d) -> %s\n", len(counts), len(forms), minCount, out)
	return nil
}

// count returns how often each normalized all-Arabic word occurs in the
// titles and bodies of corpus.
func count(corpus string) (map[string]int, error) {
	f, err := os.Open(corpus)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(corpus, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", corpus, err)
		}
		defer zr.Close()
		r = zr
	}
	counts := make(map[string]int)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		var doc struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", corpus, line, err)
		}
		for _, text := range []string{doc.Title, doc.Body} {
			for _, w := range strings.FieldsFunc(analyzer.Normalize(text), notArabicLetter) {
				counts[w]++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", corpus, err)
	}
	return counts, nil
}

// notArabicLetter reports runes outside the normalized Arabic letters
// ء..ي, which split words.
func notArabicLetter(r rune) bool {
	return r < analyzer.Hamza || r > analyzer.Yeh
}
