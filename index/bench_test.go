package index

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/internal/antsample"
)

const (
	benchCorpus   = "../corpus/antcorpus-v1.1.jsonl.gz"
	benchArticles = 2000 // two batches of DefaultBatchSize, so two workers both have one
)

// benchJSONL writes the first n articles of the bundled ANT corpus to a
// plain JSONL file in a temporary directory and returns its path, the
// articles and their title and body bytes.
func benchJSONL(b *testing.B, n int) (string, []article.Article, int64) {
	b.Helper()
	path, arts, size, err := antsample.Write(benchCorpus, b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	return path, arts, size
}

// benchBuild indexes benchArticles ANT articles into a fresh index per
// iteration: create, build from the JSONL file, close.
func benchBuild(b *testing.B, workers int) {
	path, _, size := benchJSONL(b, benchArticles)
	tmp := b.TempDir()
	b.SetBytes(size)
	b.ReportAllocs()
	iters := 0
	for b.Loop() {
		dir := filepath.Join(tmp, "index")
		ix, err := Create(dir)
		if err != nil {
			b.Fatal(err)
		}
		st, err := ix.Build(b.Context(), path, BuildOptions{Workers: workers})
		if err != nil || st.Added != benchArticles || st.Failed != 0 {
			b.Fatalf("Build: %+v, %v; want %d added", st, err, benchArticles)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		iters++
		b.StopTimer()
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(iters*benchArticles)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkBuild(b *testing.B)         { benchBuild(b, 0) }
func BenchmarkBuildWorkers1(b *testing.B) { benchBuild(b, 1) }
func BenchmarkBuildWorkers2(b *testing.B) { benchBuild(b, 2) }
