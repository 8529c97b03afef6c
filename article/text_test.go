package article

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to rewrite it):\ngot:\n%s\nwant:\n%s", file, got, want)
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// seedBoilerplate are the lines after the seed's body.
var seedBoilerplate = []string{
	"“الخارجية” تدين الاعتداء على سوريين في العراق",
	"اذا كنت تعتقد/تعتقدين أن المقال يحوي معلومات خاطئة أو لديك تفاصيل إضافية",
	"أرسل/أرسلي تصحيحًا",
	"مرتبط",
	"إذا كنت تعتقد/تعتقدين أن المقال ينتهك أيًا من المبادئ الأخلاقية أو المعايير المهنية قدم/قدمي شكوى",
	"المصدر: عنب بلدي",
}

func TestParseTextSeed(t *testing.T) {
	a, err := ParseText("seed.txt", readTestdata(t, "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "تطوير العلاقات.. محور اتصال سوري- عراقي"; a.Title != want {
		t.Errorf("Title = %q, want %q", a.Title, want)
	}
	if want := "عنب بلدي"; a.Source != want {
		t.Errorf("Source = %q, want %q", a.Source, want)
	}
	if !strings.HasPrefix(a.Body, "تركزت مناقشات") {
		t.Errorf("Body starts %q, want it to start with تركزت مناقشات", firstLine(a.Body))
	}
	paras := strings.Split(a.Body, "\n")
	if len(paras) != 12 {
		t.Errorf("Body has %d paragraphs, want 12", len(paras))
	}
	if last := paras[len(paras)-1]; !strings.HasPrefix(last, "وتعرض سوريون للضرب") {
		t.Errorf("last paragraph = %q, want the one starting وتعرض سوريون للضرب", last)
	}
	for _, line := range seedBoilerplate {
		if strings.Contains(a.Body, line) {
			t.Errorf("Body contains boilerplate %q", line)
		}
	}
	if !a.Date.IsZero() || a.ID != "" || a.URL != "" || a.Category != "" {
		t.Errorf("ParseText set fields a text file does not have: %+v", a)
	}
	got, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "seed.golden", append(got, '\n'))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestParseTextSeedVariants checks that the seed reads the same however its
// lines end and whatever encoding it is in.
func TestParseTextSeedVariants(t *testing.T) {
	seed := readTestdata(t, "seed.txt")
	want, err := ParseText("seed.txt", seed)
	if err != nil {
		t.Fatal(err)
	}
	encode := func(enc interface{ Bytes([]byte) ([]byte, error) }) []byte {
		b, err := enc.Bytes(seed)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name    string
		data    []byte
		charset string
	}{
		{"BOM and CRLF", append([]byte("\uFEFF"), bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n"))...), ""},
		{"CR only", bytes.ReplaceAll(seed, []byte("\n"), []byte("\r")), ""},
		{"Unicode line separators", bytes.ReplaceAll(seed, []byte("\n"), []byte("\u2028\u2029")), ""},
		{"blank lines and padding", bytes.ReplaceAll(seed, []byte("\n"), []byte(" \u200F\n\n\t")), ""},
		{"spaced source label", bytes.Replace(seed, []byte("المصدر:"), []byte("المصدر :"), 1), ""},
		{"trailing newline", append(bytes.Clone(seed), '\n'), ""},
		{"Windows-1256", encode(charmap.Windows1256.NewEncoder()), charsetWindows1256},
		{"UTF-16LE with BOM", encode(xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder()), charsetUTF16LE},
		{"UTF-16BE with BOM", encode(xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewEncoder()), charsetUTF16BE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseText("seed.txt", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("ParseText = %+v\nwant %+v", got, want)
			}
			if _, charset, _ := DecodeText("seed.txt", tt.data); charset != tt.charset {
				t.Errorf("DecodeText charset = %q, want %q", charset, tt.charset)
			}
		})
	}
}

func TestParseTextLayouts(t *testing.T) {
	const (
		title = "الحكومة تعلن خطة جديدة للنقل العام"
		p1    = "أعلنت وزارة النقل، اليوم الأحد، عن خطة لتحديث حافلات النقل العام في العاصمة."
		p2    = "وقال الوزير إن الخطة تبدأ مطلع العام المقبل وتشمل ثلاثمئة حافلة جديدة."
		short = "تصوير عنب بلدي" // short, no final punctuation: looks like a title
	)
	lines := func(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
	tests := []struct {
		name, text, body, source string
	}{
		{"no boilerplate keeps every paragraph", lines(title, "", p1, p2, short), lines(p1, p2, short), ""},
		{"title only", lines(title), "\n", ""},
		{"lone source line keeps the paragraph above", lines(title, p1, short, "المصدر: عنب بلدي"), lines(p1, short), "عنب بلدي"},
		{"source with Arabic text after colon", lines(title, p1, "المصدر :   وكالة سانا  "), lines(p1), "وكالة سانا"},
		{"source label without colon is body", lines(title, p1, "المصدر الرسمي أكد الخبر."), lines(p1, "المصدر الرسمي أكد الخبر."), ""},
		{"related title above notices", lines(title, p1, p2, "“الخارجية” تدين الاعتداء", "مرتبط", "المصدر: عنب بلدي"), lines(p1, p2), "عنب بلدي"},
		{"only one title-like line above notices", lines(title, p1, short, "عنوان مقال مرتبط", "مرتبط"), lines(p1, short), ""},
		{"related titles between markers", lines(title, p1, "اقرأ أيضًا", "عنوان أول", "عنوان ثان", "شارك", "المصدر: عنب بلدي"), lines(p1), "عنب بلدي"},
		{"notices with hamza and without gendered forms", lines(title, p1, "إذا كنت تعتقد أن المقال يحوي معلومات خاطئة", "أرسل تصحيحا"), lines(p1), ""},
		{"notice with tatweel and vocalization", lines(title, p1, "مـرتبط", "شارِكْ"), lines(p1), ""},
		{"keeps the only paragraph", lines(title, short, "مرتبط"), lines(short), ""},
		{"inline read-also link dropped", lines(title, p1, "اقرأ أيضًا: الحكومة ترفع أسعار الوقود", p2), lines(p1, p2), ""},
		{"paragraph starting with a marker word kept", lines(title, "شارك آلاف المتظاهرين في المسيرة.", p2), lines("شارك آلاف المتظاهرين في المسيرة.", p2), ""},
		{"copyright line dropped", lines(title, p1, "© جميع الحقوق محفوظة 2025"), lines(p1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parseLayout(t, tt.text, title, tt.body, tt.source)
		})
	}
}

func TestParseTextErrors(t *testing.T) {
	arabic := "تطوير العلاقات بين البلدين"
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "corpus/z.txt: empty file"},
		{"blank lines", []byte(" \r\n\t\n\u200F\n"), "corpus/z.txt: empty file"},
		{"BOM only", []byte("\uFEFF"), "corpus/z.txt: empty file"},
		{"NUL byte", []byte("عنوان\x00\x01\x02"), "corpus/z.txt: binary file (NUL byte)"},
		{"UTF-16 with NUL", []byte("\xFF\xFE\x00\x00a\x00"), "corpus/z.txt: binary file (NUL byte)"},
		{"Latin-1", []byte("Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e"), "corpus/z.txt: invalid UTF-8 at byte 3"},
		{"UTF-8 with a stray byte", []byte(arabic + "\xff" + arabic), "corpus/z.txt: invalid UTF-8 at byte 49"},
		{"BOM counts in the offset", []byte("\uFEFF" + arabic + "\xc0"), "corpus/z.txt: invalid UTF-8 at byte 52"},
		{"truncated rune", []byte(arabic[:len(arabic)-1]), "corpus/z.txt: invalid UTF-8 at byte 47"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseText("corpus/z.txt", tt.data)
			if err == nil {
				t.Fatalf("ParseText = %+v, want error %q", a, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("ParseText error = %q, want %q", err, tt.want)
			}
		})
	}
}

func TestDecodeTextLegacy(t *testing.T) {
	const sentence = "وذكرت وكالة الأنباء الرسمية السورية (سانا) اليوم، الثلاثاء 1 من نيسان، أن الشرع بحث العلاقات الثنائية."
	tests := []struct {
		name    string
		text    string
		enc     *charmap.Charmap // nil for UTF-8
		charset string
	}{
		{"UTF-8", sentence, nil, ""},
		{"Windows-1256", sentence, charmap.Windows1256, charsetWindows1256},
		{"ISO-8859-6", sentence, charmap.ISO8859_6, charsetISO88596},
		{"Windows-1256 without ف ق ك غ", "سلام على الشام", charmap.Windows1256, charsetWindows1256},
		{"ISO-8859-6 short", "وهي يوم", charmap.ISO8859_6, charsetISO88596},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.text)
			if tt.enc != nil {
				var err error
				if data, err = tt.enc.NewEncoder().Bytes(data); err != nil {
					t.Fatalf("encode %q: %v", tt.text, err)
				}
			}
			text, charset, err := DecodeText("a.txt", data)
			if err != nil {
				t.Fatal(err)
			}
			if charset != tt.charset {
				t.Errorf("DecodeText(% x) charset = %q, want %q", data, charset, tt.charset)
			}
			if string(text) != tt.text {
				t.Errorf("DecodeText(% x) = %q, want %q", data, text, tt.text)
			}
		})
	}
}

func BenchmarkParseText(b *testing.B) {
	data := readTestdata(b, "seed.txt")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		a, err := ParseText("seed.txt", data)
		if err != nil || a.Source != "عنب بلدي" {
			b.Fatalf("ParseText = %+v, %v", a, err)
		}
	}
}

func TestParseTextDate(t *testing.T) {
	const (
		title = "افتتاح معرض دمشق الدولي"
		p1    = "افتتحت الدورة الجديدة من معرض دمشق الدولي بمشاركة عشرات الدول."
		p2    = "وقال المنظمون إن عدد الزوار تجاوز التوقعات في اليوم الأول."
	)
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	lines := func(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
	tests := []struct {
		name, text, body, source string
		date                     time.Time
	}{
		{"top ISO", lines(title, "التاريخ: 2024-03-11", p1, p2), lines(p1, p2), "", day(2024, 3, 11)},
		{"top day first", lines(title, "التاريخ : 11/03/2024", p1), lines(p1), "", day(2024, 3, 11)},
		{"top publication label, one-digit day", lines(title, "تاريخ النشر: 5-3-2024", p1), lines(p1), "", day(2024, 3, 5)},
		{"top bare date", lines(title, "11.03.2024", p1), lines(p1), "", day(2024, 3, 11)},
		{"Arabic-Indic digits", lines(title, "التاريخ: ١١/٠٣/٢٠٢٤", p1), lines(p1), "", day(2024, 3, 11)},
		{"Persian digits, year first", lines(title, "التاريخ: ۲۰۲۴/۰۳/۱۱", p1), lines(p1), "", day(2024, 3, 11)},
		{"with a time", lines(title, "التاريخ: 11/03/2024 14:30", p1), lines(p1), "", time.Date(2024, 3, 11, 14, 30, 0, 0, time.UTC)},
		{"bottom beside the source", lines(title, p1, p2, "التاريخ: 2024-03-11", "المصدر: عنب بلدي"), lines(p1, p2), "عنب بلدي", day(2024, 3, 11)},
		{"bottom after the source", lines(title, p1, "المصدر: عنب بلدي", "11/03/2024"), lines(p1), "عنب بلدي", day(2024, 3, 11)},
		{"bottom with notices", lines(title, p1, "مرتبط", "التاريخ: 2024-03-11", "المصدر: سانا"), lines(p1), "سانا", day(2024, 3, 11)},
		{"bottom alone", lines(title, p1, p2, "التاريخ: 2024-03-11"), lines(p1, p2), "", day(2024, 3, 11)},
		{"top wins over bottom", lines(title, "2024-03-11", p1, "التاريخ: 2023-01-01"), lines(p1), "", day(2024, 3, 11)},
		{"impossible day stays in the body", lines(title, "التاريخ: 31/02/2024", p1), lines("التاريخ: 31/02/2024", p1), "", time.Time{}},
		{"year out of range stays", lines(title, "التاريخ: 11/03/0024", p1), lines("التاريخ: 11/03/0024", p1), "", time.Time{}},
		{"month name stays", lines(title, "التاريخ: 11 آذار 2024", p1), lines("التاريخ: 11 آذار 2024", p1), "", time.Time{}},
		{"a date inside a paragraph is text", lines(title, "في 11/03/2024 افتتح المعرض.", p1), lines("في 11/03/2024 افتتح المعرض.", p1), "", time.Time{}},
		{"a date in the middle is text", lines(title, p1, "2024-03-11", p2), lines(p1, "2024-03-11", p2), "", time.Time{}},
		{"a number is not a date", lines(title, "2024", p1), lines("2024", p1), "", time.Time{}},
		{"label without colon is text", lines(title, "التاريخ يعيد نفسه في دمشق", p1), lines("التاريخ يعيد نفسه في دمشق", p1), "", time.Time{}},
		{"only a date below the title", lines(title, "2024-03-11"), "\n", "", day(2024, 3, 11)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := parseLayout(t, tt.text, title, tt.body, tt.source)
			if !a.Date.Equal(tt.date) {
				t.Errorf("Date = %v, want %v", a.Date, tt.date)
			}
		})
	}
}

// parseLayout parses text as a.txt and checks its title, body and source
// (body may end with the line break lines adds).
func parseLayout(t *testing.T, text, title, body, source string) Article {
	t.Helper()
	a, err := ParseText("a.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != title {
		t.Errorf("Title = %q, want %q", a.Title, title)
	}
	if body := strings.TrimSuffix(body, "\n"); a.Body != body {
		t.Errorf("Body = %q, want %q", a.Body, body)
	}
	if a.Source != source {
		t.Errorf("Source = %q, want %q", a.Source, source)
	}
	return a
}
