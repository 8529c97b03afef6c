package eval

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is one evaluation query.
type Query struct {
	ID   string // query id, as used in qrels and runs
	Text string // query text, surrounding white space removed
}

// Qrels holds relevance judgments: query id -> document id -> graded
// relevance. A judgment of 1 or more is relevant.
type Qrels map[string]map[string]int

// Ranked is one retrieved document and its score.
type Ranked struct {
	DocID string  // document id
	Score float64 // higher ranks first
}

// Run holds retrieved documents: query id -> documents. [Evaluate] re-sorts
// each list by score, so its order only matters for [WriteRun] ranks and for
// which score a duplicated document keeps (the first). A query with an empty
// list counts as absent from the run, as it would after a round trip through
// a file.
type Run map[string][]Ranked

// ReadQueries reads queries as "qid<TAB>text" lines. Blank lines are skipped.
// The id must not contain white space, the text must not be empty, and ids
// must be unique.
func ReadQueries(r io.Reader) ([]Query, error) {
	var qs []Query
	first := make(map[string]int)
	err := eachLine(r, func(n int, line string) error {
		id, text, ok := strings.Cut(line, "\t")
		text = strings.TrimSpace(text)
		if !ok || id == "" || text == "" || hasSpace(id) {
			return errors.New("want qid<TAB>text")
		}
		if m, dup := first[id]; dup {
			return fmt.Errorf("duplicate query id %q (first on line %d)", id, m)
		}
		first[id] = n
		qs = append(qs, Query{ID: id, Text: text})
		return nil
	})
	return qs, err
}

// ReadQrels reads TREC relevance judgments, "qid iter docid rel" lines
// separated by white space; the iteration field is ignored. Blank lines are
// skipped. A relevance written as a decimal is truncated toward zero, as the
// peer script does. If a document is judged twice for one query, the last
// judgment wins.
func ReadQrels(r io.Reader) (Qrels, error) {
	qrels := make(Qrels)
	err := eachLine(r, func(_ int, line string) error {
		f := strings.Fields(line)
		if len(f) != 4 {
			return errors.New("want qid 0 docid rel")
		}
		rel, err := parseRel(f[3])
		if err != nil {
			return err
		}
		judged := qrels[f[0]]
		if judged == nil {
			judged = make(map[string]int)
			qrels[f[0]] = judged
		}
		judged[f[2]] = rel
		return nil
	})
	return qrels, err
}

func parseRel(s string) (int, error) {
	if rel, err := strconv.Atoi(s); err == nil {
		return rel, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > math.MaxInt32 {
		return 0, fmt.Errorf("relevance %q is not a number", s)
	}
	return int(x), nil // truncates toward zero, like Python's int(float(s))
}

// ReadRun reads a TREC run, "qid Q0 docid rank score tag" lines separated by
// white space, keeping each query's documents in file order. Blank lines are
// skipped. The Q0, rank and tag fields are ignored (trec_eval ranks by
// score); a score must be a number other than NaN.
func ReadRun(r io.Reader) (Run, error) {
	run := make(Run)
	err := eachLine(r, func(_ int, line string) error {
		f := strings.Fields(line)
		if len(f) != 6 {
			return errors.New("want qid Q0 docid rank score tag")
		}
		score, err := strconv.ParseFloat(f[4], 64)
		if err != nil || math.IsNaN(score) {
			return fmt.Errorf("score %q is not a number", f[4])
		}
		run[f[0]] = append(run[f[0]], Ranked{DocID: f[2], Score: score})
		return nil
	})
	return run, err
}

// WriteRun writes run as TREC run lines "qid Q0 docid rank score tag": queries
// in byte order of their ids, each query's documents in the order given with
// ranks 1, 2, ... Scores are written in the shortest form that reads back
// exactly. Ids and the tag must be non-empty without white space, and scores
// must not be NaN; nothing is written if one is invalid.
func WriteRun(w io.Writer, run Run, tag string) error {
	if err := checkField("tag", tag); err != nil {
		return err
	}
	qids := make([]string, 0, len(run))
	for qid, docs := range run {
		if err := checkField("query id", qid); err != nil {
			return err
		}
		for _, d := range docs {
			if err := checkField("doc id", d.DocID); err != nil {
				return fmt.Errorf("query %s: %w", qid, err)
			}
			if math.IsNaN(d.Score) {
				return fmt.Errorf("query %s: doc %s: score is NaN", qid, d.DocID)
			}
		}
		qids = append(qids, qid)
	}
	slices.Sort(qids)
	bw := bufio.NewWriter(w)
	for _, qid := range qids {
		for i, d := range run[qid] {
			score := strconv.FormatFloat(d.Score, 'g', -1, 64)
			if _, err := fmt.Fprintf(bw, "%s Q0 %s %d %s %s\n", qid, d.DocID, i+1, score, tag); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

func checkField(what, s string) error {
	if s == "" {
		return fmt.Errorf("empty %s", what)
	}
	if hasSpace(s) {
		return fmt.Errorf("%s %q contains white space", what, s)
	}
	return nil
}

func hasSpace(s string) bool { return strings.ContainsFunc(s, unicode.IsSpace) }

// eachLine calls fn with every non-blank line of r (without its line ending)
// and its 1-based number. Errors are prefixed with "line N: ". A UTF-8 byte
// order mark at the start is dropped; invalid UTF-8 is an error.
func eachLine(r io.Reader, fn func(n int, line string) error) error {
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		line = strings.TrimRight(line, "\r\n")
		if !utf8.ValidString(line) {
			return fmt.Errorf("line %d: invalid UTF-8", n)
		}
		if strings.TrimSpace(line) != "" {
			if ferr := fn(n, line); ferr != nil {
				return fmt.Errorf("line %d: %w", n, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// ranking returns the distinct documents of docs, each with its first score,
// sorted by score descending and then document id descending. NaN scores
// sort last.
func ranking(docs []Ranked) []string {
	seen := make(map[string]bool, len(docs))
	uniq := make([]Ranked, 0, len(docs))
	for _, d := range docs {
		if !seen[d.DocID] {
			seen[d.DocID] = true
			uniq = append(uniq, d)
		}
	}
	slices.SortFunc(uniq, func(a, b Ranked) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(b.DocID, a.DocID)
	})
	ids := make([]string, len(uniq))
	for i, d := range uniq {
		ids[i] = d.DocID
	}
	return ids
}
