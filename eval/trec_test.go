package eval

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestReadQueries(t *testing.T) {
	in := "\uFEFFq1\tمن هو جمال خاشقجي؟\r\n\n  \nq2\t مياه الفرات \n"
	got, err := ReadQueries(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Query{{"q1", "من هو جمال خاشقجي؟"}, {"q2", "مياه الفرات"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadQueries = %q, want %q", got, want)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		read func(string) error
		in   string
		want string
	}{
		{"query without tab", readQueries, "q1\tمياه\nq2\t\nq3 مياه الفرات\n", "line 2: want qid<TAB>text"},
		{"query without tab at line 3", readQueries, "q1\tمياه\n\nq3 مياه الفرات\n", "line 3: want qid<TAB>text"},
		{"query id with space", readQueries, "q 1\tمياه\n", "line 1: want qid<TAB>text"},
		{"duplicate query", readQueries, "q1\tمياه\nq2\tالفرات\nq1\tسوريا\n", `line 3: duplicate query id "q1" (first on line 1)`},
		{"invalid UTF-8", readQueries, "q1\t\xff\n", "line 1: invalid UTF-8"},
		{"qrels short line", readQrels, "q1 0 d1 1\nq1 0 d2\n", "line 2: want qid 0 docid rel"},
		{"qrels bad rel", readQrels, "q1 0 d1 x\n", `line 1: relevance "x" is not a number`},
		{"qrels NaN rel", readQrels, "q1 0 d1 nan\n", `line 1: relevance "nan" is not a number`},
		{"run short line", readRun, "q1 Q0 d1 1 0.5\n", "line 1: want qid Q0 docid rank score tag"},
		{"run bad score", readRun, "q1 Q0 d1 1 0.5 t\nq1 Q0 d2 2 high t\n", `line 2: score "high" is not a number`},
		{"run NaN score", readRun, "q1 Q0 d1 1 NaN t\n", `line 1: score "NaN" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.read(tt.in)
			if err == nil || err.Error() != tt.want {
				t.Errorf("read(%q) error = %v, want %q", tt.in, err, tt.want)
			}
		})
	}
}

func readQueries(s string) error { _, err := ReadQueries(strings.NewReader(s)); return err }
func readQrels(s string) error   { _, err := ReadQrels(strings.NewReader(s)); return err }
func readRun(s string) error     { _, err := ReadRun(strings.NewReader(s)); return err }

func TestReadQrels(t *testing.T) {
	// Decimal relevance truncates toward zero; the last judgment wins.
	in := "q1 0 d1 2.7\nq1\t0\td2   -1.5\nq1 0 d3 1\nq1 0 d3 0\n\nq2 0 d1 1\n"
	got, err := ReadQrels(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Qrels{"q1": {"d1": 2, "d2": -1, "d3": 0}, "q2": {"d1": 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadQrels = %v, want %v", got, want)
	}
}

func TestReadRun(t *testing.T) {
	// File order is kept, duplicates included; ranks and tags are ignored.
	in := "q1 Q0 d2 7 1.5 a\nq2 Q0 d1 1 -2 b\nq1 Q0 d1 1 1e3 c\nq1 Q0 d2 9 +Inf a\n"
	got, err := ReadRun(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Run{
		"q1": {{"d2", 1.5}, {"d1", 1000}, {"d2", math.Inf(1)}},
		"q2": {{"d1", -2}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadRun = %v, want %v", got, want)
	}
}

func TestWriteRun(t *testing.T) {
	run := Run{
		"q2":  {{"arcd-0002", 0.1}, {"arcd-0001", 1e-300}},
		"q10": {{"arcd-0003", 12.5}, {"arcd-0003", -3}, {"arcd-0001", math.Inf(-1)}},
	}
	var b bytes.Buffer
	if err := WriteRun(&b, run, "arsearch"); err != nil {
		t.Fatal(err)
	}
	want := `q10 Q0 arcd-0003 1 12.5 arsearch
q10 Q0 arcd-0003 2 -3 arsearch
q10 Q0 arcd-0001 3 -Inf arsearch
q2 Q0 arcd-0002 1 0.1 arsearch
q2 Q0 arcd-0001 2 1e-300 arsearch
`
	if b.String() != want {
		t.Errorf("WriteRun:\n%s\nwant:\n%s", b.String(), want)
	}
	back, err := ReadRun(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, run) {
		t.Errorf("ReadRun(WriteRun(run)) = %v, want %v", back, run)
	}
}

func TestWriteRunInvalid(t *testing.T) {
	tests := []struct {
		name string
		run  Run
		tag  string
		want string
	}{
		{"empty tag", Run{"q": {{"d", 1}}}, "", "empty tag"},
		{"tag with space", Run{"q": {{"d", 1}}}, "my run", `tag "my run" contains white space`},
		{"doc id with space", Run{"q": {{"d", 1}, {"d 2", 1}}}, "t", `query q: doc id "d 2" contains white space`},
		{"empty query id", Run{"": {{"d", 1}}}, "t", "empty query id"},
		{"NaN score", Run{"q": {{"d", math.NaN()}}}, "t", "query q: doc d: score is NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := WriteRun(&b, tt.run, tt.tag)
			if err == nil || err.Error() != tt.want {
				t.Errorf("WriteRun error = %v, want %q", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("WriteRun wrote %q on error", b.String())
			}
		})
	}
}
