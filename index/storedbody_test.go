package index

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/index/storedtext"
)

// storedBodies are bodies that must come back byte for byte: vocalized,
// with tatweel, zero-width and bidi marks, Persian letters, the code's own
// escape bytes, and an empty one.
var storedBodies = map[string]string{
	"vocal":  "وَقَالَ الرَّئِيسُ إِنَّ المُفَاوَضَاتِ مُسْتَمِرَّةٌ مَعَ الـــوفد، فِي ١٢ كانون الثاني.",
	"marks":  "\u200fمجلس\u200c الوزراء\u00a0«يناقش» الميزانية – گزارش \x01\x02 ﻟﻠﺮﻳﺎﺽ",
	"empty":  "",
	"padded": strings.Repeat("أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة. ", 40),
}

// TestStoredBodyEncoded: what the index stores for a body is the encoded
// form in FieldBodyText, never the text; HitBody gives the text back byte
// for byte (search's tests check show, snippets and phrases).
func TestStoredBodyEncoded(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var arts []article.Article
	for id, body := range storedBodies {
		arts = append(arts, article.Article{ID: id, Title: "عنوان " + id, Body: body})
	}
	if err := ix.Add(t.Context(), arts...); err != nil {
		t.Fatal(err)
	}
	for id, body := range storedBodies {
		sr := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{id}))
		sr.Fields = []string{"*"}
		res, err := ix.Bleve().Search(sr)
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("search %s: %v %v", id, res, err)
		}
		fields := res.Hits[0].Fields
		if _, plain := fields[FieldBody]; plain {
			t.Errorf("%s: field %s is stored too", id, FieldBody)
		}
		got, err := HitBody(fields)
		if err != nil || got != body {
			t.Errorf("%s: HitBody = %q, %v; want %q", id, got, err, body)
		}
		stored, _ := fields[FieldBodyText].(string)
		if body != "" && (stored == body || strings.Contains(stored, "الرئيس") || strings.Contains(stored, "وزارة")) {
			t.Errorf("%s: %s holds the plain text", id, FieldBodyText)
		}
		if id == "padded" && len(stored) > len(body)/10 {
			t.Errorf("%s: stored %d bytes for a %d-byte body, want under a tenth", id, len(stored), len(body))
		}
	}
}

// TestStoredBodyDamaged: a stored body that cannot be decoded is an error
// naming the field, never a panic or a wrong text.
func TestStoredBodyDamaged(t *testing.T) {
	good := storedtext.Encode(nil, strings.Repeat("الأمم المتحدة ", 20))
	for _, v := range [][]byte{good[:len(good)-3], []byte("نص")} {
		_, err := StoredBody(nil, v)
		if !errors.Is(err, storedtext.ErrDamaged) || !strings.Contains(err.Error(), FieldBodyText) {
			t.Errorf("StoredBody(% x) error = %v, want ErrDamaged naming %s", v[:4], err, FieldBodyText)
		}
	}
	if _, err := HitBody(map[string]any{FieldBodyText: "x"}); err == nil {
		t.Error("HitBody of a damaged value: no error")
	}
}

// TestOpenPreviousFormat: an index of the format before this one (the body
// stored by bleve as plain text) is refused with the rebuild message, and
// left as it was.
func TestOpenPreviousFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(t.Context(), article.Article{ID: "a", Title: "العراق", Body: "نص عن العراق"}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	write(t, filepath.Join(dir, markerFile), fmt.Sprintf(`{"format":%d}`, Format-1))
	before := dirSums(t, dir)
	_, err = Open(dir, Options{})
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "arsearch index --rebuild") {
		t.Errorf("Open(format %d) = %v, want ErrFormat with the rebuild command", Format-1, err)
	}
	if after := dirSums(t, dir); !maps.Equal(after, before) {
		t.Errorf("the index changed: %v, before %v", after, before)
	}
}
