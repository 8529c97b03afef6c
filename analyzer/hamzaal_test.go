package analyzer

import "testing"

// TestHamzaAlWritten: a word written with a hamza on the alef of its first
// ال keeps that ال, as after the article, however it is vocalized or
// prefixed; the article's alef never takes a hamza. Before, إلهام
// (inspiration) was searched as هام (important), آلتين (two machines) as
// تين (figs), ألفان (two thousand) as فان, and ألبوم apart from الألبوم.
func TestHamzaAlWritten(t *testing.T) {
	a := New()
	term := func(w string) string {
		ts := a.Terms(w)
		if len(ts) != 1 {
			t.Fatalf("Analyze(%q) = %q, want one term", w, ts)
		}
		return ts[0]
	}
	same := [][]string{
		{"إلهام", "الإلهام", "وإلهام", "لإلهام", "بالإلهام", "فبإلهام", "إِلْهَام", "إلـهام"},
		{"ألفان", "الألفان", "ألفين", "ألف"},
		{"ألبوم", "الألبوم", "بالألبوم", "وألبوم"},
		{"آلتين", "الآلتين"},
		{"ألمه", "الألم", "ألم"},
		{"آلاف", "الآلاف", "وآلاف", "الاف"},
		{"ألعاب", "الألعاب", "لعبة"},
		// Hamzas that are not the word's: the article's (ألأمم) and
		// that of the verb form افتعل (إلتقى), often written, are read
		// as the word without them is.
		{"ألأمم", "الأمم", "أمم"},
		{"إلتقى", "التقى"},
		{"إلتزام", "التزام", "الالتزام"},
	}
	for _, ws := range same {
		want := term(ws[0])
		for _, w := range ws[1:] {
			if got := term(w); got != want {
				t.Errorf("Analyze(%q) = %q, Analyze(%q) = %q; want the same term", ws[0], want, w, got)
			}
		}
	}
	apart := [][2]string{{"إلهام", "هام"}, {"آلتين", "تين"}, {"ألبوم", "بوم"}, {"ألمه", "مه"}}
	for _, p := range apart {
		if x, y := term(p[0]), term(p[1]); x == y {
			t.Errorf("Analyze(%q) = Analyze(%q) = %q; want them apart", p[0], p[1], x)
		}
	}
	// Typed without its hamza, the word is read as the lexicon reads it.
	if got, want := term("الهام"), StemString("الهام"); got != want {
		t.Errorf("Analyze(الهام) = %q, want Stem's %q", got, want)
	}
	// Tokens and Visit decide as Analyze does.
	text := "نال إلهام الكاتب ألبوم آلاف الألبوم"
	want := a.Terms(text)
	var toks, visit []string
	for _, tok := range a.Tokens(text) {
		if !tok.Stop {
			toks = append(toks, tok.Term)
		}
	}
	a.Visit([]byte(text), func(_, _ int, _, term []byte) {
		if term != nil {
			visit = append(visit, string(term))
		}
	})
	if len(toks) != len(want) || len(visit) != len(want) {
		t.Fatalf("Analyze %q, Tokens %q, Visit %q", want, toks, visit)
	}
	for i := range want {
		if toks[i] != want[i] || visit[i] != want[i] {
			t.Errorf("term %d: Analyze %q, Tokens %q, Visit %q", i, want[i], toks[i], visit[i])
		}
	}
}

// TestWrittenHamzaAl: where the hamza alef before ل is, after which
// proclitics, and what is not it.
func TestWrittenHamzaAl(t *testing.T) {
	for _, c := range []struct {
		w   string
		n   int
		lam bool
	}{
		{"إلهام", 0, false}, {"إِلْهَام", 0, false}, {"ـإلهام", 0, false}, {"وإلهام", 1, false},
		{"لإلهام", 1, true}, {"فبإلهام", 2, false}, {"وللإلهام", -1, false}, {"ولإلهام", 2, true},
		{"الهام", -1, false}, {"إسلام", -1, false}, {"مإلهام", -1, false}, {"أ", -1, false},
		{"", -1, false}, {"Alan", -1, false}, {"آل", 0, false}, {"\xd8", -1, false},
		{"ألأمم", -1, false}, {"إلتقى", -1, false}, {"إلتزام", -1, false}, {"ألتراس", 0, false},
	} {
		n, lam := writtenHamzaAl([]byte(c.w))
		if n != c.n || (n >= 0 && lam != c.lam) {
			t.Errorf("writtenHamzaAl(%q) = %d, %v; want %d, %v", c.w, n, lam, c.n, c.lam)
		}
		if got := WrittenWithHamzaAl([]byte(c.w)); got != (c.n >= 0) {
			t.Errorf("WrittenWithHamzaAl(%q) = %v", c.w, got)
		}
	}
}
