// Command lexgen rebuilds the stemmer's embedded lexicon from the ANT news
// corpus (Apache-2.0): it normalizes every Arabic word with
// analyzer.Normalize, counts the forms and writes those seen at least -min
// times as gzipped "form<TAB>count" lines, sorted by form.
//
// With -masdar it also writes the verbal nouns of the pattern إفعال
// (إسلام, إقبال) that the corpus spells with إ more often than with أ:
// normalization folds both to ا, and the stemmer must not take them for
// plurals of the pattern أفعال (أعمال).
//
// With -hamzaal it also writes the words whose first letters ال are their
// own, not the article: the corpus spells them with أل, إل or آل (آلاف,
// ألغى, إلكتروني) more often than with a bare ال. The article's alef is
// never written with a hamza, so a hamza there says the ال is the word's.
//
// Usage, from the module root:
//
//	go run ./internal/lexgen -corpus ../shared/data/news/antcorpus-v1.1.jsonl.gz -out analyzer/data/lexicon.txt.gz -masdar analyzer/data/masdar.txt -hamzaal analyzer/data/hamzaal.txt
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
	masdar := flag.String("masdar", "", "also write the إفعال verbal nouns to this file")
	hamzaAl := flag.String("hamzaal", "", "also write the words spelled with أل/إل/آل to this file")
	flag.Parse()
	if *corpus == "" {
		fmt.Fprintln(os.Stderr, "lexgen: -corpus is required")
		os.Exit(2)
	}
	if err := run(*corpus, *out, *minCount, *masdar, *hamzaAl); err != nil {
		fmt.Fprintln(os.Stderr, "lexgen:", err)
		os.Exit(1)
	}
}

func run(corpus, out string, minCount int, masdarOut, hamzaAlOut string) error {
	counts, hamzas, als, err := count(corpus)
	if err != nil {
		return err
	}
	if masdarOut != "" {
		if err := writeMasdar(masdarOut, hamzas, minCount); err != nil {
			return err
		}
	}
	if hamzaAlOut != "" {
		if err := writeHamzaAl(hamzaAlOut, als, minCount); err != nil {
			return err
		}
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
// titles and bodies of corpus, and for the words of the pattern افعال how
// often each is spelled with إ and with أ, and for the words starting with
// ال how often each is spelled with a hamza on its alef and without.
func count(corpus string) (map[string]int, map[string]*hamzaCount, map[string]*hamzaCount, error) {
	f, err := os.Open(corpus)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(corpus, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", corpus, err)
		}
		defer zr.Close()
		r = zr
	}
	counts := make(map[string]int)
	hamzas := make(map[string]*hamzaCount)
	als := make(map[string]*hamzaCount)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		var doc struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: line %d: %w", corpus, line, err)
		}
		for _, text := range []string{doc.Title, doc.Body} {
			for _, w := range strings.FieldsFunc(analyzer.Normalize(text), notArabicLetter) {
				counts[w]++
			}
			spelled := string(analyzer.AppendSpelling(nil, []byte(text)))
			for _, w := range strings.FieldsFunc(spelled, notSpelledLetter) {
				countHamza(hamzas, w)
				countAl(als, w)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", corpus, err)
	}
	return counts, hamzas, als, nil
}

// hamzaCount is how often a word of the pattern افعال is spelled with
// each hamza.
type hamzaCount struct{ below, above int }

// countHamza counts w, a spelled word, when it is of the pattern إفعال or
// أفعال, bare or after the article: by its normalized form.
func countHamza(hamzas map[string]*hamzaCount, w string) {
	w = strings.TrimPrefix(w, "ال")
	r := []rune(w)
	if len(r) != 5 || r[3] != analyzer.Alef || r[0] != analyzer.AlefHamzaBelow && r[0] != analyzer.AlefHamzaAbove {
		return
	}
	key := analyzer.Normalize(w)
	h := hamzas[key]
	if h == nil {
		h = &hamzaCount{}
		hamzas[key] = h
	}
	if r[0] == analyzer.AlefHamzaBelow {
		h.below++
	} else {
		h.above++
	}
}

// countAl counts w, a spelled word starting with ال or with أل, إل, آل: in
// als[normalized form], above when its alef has a hamza, below when bare.
func countAl(als map[string]*hamzaCount, w string) {
	r := []rune(w)
	if len(r) < 4 || r[1] != analyzer.Lam {
		return
	}
	hamza := r[0] == analyzer.AlefHamzaAbove || r[0] == analyzer.AlefHamzaBelow || r[0] == analyzer.AlefMaddaAbove
	if !hamza && r[0] != analyzer.Alef {
		return
	}
	key := analyzer.Normalize(w)
	h := als[key]
	if h == nil {
		h = &hamzaCount{}
		als[key] = h
	}
	if hamza {
		h.above++
	} else {
		h.below++
	}
}

// writeHamzaAl writes the normalized forms spelled with أل, إل or آل at
// least minCount times and more often than with a bare ال, one a line,
// sorted.
func writeHamzaAl(out string, als map[string]*hamzaCount, minCount int) error {
	var forms []string
	for w, h := range als {
		if h.above >= minCount && h.above > h.below {
			forms = append(forms, w)
		}
	}
	slices.Sort(forms)
	var b strings.Builder
	b.WriteString("# Words whose ال is their own (normalized): spelled with أل, إل or آل\n")
	b.WriteString("# more often than with a bare ال in the ANT corpus. Written by internal/lexgen.\n")
	for _, w := range forms {
		b.WriteString(w + "\n")
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "lexgen: %d words with their own ال -> %s\n", len(forms), out)
	return nil
}

// writeMasdar writes the normalized forms spelled with إ at least
// minCount times and more often than with أ, one a line, sorted.
func writeMasdar(out string, hamzas map[string]*hamzaCount, minCount int) error {
	var forms []string
	for w, h := range hamzas {
		if h.below >= minCount && h.below > h.above {
			forms = append(forms, w)
		}
	}
	slices.Sort(forms)
	var b strings.Builder
	b.WriteString("# Verbal nouns of the pattern إفعال (normalized), spelled with إ more\n")
	b.WriteString("# often than with أ in the ANT corpus. Written by internal/lexgen.\n")
	for _, w := range forms {
		b.WriteString(w + "\n")
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "lexgen: %d إفعال verbal nouns -> %s\n", len(forms), out)
	return nil
}

// notSpelledLetter reports runes that are not letters of a spelled
// Arabic word (see analyzer.AppendSpelling).
func notSpelledLetter(r rune) bool {
	return r < analyzer.Hamza || r > analyzer.Yeh
}

// notArabicLetter reports runes outside the normalized Arabic letters
// ء..ي, which split words.
func notArabicLetter(r rune) bool {
	return r < analyzer.Hamza || r > analyzer.Yeh
}
