package article

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// collect returns the items a reader hands to fn, failing on its error.
func collect(t *testing.T, read func(fn func(Item) error) error) []Item {
	t.Helper()
	var items []Item
	if err := read(func(it Item) error { items = append(items, it); return nil }); err != nil {
		t.Fatalf("reader returned %v", err)
	}
	return items
}

// summary is an Item in a line, for comparing tables.
func summary(it Item) string {
	if it.Err != nil {
		return fmt.Sprintf("line %d #%d: error: %v", it.Line, it.Index, it.Err)
	}
	return fmt.Sprintf("line %d #%d: id=%q title=%q", it.Line, it.Index, it.Article.ID, it.Article.Title)
}

func summaries(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(summary(it))
		b.WriteByte('\n')
	}
	return b.String()
}

const (
	objA = `{"id": "a1", "title": "مخرج \"غدوة حيّ\"", "body": "استضاف برنامج \"سينما سينما\" أبطال الفيلم."}`
	objB = `{"title": "اختتام المهرجان العربي للإذاعة", "body": "اختتمت ليلة البارحة فعاليات المهرجان."}`
)

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		data []byte
		want string
	}{
		{"one object", Options{}, []byte(objA), `line 1 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n"},
		{"array", Options{}, []byte("[\n  " + objA + ",\n\n  " + objB + "\n]\n"),
			`line 2 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n" +
				`line 4 #2: id="" title="اختتام المهرجان العربي للإذاعة"` + "\n"},
		{"objects one after another", Options{}, []byte(objA + "\n" + objB),
			`line 1 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n" +
				`line 2 #2: id="" title="اختتام المهرجان العربي للإذاعة"` + "\n"},
		{"BOM", Options{}, []byte("\uFEFF" + objA), `line 1 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n"},
		{"gzip", Options{}, gzipBytes(t, []byte(objA)), `line 1 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n"},
		{"empty array", Options{}, []byte(" [ ] "), ""},
		{"wrong type, then a good record", Options{}, []byte("[\n" + `{"title": 5, "body": "نص"},` + "\n" + objB + "]"),
			`line 2 #1: error: corpus/y.json: line 2: field "title": want a string` + "\n" +
				`line 3 #2: id="" title="اختتام المهرجان العربي للإذاعة"` + "\n"},
		{"no title or body", Options{}, []byte(`[{"id": "x", "title": " ", "url": "http://example.com/"}]`),
			`line 1 #1: error: corpus/y.json: line 1: fields "title" and "body": both missing or empty` + "\n"},
		{"bad date", Options{}, []byte(`{"title": "عنوان", "date": "01/20/2017"}`),
			`line 1 #1: error: corpus/y.json: line 1: field "date": date "01/20/2017": want RFC 3339, "2006-01-02 15:04:05", "2006-01-02" or "02/01/2006"` + "\n"},
		{"element not an object", Options{}, []byte(`[1, ` + objB + `]`),
			`line 1 #1: error: corpus/y.json: line 1: want an object` + "\n" +
				`line 1 #2: id="" title="اختتام المهرجان العربي للإذاعة"` + "\n"},
		{"syntax error", Options{}, []byte("[\n" + objA + ",\n{\"title\" \"عنوان\"}\n]"),
			`line 2 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n" +
				`line 3 #0: error: corpus/y.json: line 3: invalid JSON: invalid character '"' after object key` + "\n"},
		{"unterminated array", Options{}, []byte("[\n" + objA + ",\n"),
			`line 2 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n" +
				`line 3 #0: error: corpus/y.json: line 3: invalid JSON: unexpected end of input` + "\n"},
		{"data after the array", Options{}, []byte("[]\n" + objA),
			`line 2 #0: error: corpus/y.json: line 2: invalid JSON: data after the array` + "\n"},
		{"not an object or array", Options{}, []byte(`"عنوان"`),
			`line 1 #0: error: corpus/y.json: line 1: want an object or an array of objects` + "\n"},
		{"empty", Options{}, nil, "line 0 #0: error: corpus/y.json: empty file\n"},
		{"blank", Options{}, []byte(" \n\t"), "line 0 #0: error: corpus/y.json: empty file\n"},
		{"binary", Options{}, []byte("{\x00}"), "line 0 #0: error: corpus/y.json: binary file (NUL byte)\n"},
		{"invalid UTF-8", Options{}, []byte(`{"title": "caf` + "\xe9" + `"}`), "line 0 #0: error: corpus/y.json: invalid UTF-8 at byte 14\n"},
		{"truncated gzip", Options{}, gzipBytes(t, []byte(objA))[:30], "line 0 #0: error: corpus/y.json: truncated gzip stream\n"},
		{"gzip magic only", Options{}, []byte{0x1f, 0x8b}, "line 0 #0: error: corpus/y.json: truncated gzip stream\n"},
		{"too large", Options{MaxFileSize: 10}, []byte(objA), "line 0 #0: error: corpus/y.json: file too large (more than 10 bytes)\n"},
		{"too large after gunzip", Options{MaxFileSize: 1 << 10}, gzipBytes(t, bytes.Repeat([]byte(" "), 4<<10)), "line 0 #0: error: corpus/y.json: file too large (more than 1 KiB)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := collect(t, func(fn func(Item) error) error {
				return tt.opts.ReadJSON("corpus/y.json", bytes.NewReader(tt.data), fn)
			})
			if got := summaries(items); got != tt.want {
				t.Errorf("ReadJSON:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestArticleUnmarshalJSON(t *testing.T) {
	tunis := time.FixedZone("", 3600)
	tests := []struct {
		name, data string
		want       Article
	}{
		{"all fields", `{"id": " JA-1 ", "title": "عنوان", "body": "سطر\r\nسطر", "date": "2017-01-20T10:30:00+01:00",
			"source": "Jawhara FM", "url": "http://www.jawharafm.net/ar/article/1", "category": "culture", "author": 7}`,
			Article{ID: "JA-1", Title: "عنوان", Body: "سطر\nسطر", Date: time.Date(2017, 1, 20, 10, 30, 0, 0, tunis),
				Source: "Jawhara FM", URL: "http://www.jawharafm.net/ar/article/1", Category: "culture"}},
		{"date and time without offset", `{"body": "نص", "date": "2015-07-21 12:30:05"}`,
			Article{Body: "نص", Date: time.Date(2015, 7, 21, 12, 30, 5, 0, time.UTC)}},
		{"date only", `{"body": "نص", "date": "2015-07-21"}`,
			Article{Body: "نص", Date: time.Date(2015, 7, 21, 0, 0, 0, 0, time.UTC)}},
		{"nulls and empty date", `{"id": null, "body": "نص", "date": ""}`, Article{Body: "نص"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Article
			if err := json.Unmarshal([]byte(tt.data), &got); err != nil {
				t.Fatal(err)
			}
			if !got.Date.Equal(tt.want.Date) {
				t.Errorf("Date = %v, want %v", got.Date, tt.want.Date)
			}
			got.Date, tt.want.Date = time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("Unmarshal = %+v, want %+v", got, tt.want)
			}
		})
	}
	for _, data := range []string{`{"body": 5}`, `{"body": ["نص"]}`, `{"body": {"ar": "نص"}}`, `{"body": true}`} {
		var a Article
		err := json.Unmarshal([]byte(data), &a)
		if want := `field "body": want a string`; err == nil || err.Error() != want {
			t.Errorf("Unmarshal(%s) error = %v, want %q", data, err, want)
		}
	}
}

func TestArticleMarshalJSON(t *testing.T) {
	a := Article{ID: "x", Title: "عنوان", Body: "نص"}
	got, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"x","title":"عنوان","body":"نص"}`; string(got) != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	a.Date = time.Date(2017, 1, 20, 10, 30, 0, 0, time.FixedZone("", 3600))
	got, _ = json.Marshal(a)
	if want := `{"id":"x","title":"عنوان","body":"نص","date":"2017-01-20T10:30:00+01:00"}`; string(got) != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	var back Article
	if err := json.Unmarshal(got, &back); err != nil || !back.Date.Equal(a.Date) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
}

func TestReadJSONLFixture(t *testing.T) {
	plain := readTestdata(t, "ant.jsonl")
	lines := bytes.Split(bytes.TrimSuffix(plain, []byte("\n")), []byte("\n"))
	for _, name := range []string{"ant.jsonl", "ant.jsonl.gz"} {
		t.Run(name, func(t *testing.T) {
			items := collect(t, func(fn func(Item) error) error {
				return ReadJSONL(name, bytes.NewReader(readTestdata(t, name)), fn)
			})
			if len(items) != 3 {
				t.Fatalf("got %d items, want 3:\n%s", len(items), summaries(items))
			}
			for i, it := range items {
				if it.Err != nil {
					t.Fatal(it.Err)
				}
				if it.Line != i+1 || it.Index != i+1 || it.Path != name {
					t.Errorf("item %d at %s line %d #%d, want %s line %d #%d", i, it.Path, it.Line, it.Index, name, i+1, i+1)
				}
				if want := hash(lines[i]); it.Hash != want {
					t.Errorf("item %d Hash = %s, want %s", i, it.Hash, want)
				}
			}
			a := items[0].Article
			want := Article{
				ID:       "JA-culture-1-20170120",
				Title:    `مخرج "غدوة حيّ" : الفيلم يجمع التشويق و المغامرة و الفرجة و الموسيقى`,
				Date:     time.Date(2017, 1, 20, 21, 43, 0, 0, time.FixedZone("", 3600)),
				Source:   "Jawhara FM",
				URL:      "http://www.jawharafm.net/ar/article/مخرج-غدوة-حيّ--الفيلم-يجمع-التشويق-و-المغامرة-و-الفرجة-و-الموسيقى/95/76326",
				Category: "culture",
			}
			if !a.Date.Equal(want.Date) {
				t.Errorf("Date = %v, want %v", a.Date, want.Date)
			}
			if !strings.HasPrefix(a.Body, "استضاف برنامج \"سينما سينما\"") || strings.Count(a.Body, "\n") < 2 {
				t.Errorf("Body = %q, want the article's lines", a.Body)
			}
			a.Date, a.Body, want.Date = time.Time{}, "", time.Time{}
			if a != want {
				t.Errorf("Article = %+v\nwant %+v", a, want)
			}
		})
	}
}

func TestReadJSONL(t *testing.T) {
	ant := readTestdata(t, "ant.jsonl.gz")
	long := `{"title": "` + strings.Repeat("ع", 40) + `"}`
	tests := []struct {
		name string
		opts Options
		data []byte
		want string
	}{
		{"blank lines and CRLF", Options{}, []byte("\n" + objA + "\r\n  \r\n" + objB),
			`line 2 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n" +
				`line 4 #2: id="" title="اختتام المهرجان العربي للإذاعة"` + "\n"},
		{"BOM", Options{}, []byte("\uFEFF" + objA + "\n"), `line 1 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n"},
		{"line too long, then a good line", Options{MaxLineSize: 64}, []byte(long + "\n" + `{"title": "عنوان"}` + "\n" + long),
			"line 1 #1: error: corpus/a.jsonl: line 1: line too long (more than 64 bytes)\n" +
				`line 2 #2: id="" title="عنوان"` + "\n" +
				"line 3 #3: error: corpus/a.jsonl: line 3: line too long (more than 64 bytes)\n"},
		{"line at the limit", Options{MaxLineSize: len(`{"title": "عنوان"}`)}, []byte(`{"title": "عنوان"}` + "\r\n"),
			`line 1 #1: id="" title="عنوان"` + "\n"},
		{"invalid UTF-8 line", Options{}, []byte(objA + "\n" + `{"title": "caf` + "\xe9" + `"}` + "\n" + objB),
			`line 1 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n" +
				"line 2 #2: error: corpus/a.jsonl: line 2: invalid UTF-8 at byte 14\n" +
				`line 3 #3: id="" title="اختتام المهرجان العربي للإذاعة"` + "\n"},
		{"syntax error", Options{}, []byte(`{"title": "عنوان",}` + "\n" + objB),
			"line 1 #1: error: corpus/a.jsonl: line 1: invalid JSON: invalid character '}' looking for beginning of object key string\n" +
				`line 2 #2: id="" title="اختتام المهرجان العربي للإذاعة"` + "\n"},
		{"wrong type", Options{}, []byte(objA + "\n" + `{"title": "عنوان", "category": 3}`),
			`line 1 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n" +
				`line 2 #2: error: corpus/a.jsonl: line 2: field "category": want a string` + "\n"},
		{"not an object", Options{}, []byte("null\n[]\n\"عنوان\""),
			"line 1 #1: error: corpus/a.jsonl: line 1: want an object\n" +
				"line 2 #2: error: corpus/a.jsonl: line 2: want an object\n" +
				"line 3 #3: error: corpus/a.jsonl: line 3: want an object\n"},
		{"empty", Options{}, nil, "line 0 #0: error: corpus/a.jsonl: empty file\n"},
		{"blank", Options{}, []byte("\n\r\n \n"), "line 0 #0: error: corpus/a.jsonl: empty file\n"},
		{"binary", Options{}, []byte(objA + "\n\x00\x00\x00"), "line 0 #0: error: corpus/a.jsonl: binary file (NUL byte)\n"},
		{"truncated gzip", Options{}, ant[:len(ant)/2],
			antLine1 + "line 0 #0: error: corpus/a.jsonl: truncated gzip stream\n"},
		{"corrupt gzip", Options{}, corrupt(ant),
			antLine1 + antLine2 + antLine3 + "line 0 #0: error: corpus/a.jsonl: corrupt gzip stream (checksum mismatch)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := collect(t, func(fn func(Item) error) error {
				return tt.opts.ReadJSONL("corpus/a.jsonl", bytes.NewReader(tt.data), fn)
			})
			if got := summaries(items); got != tt.want {
				t.Errorf("ReadJSONL:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// The fixture's records, as summary writes them.
const (
	antLine1 = `line 1 #1: id="JA-culture-1-20170120" title="مخرج \"غدوة حيّ\" : الفيلم يجمع التشويق و المغامرة و الفرجة و الموسيقى"` + "\n"
	antLine2 = `line 2 #2: id="JA-culture-10-20161210" title="\"\"وُه\".. فيلم كوميدي جديد في قاعات السينما ابتداء من 21 ديسمبر"` + "\n"
	antLine3 = `line 3 #3: id="JA-culture-100-20170429" title="اختتام المهرجان العربي للإذاعة والتلفزيون : تتويج للتلفزة التونسية وإذاعة \"الديوان أف أم\""` + "\n"
)

// corrupt returns a gzip stream with a wrong CRC.
func corrupt(gz []byte) []byte {
	gz = bytes.Clone(gz)
	gz[len(gz)-8] ^= 0xff
	return gz
}

func TestReadJSONLStops(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := ReadJSONL("ant.jsonl", bytes.NewReader(readTestdata(t, "ant.jsonl")), func(Item) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("ReadJSONL = %v after %d calls, want %v after 1", err, calls, stop)
	}
}

func TestReadJSONLReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader(objA+"\n"+objB[:10]), errReader{errors.New("disk on fire")})
	items := collect(t, func(fn func(Item) error) error { return ReadJSONL("a.jsonl", r, fn) })
	want := `line 1 #1: id="a1" title="مخرج \"غدوة حيّ\""` + "\n" + "line 0 #0: error: a.jsonl: disk on fire\n"
	if got := summaries(items); got != want {
		t.Errorf("ReadJSONL:\n%s\nwant:\n%s", got, want)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func BenchmarkReadJSONL(b *testing.B) {
	data := bytes.Repeat(readTestdata(b, "ant.jsonl"), 30)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := ReadJSONL("ant.jsonl", bytes.NewReader(data), func(it Item) error {
			if it.Err != nil {
				return it.Err
			}
			n++
			return nil
		})
		if err != nil || n != 90 {
			b.Fatalf("ReadJSONL read %d articles, %v", n, err)
		}
	}
}
