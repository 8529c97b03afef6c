package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/index"
)

type indexOptions struct {
	dir         string // the index
	roots       []string
	prune       bool
	rebuild     bool
	compact     bool // --compact given: compact (or not, =false) whatever the run wrote
	autoCompact bool // --compact not given: compact after a large run
	workers     int
	batchSize   int
	json        bool
	quiet       bool
	positions   bool // --phrase-positions: a new index keeps positions on the body's exact view

	out, errOut io.Writer
}

func newIndexCmd() *cobra.Command {
	opts := &indexOptions{}
	cmd := &cobra.Command{
		Use:   "index [FOLDER|FILE...]",
		Short: "Index folders of articles (incrementally)",
		Long: `index reads the articles under each FOLDER (default: ./corpus) and adds
them to the index: .txt files in the sample layout (title on the first
line, an optional "التاريخ: 2024-03-11" line, body paragraphs,
boilerplate and an "المصدر:" line), and .json, .jsonl and .ndjson files
(optionally gzip'd) with the fields id, title, body, date, source, url
and category.

A text file's id is the folder's name and its path below it
(news/2024/syria.txt); JSON ids are kept as given. An id belongs to one
file: a record whose id is indexed from another file that still exists
is refused, naming both files.

Re-running it is incremental: unchanged articles are skipped (by content
hash), changed ones updated, files that are gone are counted ("N indexed
files are gone") and --prune deletes their articles (the articles of a
file that fails to read are kept). Each bad file or record is reported
on stderr as "path: reason" and skipped; the run goes on, and the exit
status is 3 when any failed.
Ctrl-C stops after the current batch; every finished batch stays indexed.

--workers N uses N cores (default: all). Unless $GOMEMLIMIT is set, the
run keeps its heap near 256 MiB plus 128 MiB per core (a soft limit).
The process's peak memory is larger, as bleve maps the segment files it
merges into memory; its merges during a run take at most 50,000
articles: on 2 cores the peak was 0.58 GiB for 30,000 news articles and
0.73 GiB for 100,000. The merge at the end reads at most 512 MiB of the
index at a time (a larger index is merged into several segments of up to
that size): 0.77 GiB for 300,000 articles.
After a run that wrote 5,000 articles or more, and at least a quarter of
the index, the index is merged into one segment (--compact; two or more
above 512 MiB, about 165,000 news articles): queries are then faster (a
median title query on 30,000 articles 4.2 -> 3.3 ms).

--phrase-positions, when the run creates the index (or with --rebuild),
keeps word positions for the body: quoted phrases of common words are
then answered as fast as plain words instead of reading each candidate
article, and the index is about 1.7 times as big (BENCHMARKS.md section
4). An index keeps what it was created with.`,
		Example: `  arsearch index ./corpus
  arsearch index --prune ~/archive/enab-baladi
  arsearch index --index /tmp/news.idx news-2024.jsonl.gz
  arsearch index --rebuild ./corpus
  arsearch index --compact --index /tmp/news.idx news-2024.jsonl.gz`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := indexDir(cmd)
			if err != nil {
				return err
			}
			opts.dir, opts.roots = dir, args
			if len(opts.roots) == 0 {
				opts.roots = []string{bundledCorpus}
			}
			if opts.workers < 0 || opts.batchSize < 0 {
				return usageErr(errors.New("index: --workers and --batch must not be negative"))
			}
			opts.autoCompact = !cmd.Flags().Changed("compact")
			defer indexLimits(opts.workers)()
			opts.out, opts.errOut = cmd.OutOrStdout(), cmd.ErrOrStderr()
			return runIndex(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.prune, "prune", false, "delete indexed articles whose files are gone")
	f.BoolVar(&opts.rebuild, "rebuild", false, "delete the index and build it again")
	f.BoolVar(&opts.compact, "compact", false, "merge the index into one segment at the end (segments of up to 512 MiB when larger): faster queries (default: after runs that wrote 5,000 articles and a quarter of the index; --compact=false never)")
	f.IntVar(&opts.workers, "workers", 0, "CPU cores to use: batches written at once, and the cores Go may run on (default: all)")
	f.IntVar(&opts.batchSize, "batch", index.DefaultBatchSize, "articles per batch (one atomic commit)")
	f.BoolVar(&opts.json, "json", false, "print the summary as JSON on stdout")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no progress, only errors and the summary")
	f.BoolVar(&opts.positions, "phrase-positions", false, "when creating the index: keep word positions for the body (faster quoted phrases, a bigger index)")
	return cmd
}

func runIndex(ctx context.Context, opts *indexOptions) error {
	for _, r := range opts.roots {
		if _, err := os.Stat(r); err != nil {
			return usageErr(fmt.Errorf("index: %w", err))
		}
	}
	if opts.rebuild && index.Exists(opts.dir) {
		if err := index.Remove(opts.dir); err != nil {
			if c, serr := serverOf(opts.dir, err); serr == nil {
				return fmt.Errorf("index: --rebuild: the arsearch server at %s holds the index; stop it first", c.URL)
			}
			return fmt.Errorf("index: --rebuild: %w", err)
		}
	}
	if c := recordedServer(opts.dir); c != nil && !opts.rebuild {
		// A server holds the index: it indexes instead.
		if err := handOffIndex(ctx, opts, c); !notThere(err) {
			return err
		}
	}
	ix, err := index.OpenOrCreateWith(opts.dir, index.MappingOptions{PhrasePositions: opts.positions})
	if err != nil {
		// A server holds the index: it indexes instead.
		c, err := serverOf(opts.dir, err)
		if err != nil {
			return err
		}
		return remoteErr(c, handOffIndex(ctx, opts, c))
	}
	if opts.positions && !ix.PhrasePositions() {
		ix.Close()
		return fmt.Errorf("index: --phrase-positions: the index at %s was created without phrase positions; --rebuild builds it again with them", opts.dir)
	}
	p := newProgress(opts.errOut, opts.quiet)
	var total index.Stats
	var runErr error
	var failedRoot string       // the root whose run failed writing
	var failedStats index.Stats // its statistics
	before, _ := ix.Count()
	for _, root := range opts.roots {
		st, err := ix.Build(ctx, root, index.BuildOptions{
			Workers:    opts.workers,
			BatchSize:  opts.batchSize,
			Prune:      opts.prune,
			OnProgress: p.update,
			OnError:    func(err error) { p.report(oneLineError(err)) },
		})
		p.finish()
		if err != nil && ctx.Err() == nil {
			// A failed write: the summary waits for the real count.
			runErr, failedRoot, failedStats = err, root, st
			break
		}
		total.Add(st)
		if !opts.json {
			fmt.Fprintln(opts.errOut, summary(root, st))
		}
		if err != nil {
			runErr = err
			break
		}
		before += uint64(st.Added)
	}
	compact := opts.compact
	if opts.autoCompact && runErr == nil {
		n, err := ix.Count()
		compact = err == nil && index.WorthCompacting(total, n)
	}
	if cerr := ix.Close(); runErr == nil && cerr != nil {
		runErr = cerr
	}
	if failedRoot != "" {
		failedStats = committed(opts.dir, before, failedStats)
		total.Add(failedStats)
		if !opts.json {
			fmt.Fprintln(opts.errOut, summary(failedRoot, failedStats))
		}
	}
	if runErr == nil && compact {
		if !opts.quiet && !opts.json {
			fmt.Fprintln(opts.errOut, "compacting the index (merging its segments)…")
		}
		start := time.Now()
		if err := index.Compact(ctx, opts.dir); err != nil {
			runErr = err
		} else if !opts.json {
			fmt.Fprintf(opts.errOut, "compacted in %.1f s: %s\n", time.Since(start).Seconds(), segments(opts.dir))
		}
	}
	return endIndex(ctx, opts, total, runErr)
}

// endIndex prints the JSON summary of a run, when asked, and turns its
// outcome into the command's error.
func endIndex(ctx context.Context, opts *indexOptions, total index.Stats, runErr error) error {
	if opts.json {
		enc := json.NewEncoder(opts.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(indexJSON{Stats: total, ElapsedMS: float64(total.Elapsed.Microseconds()) / 1000}); err != nil {
			return err
		}
	}
	if runErr != nil && (errors.Is(runErr, context.Canceled) || ctx.Err() != nil) {
		return errors.New("index: interrupted; every finished batch is kept (run it again to go on)")
	}
	if runErr != nil {
		return runErr
	}
	if total.Failed > 0 {
		return partialErr(fmt.Errorf("index: %d files or records failed (see above)", total.Failed))
	}
	return nil
}

// segments says how many segment files the index at dir has, as the
// compaction message ends: one is what compacting aims at, not a promise.
func segments(dir string) string {
	if n := index.SegmentFiles(dir); n != 1 {
		return fmt.Sprintf("%d segments", n)
	}
	return "one segment"
}

// committed corrects the statistics of a run whose write failed, st, by
// the articles the index at dir really holds now against before it: bleve
// retries writing a batch it reported as failed, and the retry may land
// (a run counted 750 added of which 1,000 were in the index). Updated
// articles do not change the count; the added ones are what it grew by.
func committed(dir string, before uint64, st index.Stats) index.Stats {
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		return st
	}
	defer ix.Close()
	if n, err := ix.Count(); err == nil && n >= before {
		st.Added = int(n - before)
	}
	return st
}

// oneLineError keeps a reported problem on one line: control characters
// in it (a file name may hold a line break) are escaped as in Go strings.
func oneLineError(err error) error {
	msg := err.Error()
	if !strings.ContainsFunc(msg, unicode.IsControl) {
		return err
	}
	var b strings.Builder
	for _, r := range msg {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return errors.New(b.String())
}

// indexJSON is the --json summary: the run's counts and its time in
// milliseconds, as the other commands give times.
type indexJSON struct {
	index.Stats
	ElapsedMS float64 `json:"elapsed_ms"`
}
