package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/eval"
	"github.com/arsearch/arsearch/index"
)

type evalOptions struct {
	corpora   []string
	queries   string
	qrels     string
	indexDir  string
	runFile   string
	k         int
	json      bool
	perQuery  bool
	out, errW io.Writer
}

func newEvalCmd() *cobra.Command {
	opts := &evalOptions{}
	cmd := &cobra.Command{
		Use:   "eval --corpus C.jsonl[.gz] --queries Q.tsv --qrels R.txt",
		Short: "Measure retrieval quality on a test collection",
		Long: `eval indexes the corpus files (or reuses --index, updating it), runs every
query through the same path as arsearch query, writes a TREC run file, and
prints MAP, MRR@10, nDCG@10, Recall@10, Recall@100 and P@10 with trec_eval
semantics.

Formats: corpus lines are JSON objects with id, title and body; queries
are qid<TAB>text; qrels are TREC lines "qid 0 docid rel".`,
		Example: `  arsearch eval --corpus ../shared/data/eval/arcd/corpus.jsonl \
      --queries ../shared/data/eval/arcd/queries.tsv --qrels ../shared/data/eval/arcd/qrels.txt
  arsearch eval --corpus arcd.jsonl --corpus news.jsonl.gz --queries q.tsv --qrels r.txt \
      --index /tmp/arcd-news.idx --run arsearch.trec --json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(opts.corpora) == 0 || opts.queries == "" || opts.qrels == "" {
				return usageErr(fmt.Errorf("eval: --corpus, --queries and --qrels are required"))
			}
			if opts.k < 1 || opts.k > index.MaxLimit {
				return usageErr(fmt.Errorf("eval: --k %d: want 1 to %d", opts.k, index.MaxLimit))
			}
			if cmd.Flags().Changed("index") {
				opts.indexDir, _ = cmd.Flags().GetString("index")
			}
			opts.out, opts.errW = cmd.OutOrStdout(), cmd.ErrOrStderr()
			return runEval(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.corpora, "corpus", nil, "a corpus file (JSONL, optionally gzip'd); repeatable")
	f.StringVar(&opts.queries, "queries", "", "the queries, qid<TAB>text")
	f.StringVar(&opts.qrels, "qrels", "", "the relevance judgments, TREC qrels")
	f.StringVar(&opts.runFile, "run", "", "write the TREC run to this file")
	f.IntVar(&opts.k, "k", 100, "hits per query")
	f.BoolVar(&opts.json, "json", false, "print the metrics as JSON")
	f.BoolVarP(&opts.perQuery, "per-query", "q", false, "print each query's metrics too")
	return cmd
}

func runEval(ctx context.Context, opts *evalOptions) error {
	queries, err := readWith(opts.queries, eval.ReadQueries)
	if err != nil {
		return err
	}
	qrels, err := readWith(opts.qrels, eval.ReadQrels)
	if err != nil {
		return err
	}
	dir := opts.indexDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "arsearch-eval-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp + "/index"
	}
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	for _, c := range opts.corpora {
		p := newProgress(opts.errW, false)
		st, err := ix.Build(ctx, c, index.BuildOptions{OnProgress: p.update, OnError: p.report})
		p.finish()
		if err != nil {
			return err
		}
		fmt.Fprintln(opts.errW, summary(c, st))
		if st.Failed > 0 {
			return fmt.Errorf("eval: %s: %d records failed; the collection would be incomplete", c, st.Failed)
		}
	}
	start := time.Now()
	run, err := eval.Search(ctx, ix, queries, opts.k)
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(opts.errW, "eval: %d queries in %.2f s (%.2f ms each)\n", len(queries), took.Seconds(),
		took.Seconds()*1000/float64(max(len(queries), 1)))
	if opts.runFile != "" {
		f, err := os.Create(opts.runFile)
		if err != nil {
			return err
		}
		if err := eval.WriteRun(f, run, "arsearch"); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	m, per := eval.Evaluate(qrels, run, eval.Options{})
	if opts.json {
		enc := json.NewEncoder(opts.out)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}
	if opts.perQuery {
		if err := eval.WritePerQuery(opts.out, per); err != nil {
			return err
		}
	}
	return m.WriteTable(opts.out)
}

// readWith opens path and parses it with read, naming the file in errors.
func readWith[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, usageErr(err)
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}
