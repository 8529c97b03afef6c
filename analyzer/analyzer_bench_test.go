package analyzer

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/registry"
)

// newsText returns about 2 MB of real news bodies from the bundled ANT
// corpus, loaded once.
func newsText(tb testing.TB) []byte {
	tb.Helper()
	f, err := os.Open("../corpus/antcorpus-v1.1.jsonl.gz")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 16<<20)
	var text []byte
	for sc.Scan() && len(text) < 2<<20 {
		var rec struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			tb.Fatal(err)
		}
		text = append(text, rec.Title...)
		text = append(text, '\n')
		text = append(text, rec.Body...)
		text = append(text, '\n')
	}
	return text
}

// paragraphs splits text into lines, the size of a field value.
func paragraphs(text []byte) [][]byte {
	var out [][]byte
	for len(text) > 0 {
		i := 0
		for i < len(text) && text[i] != '\n' {
			i++
		}
		if i > 0 {
			out = append(out, text[:i])
		}
		if i < len(text) {
			i++
		}
		text = text[i:]
	}
	return out
}

func benchAnalyzer(b *testing.B, a analysis.Analyzer) {
	text := newsText(b)
	paras := paragraphs(text)
	if n := len(a.Analyze([]byte("وبالعراق"))); n != 1 {
		b.Fatalf("Analyze(وبالعراق) gave %d tokens, want 1", n)
	}
	// One pass before the clock starts fills the term cache, as the first
	// articles of a build do: the benchmark measures the steady state, not
	// the first sight of its 34,000 distinct words.
	for _, p := range paras {
		a.Analyze(p)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paras {
			a.Analyze(p)
		}
	}
}

// BenchmarkAnalyze is the whole arsearch analyzer on real news text.
func BenchmarkAnalyze(b *testing.B) { benchAnalyzer(b, New()) }

// BenchmarkAnalyzeExact is the exact view: tokenize and normalize only.
func BenchmarkAnalyzeExact(b *testing.B) {
	benchAnalyzer(b, New(WithStemming(false), WithStopWords(false)))
}

// BenchmarkBleveAr is bleve's own Arabic analyzer on the same text, for the
// ratio.
func BenchmarkBleveAr(b *testing.B) {
	a, err := registry.NewCache().AnalyzerNamed(ar.AnalyzerName)
	if err != nil {
		b.Fatal(err)
	}
	benchAnalyzer(b, a)
}

// BenchmarkNormalize is normalization alone over the text.
func BenchmarkNormalize(b *testing.B) {
	text := newsText(b)
	dst := make([]byte, 0, len(text)+len(text)/4)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendNormalize(dst[:0], text)
	}
}

// benchBothViews analyzes each paragraph as the index does: the stemmed
// view, then the exact view of the same bytes in another buffer.
func benchBothViews(b *testing.B, stemmed, exact *Analyzer) {
	text := newsText(b)
	paras := paragraphs(text)
	copies := make([][]byte, len(paras))
	for i, p := range paras {
		copies[i] = append([]byte(nil), p...)
	}
	for i, p := range paras { // fill the term cache (see benchAnalyzer)
		stemmed.Analyze(p)
		exact.Analyze(copies[i])
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		for i, p := range paras {
			stemmed.Analyze(p)
			exact.Analyze(copies[i])
		}
	}
}

// BenchmarkAnalyzeBothViews is the two views of every paragraph, each
// analyzed on its own (MB/s counts the text once).
func BenchmarkAnalyzeBothViews(b *testing.B) {
	benchBothViews(b, New(), New(WithStemming(false), WithStopWords(false)))
}

// BenchmarkAnalyzeBothViewsHandoff is the same with the exact view taking
// the stemmed view's normalized tokens (WithHandoff), as the index does.
func BenchmarkAnalyzeBothViewsHandoff(b *testing.B) {
	benchBothViews(b, New(WithHandoff()), New(WithStemming(false), WithStopWords(false), WithHandoff()))
}
