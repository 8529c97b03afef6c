package analyzer

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

func stemOf(word string) string { return StemString(Normalize(word)) }

func TestStemConflates(t *testing.T) {
	groups := []struct {
		name  string
		words []string
	}{
		{"stacked proclitics before the article", []string{"العراق", "والعراق", "بالعراق", "وبالعراق", "للعراق", "فالعراق"}},
		{"preposition on a bare noun", []string{"دمج", "بدمج"}},
		{"article on a feminine noun", []string{"مجاورة", "المجاورة"}},
		{"article after a preposition", []string{"الصبر", "بالصبر"}},
		{"sound masculine plural cases", []string{"المسؤولين", "المسؤولون"}},
		{"hamza seats", []string{"مسؤول", "مسئول", "المسؤول"}},
		{"sound feminine plural", []string{"الانتخابات", "انتخابات"}},
		{"nisba with plurals", []string{"فلسطيني", "فلسطينيون", "الفلسطينيين"}},
		{"duals and singular", []string{"الوزيران", "الوزيرين", "وزير"}},
		{"attached pronouns", []string{"كتابه", "كتابها", "كتابهم", "كتاب"}},
		{"syria spellings", []string{"سوريا", "سورية"}},
		{"syrian adjective", []string{"السورية", "السوري", "السوريين"}},
		{"america spellings", []string{"أمريكا", "أميركا"}},
		{"lam-lam with feminine and pronoun", []string{"فللحكومة", "الحكومة", "حكومتها"}},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			want := stemOf(g.words[0])
			for _, w := range g.words[1:] {
				if got := stemOf(w); got != want {
					t.Errorf("Stem(%q) = %q, want %q (the stem of %q)", w, got, want, g.words[0])
				}
			}
		})
	}
}

func TestStemKeepsApart(t *testing.T) {
	pairs := []struct{ name, a, b string }{
		{"lebanon is not milk", "لبنان", "لبن"},
		{"minister is not zir", "وزير", "زير"},
		{"statement is not bi", "بيان", "بي"},
		{"state is not la", "ولاية", "لا"},
		{"syria is not a wall", "سورية", "سور"},
		{"palestine is not palestinian", "فلسطين", "فلسطيني"},
		{"house keeps its teh", "بيته", "بيه"},
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			if sa, sb := stemOf(p.a), stemOf(p.b); sa == sb {
				t.Errorf("Stem(%q) = Stem(%q) = %q, want them apart", p.a, p.b, sa)
			}
		})
	}
}

func TestStemExact(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"latin unchanged", "bleve", "bleve"},
		{"digits unchanged", "2017", "2017"},
		{"mixed unchanged", "كوفيد19", "كوفيد19"},
		{"empty", "", ""},
		{"short word unchanged", "في", "في"},
		{"article", "الدوري", "دوري"},
		{"feminine", "اداره", "ادار"},
		{"variant is canonical", "اميركا", "امريكا"},
		{"protected proper noun", "ايران", "ايران"},
		{"verb prefix and plural", "يعملون", "عمل"},
		{"broken plural", "الاعمال", "عمل"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StemString(tt.in); got != tt.want {
				t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStemDoesNotModifyInput(t *testing.T) {
	for _, w := range []string{"وبالعراق", "حكومتها", "اميركا", "الاعمال", "فلسطينيون"} {
		in := []byte(Normalize(w))
		orig := bytes.Clone(in)
		out := Stem(in)
		if !bytes.Equal(in, orig) {
			t.Errorf("Stem(%q) modified its input to %q", orig, in)
		}
		if len(out) == 0 {
			t.Errorf("Stem(%q) = %q, want a non-empty stem", orig, out)
		}
	}
}

func TestStemIdempotentOnCommonWords(t *testing.T) {
	// Not a law of light stemming, but a stem should rarely change again;
	// this guards against rules that feed each other endlessly.
	changed, total := 0, 0
	for _, w := range lexiconSample(2000) {
		s := Stem(w)
		total++
		if !bytes.Equal(Stem(s), s) {
			changed++
		}
	}
	if changed*10 > total {
		t.Errorf("Stem(Stem(w)) != Stem(w) for %d of %d common words, want under 10%%", changed, total)
	}
}

func TestStemZeroAllocs(t *testing.T) {
	words := lexiconSample(500)
	Stem(words[0]) // load the tables
	allocs := testing.AllocsPerRun(10, func() {
		for _, w := range words {
			Stem(w)
		}
	})
	if allocs != 0 {
		t.Errorf("Stem allocates %.1f times per %d words, want 0", allocs, len(words))
	}
}

func TestLexiconLoads(t *testing.T) {
	if n := len(lexicon().forms); n < 10000 {
		t.Fatalf("lexicon has %d forms, want at least 10000 (run go generate)", n)
	}
	if f := freq([]byte("تونس")); f == 0 {
		t.Errorf("freq(%q) = 0, want > 0", "تونس")
	}
	if s, f := lookup([]byte("حكومه")); f == 0 || string(s) != "حكومه" {
		t.Errorf("lookup(%q) = %q, %d, want itself and a count", "حكومه", s, f)
	}
}

// lexiconSample returns up to n of the lexicon's most frequent forms: real
// ANT news words, in frequency order.
func lexiconSample(n int) [][]byte {
	l := lexicon()
	type wf struct {
		w []byte
		f uint32
	}
	all := make([]wf, 0, len(l.forms))
	for _, e := range l.forms {
		all = append(all, wf{l.text[e.off : e.off+e.n], e.freq})
	}
	slices.SortFunc(all, func(a, b wf) int {
		if a.f != b.f {
			return int(b.f) - int(a.f)
		}
		return bytes.Compare(a.w, b.w)
	})
	out := make([][]byte, 0, n)
	for _, x := range all[:min(n, len(all))] {
		out = append(out, bytes.Clone(x.w))
	}
	return out
}

func ExampleStemString() {
	for _, w := range []string{"وبالعراق", "فلسطينيون", "الوزيرين", "أميركا", "لبنان"} {
		fmt.Println(StemString(Normalize(w)))
	}
	// Output:
	// عراق
	// فلسطيني
	// وزير
	// امريكا
	// لبنان
}
