package eval

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
)

// Options changes how [Evaluate] treats the run.
type Options struct {
	// RunQueriesOnly drops queries that have relevant documents but are
	// absent from the run, instead of scoring them 0 (treceval.py's
	// --run-queries-only).
	RunQueriesOnly bool
}

// Scores are the metrics of one query, or their means over queries.
type Scores struct {
	MAP       float64 `json:"map"`           // average precision over the whole run
	MRR10     float64 `json:"mrr_at_10"`     // reciprocal rank of the first relevant document in the top 10
	NDCG10    float64 `json:"ndcg_at_10"`    // nDCG of the top 10, graded gains, log2(rank+1) discount
	Recall10  float64 `json:"recall_at_10"`  // share of the relevant documents in the top 10
	Recall100 float64 `json:"recall_at_100"` // share of the relevant documents in the top 100
	P10       float64 `json:"p_at_10"`       // relevant documents in the top 10, divided by 10
}

// metricNames are the metric labels of treceval.py, in its order.
var metricNames = [...]string{"MAP", "MRR@10", "nDCG@10", "Recall@10", "Recall@100", "P@10"}

func (s Scores) values() [len(metricNames)]float64 {
	return [...]float64{s.MAP, s.MRR10, s.NDCG10, s.Recall10, s.Recall100, s.P10}
}

// Metrics are the mean scores over the evaluated queries.
type Metrics struct {
	Scores
	// Queries is the number of queries averaged: those with a relevant
	// document, minus the missing ones if they were excluded.
	Queries int `json:"queries"`
	// Missing is the number of queries with a relevant document that are
	// absent from the run.
	Missing int `json:"missing"`
	// MissingExcluded reports that the missing queries were left out
	// ([Options.RunQueriesOnly]) rather than scored 0.
	MissingExcluded bool `json:"missing_excluded"`
}

// PerQuery holds the scores of one evaluated query.
type PerQuery struct {
	QueryID string // the query evaluated
	Scores
	Relevant  int // documents judged relevant (rel >= 1)
	Retrieved int // distinct documents in the run
}

// Evaluate scores run against qrels. Only queries with at least one relevant
// document in qrels are evaluated; run queries without judgments are ignored.
// It returns the means and the scores of each evaluated query, sorted by
// query id (byte order). With no query to evaluate, all means are 0.
func Evaluate(qrels Qrels, run Run, opts Options) (Metrics, []PerQuery) {
	var qids []string
	for qid, judged := range qrels {
		if countRelevant(judged) > 0 {
			qids = append(qids, qid)
		}
	}
	slices.Sort(qids)

	m := Metrics{MissingExcluded: opts.RunQueriesOnly}
	per := make([]PerQuery, 0, len(qids))
	for _, qid := range qids {
		if len(run[qid]) == 0 {
			m.Missing++
			if opts.RunQueriesOnly {
				continue
			}
		}
		q := evaluateQuery(ranking(run[qid]), qrels[qid])
		q.QueryID = qid
		per = append(per, q)
		// Summed in query id order, then divided, like treceval.py.
		m.MAP += q.MAP
		m.MRR10 += q.MRR10
		m.NDCG10 += q.NDCG10
		m.Recall10 += q.Recall10
		m.Recall100 += q.Recall100
		m.P10 += q.P10
	}
	m.Queries = len(per)
	if n := float64(m.Queries); n > 0 {
		m.MAP /= n
		m.MRR10 /= n
		m.NDCG10 /= n
		m.Recall10 /= n
		m.Recall100 /= n
		m.P10 /= n
	}
	return m, per
}

func countRelevant(judged map[string]int) int {
	n := 0
	for _, rel := range judged {
		if rel >= 1 {
			n++
		}
	}
	return n
}

// evaluateQuery scores ranked (distinct document ids, best first) against
// judged, which must hold at least one relevant document.
func evaluateQuery(ranked []string, judged map[string]int) PerQuery {
	q := PerQuery{Relevant: countRelevant(judged), Retrieved: len(ranked)}
	var found, hits10, hits100 int
	var dcg float64
	for i, doc := range ranked {
		rank := i + 1
		rel := judged[doc]
		if rank <= 10 && rel > 0 {
			dcg += float64(rel) / math.Log2(float64(rank+1))
		}
		if rel < 1 {
			continue
		}
		found++
		q.MAP += float64(found) / float64(rank)
		if rank <= 10 {
			if hits10 == 0 {
				q.MRR10 = 1 / float64(rank)
			}
			hits10++
		}
		if rank <= 100 {
			hits100++
		}
	}
	nrel := float64(q.Relevant)
	q.MAP /= nrel
	q.Recall10 = float64(hits10) / nrel
	q.Recall100 = float64(hits100) / nrel
	q.P10 = float64(hits10) / 10
	if idcg := idealDCG10(judged); idcg > 0 {
		q.NDCG10 = dcg / idcg
	}
	return q
}

// idealDCG10 is the DCG@10 of the best possible ranking of judged.
func idealDCG10(judged map[string]int) float64 {
	var gains []int
	for _, rel := range judged {
		if rel > 0 {
			gains = append(gains, rel)
		}
	}
	slices.SortFunc(gains, func(a, b int) int { return b - a })
	var idcg float64
	for i, g := range gains[:min(len(gains), 10)] {
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	return idcg
}

// WriteTable writes m in treceval.py's layout: one "NAME value" line per
// metric (name padded to 11 columns, value to 4 decimals), then the query
// count and what happened to queries missing from the run.
func (m Metrics) WriteTable(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for i, v := range m.values() {
		fmt.Fprintf(bw, "%-11s%.4f\n", metricNames[i], v)
	}
	fate := "scored 0"
	if m.MissingExcluded {
		fate = "excluded"
	}
	fmt.Fprintf(bw, "queries    %d (missing from run: %d, %s)\n", m.Queries, m.Missing, fate)
	return bw.Flush()
}

// WritePerQuery writes one line per query in treceval.py -q's layout:
// "qid MAP=0.1234 MRR@10=0.5000 ...".
func WritePerQuery(w io.Writer, per []PerQuery) error {
	bw := bufio.NewWriter(w)
	for _, q := range per {
		bw.WriteString(q.QueryID)
		for i, v := range q.values() {
			fmt.Fprintf(bw, " %s=%.4f", metricNames[i], v)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
