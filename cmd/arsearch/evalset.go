package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/arsearch/arsearch/eval"
	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// runEvalSet evaluates every collection of opts.manifest (arsearch eval
// --manifest) and prints one table.
func runEvalSet(ctx context.Context, opts *evalOptions) error {
	data := opts.data
	if data == "" {
		data = filepath.Dir(opts.manifest)
	}
	f, err := os.Open(opts.manifest)
	if err != nil {
		return usageErr(err)
	}
	cs, err := eval.ReadManifest(f, data)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", opts.manifest, err)
	}
	var base *search.Ranking
	if opts.withBaseRanking {
		r, err := search.ParseRanking(opts.baselineRanking, search.DefaultRanking)
		if err != nil {
			return usageErr(fmt.Errorf("eval: --baseline-ranking: %w", err))
		}
		base = &r
	}
	if opts.runsDir != "" {
		if err := os.MkdirAll(opts.runsDir, 0o755); err != nil {
			return err
		}
	}
	var results []eval.CollectionResult
	for _, c := range cs {
		r, err := evalCollection(ctx, opts, c, base)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Name, err)
		}
		results = append(results, r)
	}
	return eval.WriteCollections(opts.out, results, eval.Metric(opts.metric))
}

// evalCollection builds (or reuses) c's index, runs its queries, and
// compares the run with the baseline asked for.
func evalCollection(ctx context.Context, opts *evalOptions, c eval.Collection, base *search.Ranking) (eval.CollectionResult, error) {
	res := eval.CollectionResult{Name: c.Name}
	queries, err := readWith(c.Queries, eval.ReadQueries)
	if err != nil {
		return res, err
	}
	qrels, err := readWith(c.Qrels, eval.ReadQrels)
	if err != nil {
		return res, err
	}
	dir := filepath.Join(opts.indexRoot, c.Name)
	if err := ensureIndex(ctx, opts, dir, c.Corpus); err != nil {
		return res, err
	}
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		return res, err
	}
	defer ix.Close()
	start := time.Now()
	run, err := eval.Search(ctx, search.Engine{Index: ix}, queries, opts.searchOptions(opts.ranking))
	if err != nil {
		return res, err
	}
	took := time.Since(start)
	fmt.Fprintf(opts.errW, "eval: %s: %d queries in %.2f s (%.2f ms each)\n", c.Name, len(queries), took.Seconds(),
		took.Seconds()*1000/float64(max(len(queries), 1)))
	if opts.runsDir != "" {
		if err := writeRunFile(filepath.Join(opts.runsDir, c.Name+".trec"), run); err != nil {
			return res, err
		}
	}
	var per []eval.PerQuery
	res.Metrics, per = eval.Evaluate(qrels, run, eval.Options{})
	switch {
	case opts.baseline != "":
		res.Baseline, err = compareWithFile(opts, c.Name, qrels, per)
	case base != nil:
		var brun eval.Run
		if brun, err = eval.Search(ctx, search.Engine{Index: ix}, queries, opts.searchOptions(base)); err == nil {
			_, bper := eval.Evaluate(qrels, brun, eval.Options{})
			p := eval.Compare(per, bper, eval.Metric(opts.metric), opts.rounds, opts.seed)
			res.Baseline = &p
		}
	}
	return res, err
}

// ensureIndex builds the index in dir from corpora unless dir holds one
// already.
func ensureIndex(ctx context.Context, opts *evalOptions, dir string, corpora []string) error {
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err == nil {
		n, _ := ix.Count()
		fmt.Fprintf(opts.errW, "eval: reusing %s (%d articles)\n", dir, n)
		return ix.Close()
	}
	if !errors.Is(err, index.ErrNoIndex) {
		return err
	}
	w, err := index.Create(dir)
	if err != nil {
		return err
	}
	var total index.Stats
	for _, c := range corpora {
		p := newProgress(opts.errW, false)
		st, err := w.Build(ctx, c, index.BuildOptions{OnProgress: p.update, OnError: p.report})
		p.finish()
		if err == nil && st.Failed > 0 {
			err = fmt.Errorf("%s: %d records failed; the collection would be incomplete", c, st.Failed)
		}
		if err != nil {
			w.Close()
			os.RemoveAll(dir) // half a collection must not be reused next time
			return err
		}
		fmt.Fprintln(opts.errW, summary(c, st))
		total.Added += st.Added
	}
	n, _ := w.Count()
	if err := w.Close(); err != nil {
		return err
	}
	if index.WorthCompacting(total, n) {
		return index.Compact(ctx, dir)
	}
	return nil
}

// compareWithFile compares per with the baseline run file of collection
// name (opts.baseline, {name} replaced).
func compareWithFile(opts *evalOptions, name string, qrels eval.Qrels, per []eval.PerQuery) (*eval.Paired, error) {
	path := strings.ReplaceAll(opts.baseline, "{name}", name)
	brun, err := readWith(path, eval.ReadRun)
	if err != nil {
		return nil, err
	}
	_, bper := eval.Evaluate(qrels, brun, eval.Options{})
	p := eval.Compare(per, bper, eval.Metric(opts.metric), opts.rounds, opts.seed)
	return &p, nil
}

// writeRunFile writes run as a TREC run file tagged arsearch.
func writeRunFile(path string, run eval.Run) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := eval.WriteRun(f, run, "arsearch"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
