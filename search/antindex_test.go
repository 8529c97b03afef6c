package search

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	arindex "github.com/arsearch/arsearch/index"
)

// antIndex is the index of the first 2,000 ANT articles that several
// ranking tests search, built once for the test binary and opened read-only
// (so no merge changes it between two searches). TestMain removes it.
var antIndex struct {
	once sync.Once
	dir  string
	ix   *arindex.Index
	err  error
}

// sharedANTIndex returns antIndex, building it on first use.
func sharedANTIndex(t *testing.T) *arindex.Index {
	t.Helper()
	antIndex.once.Do(func() {
		antIndex.dir, antIndex.err = os.MkdirTemp("", "arsearch-ant2000-")
		if antIndex.err != nil {
			return
		}
		root := filepath.Join(antIndex.dir, "corpus")
		if antIndex.err = os.Mkdir(root, 0o755); antIndex.err != nil {
			return
		}
		writeANTSample(t, filepath.Join(root, "ant.jsonl"), 2000)
		dir := filepath.Join(antIndex.dir, "ix")
		ix, err := arindex.Create(dir)
		if err != nil {
			antIndex.err = err
			return
		}
		_, err = ix.Build(t.Context(), root, arindex.BuildOptions{})
		if cerr := ix.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			antIndex.err = err
			return
		}
		antIndex.ix, antIndex.err = arindex.Open(dir, arindex.Options{ReadOnly: true})
	})
	if antIndex.err != nil {
		t.Fatalf("the 2,000-article ANT index: %v", antIndex.err)
	}
	return antIndex.ix
}

// TestMain runs the tests, then closes and removes antIndex.
func TestMain(m *testing.M) {
	code := m.Run()
	if antIndex.ix != nil {
		antIndex.ix.Close()
	}
	if antIndex.dir != "" {
		os.RemoveAll(antIndex.dir)
	}
	os.Exit(code)
}
