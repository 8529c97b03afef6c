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
	"github.com/arsearch/arsearch/search"
)

type evalOptions struct {
	corpora   []string
	queries   string
	qrels     string
	indexDir  string
	runFile   string
	k         int
	json      bool
	exact     bool // no typo corrections
	plain     bool // queries are plain words, no query language
	perQuery  bool
	out, errW io.Writer

	// The protocol over several collections (evalset.go).
	manifest        string // collections file; empty: one collection from the flags above
	data            string // base folder of the manifest's relative paths
	indexRoot       string // one index per collection in here, built once and reused
	runsDir         string // write NAME.trec for each collection here
	baseline        string // a baseline run file; {name} stands for the collection
	baselineRanking string // or a baseline ranking, run on the same index
	withBaseRanking bool   // --baseline-ranking was given (empty: the default ranking)
	rankingSpec     string // the ranking to measure (search.ParseRanking over DefaultRanking)
	metric          string
	rounds          int
	seed            uint64
	ranking         *search.Ranking
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
are qid<TAB>text; qrels are TREC lines "qid 0 docid rel".

With --manifest it evaluates several collections in one run, one index
each under --index-root (built the first time, reused after: delete a
collection's folder when the corpus or the analyzer changed), and prints
one line per collection. With --baseline (a run file per collection) or
--baseline-ranking, each line adds the baseline's score, the queries won,
lost and tied, and two-sided p-values of a paired randomization test
(--rounds, --seed) and a paired t-test. --ranking changes ranking weights
for the run measured (query time only: the indexes stay valid).`,
		Example: `  arsearch eval --corpus ../shared/data/eval/arcd/corpus.jsonl \
      --queries ../shared/data/eval/arcd/queries.tsv --qrels ../shared/data/eval/arcd/qrels.txt
  arsearch eval --corpus arcd.jsonl --corpus news.jsonl.gz --queries q.tsv --qrels r.txt \
      --index /tmp/arcd-news.idx --run arsearch.trec --json
  arsearch eval --manifest scripts/dev-collections.tsv --data /tmp/dev --index-root /tmp/dev-idx \
      --baseline '/tmp/dev/{name}/peers/run-lucene.trec'
  arsearch eval --manifest scripts/dev-collections.tsv --data /tmp/dev --index-root /tmp/dev-idx \
      --ranking exact=0.5 --baseline-ranking ''`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.k < 1 || opts.k > search.MaxLimit {
				return usageErr(fmt.Errorf("eval: --k %d: want 1 to %d", opts.k, search.MaxLimit))
			}
			if opts.rankingSpec != "" {
				r, err := search.ParseRanking(opts.rankingSpec, search.DefaultRanking)
				if err != nil {
					return usageErr(fmt.Errorf("eval: --ranking: %w", err))
				}
				opts.ranking = &r
			}
			if _, err := eval.ParseMetric(opts.metric); err != nil {
				return usageErr(fmt.Errorf("eval: --metric: %w", err))
			}
			opts.out, opts.errW = cmd.OutOrStdout(), cmd.ErrOrStderr()
			opts.withBaseRanking = cmd.Flags().Changed("baseline-ranking")
			if opts.withBaseRanking && opts.baseline != "" {
				return usageErr(fmt.Errorf("eval: --baseline and --baseline-ranking: choose one"))
			}
			if opts.manifest != "" {
				if len(opts.corpora) > 0 || opts.queries != "" || opts.qrels != "" || cmd.Flags().Changed("index") {
					return usageErr(fmt.Errorf("eval: --manifest replaces --corpus, --queries, --qrels and --index"))
				}
				if opts.indexRoot == "" {
					return usageErr(fmt.Errorf("eval: --manifest needs --index-root (the indexes are kept for the next run)"))
				}
				return runEvalSet(cmd.Context(), opts)
			}
			if len(opts.corpora) == 0 || opts.queries == "" || opts.qrels == "" {
				return usageErr(fmt.Errorf("eval: --corpus, --queries and --qrels (or --manifest) are required"))
			}
			if opts.withBaseRanking || opts.runsDir != "" || opts.indexRoot != "" {
				return usageErr(fmt.Errorf("eval: --baseline-ranking, --runs and --index-root go with --manifest"))
			}
			if cmd.Flags().Changed("index") {
				opts.indexDir, _ = cmd.Flags().GetString("index")
			}
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
	f.BoolVar(&opts.exact, "exact", false, "search the queries' words as typed: no typo corrections")
	f.BoolVar(&opts.plain, "plain", false, "read the queries as plain words, as the peers do: no query language (quotes are not phrases, - excludes nothing)")
	f.BoolVarP(&opts.perQuery, "per-query", "q", false, "print each query's metrics too")
	f.StringVar(&opts.manifest, "manifest", "", "evaluate every collection of this file (name<TAB>corpus<TAB>queries<TAB>qrels lines)")
	f.StringVar(&opts.data, "data", "", "folder the manifest's relative paths start from (default: the manifest's folder)")
	f.StringVar(&opts.indexRoot, "index-root", "", "with --manifest: one index per collection in here, built when missing, reused as is otherwise")
	f.StringVar(&opts.runsDir, "runs", "", "with --manifest: write each collection's run to DIR/NAME.trec")
	f.StringVar(&opts.baseline, "baseline", "", "compare with this TREC run file ({name} stands for the collection's name)")
	f.StringVar(&opts.baselineRanking, "baseline-ranking", "", "with --manifest: compare with this ranking (name=value,...; see --ranking) on the same index")
	f.StringVar(&opts.rankingSpec, "ranking", "", "weights over the default ranking: title, exact, related, proximity, length, passage, window, bigram, bigramtext, gap, rm3, fbdocs, fbterms, idf, idfgrowth, k1, titlecover; switches (0 or 1): bm25f, fieldcoord, nocoord, rawtf; e.g. title=0.2,fieldcoord=1")
	f.StringVar(&opts.metric, "metric", string(eval.MRR10), "the metric compared with the baseline")
	f.IntVar(&opts.rounds, "rounds", 10000, "rounds of the randomization test")
	f.Uint64Var(&opts.seed, "seed", 42, "seed of the randomization test")
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
	run, err := eval.Search(ctx, search.Engine{Index: ix}, queries, opts.searchOptions(opts.ranking))
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(opts.errW, "eval: %d queries in %.2f s (%.2f ms each)\n", len(queries), took.Seconds(),
		took.Seconds()*1000/float64(max(len(queries), 1)))
	if opts.runFile != "" {
		if err := writeRunFile(opts.runFile, run); err != nil {
			return err
		}
	}
	m, per := eval.Evaluate(qrels, run, eval.Options{})
	if opts.baseline != "" {
		p, err := compareWithFile(opts, "", qrels, per)
		if err != nil {
			return err
		}
		return eval.WriteCollections(opts.out, []eval.CollectionResult{{Name: "run", Metrics: m, Baseline: p}}, eval.Metric(opts.metric))
	}
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

// searchOptions are the options of eval.Search for a run ranked by r.
func (o *evalOptions) searchOptions(r *search.Ranking) eval.SearchOptions {
	return eval.SearchOptions{K: o.k, Ranking: r, Plain: o.plain, Exact: o.exact}
}
