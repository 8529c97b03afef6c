package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestVariant: a copy's body has the same paragraphs (or sentences) as
// the original in another order, the same for the same copy and place,
// and a body of one piece is kept.
func TestVariant(t *testing.T) {
	body := "حدد رئيس الوزراء ملامح الاستراتيجية.\n\n ورسم الإطار العام للخطة.\n\nوتسعى الخطة للتصدي للأفكار المتطرفة."
	parts := nonBlank(strings.Split(body, "\n"))
	for copyNo := 1; copyNo <= 5; copyNo++ {
		got, changed := variant(body, copyNo, 7)
		if !changed {
			t.Fatalf("copy %d: unchanged", copyNo)
		}
		gotParts := strings.Split(got, "\n\n")
		if slices.Equal(gotParts, parts) {
			t.Fatalf("copy %d: paragraphs in the original order: %q", copyNo, got)
		}
		a, b := slices.Clone(gotParts), slices.Clone(parts)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Fatalf("copy %d: paragraphs %q, want a reordering of %q", copyNo, gotParts, parts)
		}
		if again, _ := variant(body, copyNo, 7); again != got {
			t.Fatalf("copy %d: not deterministic", copyNo)
		}
	}
	oneSentences := "الجملة الأولى. الجملة الثانية. الجملة الثالثة"
	if got, changed := variant(oneSentences, 1, 0); !changed || got == oneSentences {
		t.Fatalf("sentences not reordered: %q", got)
	}
	one := "خبر من جملة واحدة"
	if got, changed := variant(one, 3, 1); changed || got != one {
		t.Fatalf("one piece: got %q, changed %v", got, changed)
	}
}

// TestWriteCorpus: n articles, the base first as it was, then copies
// with fresh ids, all ids distinct.
func TestWriteCorpus(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "base.jsonl")
	base := `{"id":"a","title":"عنوان أ","body":"فقرة أولى.\nفقرة ثانية.","source":"س"}
{"id":"b","title":"عنوان ب","body":"جملة أولى. جملة ثانية."}
`
	if err := os.WriteFile(src, []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	arts, err := loadBase(src)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "corpus.jsonl")
	size, same, err := writeCorpus(out, arts, 5)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readJSONL(out)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(out)
	if len(got) != 5 || size != info.Size() || same != 0 {
		t.Fatalf("%d articles, %d bytes (file %d), %d same bodies; want 5, the file's size, 0", len(got), size, info.Size(), same)
	}
	wantIDs := []string{"a", "b", "a~1", "b~1", "a~2"}
	for i, a := range got {
		if a.ID != wantIDs[i] {
			t.Fatalf("article %d: id %q, want %q", i, a.ID, wantIDs[i])
		}
		if a.Title != arts[i%2].Title || string(a.fields["source"]) != string(arts[i%2].fields["source"]) {
			t.Fatalf("article %d: title or source changed", i)
		}
		if (i < 2) != (a.Body == arts[i%2].Body) {
			t.Fatalf("article %d: body %q (original %q)", i, a.Body, arts[i%2].Body)
		}
	}
	if _, err := readJSONL(writeFile(t, dir, "bad.jsonl", `{"title":"بلا معرف"}`+"\n")); err == nil ||
		!strings.Contains(err.Error(), "line 1: no id") {
		t.Fatalf("a record without an id: %v", err)
	}
}

// TestRowsRoundTrip: rows appended to a TSV read back the same, and a
// file with another header or a short line is refused naming the line.
func TestRowsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	tsv := filepath.Join(dir, "sub", "curve.tsv")
	rows := []row{
		{Label: "before", Articles: 30000, JSONLMB: 102.6, WallS: 88.4, UserS: 45.3, SysS: 2.4, PeakRSSMiB: 877,
			IndexMB: 216.4, Segments: 2, P50: 3.44, P90: 8.62, P99: 60.74, Load1: 8.01, When: "2026-11-30T21:16:51Z"},
		{Label: "after", Articles: 300000, JSONLMB: 900.8, WallS: 934.3, UserS: 308.9, SysS: 12.5, PeakRSSMiB: 1376,
			IndexMB: 1129.4, Segments: 2, P50: 23.19, P90: 70.67, P99: 273.85, Load1: 13.36, When: "2026-11-30T22:19:02Z"},
	}
	for _, r := range rows {
		if err := appendRow(tsv, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := readRows(tsv)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, rows) {
		t.Fatalf("read back %+v, want %+v", got, rows)
	}
	png := filepath.Join(dir, "curve.png")
	if err := drawFromTSV(tsv, png); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(png); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Fatalf("the chart is not a PNG (%v)", err)
	}
	for name, text := range map[string]string{
		"header": "articles\tlabel\n",
		"short":  strings.Join(header, "\t") + "\nbefore\t30000\n",
		"number": strings.Join(header, "\t") + "\n" + strings.Replace(strings.Join(rows[0].fields(), "\t"), "877", "lots", 1) + "\n",
	} {
		if _, err := readRows(writeFile(t, dir, name+".tsv", text)); err == nil {
			t.Errorf("%s: a bad TSV was read", name)
		}
	}
	if _, err := parseSizes("30000,x"); err == nil {
		t.Error("--sizes 30000,x was accepted")
	}
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
