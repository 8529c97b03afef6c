package search

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"

	arindex "github.com/arsearch/arsearch/index"
)

// TestPhrasePositionsSameAnswers: an index created with phrase positions
// (MappingOptions.PhrasePositions) answers quoted phrases with bleve's
// phrase query on the body's exact view, and gives the same hits, scores
// and totals as the default index, which checks the stored text, for runs
// of words of real ANT articles and phrases of common words.
func TestPhrasePositionsSameAnswers(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "corpus")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	writeANTSample(t, filepath.Join(root, "ant.jsonl"), 400)
	build := func(name string, o arindex.MappingOptions) *arindex.Index {
		ix, err := arindex.CreateWith(filepath.Join(dir, name), o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		if _, err := ix.Build(t.Context(), root, arindex.BuildOptions{}); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	plain, pos := build("plain", arindex.MappingOptions{}), build("positions", arindex.MappingOptions{PhrasePositions: true})
	if plain.PhrasePositions() || !pos.PhrasePositions() {
		t.Fatalf("PhrasePositions: default %v, with the option %v", plain.PhrasePositions(), pos.PhrasePositions())
	}

	// The body's phrases on the positions index are bleve's own.
	for ix, verified := range map[*arindex.Index]bool{plain: true, pos: false} {
		adv, err := ix.Bleve().Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		s, err := newPhraseQuery("وزير الخارجية", arindex.FieldBodyExact, 1).Searcher(t.Context(), r, ix.Bleve().Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := s.(*verifiedPhraseSearcher); ok != verified {
			t.Errorf("PhrasePositions %v: a body phrase is checked against the stored text: %v", ix.PhrasePositions(), ok)
		}
		s.Close()
		r.Close()
	}

	rng := rand.New(rand.NewPCG(16, 10))
	phrases := []string{`"في المملكة"`, `"من خلال"`, `"على أن"`, `"رئيس الوزراء"`, `"الأمم المتحدة"`, `"في تونس"`}
	for _, d := range antArticles(t, 400)[:80] {
		words := strings.Fields(d.Body)
		if len(words) < 6 {
			continue
		}
		n := 2 + rng.IntN(2)
		at := rng.IntN(len(words) - n)
		phrases = append(phrases, `"`+strings.ReplaceAll(strings.Join(words[at:at+n], " "), `"`, "")+`"`)
	}
	found := 0
	for _, q := range phrases {
		a := doSearch(t, plain, Request{Query: q, Limit: 20, Exact: true})
		b := doSearch(t, pos, Request{Query: q, Limit: 20, Exact: true})
		if a.Total != b.Total || len(a.Hits) != len(b.Hits) {
			t.Errorf("%s: total %d (%d hits) without positions, %d (%d) with", q, a.Total, len(a.Hits), b.Total, len(b.Hits))
			continue
		}
		for i := range a.Hits {
			if a.Hits[i].ID != b.Hits[i].ID || math.Abs(a.Hits[i].Score-b.Hits[i].Score) > 1e-9 {
				t.Errorf("%s: hit %d is %s %.6f without positions, %s %.6f with", q, i, a.Hits[i].ID, a.Hits[i].Score, b.Hits[i].ID, b.Hits[i].Score)
			}
		}
		if a.Total > 0 {
			found++
		}
	}
	if found < len(phrases)*3/4 {
		t.Errorf("only %d of %d phrases found anything", found, len(phrases))
	}
}
