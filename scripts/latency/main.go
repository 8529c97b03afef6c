// Command latency measures arsearch's per-query search latency: it opens an
// index read-only, runs every query of a TSV file (qid<TAB>query) through
// search.Run one at a time, and prints one line with the median, p90, p99
// and max latency in milliseconds. scripts/bench-peers.sh uses it beside
// the peers, which only report their total search time.
//
//	go run ./scripts/latency --index DIR --queries QUERIES.tsv [--k 10] [--no-snippets] [--exact] [--ranking SPEC] [--cpuprofile FILE]
//
// A query that is not valid in the query language (search.ErrQuery) is run
// again as plain words (search.PlainQuery), as arsearch eval does; both runs
// count in its latency.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

func main() {
	var (
		dir        = flag.String("index", "", "the arsearch index `DIR` (required)")
		queries    = flag.String("queries", "", "the queries `TSV`: qid<TAB>query (required)")
		k          = flag.Int("k", 10, "hits per query")
		noSnippets = flag.Bool("no-snippets", false, "skip snippets and title marks (as arsearch eval does)")
		exact      = flag.Bool("exact", false, "no typo corrections (search.Request.Exact)")
		cpuProfile = flag.String("cpuprofile", "", "write a CPU profile of the queries to `FILE`")
		rankSpec   = flag.String("ranking", "", "weights over the default ranking (`SPEC`, as arsearch eval --ranking)")
	)
	flag.Parse()
	if *dir == "" || *queries == "" || flag.NArg() > 0 || *k < 1 {
		fmt.Fprintln(os.Stderr, "usage: latency --index DIR --queries QUERIES.tsv [--k 10] [--no-snippets] [--exact] [--ranking SPEC]")
		os.Exit(2)
	}
	ranking, err := search.ParseRanking(*rankSpec, search.DefaultRanking)
	if err != nil {
		fmt.Fprintln(os.Stderr, "latency: --ranking:", err)
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "latency:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "latency:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(context.Background(), os.Stdout, *dir, *queries, *k, *noSnippets, *exact, &ranking); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "latency:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, dir, queryFile string, k int, noSnippets, exact bool, ranking *search.Ranking) error {
	texts, err := readQueries(queryFile)
	if err != nil {
		return err
	}
	if len(texts) == 0 {
		return fmt.Errorf("%s: no queries", queryFile)
	}
	start := time.Now()
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer ix.Close()
	opened := time.Since(start)

	lat := make([]time.Duration, 0, len(texts))
	var hits, empty int
	for _, text := range texts {
		t0 := time.Now()
		res, err := search.Run(ctx, ix, search.Request{Query: text, Limit: k, NoSnippets: noSnippets, Exact: exact, Ranking: ranking})
		if errors.Is(err, search.ErrQuery) {
			res, err = search.Run(ctx, ix, search.Request{Query: search.PlainQuery(text), Limit: k, NoSnippets: noSnippets, Exact: exact, Ranking: ranking})
		}
		d := time.Since(t0)
		switch {
		case errors.Is(err, search.ErrQuery):
			empty++ // no searchable word: no hits, like the peers
		case err != nil:
			return fmt.Errorf("query %q: %w", text, err)
		default:
			hits += len(res.Hits)
		}
		lat = append(lat, d)
	}
	total := time.Since(start) - opened

	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	fmt.Fprintf(w, "queries=%d hits=%d unsearchable=%d open_ms=%.1f total_s=%.3f mean_ms=%.3f median_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
		len(lat), hits, empty, ms(opened), total.Seconds(), ms(sum/time.Duration(len(lat))),
		ms(percentile(lat, 0.5)), ms(percentile(lat, 0.9)), ms(percentile(lat, 0.99)), ms(lat[len(lat)-1]))
	return nil
}

// readQueries returns the query texts of a qid<TAB>query file, skipping
// lines whose query is blank (the peers skip them too).
func readQueries(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		_, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return nil, fmt.Errorf("%s: line %d: want qid<TAB>query", name, line)
		}
		if text = strings.TrimSpace(text); text != "" {
			texts = append(texts, text)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return texts, nil
}

// percentile is the nearest-rank percentile p (0 < p <= 1) of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
