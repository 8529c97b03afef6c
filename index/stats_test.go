package index

import (
	"testing"

	"github.com/arsearch/arsearch/article"
)

// TestDocTermPairsCountsEachTerm: the statistics of the exact views, which
// have no term vectors, are the sum of each term's document frequency as
// the term's own postings give it (bleve's dictionary walk reads 1 for
// most terms of such a field), over several segments and with an article
// deleted.
func TestDocTermPairsCountsEachTerm(t *testing.T) {
	ix := buildSmall(t)
	if err := ix.Add(t.Context(), article.Article{ID: "extra", Title: "خبر عن العراق", Body: "العراق وسوريا والأردن في خبر واحد"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Delete(t.Context(), seedID); err != nil {
		t.Fatal(err)
	}
	adv, err := ix.b.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, f := range []string{FieldBodyExact, FieldTitleExact} {
		got, err := ix.docTermPairs(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ix.b.FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		want, walked, terms := 0, 0, 0
		for {
			e, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			tfr, err := r.TermFieldReader(t.Context(), []byte(e.Term), f, false, false, false)
			if err != nil {
				t.Fatal(err)
			}
			want += int(tfr.Count())
			tfr.Close()
			walked += int(e.Count)
			terms++
		}
		d.Close()
		if got != want || terms < 100 {
			t.Errorf("%s: %d (document, term) pairs, want %d over %d terms (bleve's walk says %d)", f, got, want, terms, walked)
		}
	}
}
