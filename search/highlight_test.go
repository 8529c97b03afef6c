package search

import (
	"compress/gzip"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/arsearch/arsearch/article"
)

// corpusArticle reads one article of the bundled ANT corpus by id.
func corpusArticle(t *testing.T, id string) article.Article {
	t.Helper()
	f, err := os.Open("../corpus/antcorpus-v1.1.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var found article.Article
	errFound := errors.New("found")
	err = article.ReadJSONL("corpus", zr, func(it article.Item) error {
		if it.Err == nil && it.Article.ID == id {
			found = it.Article
			return errFound
		}
		return nil
	})
	if !errors.Is(err, errFound) {
		t.Fatalf("corpus: no article %s (%v)", id, err)
	}
	return found
}

// markerFor is the marker of query q.
func markerFor(t *testing.T, q string) marker {
	t.Helper()
	clauses, err := ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	_, mk, err := buildQuery(clauses, DefaultRanking)
	if err != nil {
		t.Fatal(err)
	}
	return mk
}

// checkSnippets checks that snippets are pieces of body in the order of
// the text, that none overlaps another or repeats its text, that each is
// cut at a word or sentence boundary, and that its marks lie inside it.
func checkSnippets(t *testing.T, body string, snips []Snippet) {
	t.Helper()
	pos := 0
	seen := map[string]bool{}
	for i, s := range snips {
		if seen[s.Text] {
			t.Errorf("snippet %d repeats an earlier one: %q", i, s.Text)
		}
		seen[s.Text] = true
		at := strings.Index(body[pos:], s.Text)
		if at < 0 {
			t.Errorf("snippet %d overlaps the one before or is out of order:\n%q\nprevious ended at byte %d", i, s.Text, pos)
			continue
		}
		at += pos
		end := at + len(s.Text)
		if at > 0 {
			r, _ := utf8.DecodeLastRuneInString(body[:at])
			if !unicode.IsSpace(r) && !unicode.IsPunct(r) {
				t.Errorf("snippet %d starts inside a word: %q|%q", i, body[max(0, at-12):at], s.Text[:min(24, len(s.Text))])
			}
		}
		if end < len(body) {
			r, _ := utf8.DecodeRuneInString(body[end:])
			if !unicode.IsSpace(r) && !unicode.IsPunct(r) {
				t.Errorf("snippet %d ends inside a word: %q|%q", i, s.Text[max(0, len(s.Text)-24):], body[end:min(len(body), end+12)])
			}
		}
		if s.StartCut != (strings.TrimSpace(body[:at]) != "") || s.EndCut != (strings.TrimSpace(body[end:]) != "") {
			t.Errorf("snippet %d: cut flags %v %v wrong", i, s.StartCut, s.EndCut)
		}
		for _, m := range s.Marks {
			if m.Start < 0 || m.End > len(s.Text) || m.Start >= m.End {
				t.Errorf("snippet %d: mark %v outside %d bytes", i, m, len(s.Text))
			}
		}
		pos = end
	}
}

// TestSnippetsDoNotOverlap: the case, hit 1 for العراق سوريا on
// the bundled corpus, whose two snippets repeated "سجل مشاركة نحو 6500
// مقاتل تونسي"; and the seed article with up to four snippets.
func TestSnippetsDoNotOverlap(t *testing.T) {
	mk := markerFor(t, "العراق سوريا")
	seed, err := os.ReadFile("../testdata/corpus-small/" + seedFile)
	if err != nil {
		t.Fatal(err)
	}
	seedArt, err := article.ParseText(seedID, seed)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []article.Article{corpusArticle(t, "JA-localNews-2668-20160326"), seedArt} {
		for n := 1; n <= 4; n++ {
			snips := makeSnippets(a.Body, mk.snippetSpans(a.Body), n)
			if len(snips) == 0 || len(snips) > n {
				t.Fatalf("%s: %d snippets, want 1 to %d", a.ID, len(snips), n)
			}
			checkSnippets(t, a.Body, snips)
			marks := 0
			for _, s := range snips {
				marks += len(s.Marks)
			}
			if marks == 0 {
				t.Errorf("%s: no marks in %d snippets", a.ID, n)
			}
		}
	}
	// The repeated sentence appears at most once.
	a := corpusArticle(t, "JA-localNews-2668-20160326")
	all := ""
	for _, s := range makeSnippets(a.Body, mk.snippetSpans(a.Body), 2) {
		all += s.Text + "\n"
	}
	if n := strings.Count(all, "مقاتل تونسي"); n > strings.Count(a.Body, "مقاتل تونسي") {
		t.Errorf("the snippets show مقاتل تونسي %d times; the article has it %d times:\n%s", n, strings.Count(a.Body, "مقاتل تونسي"), all)
	}
}

// TestSnippetsSentences: a snippet starts at the start of the sentence of
// its first mark when that is near, and ends at the end of a sentence
// when one ends near the window's end.
func TestSnippetsSentences(t *testing.T) {
	body := "انعقد اجتماع طويل في العاصمة صباح اليوم بحضور عدد كبير من المسؤولين والخبراء. " +
		"وقال المتحدث إن الحكومة ستعلن خطة جديدة للنقل في دمشق خلال الأسبوع المقبل. " +
		"وأضاف أن الخطة تشمل إصلاح الطرق وبناء جسور جديدة وتوسيع شبكة الحافلات في المدن الكبرى كلها. " +
		"وختم بالقول إن التمويل مضمون من الموازنة العامة للدولة ومن قروض ميسرة."
	mk := markerFor(t, "دمشق")
	snips := makeSnippets(body, mk.spans(body), 1)
	if len(snips) != 1 {
		t.Fatalf("%d snippets, want 1", len(snips))
	}
	checkSnippets(t, body, snips)
	if want := "وقال المتحدث"; !strings.HasPrefix(snips[0].Text, want) {
		t.Errorf("snippet starts %q, want the sentence start %q", snips[0].Text[:min(40, len(snips[0].Text))], want)
	}
	if !strings.HasSuffix(snips[0].Text, ".") {
		t.Errorf("snippet ends %q, want the end of a sentence", snips[0].Text[max(0, len(snips[0].Text)-40):])
	}
}

// TestPhraseMarkedAsOneSpan: a phrase is marked as one span where its
// words follow each other, and nowhere else.
func TestPhraseMarkedAsOneSpan(t *testing.T) {
	text := "التقى وزير الخارجية نظيره التركي، ثم قال وزير الداخلية إن الخارجية لم تبلغه. وأكد وزيرُ الخارجية ذلك."
	mk := markerFor(t, `"وزير الخارجية"`)
	var got []string
	for _, m := range mk.spans(text) {
		got = append(got, text[m.Start:m.End])
	}
	want := []string{"وزير الخارجية", "وزيرُ الخارجية"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("marks %q, want %q", got, want)
	}
	// A phrase and a plain word: the word anywhere, the phrase only whole.
	mk = markerFor(t, `"وزير الخارجية" التركي`)
	got = got[:0]
	for _, m := range mk.spans(text) {
		got = append(got, text[m.Start:m.End])
	}
	want = []string{"وزير الخارجية", "التركي", "وزيرُ الخارجية"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("marks %q, want %q", got, want)
	}
}

// TestSetUnits: code point and UTF-16 offsets slice the same text as the
// byte offsets, with vowel marks, tatweel and a character outside the
// Basic Multilingual Plane (two UTF-16 units) before the marks.
func TestSetUnits(t *testing.T) {
	text := "😀 قالت وزارةُ الخارجيـــة 𝔸 إن العراقَ وسوريا اتفقتا"
	mk := markerFor(t, "العراق سوريا الخارجية")
	marks := mk.spans(text)
	if len(marks) != 3 {
		t.Fatalf("%d marks, want 3", len(marks))
	}
	SetUnits(text, marks)
	runes := []rune(text)
	units := utf16.Encode(runes)
	for _, m := range marks {
		want := text[m.Start:m.End]
		if got := string(runes[m.StartRune:m.EndRune]); got != want {
			t.Errorf("runes [%d,%d) = %q, want %q", m.StartRune, m.EndRune, got, want)
		}
		if got := string(utf16.Decode(units[m.StartUTF16:m.EndUTF16])); got != want {
			t.Errorf("UTF-16 [%d,%d) = %q, want %q", m.StartUTF16, m.EndUTF16, got, want)
		}
	}
	if marks[0].StartUTF16 == marks[0].StartRune {
		t.Errorf("UTF-16 and rune offsets agree (%d) after two astral characters", marks[0].StartRune)
	}
}

// FuzzSnippets: for any text, snippets are valid UTF-8 pieces of it in
// order and not overlapping, at most n, with marks in range, on rune
// boundaries, sorted and apart; SetUnits agrees with []rune.
func FuzzSnippets(f *testing.F) {
	f.Add("قالت وزارة الخارجية إن العراق وسوريا اتفقتا. وأضافت أن سوريا…", 2)
	f.Add("العراق\n\n\nسوريا؟ العراق! سوريا.", 3)
	f.Add("😀العراق😀سوريا", 1)
	mk := newMarker([]string{"عراق", "سوري", "سوريا"}, [][]string{{"وزارة", "الخارجية"}})
	f.Fuzz(func(t *testing.T, text string, n int) {
		if !utf8.ValidString(text) || n < 1 || n > 5 {
			return
		}
		snips := makeSnippets(text, mk.spans(text), n)
		if len(snips) > n {
			t.Fatalf("%d snippets, want at most %d", len(snips), n)
		}
		pos := 0
		for i, s := range snips {
			at := strings.Index(text[pos:], s.Text)
			if at < 0 || !utf8.ValidString(s.Text) {
				t.Fatalf("snippet %d %q: not a piece of the text after byte %d", i, s.Text, pos)
			}
			pos += at + len(s.Text)
			SetUnits(s.Text, s.Marks)
			runes := []rune(s.Text)
			last := -1
			for _, m := range s.Marks {
				if m.Start <= last || m.End <= m.Start || m.End > len(s.Text) ||
					!utf8.RuneStart(s.Text[m.Start]) || (m.End < len(s.Text) && !utf8.RuneStart(s.Text[m.End])) {
					t.Fatalf("snippet %d: bad mark %v of %q", i, m, s.Text)
				}
				if string(runes[m.StartRune:m.EndRune]) != s.Text[m.Start:m.End] {
					t.Fatalf("snippet %d: rune offsets %v disagree", i, m)
				}
				last = m.End
			}
		}
	})
}
