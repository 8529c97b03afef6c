package index

import (
	"maps"
	"path/filepath"
	"testing"

	"github.com/arsearch/arsearch/article"
)

// TestPutKeepsStatisticsCurrent: a live write (Put, Delete) estimates the
// ranking statistics at once (the document count is the index's) and the
// full ones are computed later; Close stores them, so a reopened index
// has the statistics of what it holds.
func TestPutKeepsStatisticsCurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	arts := []article.Article{
		{ID: "a", Title: "العراق وسوريا", Body: "بحث الجانبان العلاقات الثنائية في بغداد."},
		{ID: "b", Title: "تونس", Body: "انطلاق المهرجان العربي للكاريكاتير في صفاقس."},
	}
	if err := ix.Add(t.Context(), arts...); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Put(t.Context(), []article.Article{
		{ID: "c", Title: "الجزائر", Body: "افتتاح معرض الكتاب الدولي في وهران وسط حضور كبير من الناشرين العرب."},
		{ID: "a", Title: "العراق وسوريا", Body: "بحث الجانبان العلاقات الثنائية في دمشق."},
	})
	if err != nil || st != (PutStats{Added: 1, Updated: 1}) {
		t.Fatalf("Put: %+v, %v; want 1 added, 1 updated", st, err)
	}
	if got := ix.stats.Load().DocCount; got != 3 {
		t.Errorf("right after Put the statistics count %v documents, want 3", got)
	}
	if n, err := ix.Delete(t.Context(), "b", "nosuch"); err != nil || n != 1 {
		t.Fatalf("Delete: %d, %v; want 1", n, err)
	}
	if got := ix.stats.Load().DocCount; got != 2 {
		t.Errorf("right after Delete the statistics count %v documents, want 2", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want, err := ix.computeStats()
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.stats.Load(); got.DocCount != want.DocCount || !maps.Equal(got.FieldCardinality, want.FieldCardinality) {
		t.Errorf("stored statistics %+v, want those of the index %+v", got, want)
	}
}
