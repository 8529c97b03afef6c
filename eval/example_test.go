package eval_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/arsearch/arsearch/eval"
)

func ExampleEvaluate() {
	qrels, err := eval.ReadQrels(strings.NewReader("q1 0 d1 2\nq1 0 d2 1\nq2 0 d3 1\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	// d1 and d4 tie: the larger id, d4, ranks first. q2 is not in the run.
	run := eval.Run{"q1": {{DocID: "d1", Score: 3}, {DocID: "d4", Score: 3}, {DocID: "d2", Score: 1}}}
	m, per := eval.Evaluate(qrels, run, eval.Options{})
	eval.WritePerQuery(os.Stdout, per)
	m.WriteTable(os.Stdout)
	// Output:
	// q1 MAP=0.5833 MRR@10=0.5000 nDCG@10=0.6697 Recall@10=1.0000 Recall@100=1.0000 P@10=0.2000
	// q2 MAP=0.0000 MRR@10=0.0000 nDCG@10=0.0000 Recall@10=0.0000 Recall@100=0.0000 P@10=0.0000
	// MAP        0.2917
	// MRR@10     0.2500
	// nDCG@10    0.3348
	// Recall@10  0.5000
	// Recall@100 0.5000
	// P@10       0.1000
	// queries    2 (missing from run: 1, scored 0)
}

func ExampleWriteRun() {
	run := eval.Run{"q1": {{DocID: "arcd-0007", Score: 12.5}, {DocID: "arcd-0001", Score: 3.25}}}
	if err := eval.WriteRun(os.Stdout, run, "arsearch"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// q1 Q0 arcd-0007 1 12.5 arsearch
	// q1 Q0 arcd-0001 2 3.25 arsearch
}
