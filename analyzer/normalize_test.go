package analyzer

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"harakat and shadda", "مُحَمَّدٌ", "محمد"},
		{"dagger alef", "هٰذا", "هذا"},
		{"quranic marks", "الرَّحِيمِ۝", "الرحيم"},
		{"tatweel", "العـــراق", "العراق"},
		{"alef forms", "أإآٱ", "اااا"},
		{"decomposed madda and hamza", "ا\u0653ا\u0654ا\u0655", "ااا"},
		{"alef maqsura", "مستشفى", "مستشفي"},
		{"teh marbuta", "مدينة", "مدينه"},
		{"hamza seats", "مسؤول مسئول", "مسءول مسءول"},
		{"decomposed waw hamza", "مسو\u0654ول", "مسءول"},
		{"decomposed yeh hamza after a vowel", "مسي\u064e\u0654ول", "مسءول"},
		{"persian yeh and keheh", "کیف", "كيف"},
		{"urdu heh and yeh barree", "ہے", "هي"},
		{"heh with yeh above", "ۀ", "ه"},
		{"arabic-indic digits", "٢٠٢٤", "2024"},
		{"extended digits", "۲۰۱۰", "2010"},
		{"presentation forms", "ﺍﻟﻌﺮﺍﻕ", "العراق"},
		{"lam-alef ligature", "ﻻ", "لا"},
		{"ligature with spaces", "ﷺ", "صلي الله عليه وسلم"},
		{"latin ligature and case", "ﬁLE Éclair", "file éclair"},
		{"fullwidth", "ＡＢＣ１", "abc1"},
		{"zero width and bidi", "\u200fعر\u200cاق\u202b\u2066", "عراق"},
		{"byte order mark", "\ufeffنص", "نص"},
		{"invalid utf-8", "a\xffb", "a\ufffdb"},
		{"unchanged", "العراق 2024 news", "العراق 2024 news"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q\n got % x\nwant % x", tt.in, got, tt.want, got, tt.want)
			}
			if got := Normalize(tt.want); got != tt.want {
				t.Errorf("Normalize is not idempotent: Normalize(%q) = %q", tt.want, got)
			}
			if got, _, err := transform.String(Normalizer(), tt.in); err != nil || got != tt.want {
				t.Errorf("transform.String(Normalizer(), %q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeReturnsInputWhenUnchanged(t *testing.T) {
	s := "العراق وسوريا"
	if got := Normalize(s); got != s {
		t.Fatalf("Normalize(%q) = %q", s, got)
	}
	if allocs := testing.AllocsPerRun(100, func() { Normalize(s) }); allocs > 1 {
		t.Errorf("Normalize of normal text allocates %v times, want at most 1", allocs)
	}
}

// TestTransformerStreaming feeds the transformer one byte at a time, so
// every rune and every و + hamza pair is split across calls.
func TestTransformerStreaming(t *testing.T) {
	in := "وَزِيرُ الخارجيّة مسو\u0654ول أإآ ﷺ ٢٠٢٤ ABC\xff عـراق ى"
	want := Normalize(in)
	r := transform.NewReader(iotest.OneByteReader(strings.NewReader(in)), Normalizer())
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("streamed %q, want %q", got, want)
	}
}

// TestTransformerShortDst gives Transform destinations too small for the
// next output, as transform's own tests do.
func TestTransformerShortDst(t *testing.T) {
	in := []byte("ﷺ العِراق")
	want := Normalize(string(in))
	var out []byte
	src := in
	dst := make([]byte, 4)
	tr := Normalizer()
	for {
		nDst, nSrc, err := tr.Transform(dst, src, true)
		out = append(out, dst[:nDst]...)
		src = src[nSrc:]
		if err == nil {
			break
		}
		if err != transform.ErrShortDst {
			t.Fatalf("Transform: %v", err)
		}
		if nDst == 0 && nSrc == 0 {
			dst = make([]byte, 2*len(dst)) // the expansion needs more room
		}
	}
	if string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestSpanAgreesWithTransform(t *testing.T) {
	for _, s := range []string{"العراق", "العِراق", "abc", "aBc", "وء", "و\u0654", "ﻻ", "", "\xff"} {
		n, err := Normalizer().Span([]byte(s), true)
		unchanged := Normalize(s) == s
		if unchanged && (n != len(s) || err != nil) {
			t.Errorf("Span(%q) = %d, %v; want %d, nil", s, n, err, len(s))
		}
		if !unchanged && err != transform.ErrEndOfSpan {
			t.Errorf("Span(%q) = %d, %v; want ErrEndOfSpan", s, n, err)
		}
	}
	if _, err := Normalizer().Span([]byte("و"), false); err != transform.ErrShortSrc {
		t.Errorf("Span(و, !atEOF) = %v, want ErrShortSrc (a hamza may follow)", err)
	}
}

func ExampleNormalize() {
	fmt.Println(Normalize("مُحَمَّد"), Normalize("العـــراق"), Normalize("مسؤول"), Normalize("٢٠٢٤"), Normalize("کیف"))
	// Output: محمد العراق مسءول 2024 كيف
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"مُحَمَّد", "العـــراق", "ﺍﻟﻌﺮﺍﻕ", "ﷺ", "مسو\u0654ول", "٢٠١٠", "a\xffb", "ی\u0654", "\ufe70"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		if nn := Normalize(n); nn != n {
			t.Fatalf("not idempotent: Normalize(%q) = %q, again %q", s, n, nn)
		}
		r := transform.NewReader(iotest.OneByteReader(strings.NewReader(s)), Normalizer())
		streamed, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("streaming %q: %v", s, err)
		}
		if string(streamed) != n {
			t.Fatalf("streaming %q gave %q, one-shot %q", s, streamed, n)
		}
		if IsNormalized([]byte(s)) != (n == s) {
			t.Fatalf("IsNormalized(%q) = %v, but Normalize gives %q", s, IsNormalized([]byte(s)), n)
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"وبالعِراقِ والسوريّين", "ﷺ ﷺ", "a\u200cb", "\u0654\u0654", "١٢ ab ـ", "x\xffy"} {
		f.Add(s)
	}
	a := New()
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(s)
		orig := bytes.Clone(in)
		bounds := runeBoundaries(in)
		last := 0
		for _, tok := range a.Analyze(in) {
			if tok.Start < 0 || tok.End > len(in) || tok.Start >= tok.End {
				t.Fatalf("%q: token %q has offsets %d:%d", s, tok.Term, tok.Start, tok.End)
			}
			if !bounds[tok.Start] || !bounds[tok.End] {
				t.Fatalf("%q: offsets %d:%d split a rune", s, tok.Start, tok.End)
			}
			if tok.Position < last {
				t.Fatalf("%q: position %d after %d", s, tok.Position, last)
			}
			last = tok.Position
			if len(tok.Term) == 0 || !utf8.Valid(tok.Term) {
				t.Fatalf("%q: bad term %q", s, tok.Term)
			}
		}
		if !bytes.Equal(in, orig) {
			t.Fatalf("Analyze modified its input: %q became %q", orig, in)
		}
	})
}

// runeBoundaries marks the offsets where decoding steps from rune to rune
// (an invalid byte counts as one rune, as utf8.DecodeRune reads it).
func runeBoundaries(b []byte) map[int]bool {
	m := map[int]bool{0: true}
	for i := 0; i < len(b); {
		_, n := utf8.DecodeRune(b[i:])
		i += n
		m[i] = true
	}
	return m
}

// TestNormalizeOneShotMatchesStream: on 20,000 random strings of Arabic
// letters, marks, hamza seats, presentation forms, digits and stray bytes,
// AppendNormalize (with its fast path for the Arabic block) gives what the
// streaming Normalizer gives one byte at a time.
func TestNormalizeOneShotMatchesStream(t *testing.T) {
	alphabet := []rune("ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآؤئـًٌٍَُِّْٰٕٔ" +
		"٠١٢٣۴ﷺﻻﺍﻟ\u200c\u00ad\u0600\u061c\u064b\u0670ۀۃیکگڤپچژ ،.aZé中")
	rng := rand.New(rand.NewPCG(16, 2))
	buf := make([]byte, 0, 256)
	for range 20000 {
		buf = buf[:0]
		for n := rng.IntN(30); n > 0; n-- {
			if rng.IntN(40) == 0 {
				buf = append(buf, byte(0x80+rng.IntN(0x80)))
				continue
			}
			buf = utf8.AppendRune(buf, alphabet[rng.IntN(len(alphabet))])
		}
		one := AppendNormalize(nil, buf)
		streamed, err := io.ReadAll(transform.NewReader(iotest.OneByteReader(bytes.NewReader(buf)), Normalizer()))
		if err != nil {
			t.Fatalf("streaming %q: %v", buf, err)
		}
		if !bytes.Equal(one, streamed) {
			t.Fatalf("AppendNormalize(%q) = %q, streamed %q", buf, one, streamed)
		}
	}
}
