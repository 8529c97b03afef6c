package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/index"
)

// bundledCorpus is the folder `arsearch query` and `arsearch serve` index
// when no index exists yet, if the working directory has it (a checkout of
// the repository).
const bundledCorpus = "corpus"

// indexDir returns the --index flag, or the default index directory.
func indexDir(cmd *cobra.Command) (string, error) {
	if f := cmd.Flags().Lookup("index"); f != nil && f.Value.String() != "" {
		return f.Value.String(), nil
	}
	return index.DefaultDir()
}

// openForSearch opens the index read-only. When there is no index yet and
// the bundled corpus is at hand, it indexes (and compacts) the corpus
// first, saying so on stderr.
func openForSearch(ctx context.Context, dir string, stderr io.Writer) (*index.Index, error) {
	return openIndex(ctx, dir, index.Options{ReadOnly: true}, stderr)
}

// openIndex opens the index with opts, first indexing the bundled corpus
// as openForSearch says.
func openIndex(ctx context.Context, dir string, opts index.Options, stderr io.Writer) (*index.Index, error) {
	ix, err := index.Open(dir, opts)
	if !errors.Is(err, index.ErrNoIndex) {
		return ix, err
	}
	if fi, statErr := os.Stat(bundledCorpus); statErr != nil || !fi.IsDir() {
		return nil, err
	}
	fmt.Fprintf(stderr, "no index at %s yet: indexing the bundled %s/ first\n", dir, bundledCorpus)
	w, err := index.Create(dir)
	if err != nil {
		return nil, err
	}
	p := newProgress(stderr, false)
	st, err := w.Build(ctx, bundledCorpus, index.BuildOptions{OnProgress: p.update,
		OnError: func(err error) { p.report(oneLineError(err)) }})
	p.finish()
	n, _ := w.Count()
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("indexing %s: %w", bundledCorpus, err)
	}
	fmt.Fprintln(stderr, summary(bundledCorpus, st))
	if index.WorthCompacting(st, n) {
		fmt.Fprintln(stderr, "compacting the index (merging its segments)…")
		if err := index.Compact(ctx, dir); err != nil {
			return nil, err
		}
	}
	return index.Open(dir, opts)
}

// summary is the one line that ends an indexing run.
func summary(root string, st index.Stats) string {
	s := fmt.Sprintf("%s: %d added, %d updated, %d unchanged, %d deleted, %d failed; %.1f MB in %.1f s",
		root, st.Added, st.Updated, st.Unchanged, st.Deleted, st.Failed,
		float64(st.Bytes)/1e6, st.Elapsed.Seconds())
	if st.Elapsed >= 10*time.Millisecond {
		s += fmt.Sprintf(" (%.1f MB/s, %.0f articles/s)", st.MBPerSecond(), float64(st.Added+st.Updated)/st.Elapsed.Seconds())
	}
	if st.Kept > 0 {
		s += fmt.Sprintf("; %d articles of files that failed to read kept, not pruned", st.Kept)
	}
	switch {
	case st.Converted == 1:
		s += "; 1 file converted from a legacy encoding"
	case st.Converted > 1:
		s += fmt.Sprintf("; %d files converted from a legacy encoding", st.Converted)
	}
	switch {
	case st.Gone == 1:
		s += "; 1 indexed file is gone (--prune removes it)"
	case st.Gone > 1:
		s += fmt.Sprintf("; %d indexed files are gone (--prune removes them)", st.Gone)
	}
	return s
}
