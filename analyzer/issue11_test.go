package analyzer

import (
	"strings"
	"testing"
)

// The error classes a reader met (issue #11), each through the whole
// analyzer as the index uses it.

func TestWordsKeepTheirTerm(t *testing.T) {
	a := New()
	same := [][]string{
		{"لجنة", "للجنة", "واللجنة", "اللجنة"},                // لل before a word starting with ل
		{"لبنان", "للبنان", "ولبنان", "بلبنان"},               // a protected name after every clitic
		{"لاعبين", "للاعبين", "اللاعبين"},                     //
		{"الله", "والله", "لله", "بالله"},                     // a name whose ال is its own
		{"التزام", "الالتزام", "والتزام", "بالالتزام"},        // ال of the word itself
		{"قائد", "قايد"},                                      // a hamza seat written as ي
		{"فيديو", "ڤيديو"},                                    // letters outside the Arabic alphabet
		{"الفمودي", "الڤمودي"},                                //
		{"نادي", "النادي", "للنادي"},                          // a noun is no imperfect verb
		{"إسلام", "الإسلام", "والإسلام"},                      // a verbal noun is no plural
		{"آلاف", "الآلاف", "وآلاف", "بآلاف", "لآلاف", "الاف"}, // ال spelled with a hamza is the word's own
		{"ألغى", "الغى"},                                      //
		{"ألقى", "القى"},                                      //
		{"ألوان", "الألوان", "بألوان"},                        // then the plural folds: ألوان is لون's
		{"مواطن", "المواطنين", "مواطنون", "للمواطنين"},        // a participle of the pattern مفاعل is no broken plural
		{"مقاتل", "المقاتلين", "مقاتلون"},
		{"وزير", "الوزيران", "الوزيرين", "وزيران"}, // a dual in ان folds where its ين is seen
		{"يوم", "يومان", "يومين"},
		{"يعمل", "يعملان", "يعملون"},      // a verb's dual in ان folds where its plural in ون is seen
		{"سلمان", "والسلمان", "لسلمان"},   // a name in ان keeps it after its clitics
		{"الرحمن", "الرحمان", "والرحمان"}, // عبد الرحمان, the Maghrebi spelling
	}
	for _, g := range same {
		want := terms(a, g[0])
		for _, w := range g[1:] {
			if got := terms(a, w); got != want {
				t.Errorf("Analyze(%q) = %q, want %q (as %q)", w, got, want, g[0])
			}
		}
	}
	apart := [][2]string{
		{"للجنة", "الجنة"}, {"للبنان", "بنان"}, {"للاعبين", "اعب"},
		{"نادي", "أدى"}, {"ناصر", "أصر"}, {"يمني", "مني"},
		{"الله", "له"}, {"والدة", "ده"}, {"التزام", "تزام"},
		{"الإسلام", "سلم"}, {"إقبال", "قبل"},
		{"الرياض", "الرياضة"},
		{"آلاف", "أف"}, {"ألغى", "غي"}, {"ألقى", "قي"}, {"ألفي", "في"},
		{"آلية", "إلينا"}, {"آلية", "إليكم"}, // إلى + نا is a stop word, not آلية's term الي
		{"المواطنين", "موطن"}, {"المقاتلين", "مقتل"}, // citizens are no homeland, fighters no killing
		// names and nouns in ان the lexicon never sees with a dual's ين
		{"سلمان", "سلم"}, {"سلطان", "سلط"}, {"نعمان", "نعم"}, {"عمران", "عمر"},
		{"الرحمان", "رحم"}, {"نيسان", "نيس"}, {"احسان", "أحس"},
	}
	for _, p := range apart {
		if ta, tb := terms(a, p[0]), terms(a, p[1]); ta == tb {
			t.Errorf("Analyze(%q) = Analyze(%q) = %q, want them apart", p[0], p[1], ta)
		}
	}
}

func TestStopWordsMatchTheSpelling(t *testing.T) {
	a := New()
	for _, w := range []string{"علي", "آلية", "هنأ", "والي", "آلان"} {
		if got := a.Terms(w); len(got) != 1 {
			t.Errorf("Analyze(%q) = %q, want one term: it is not spelled as a stop word", w, got)
		}
	}
	for _, w := range []string{"على", "عَلَى", "إلى", "الى", "الآن", "الان", "هنا", "إذا", "اذا", "وإن", "وان", "فى", "التى", "هؤلاء", "هولاء", "إلينا", "الينا", "إليكم", "عليكم", "عليهما"} {
		if got := a.Terms(w); len(got) != 0 {
			t.Errorf("Analyze(%q) = %q, want no term: a stop word as people write it", w, got)
		}
	}
	if got := strings.Join(a.Terms("بن علي"), " "); got != "بن علي" {
		t.Errorf("Analyze(بن علي) = %q, want both words", got)
	}
	// Tokens and Visit decide as Analyze does.
	for _, tok := range a.Tokens("على علي") {
		if stop := tok.Text == "على"; tok.Stop != stop {
			t.Errorf("Tokens: %q Stop = %v, want %v", tok.Text, tok.Stop, stop)
		}
	}
	var visited []string
	a.Visit([]byte("على علي"), func(_, _ int, _, term []byte) { visited = append(visited, string(term)) })
	if strings.Join(visited, ",") != ",علي" {
		t.Errorf("Visit terms = %q, want [\"\" علي]", visited)
	}
}

func TestStopFilterBeforeNormalize(t *testing.T) {
	ts := Tokenizer{}.Tokenize([]byte("على علي إلى"))
	ts = NormalizeFilter{}.Filter(StopFilter{Words: DefaultStopSet()}.Filter(ts))
	if len(ts) != 1 || string(ts[0].Term) != "علي" || ts[0].Start != len("على ") {
		t.Errorf("stop then normalize kept %v, want only the name علي", ts)
	}
}

func TestStemExclusion(t *testing.T) {
	if got := strings.Join(New().Terms("البنوك الأسواق"), " "); got != "بنوك سوق" {
		t.Fatalf("without stem_exclusion: %q, want بنوك سوق", got)
	}
	a := New(WithStemExclusion("البنوك"))
	if got := strings.Join(a.Terms("البُنوك في الأسواق"), " "); got != "البنوك سوق" {
		t.Errorf("with stem_exclusion: %q, want البنوك kept whole (normalized), في dropped, الأسواق stemmed", got)
	}
	an, err := newFromConfig(map[string]interface{}{"type": Name, "stem_exclusion": []interface{}{"البنوك"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := an.(*Analyzer).Terms("البنوك"); len(got) != 1 || got[0] != "البنوك" {
		t.Errorf("config stem_exclusion: %q, want [البنوك]", got)
	}
}

func TestConfigRejectsUnknownKeys(t *testing.T) {
	for _, cfg := range []map[string]interface{}{
		{"type": Name, "stemm": false},
		{"type": Name, "stop_words": []interface{}{"في"}},
		{"type": Name, "stem_exclusion": "البنك"},
		{"type": Name, "stem_exclusion": []interface{}{"البنك", 3.0}},
		{"type": Name, "stop": "yes"},
	} {
		_, err := newFromConfig(cfg, nil)
		if err == nil {
			t.Errorf("newFromConfig(%v) gave no error", cfg)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, Name) || strings.Count(msg, "\n") > 0 {
			t.Errorf("newFromConfig(%v): error %q, want one line naming the analyzer", cfg, msg)
		}
	}
	_, err := newFromConfig(map[string]interface{}{"type": Name, "stemm": false}, nil)
	if err == nil || !strings.Contains(err.Error(), `"stemm"`) {
		t.Errorf("unknown key error %v does not name the key", err)
	}
}

// FuzzStemAndStops checks the invariants of stemming and of stop words
// matched as written: Stem never changes its input and returns a non-empty
// term for a non-empty one; Tokens, Visit and Analyze agree on every term.
func FuzzStemAndStops(f *testing.F) {
	for _, s := range []string{"للجنة والله لله للبنان", "على علي عَلَى فى التى", "قايد هولاء الالتزام", "ڤيديو الڤمودي", "لل ولل فلله وال"} {
		f.Add(s)
	}
	a := New()
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range strings.Fields(Normalize(s)) {
			in := []byte(w)
			orig := string(in)
			out := Stem(in)
			if string(in) != orig || len(out) == 0 {
				t.Fatalf("Stem(%q) = %q, input now %q", orig, out, in)
			}
		}
		var want []string
		for _, tok := range a.Tokens(s) {
			if !tok.Stop {
				want = append(want, tok.Term)
			}
		}
		var visited []string
		a.Visit([]byte(s), func(_, _ int, _, term []byte) {
			if term != nil {
				visited = append(visited, string(term))
			}
		})
		got := a.Terms(s)
		if strings.Join(got, " ") != strings.Join(want, " ") || strings.Join(visited, " ") != strings.Join(want, " ") {
			t.Fatalf("%q: Analyze %q, Tokens %q, Visit %q", s, got, want, visited)
		}
	})
}
