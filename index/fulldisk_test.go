package index

import (
	"strings"
	"testing"

	"github.com/arsearch/arsearch/internal/tmpfs"
)

// antCorpus is the bundled ANT corpus: 9,964 articles, 12.9 MB of text.
const antCorpus = "../corpus/antcorpus-v1.1.jsonl.gz"

// TestFullDiskBuild fills the disk during a build, with one writer and
// with four: Build returns one line naming the cause, no panic (with
// several writers bleve's segment code panicked, see Index.batch), no
// hang; the index then opens, holds at least the articles Build counted,
// and answers.
func TestFullDiskBuild(t *testing.T) {
	for _, workers := range []int{1, 4} {
		t.Run(strings.Repeat("w", workers), func(t *testing.T) {
			dir := tmpfs.Mount(t, "8m") + "/index"
			ix, err := Create(dir)
			if err != nil {
				t.Fatal(err)
			}
			st, err := ix.Build(t.Context(), antCorpus, BuildOptions{Workers: workers, BatchSize: 250})
			if cerr := ix.Close(); cerr != nil {
				t.Logf("Close: %v", cerr)
			}
			if err == nil || !strings.Contains(err.Error(), "no space left on device") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Build on a full disk: %v; want one line saying no space left on device", err)
			}
			if st.Elapsed <= 0 {
				t.Errorf("Stats.Elapsed = %v after a failed build", st.Elapsed)
			}
			ix, err = Open(dir, Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("after a full disk the index does not open: %v", err)
			}
			defer ix.Close()
			n, _ := ix.Count()
			t.Logf("Build: %v; stats %+v; the index holds %d", err, st, n)
			if n < uint64(st.Added) || n == 0 {
				t.Errorf("the index holds %d articles, Build counted %d added", n, st.Added)
			}
			if res := doSearch(t, ix, Request{Query: "العراق", Limit: 5}); res.Total == 0 {
				t.Errorf("no hits for العراق in %d articles", n)
			}
		})
	}
}
