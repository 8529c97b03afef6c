package eval

import (
	"bufio"
	"fmt"
	"io"
)

// CollectionResult is a run's evaluation on one collection, and its
// comparison with a baseline when there is one.
type CollectionResult struct {
	Name     string
	Metrics  Metrics
	Baseline *Paired // nil: no baseline
}

// WriteCollections writes one line per collection: the number of queries,
// MRR@10 and nDCG@10, and with a baseline the baseline's score on metric m,
// the difference, the queries won, lost and tied, and the two p-values.
// A last line gives the means over the collections (each collection
// weighing the same) and on how many the run won and lost.
func WriteCollections(w io.Writer, results []CollectionResult, m Metric) error {
	bw := bufio.NewWriter(w)
	withBase := false
	for _, r := range results {
		withBase = withBase || r.Baseline != nil
	}
	fmt.Fprintf(bw, "%-14s %7s %8s %8s", "collection", "queries", "MRR@10", "nDCG@10")
	if withBase {
		fmt.Fprintf(bw, "   %-10s %9s %8s %15s %8s %8s", "base "+string(m), "run", "diff", "won/lost/tied", "p(rand)", "p(t)")
	}
	bw.WriteByte('\n')
	var mrr, ndcg, run, base float64
	won, lost, nBase := 0, 0, 0
	for _, r := range results {
		fmt.Fprintf(bw, "%-14s %7d %8.4f %8.4f", r.Name, r.Metrics.Queries, r.Metrics.MRR10, r.Metrics.NDCG10)
		mrr += r.Metrics.MRR10
		ndcg += r.Metrics.NDCG10
		if p := r.Baseline; p != nil {
			fmt.Fprintf(bw, "   %-10.4f %9.4f %+8.4f %15s %8.4f %8.4f", p.BaselineMean, p.Mean, p.Diff(),
				fmt.Sprintf("%d/%d/%d", p.Wins, p.Losses, p.Ties), p.PRandomization, p.PT)
			run += p.Mean
			base += p.BaselineMean
			nBase++
			switch {
			case p.Diff() > 0:
				won++
			case p.Diff() < 0:
				lost++
			}
		}
		bw.WriteByte('\n')
	}
	if n := float64(len(results)); n > 1 {
		fmt.Fprintf(bw, "%-14s %7s %8.4f %8.4f", "mean", "", mrr/n, ndcg/n)
		if nBase > 0 {
			fmt.Fprintf(bw, "   %-10.4f %9.4f %+8.4f %15s", base/float64(nBase), run/float64(nBase),
				(run-base)/float64(nBase), fmt.Sprintf("won %d, lost %d", won, lost))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
