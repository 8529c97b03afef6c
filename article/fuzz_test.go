package article

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func FuzzParseText(f *testing.F) {
	seed := readTestdata(f, "seed.txt")
	legacy, _ := charmap.Windows1256.NewEncoder().Bytes(seed)
	for _, s := range [][]byte{
		seed,
		bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n")),
		legacy,
		[]byte("\uFEFFعنوان\r\n\r\nنص.\r\nمرتبط\r\nالمصدر : عنب بلدي"),
		[]byte("\xFF\xFEa\x00"),
		[]byte("اقرأ أيضًا\nشارك\n/"),
		[]byte("عنوان\nالتاريخ: ١١/٠٣/٢٠٢٤\nنص.\nالتاريخ : 2024-03-11 14:30\nالمصدر: سانا"),
		[]byte("عنوان\n31/02/2024\nنص.\n2024.3.1"),
		{},
		{0},
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseText("f.txt", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt: ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not one line naming the file", err)
			}
			return
		}
		for name, s := range map[string]string{"Title": a.Title, "Body": a.Body, "Source": a.Source} {
			if !utf8.ValidString(s) {
				t.Errorf("%s = %q is not valid UTF-8", name, s)
			}
			if strings.ContainsRune(s, '\r') {
				t.Errorf("%s = %q has a CR", name, s)
			}
		}
		if a.Title == "" || strings.ContainsRune(a.Title, '\n') || strings.ContainsRune(a.Source, '\n') {
			t.Errorf("Title = %q, Source = %q: want one non-empty line", a.Title, a.Source)
		}
		if !a.Date.IsZero() && (a.Date.Year() < minTextYear || a.Date.Year() > maxTextYear) {
			t.Errorf("Date = %v, outside %d–%d", a.Date, minTextYear, maxTextYear)
		}
		if a.Body != "" && (strings.HasPrefix(a.Body, "\n") || strings.HasSuffix(a.Body, "\n") || strings.Contains(a.Body, "\n\n")) {
			t.Errorf("Body = %q has an empty paragraph", a.Body)
		}
	})
}

// FuzzTextDate: a date line either gives no date or one that reads back
// the same when written as the ISO form, with or without the label.
func FuzzTextDate(f *testing.F) {
	for _, s := range []string{"التاريخ: 2024-03-11", "١١/٠٣/٢٠٢٤", "تاريخ النشر : 5-3-2024 14:30",
		"2024.3.1.", "31/02/2024", "2017-01-20T10:30:00+01:00", "التاريخ:", "9/9/9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		d, ok := dateLine(line)
		if !ok {
			if !d.IsZero() {
				t.Fatalf("dateLine(%q) = %v, false", line, d)
			}
			return
		}
		if d.Year() < minTextYear || d.Year() > maxTextYear {
			t.Fatalf("dateLine(%q) = %v: year out of range", line, d)
		}
		iso := d.Format("2006-01-02 15:04:05")
		for _, again := range []string{iso, "التاريخ: " + iso} {
			back, ok := dateLine(again)
			if !ok || !back.Equal(time.Date(d.Year(), d.Month(), d.Day(), d.Hour(), d.Minute(), d.Second(), 0, time.UTC)) {
				t.Fatalf("dateLine(%q) = %v; %q reads back as %v, %v", line, d, again, back, ok)
			}
		}
	})
}

func FuzzReadJSONL(f *testing.F) {
	ant := readTestdata(f, "ant.jsonl")
	for _, s := range [][]byte{
		ant,
		readTestdata(f, "ant.jsonl.gz"),
		[]byte("\uFEFF" + objA + "\r\n\n" + objB),
		[]byte(`{"title": "عنوان", "date": "2017-01-20T10:30:00+01:00", "body": "\ud800"}`),
		[]byte(`{"title": 5}` + "\nnull\n[]\n{"),
		{0x1f, 0x8b},
		{},
	} {
		f.Add(s)
	}
	opts := Options{MaxLineSize: 4 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		fileErrors := 0
		err := opts.ReadJSONL("f.jsonl", bytes.NewReader(data), func(it Item) error {
			if it.Err != nil {
				if !strings.HasPrefix(it.Err.Error(), "f.jsonl: ") {
					t.Errorf("error %q does not name the file", it.Err)
				}
				if it.Line == 0 {
					fileErrors++
				}
				return nil
			}
			a := it.Article
			for name, s := range map[string]string{"ID": a.ID, "Title": a.Title, "Body": a.Body,
				"Source": a.Source, "URL": a.URL, "Category": a.Category} {
				if !utf8.ValidString(s) {
					t.Errorf("line %d: %s = %q is not valid UTF-8", it.Line, name, s)
				}
			}
			if a.Title == "" && a.Body == "" {
				t.Errorf("line %d: article with neither title nor body", it.Line)
			}
			if it.Line < 1 || it.Index < 1 || it.Index > it.Line || len(it.Hash) != 64 {
				t.Errorf("item at line %d #%d hash %q", it.Line, it.Index, it.Hash)
			}
			return nil
		})
		if err != nil {
			t.Errorf("ReadJSONL = %v, want nil when fn returns nil", err)
		}
		if fileErrors > 1 {
			t.Errorf("%d errors for the whole file, want at most 1", fileErrors)
		}
	})
}
