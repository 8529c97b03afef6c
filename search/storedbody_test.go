package search

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/arsearch/arsearch/article"
	arindex "github.com/arsearch/arsearch/index"
)

// TestStoredBodyThroughSearch: the body is stored encoded (index's
// storedtext), and what search shows of it is the text byte for byte:
// Article (show) gives it whole, a phrase finds it through the phrase
// check's decoding, and the hit's snippet is cut from the text, vowels
// and marks kept.
func TestStoredBodyThroughSearch(t *testing.T) {
	bodies := map[string]string{
		"vocal":  "وَقَالَ الرَّئِيسُ إِنَّ المُفَاوَضَاتِ مُسْتَمِرَّةٌ مَعَ الـــوفد، فِي ١٢ كانون الثاني.",
		"marks":  "\u200fمجلس\u200c الوزراء\u00a0«يناقش» الميزانية – گزارش \x01\x02 ﻟﻠﺮﻳﺎﺽ",
		"empty":  "",
		"padded": strings.Repeat("أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة. ", 40),
	}
	ix, err := arindex.Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var arts []article.Article
	for id, body := range bodies {
		arts = append(arts, article.Article{ID: id, Title: "عنوان " + id, Body: body})
	}
	if err := ix.Add(t.Context(), arts...); err != nil {
		t.Fatal(err)
	}
	for id, body := range bodies {
		doc, err := Article(t.Context(), ix, id, "")
		if err != nil {
			t.Fatal(err)
		}
		if doc.Body != body {
			t.Errorf("Article(%s).Body = %q, want %q", id, doc.Body, body)
		}
	}
	for _, tc := range []struct{ q, id, in string }{
		{`"الرَّئِيسُ إِنَّ"`, "vocal", "الرَّئِيسُ"},
		{`"الرئيس ان المفاوضات"`, "vocal", "المُفَاوَضَاتِ"},
		{`"مجلس الوزراء"`, "marks", "الوزراء\u00a0«يناقش»"},
		{`"حملة تطعيم جديدة"`, "padded", "حملة تطعيم"},
	} {
		r, err := Run(t.Context(), ix, Request{Query: tc.q, Limit: 5, Snippets: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) != 1 || r.Hits[0].ID != tc.id || len(r.Hits[0].Snippets) == 0 {
			t.Fatalf("%s: hits %+v, want %s with a snippet", tc.q, r.Hits, tc.id)
		}
		snip := r.Hits[0].Snippets[0].Text
		if !strings.Contains(snip, tc.in) || !strings.Contains(bodies[tc.id], snip) {
			t.Errorf("%s: snippet %q, want a cut of the body holding %q", tc.q, snip, tc.in)
		}
	}
}
