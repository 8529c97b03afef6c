package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evalSetFixture writes two collections over the 30 ANT articles of
// testdata/corpus-small: each article's title finds its own article
// ("titles"), and the second and third words of each body finds its article
// ("leads", harder). It returns the manifest's path.
func evalSetFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.Open("../../testdata/corpus-small/ant-sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var titles, leads, qrels strings.Builder
	sc := bufio.NewScanner(src)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var a struct{ ID, Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&titles, "q%d\t%s\n", n, strings.Join(strings.Fields(a.Title), " "))
		fmt.Fprintf(&leads, "q%d\t%s\n", n, strings.Join(strings.Fields(a.Body)[1:3], " "))
		fmt.Fprintf(&qrels, "q%d 0 %s 1\n", n, a.ID)
	}
	for name, s := range map[string]string{"titles.tsv": titles.String(), "leads.tsv": leads.String(), "qrels.txt": qrels.String(),
		"manifest.tsv": "# two collections on one corpus\n" +
			"titles\t../../../testdata/corpus-small/ant-sample.jsonl\ttitles.tsv\tqrels.txt\theadlines\n" +
			"leads\t../../../testdata/corpus-small/ant-sample.jsonl\tleads.tsv\tqrels.txt\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "manifest.tsv")
}

// TestEvalManifest runs arsearch eval over two collections: one line each
// and a mean, indexes built once and reused, run files that compare with
// themselves as a tie, and a baseline ranking that differs.
func TestEvalManifest(t *testing.T) {
	manifest := evalSetFixture(t)
	dir := filepath.Dir(manifest)
	// The manifest's paths are relative to --data; the corpus path climbs
	// out of it to the repository's testdata.
	data := filepath.Join(dir, "a", "b", "c")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	repo := filepath.Dir(filepath.Dir(wd))
	for _, f := range []string{"titles.tsv", "leads.tsv", "qrels.txt"} {
		if err := os.Rename(filepath.Join(dir, f), filepath.Join(data, f)); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := os.ReadFile(manifest)
	m = []byte(strings.ReplaceAll(string(m), "../../../testdata", filepath.Join(repo, "testdata")))
	if err := os.WriteFile(manifest, m, 0o644); err != nil {
		t.Fatal(err)
	}
	idx, runs := filepath.Join(dir, "idx"), filepath.Join(dir, "runs")

	code, out, errOut := arsearch(t, "", "eval", "--manifest", manifest, "--data", data, "--index-root", idx, "--runs", runs)
	if code != exitOK {
		t.Fatalf("eval --manifest: exit %d\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "titles ") || !strings.HasPrefix(lines[2], "leads ") || !strings.HasPrefix(lines[3], "mean ") {
		t.Fatalf("want a header, titles, leads and mean lines:\n%s", out)
	}
	// 30 headlines over their own 30 articles: nearly all found first.
	if f := strings.Fields(lines[1]); f[1] != "30" || f[2] < "0.9" {
		t.Errorf("titles: %v, want 30 queries and MRR@10 at least 0.9", f)
	}
	if strings.Contains(errOut, "reusing") {
		t.Errorf("first run reused an index:\n%s", errOut)
	}

	// The second run reuses both indexes and compares with the first run's
	// files: every query ties, p = 1.
	code, out, errOut = arsearch(t, "", "eval", "--manifest", manifest, "--data", data, "--index-root", idx,
		"--baseline", filepath.Join(runs, "{name}.trec"))
	if code != exitOK {
		t.Fatalf("eval --baseline: exit %d\n%s", code, errOut)
	}
	if strings.Count(errOut, "reusing") != 2 {
		t.Errorf("second run did not reuse both indexes:\n%s", errOut)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:3] {
		f := strings.Fields(l)
		if f[6] != "+0.0000" || f[7] != "0/0/30" || f[8] != "1.0000" || f[9] != "1.0000" {
			t.Errorf("against itself: %q, want diff 0, 0/0/30, p 1", l)
		}
	}

	// Against a baseline that weighs titles as bodies and drops the exact
	// bonus, the two-word queries rank differently.
	code, out, errOut = arsearch(t, "", "eval", "--manifest", manifest, "--data", data, "--index-root", idx,
		"--baseline-ranking", "title=1,exact=0,related=0")
	if code != exitOK {
		t.Fatalf("eval --baseline-ranking: exit %d\n%s", code, errOut)
	}
	if f := strings.Fields(strings.Split(out, "\n")[2]); f[7] == "0/0/30" {
		t.Errorf("a different ranking tied on every query: %v", f)
	}

	for _, bad := range [][]string{
		{"eval", "--manifest", manifest, "--data", data},                                                   // no --index-root
		{"eval", "--manifest", manifest, "--index-root", idx, "--corpus", "x.jsonl"},                       // both modes
		{"eval", "--manifest", manifest, "--index-root", idx, "--ranking", "titel=1"},                      // unknown weight
		{"eval", "--manifest", manifest, "--index-root", idx, "--metric", "MRR"},                           // unknown metric
		{"eval", "--manifest", manifest, "--index-root", idx, "--baseline", "b", "--baseline-ranking", ""}, // two baselines
	} {
		if code, _, _ := arsearch(t, "", bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
}

// TestEvalPlain: eval --plain reads the queries as the peers do, as plain
// words. Over the ANT sample, two queries for one article that the query
// language reads as an exclusion of a word of its title and as a phrase
// no article has miss it; with --plain both find it first.
func TestEvalPlain(t *testing.T) {
	dir := t.TempDir()
	queries := "q1\tمهرجان المدينة -سوسة\n" + // the article's title has بسوسة
		"q2\t\"سوسة المدينة مهرجان\"\n"
	qrels := "q1 0 JA-culture-114-20170601 1\nq2 0 JA-culture-114-20170601 1\n"
	for name, text := range map[string]string{"q.tsv": queries, "r.txt": qrels} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mrr := func(extra ...string) float64 {
		args := append([]string{"eval", "--corpus", "../../testdata/corpus-small/ant-sample.jsonl", "--queries", filepath.Join(dir, "q.tsv"),
			"--qrels", filepath.Join(dir, "r.txt"), "--index", filepath.Join(dir, "idx"), "--json"}, extra...)
		code, out, errOut := arsearch(t, "", args...)
		if code != exitOK {
			t.Fatalf("eval %v: exit %d\n%s", extra, code, errOut)
		}
		var m struct {
			MRR float64 `json:"mrr_at_10"`
		}
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("eval --json: %v\n%s", err, out)
		}
		return m.MRR
	}
	if got := mrr(); got != 0 {
		t.Errorf("eval without --plain: MRR@10 %.3f, want 0 (the query language excludes the article)", got)
	}
	if got := mrr("--plain"); got != 1 {
		t.Errorf("eval --plain: MRR@10 %.3f, want 1 (the article first for both)", got)
	}
}
