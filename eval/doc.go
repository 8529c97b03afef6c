// Package eval scores ranked search results against relevance judgments with
// trec_eval semantics.
//
// It owns the evaluation file formats (queries as qid<TAB>text, TREC qrels
// "qid 0 docid rel" and TREC runs "qid Q0 docid rank score tag") and the
// metrics MAP, MRR@10, nDCG@10, Recall@10, Recall@100 and P@10, computed
// exactly like the peer harness's treceval.py:
//
//   - the run is re-sorted by score (descending), ties by document id
//     (descending, byte order); ranks given in a file are ignored;
//   - a document listed twice for one query keeps its first score;
//   - a judgment rel >= 1 is relevant, unjudged documents are non-relevant,
//     and a document judged twice for one query keeps its last judgment;
//   - nDCG uses the graded judgment as gain (negative judgments count 0),
//     the discount log2(rank+1) and an ideal ranking built from the qrels;
//   - MAP uses the whole run (no cut at 1000 or any other depth) and divides
//     by the number of relevant documents in the qrels; P@10 always divides
//     by 10;
//   - queries without a relevant document are skipped; queries with one but
//     absent from the run score 0 (trec_eval -c) unless
//     [Options.RunQueriesOnly] drops them.
//
// For the ranking protocol (BENCHMARKS.md section 3) it also reads
// collection manifests ([ReadManifest]), compares a run with a baseline
// query by query with a paired randomization test and a paired t-test
// ([Compare]), and chooses settings by leave-one-collection-out
// ([LeaveOneOut]).
//
// [Search] runs a query set through an index; building indexes and the
// command line around this package live elsewhere.
package eval
