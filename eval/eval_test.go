package eval

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
)

// handQrels and handRun are a collection small enough to score by hand.
//
//	q1: relevant d1 (2), d2 (1), d4 (1); d3 judged 0.
//	q2: relevant d5 (1), d6 (3: the later line wins); d10 judged -1.
//	q3: relevant d7, absent from the run.
//	q4: no relevant document (d8 judged 0): skipped.
//	q5: in the run only: ignored.
const handQrels = `q1 0 d1 2
q1 0 d2 1
q1 0 d3 0
q1 0 d4 1
q2 0 d5 1
q2 0 d6 1
q2 0 d6 3
q2 0 d10 -1
q3 0 d7 1
q4 0 d8 0
`

// The file ranks are deliberately wrong: only scores count.
//
// q1 sorts to d3 (0.9), d9 (0.5), d1 (0.5), d2 (0.2): d9 and d1 tie and
// the larger id comes first; the second d1 line (0.1) is ignored.
// q2 sorts to d5, d10, u1 ... u9, d6 (rank 12).
const handRun = `q1 Q0 d1 1 0.5 hand
q1 Q0 d3 2 0.9 hand
q1 Q0 d9 3 0.5 hand
q1 Q0 d1 4 0.1 hand
q1 Q0 d2 5 0.2 hand
q2 Q0 d6 1 0.5 hand
q2 Q0 u9 2 1 hand
q2 Q0 u8 3 2 hand
q2 Q0 u7 4 3 hand
q2 Q0 u6 5 4 hand
q2 Q0 u5 6 5 hand
q2 Q0 u4 7 6 hand
q2 Q0 u3 8 7 hand
q2 Q0 u2 9 8 hand
q2 Q0 u1 10 9 hand
q2 Q0 d10 11 9.5 hand
q2 Q0 d5 12 10 hand
q4 Q0 d8 1 1 hand
q5 Q0 d1 1 1 hand
`

// Hand-computed scores of the collection above.
var (
	// q1: relevant at ranks 3 (d1, gain 2) and 4 (d2, gain 1) of R = 3.
	//   AP     = (1/3 + 2/4) / 3 = 5/18
	//   RR     = 1/3
	//   DCG    = 2/log2(4) + 1/log2(5) = 1 + 1/log2(5)
	//   IDCG   = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2.5 + 1/log2(3)
	//   nDCG   = 0.45694942738...
	//   R@10 = R@100 = 2/3, P@10 = 2/10
	handQ1 = PerQuery{QueryID: "q1", Relevant: 3, Retrieved: 4, Scores: Scores{
		MAP: 5.0 / 18, MRR10: 1.0 / 3,
		NDCG10:   (1 + 1/math.Log2(5)) / (2.5 + 1/math.Log2(3)),
		Recall10: 2.0 / 3, Recall100: 2.0 / 3, P10: 0.2,
	}}
	// q2: relevant at ranks 1 (d5, gain 1) and 12 (d6, gain 3) of R = 2;
	// d10 at rank 2 has gain max(-1, 0) = 0.
	//   AP     = (1/1 + 2/12) / 2 = 7/12
	//   RR     = 1
	//   DCG    = 1/log2(2) = 1
	//   IDCG   = 3/log2(2) + 1/log2(3) = 3 + 1/log2(3)
	//   nDCG   = 0.27541155237...
	//   R@10 = 1/2, R@100 = 1, P@10 = 1/10
	handQ2 = PerQuery{QueryID: "q2", Relevant: 2, Retrieved: 12, Scores: Scores{
		MAP: 7.0 / 12, MRR10: 1,
		NDCG10:   1 / (3 + 1/math.Log2(3)),
		Recall10: 0.5, Recall100: 1, P10: 0.1,
	}}
	// q3: absent from the run, every score 0.
	handQ3 = PerQuery{QueryID: "q3", Relevant: 1}

	// Means over q1, q2, q3 (q3 scored 0):
	//   MAP  = (5/18 + 7/12 + 0) / 3 = 31/108 = 0.28703...
	//   MRR  = (1/3 + 1 + 0) / 3     = 4/9
	//   nDCG = (0.45694... + 0.27541... + 0) / 3 = 0.24412...
	//   R@10 = (2/3 + 1/2 + 0) / 3   = 7/18
	//   R@100 = (2/3 + 1 + 0) / 3    = 5/9
	//   P@10 = (0.2 + 0.1 + 0) / 3   = 0.1
	handAll = Metrics{Queries: 3, Missing: 1, Scores: Scores{
		MAP: 31.0 / 108, MRR10: 4.0 / 9,
		NDCG10:   (handQ1.NDCG10 + handQ2.NDCG10) / 3,
		Recall10: 7.0 / 18, Recall100: 5.0 / 9, P10: 0.1,
	}}
	// Means over q1 and q2 only (RunQueriesOnly):
	//   MAP = 31/72, MRR = 2/3, nDCG = 0.36618..., R@10 = 7/12,
	//   R@100 = 5/6, P@10 = 0.15
	handRunOnly = Metrics{Queries: 2, Missing: 1, MissingExcluded: true, Scores: Scores{
		MAP: 31.0 / 72, MRR10: 2.0 / 3,
		NDCG10:   (handQ1.NDCG10 + handQ2.NDCG10) / 2,
		Recall10: 7.0 / 12, Recall100: 5.0 / 6, P10: 0.15,
	}}
)

func readHand(t *testing.T) (Qrels, Run) {
	t.Helper()
	qrels, err := ReadQrels(strings.NewReader(handQrels))
	if err != nil {
		t.Fatalf("ReadQrels: %v", err)
	}
	run, err := ReadRun(strings.NewReader(handRun))
	if err != nil {
		t.Fatalf("ReadRun: %v", err)
	}
	return qrels, run
}

func checkScores(t *testing.T, what string, got, want Scores, tol float64) {
	t.Helper()
	g, w := got.values(), want.values()
	for i := range g {
		if math.Abs(g[i]-w[i]) > tol {
			t.Errorf("%s %s = %.10f, want %.10f", what, metricNames[i], g[i], w[i])
		}
	}
}

func checkMetrics(t *testing.T, got, want Metrics) {
	t.Helper()
	checkScores(t, "mean", got.Scores, want.Scores, 1e-9)
	if got.Queries != want.Queries || got.Missing != want.Missing || got.MissingExcluded != want.MissingExcluded {
		t.Errorf("Queries, Missing, MissingExcluded = %d, %d, %t, want %d, %d, %t",
			got.Queries, got.Missing, got.MissingExcluded, want.Queries, want.Missing, want.MissingExcluded)
	}
}

func checkPerQuery(t *testing.T, got, want []PerQuery) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d per-query results, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.QueryID != w.QueryID || g.Relevant != w.Relevant || g.Retrieved != w.Retrieved {
			t.Errorf("per-query %d = %s (relevant %d, retrieved %d), want %s (relevant %d, retrieved %d)",
				i, g.QueryID, g.Relevant, g.Retrieved, w.QueryID, w.Relevant, w.Retrieved)
		}
		checkScores(t, w.QueryID, g.Scores, w.Scores, 1e-9)
	}
}

func TestEvaluateHand(t *testing.T) {
	qrels, run := readHand(t)
	tests := []struct {
		name    string
		opts    Options
		want    Metrics
		wantPer []PerQuery
	}{
		{"missing scored 0", Options{}, handAll, []PerQuery{handQ1, handQ2, handQ3}},
		{"run queries only", Options{RunQueriesOnly: true}, handRunOnly, []PerQuery{handQ1, handQ2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, per := Evaluate(qrels, run, tt.opts)
			checkMetrics(t, got, tt.want)
			checkPerQuery(t, per, tt.wantPer)
		})
	}
}

func TestEvaluateEmptyListIsMissing(t *testing.T) {
	qrels, run := readHand(t)
	run["q3"] = []Ranked{}
	for _, opts := range []Options{{}, {RunQueriesOnly: true}} {
		got, _ := Evaluate(qrels, run, opts)
		want := handAll
		if opts.RunQueriesOnly {
			want = handRunOnly
		}
		checkMetrics(t, got, want)
	}
}

func TestEvaluateNothingToScore(t *testing.T) {
	qrels := Qrels{"q1": {"d1": 0, "d2": -1}}
	run := Run{"q1": {{"d1", 1}}}
	got, per := Evaluate(qrels, run, Options{})
	checkMetrics(t, got, Metrics{})
	if len(per) != 0 {
		t.Errorf("got %d per-query results, want 0", len(per))
	}
}

func TestEvaluateDeepRun(t *testing.T) {
	// The only relevant document is at rank 1200: MAP is not cut at 100 or
	// at trec_eval's default depth of 1000.
	//   AP = 1/1200, everything else 0.
	qrels := Qrels{"q": {"rel": 1}}
	var docs []Ranked
	for i := range 1199 {
		docs = append(docs, Ranked{fmt.Sprintf("n%04d", i), float64(2000 - i)})
	}
	docs = append(docs, Ranked{"rel", 1})
	got, _ := Evaluate(qrels, Run{"q": docs}, Options{})
	checkMetrics(t, got, Metrics{Queries: 1, Scores: Scores{MAP: 1.0 / 1200}})
}

func TestEvaluateManyRelevant(t *testing.T) {
	// 12 relevant documents of gain 1, retrieved first: the ideal ranking
	// is cut at 10 too, so nDCG@10 = 1.
	//   AP = 1, RR = 1, nDCG = 1, R@10 = 10/12, R@100 = 1, P@10 = 1
	judged := map[string]int{}
	var docs []Ranked
	for i := range 12 {
		id := fmt.Sprintf("d%02d", i)
		judged[id] = 1
		docs = append(docs, Ranked{id, 1})
	}
	got, _ := Evaluate(Qrels{"q": judged}, Run{"q": docs}, Options{})
	checkMetrics(t, got, Metrics{Queries: 1, Scores: Scores{
		MAP: 1, MRR10: 1, NDCG10: 1, Recall10: 10.0 / 12, Recall100: 1, P10: 1,
	}})
}

func TestEvaluateNaNScoresLast(t *testing.T) {
	// d2's NaN score sorts below everything: d1 first.
	//   AP = (1/2) / 1, RR = 1/2
	qrels := Qrels{"q": {"d2": 1}}
	run := Run{"q": {{"d2", math.NaN()}, {"d1", -math.MaxFloat64}}}
	got, _ := Evaluate(qrels, run, Options{})
	if got.MAP != 0.5 || got.MRR10 != 0.5 {
		t.Errorf("MAP, MRR10 = %v, %v, want 0.5, 0.5", got.MAP, got.MRR10)
	}
}

func TestWriteTable(t *testing.T) {
	tests := []struct {
		name string
		m    Metrics
		want string
	}{
		{"missing scored 0", handAll, `MAP        0.2870
MRR@10     0.4444
nDCG@10    0.2441
Recall@10  0.3889
Recall@100 0.5556
P@10       0.1000
queries    3 (missing from run: 1, scored 0)
`},
		{"run queries only", handRunOnly, `MAP        0.4306
MRR@10     0.6667
nDCG@10    0.3662
Recall@10  0.5833
Recall@100 0.8333
P@10       0.1500
queries    2 (missing from run: 1, excluded)
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.m.WriteTable(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("WriteTable:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}

func TestWritePerQuery(t *testing.T) {
	var b bytes.Buffer
	if err := WritePerQuery(&b, []PerQuery{handQ1, handQ3}); err != nil {
		t.Fatal(err)
	}
	want := "q1 MAP=0.2778 MRR@10=0.3333 nDCG@10=0.4569 Recall@10=0.6667 Recall@100=0.6667 P@10=0.2000\n" +
		"q3 MAP=0.0000 MRR@10=0.0000 nDCG@10=0.0000 Recall@10=0.0000 Recall@100=0.0000 P@10=0.0000\n"
	if b.String() != want {
		t.Errorf("WritePerQuery:\n%s\nwant:\n%s", b.String(), want)
	}
}
