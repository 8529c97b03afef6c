package analyzer

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

// terms analyzes text with the default analyzer and joins its terms.
func terms(a *Analyzer, text string) string { return strings.Join(a.Terms(text), " ") }

// TestAnalyzerConflates checks the groups of the issue through the whole
// pipeline: tokenizer, normalizer, stop words, stemmer.
func TestAnalyzerConflates(t *testing.T) {
	a := New()
	groups := []struct {
		name  string
		words []string
	}{
		{"clitics before the article", []string{"العراق", "والعراق", "بالعراق", "وبالعراق", "للعراق", "فالعراق"}},
		{"hamza on alef", []string{"أرز", "ارز"}},
		{"hamza under alef", []string{"إدارة", "ادارة"}},
		{"alef maqsura", []string{"الدورى", "الدوري"}},
		{"digits", []string{"٢٠١٠", "2010", "۲۰۱۰"}},
		{"preposition", []string{"دمج", "بدمج"}},
		{"article on feminine", []string{"مجاورة", "المجاورة"}},
		{"article after preposition", []string{"الصبر", "بالصبر"}},
		{"diacritics", []string{"مُحَمَّد", "محمد"}},
		{"tatweel and presentation forms", []string{"العـــراق", "العراق", "ﺍﻟﻌﺮﺍﻕ"}},
		{"hamza seats", []string{"مسؤول", "مسئول", "المسؤول"}},
		{"sound plural cases", []string{"المسؤولين", "المسؤولون"}},
		{"feminine plural", []string{"الانتخابات", "انتخابات"}},
		{"nisba plurals", []string{"فلسطيني", "فلسطينيون", "الفلسطينيين"}},
		{"duals", []string{"الوزيران", "الوزيرين", "وزير"}},
		{"pronouns", []string{"كتابه", "كتابها", "كتابهم", "كتاب"}},
		{"syria", []string{"سوريا", "سورية"}},
		{"america", []string{"أمريكا", "أميركا"}},
		{"persian letters", []string{"کیف", "كيف"}},
		{"decomposed hamza", []string{"مسؤول", "مسو\u0654ول"}},
		{"alef wasla", []string{"ٱلعراق", "العراق"}},
		{"bidi and zero-width marks", []string{"\u200fالعراق\u200c", "العراق"}},
		{"latin case", []string{"UNESCO", "unesco"}},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			want := terms(a, g.words[0])
			if want == "" {
				t.Fatalf("Analyze(%q) gave no term", g.words[0])
			}
			for _, w := range g.words[1:] {
				if got := terms(a, w); got != want {
					t.Errorf("Analyze(%q) = %q, want %q (as %q)\n% x", w, got, want, g.words[0], w)
				}
			}
		})
	}
}

func TestAnalyzerKeepsApart(t *testing.T) {
	a := New()
	for _, p := range [][2]string{{"لبنان", "لبن"}, {"وزير", "زير"}, {"بيان", "بي"}, {"ولاية", "لا"}, {"سورية", "سور"}} {
		if ta, tb := terms(a, p[0]), terms(a, p[1]); ta == tb {
			t.Errorf("Analyze(%q) = Analyze(%q) = %q, want them apart", p[0], p[1], ta)
		}
	}
}

func TestStopWordsAfterNormalization(t *testing.T) {
	a := New()
	for _, w := range []string{"في", "إلى", "الى", "إِلَى", "الَّذي", "هٰذا", "عَلَى"} {
		if got := a.Terms(w); len(got) != 0 {
			t.Errorf("Analyze(%q) = %q, want no term (a stop word)", w, got)
		}
	}
	if got := New(WithStopWords(false)).Terms("إِلَى"); len(got) != 1 || got[0] != "الي" {
		t.Errorf("without stop words, Analyze(إِلَى) = %q, want [الي]", got)
	}
	if DefaultStopSet().Len() < 100 {
		t.Errorf("default stop set has %d words, want at least 100", DefaultStopSet().Len())
	}
}

func TestExactViewDoesNotStem(t *testing.T) {
	a := New(WithStemming(false), WithStopWords(false))
	if got, want := terms(a, "وبالعِراقِ في الدورى"), "وبالعراق في الدوري"; got != want {
		t.Errorf("exact Analyze = %q, want %q", got, want)
	}
}

func TestKeywordTokensAreKept(t *testing.T) {
	ts := NormalizeFilter{}.Filter(Tokenizer{}.Tokenize([]byte("والعراق في")))
	for _, tok := range ts {
		tok.KeyWord = true
	}
	ts = StemFilter{}.Filter(StopFilter{Words: DefaultStopSet()}.Filter(ts))
	if len(ts) != 2 || string(ts[0].Term) != "والعراق" || string(ts[1].Term) != "في" {
		t.Errorf("keyword tokens were changed: %v", ts)
	}
}

// TestOffsetsSliceOriginal checks that every token's Start:End is its
// original text, vowels and tatweel included, on rune boundaries.
func TestOffsetsSliceOriginal(t *testing.T) {
	text := "قالَ الرَّئيسُ: «العـــراقُ وسوريّةُ» ﷺ ٢٠٢٤ م. UNESCO\u200f!"
	a := New(WithStopWords(false))
	toks := a.Tokens(text)
	want := []string{"قالَ", "الرَّئيسُ", "العـــراقُ", "وسوريّةُ", "ﷺ", "ﷺ", "ﷺ", "ﷺ", "٢٠٢٤", "م", "UNESCO"}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens, want %d: %+v", len(toks), len(want), toks)
	}
	last := 0
	for i, tok := range toks {
		if tok.Text != want[i] || text[tok.Start:tok.End] != tok.Text {
			t.Errorf("token %d: Text %q, slice %q, want %q", i, tok.Text, text[tok.Start:tok.End], want[i])
		}
		if !utf8.RuneStart(text[tok.Start]) || (tok.End < len(text) && !utf8.RuneStart(text[tok.End])) {
			t.Errorf("token %d: %d:%d is not on rune boundaries", i, tok.Start, tok.End)
		}
		if tok.Position <= last-1 {
			t.Errorf("token %d: position %d after %d", i, tok.Position, last)
		}
		last = tok.Position
	}
	if got := toks[4].Normalized + " " + toks[7].Normalized; got != "صلي وسلم" {
		t.Errorf("ﷺ expands to %q first and last, want صلي … وسلم", got)
	}
}

// TestSeedGolden compares the analysis of the sample article with a golden
// file: one line per token, "pos start:end original -> term".
func TestSeedGolden(t *testing.T) {
	text, err := os.ReadFile("../testdata/seed/enab-baladi-syria-iraq.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, tok := range New().Tokens(string(text)) {
		term := tok.Term
		if tok.Stop {
			term = "(stop)"
		}
		fmt.Fprintf(&b, "%d %d:%d %s -> %s\n", tok.Position, tok.Start, tok.End, tok.Text, term)
		if string(text[tok.Start:tok.End]) != tok.Text {
			t.Fatalf("token %d: offsets %d:%d do not slice %q", tok.Position, tok.Start, tok.End, tok.Text)
		}
	}
	golden := filepath.Join("testdata", "seed.golden")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./analyzer -run TestSeedGolden -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		gotLines, wantLines := strings.Split(b.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gotLines), len(wantLines)) {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("seed analysis differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", golden, i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("seed analysis has %d lines, %s has %d", len(gotLines), golden, len(wantLines))
	}
}

func TestRegisteredConfig(t *testing.T) {
	an, err := newFromConfig(map[string]interface{}{"stem": false, "stop": false}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := an.(*Analyzer).Terms("في والعراق"); strings.Join(got, " ") != "في والعراق" {
		t.Errorf("stem=false stop=false gave %q", got)
	}
	if _, err := newFromConfig(map[string]interface{}{"stem": "no"}, nil); err == nil {
		t.Error(`newFromConfig({"stem": "no"}) gave no error`)
	}
}

func ExampleNew() {
	a := New()
	for _, tok := range a.Tokens("وبالعِراقِ والسوريّين") {
		fmt.Printf("%d:%d %s -> %s\n", tok.Start, tok.End, tok.Text, tok.Term)
	}
	// Output:
	// 0:20 وبالعِراقِ -> عراق
	// 21:41 والسوريّين -> سوري
}

func TestRelated(t *testing.T) {
	tests := []struct{ stem, want string }{
		{"عراق", "عراقي"},
		{"عراقي", "عراق"},
		{"سوريا", "سوري"},
		{"سوري", "سوريا"},
		{"تونس", "تونسي"},
		{"مصر", "مصري"},
	}
	for _, tt := range tests {
		if got := Related(tt.stem); !contains(got, tt.want) {
			t.Errorf("Related(%q) = %q, want it to hold %q", tt.stem, got, tt.want)
		}
	}
	for _, s := range []string{"علي", "2024", "مع"} {
		if got := Related(s); len(got) > 0 {
			t.Errorf("Related(%q) = %q, want none", s, got)
		}
	}
}

// TestAnalyzeAllocsDoNotGrowWithTokens: once its terms are in the cache,
// analyzing a text allocates a fixed few times (the token array and the
// stream), however many tokens it has.
func TestAnalyzeAllocsDoNotGrowWithTokens(t *testing.T) {
	a := New()
	short := []byte("العلاقات الثنائية بين العراق وسوريا")
	long := bytes.Repeat(append(short, ' '), 50)
	a.Analyze(long) // fill the cache
	allocsShort := testing.AllocsPerRun(50, func() { a.Analyze(short) })
	allocsLong := testing.AllocsPerRun(50, func() { a.Analyze(long) })
	if allocsLong > allocsShort || allocsLong > 4 {
		t.Errorf("Analyze allocates %v times for 5 tokens and %v for 250, want the same few", allocsShort, allocsLong)
	}
}

// TestRelatedSkipsFeminineNounAdjectives: رياضي is the adjective of
// رياضة (sport) before it is Riyadh's nisba, so a search for الرياض must
// not find the sports pages, nor رياضي the city.
func TestRelatedSkipsFeminineNounAdjectives(t *testing.T) {
	for _, tt := range []struct{ stem, not string }{
		{StemString("الرياض"), StemString("الرياضي")},
		{StemString("الرياضي"), StemString("الرياض")},
	} {
		if got := Related(tt.stem); contains(got, tt.not) {
			t.Errorf("Related(%q) = %q: %q is the adjective of a ة noun", tt.stem, got, tt.not)
		}
	}
}

func TestRelatedSkipsDualConstructs(t *testing.T) {
	if got := Related("وزير"); contains(got, "وزيري") {
		t.Errorf("Related(وزير) = %q: وزيري is a dual construct, not a nisba", got)
	}
}
