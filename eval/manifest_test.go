package eval

import (
	"slices"
	"strings"
	"testing"
)

func TestReadManifest(t *testing.T) {
	in := "# comment\n" +
		"arcd\tarcd/corpus.jsonl\tarcd/queries.tsv\tarcd/qrels.txt\tARCD questions\n" +
		"\n" +
		"arcd-snn\tarcd/corpus.jsonl,/data/snn.jsonl.gz\tq.tsv\tr.txt\n"
	cs, err := ReadManifest(strings.NewReader(in), "/work")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("%d collections, want 2", len(cs))
	}
	if c := cs[0]; c.Name != "arcd" || !slices.Equal(c.Corpus, []string{"/work/arcd/corpus.jsonl"}) ||
		c.Queries != "/work/arcd/queries.tsv" || c.Qrels != "/work/arcd/qrels.txt" || c.About != "ARCD questions" {
		t.Errorf("first = %+v", c)
	}
	if c := cs[1]; !slices.Equal(c.Corpus, []string{"/work/arcd/corpus.jsonl", "/data/snn.jsonl.gz"}) || c.About != "" {
		t.Errorf("second = %+v", c)
	}
	for _, bad := range []string{
		"",                         // no collections
		"a\tc\tq\n",                // too few fields
		"a\tc\tq\tr\tx\ty\n",       // too many
		"a b\tc\tq\tr\n",           // space in the name
		"../a\tc\tq\tr\n",          // a path as name
		"a\tc\tq\tr\na\tc\tq\tr\n", // duplicate
		"a\t,\tq\tr\n",             // no corpus
		"a\tc\t\tr\n",              // no queries
	} {
		if _, err := ReadManifest(strings.NewReader(bad), "."); err == nil {
			t.Errorf("ReadManifest(%q): no error", bad)
		}
	}
}

// TestLeaveOneOut: with three configurations over three collections, each
// collection gets the configuration best on the two others.
func TestLeaveOneOut(t *testing.T) {
	scores := [][]float64{
		{0.5, 0.5, 0.5}, // the default: means 0.5 everywhere
		{0.9, 0.6, 0.1}, // best on the first two
		{0.1, 0.6, 0.9}, // best on the last two
	}
	// Left out 0: means over {1,2}: 0.5, 0.35, 0.75 -> 2.
	// Left out 1: over {0,2}: 0.5, 0.5, 0.5 -> tie, 0.
	// Left out 2: over {0,1}: 0.5, 0.75, 0.35 -> 1.
	if got, want := LeaveOneOut(scores, []string{"a", "b", "c"}), []int{2, 0, 1}; !slices.Equal(got, want) {
		t.Errorf("LeaveOneOut = %v, want %v", got, want)
	}
	// The first two share queries: each is fitted on the third alone
	// (config 2), the third on both (means 0.5, 0.75, 0.35: config 1).
	if got, want := LeaveOneOut(scores, []string{"q", "q", "c"}), []int{2, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("LeaveOneOut with groups = %v, want %v", got, want)
	}
	if got := LeaveOneOut([][]float64{{0.1}, {0.9}}, []string{"a"}); !slices.Equal(got, []int{0}) {
		t.Errorf("one collection: %v, want [0]", got)
	}
}
