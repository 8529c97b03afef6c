// Command scalecurve measures how arsearch grows with its corpus (issue
// #16): for each size it writes a corpus of that many articles, builds an
// index of it with the real arsearch binary, and records the build's wall
// and CPU time, its peak memory (the child's rusage from wait4), the size
// of the index on disk, and the median, p90 and p99 latency of a fixed set
// of title queries. It appends one row per size to a TSV and draws every
// row of the TSV as a PNG chart.
//
//	nice -n 5 go run ./scripts/scalecurve --label main-4077a57 \
//	    --sizes 30000,100000,300000 --tsv docs/scalecurve.tsv --png docs/scalecurve.png
//	go run ./scripts/scalecurve --plot-only --tsv docs/scalecurve.tsv --png docs/scalecurve.png
//
// The corpora are SaudiNewsNet then ANT (../shared/data/news), repeated
// until the size is reached. The first copy of each article is as
// published; each later copy has a fresh id (id~N) and its body's
// paragraphs shuffled (sentences when it has one paragraph), so that no
// copy is the same document and phrases across paragraph ends change,
// while the vocabulary stays the corpora's own (see corpus.go).
//
// The arsearch and latency binaries are built from the checkout the
// command runs in, unless --bin gives an arsearch binary.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	var (
		label    = flag.String("label", "", "the curve's name in the TSV and the chart, e.g. main-<commit> (required unless --plot-only)")
		sizes    = flag.String("sizes", "30000,100000,300000", "corpus sizes in articles, comma-separated")
		snn      = flag.String("snn", "../shared/data/news/saudinewsnet.jsonl.gz", "the SaudiNewsNet JSONL `FILE`")
		ant      = flag.String("ant", "../shared/data/news/antcorpus-v1.1.jsonl.gz", "the ANT JSONL `FILE`")
		work     = flag.String("work", "", "scratch `DIR` for corpora and indexes (default: a new temporary folder, removed at the end)")
		bin      = flag.String("bin", "", "the arsearch binary to measure (default: built from this checkout)")
		workers  = flag.Int("workers", 0, "arsearch index --workers (0: its default, all cores)")
		nQueries = flag.Int("queries", 500, "title queries, taken evenly from SaudiNewsNet")
		tsv      = flag.String("tsv", "docs/scalecurve.tsv", "the TSV `FILE` rows are appended to")
		png      = flag.String("png", "docs/scalecurve.png", "the chart `FILE`, drawn from every row of the TSV")
		plotOnly = flag.Bool("plot-only", false, "only draw the chart from the TSV")
		keep     = flag.Bool("keep", false, "keep the corpora and indexes in --work")
	)
	flag.Parse()
	if err := run(*label, *sizes, *snn, *ant, *work, *bin, *workers, *nQueries, *tsv, *png, *plotOnly, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "scalecurve:", err)
		os.Exit(1)
	}
}

func run(label, sizeList, snn, ant, work, bin string, workers, nQueries int, tsv, png string, plotOnly, keep bool) error {
	if plotOnly {
		return drawFromTSV(tsv, png)
	}
	if label == "" || strings.ContainsAny(label, "\t\n") {
		return fmt.Errorf("--label: want a name without tabs")
	}
	sizes, err := parseSizes(sizeList)
	if err != nil {
		return err
	}
	if work == "" {
		if work, err = os.MkdirTemp("", "scalecurve-"); err != nil {
			return err
		}
		if !keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	bins, err := buildBinaries(work, bin)
	if err != nil {
		return err
	}
	base, err := loadBase(snn, ant)
	if err != nil {
		return err
	}
	queries := filepath.Join(work, "queries.tsv")
	if err := writeQueries(queries, base, nQueries); err != nil {
		return err
	}
	fmt.Printf("%d base articles; %d queries in %s\n", len(base), nQueries, queries)
	for _, n := range sizes {
		row, err := measureSize(work, bins, base, n, workers, queries, keep)
		if err != nil {
			return fmt.Errorf("%d articles: %w", n, err)
		}
		row.Label = label
		fmt.Println(row.String())
		if err := appendRow(tsv, row); err != nil {
			return err
		}
	}
	return drawFromTSV(tsv, png)
}

func parseSizes(list string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--sizes: %q is not a number of articles", f)
		}
		out = append(out, n)
	}
	return out, nil
}
