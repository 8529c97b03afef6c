package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// seedID is the id of the seed article in testdata/corpus-small.
const seedID = "corpus-small/enab-baladi-syria-iraq.txt"

// TestShow: show prints one article whole (text and --json), marks a
// query's words, and names a missing id in one line.
func TestShow(t *testing.T) {
	dir := smallIndex(t)
	code, out, errOut := arsearch(t, "", "show", "--index", dir, "--query", "العراق", "--color", "never", seedID)
	if code != exitOK {
		t.Fatalf("show: exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "تطوير العلاقات") || !strings.Contains(lines[1], "عنب بلدي") || !strings.Contains(lines[1], seedID) {
		t.Errorf("show: title and meta lines:\n%s", out)
	}
	if !strings.Contains(out, "[[العراق]]") || !strings.Contains(out, "التنسيق الأمني") {
		t.Errorf("show: no marked العراق or whole body:\n%s", out)
	}
	code, out, _ = arsearch(t, "", "show", "--index", dir, "--json", seedID)
	var doc search.Document
	if err := json.Unmarshal([]byte(out), &doc); code != exitOK || err != nil || doc.ID != seedID || len(doc.Body) < 500 {
		t.Errorf("show --json: exit %d, %v, id %q, %d body bytes", code, err, doc.ID, len(doc.Body))
	}
	code, _, errOut = arsearch(t, "", "show", "--index", dir, "no-such-id")
	if code != exitError || !strings.Contains(errOut, `"no-such-id"`) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("show no-such-id: exit %d, %q", code, errOut)
	}
}

// TestStats: stats counts what query finds: the articles, each source's
// and category's, the date range.
func TestStats(t *testing.T) {
	dir := smallIndex(t)
	code, out, errOut := arsearch(t, "", "stats", "--index", dir, "--json")
	var s index.Summary
	if err := json.Unmarshal([]byte(out), &s); code != exitOK || err != nil {
		t.Fatalf("stats --json: exit %d, %v, %s", code, err, errOut)
	}
	if s.Articles != 32 || s.Format != index.Format || s.Path != dir || s.SizeBytes < 10000 || len(s.Sources) < 2 {
		t.Errorf("stats: %+v", s)
	}
	sum := 0
	for _, c := range s.Sources {
		sum += c.Count
		if c.Value == "" {
			continue
		}
		_, res, _ := queryJSONOut(t, dir, "--source", c.Value)
		if res.Total != uint64(c.Count) {
			t.Errorf("stats: source %s has %d, --source finds %d", c.Value, c.Count, res.Total)
		}
	}
	if uint64(sum) != s.Articles {
		t.Errorf("sources add up to %d, want %d", sum, s.Articles)
	}
	_, newest, _ := queryJSONOut(t, dir, "--sort", "date", "--limit", "1")
	if s.FirstDate.IsZero() || !s.LastDate.Equal(newest.Hits[0].Date) || s.FirstDate.After(s.LastDate) {
		t.Errorf("stats: dates %v to %v, the newest article is %v", s.FirstDate, s.LastDate, newest.Hits[0].Date)
	}
	code, out, _ = arsearch(t, "", "stats", "--index", dir)
	for _, want := range []string{"articles  ", "32", fmt.Sprintf("(format %d)", index.Format), "عنب بلدي", "MB on disk"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("stats: exit %d, no %q in:\n%s", code, want, out)
		}
	}
}

// TestCLIFlags: --version, --facets in --json, case-insensitive sources,
// --limit and --offset checks, the line past the last page, --color, and
// the index summary's time in milliseconds.
func TestCLIFlags(t *testing.T) {
	dir := smallIndex(t)
	if code, out, _ := arsearch(t, "", "--version"); code != exitOK || !strings.HasPrefix(out, "arsearch ") ||
		!strings.Contains(out, fmt.Sprintf("index format %d", index.Format)) {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	code, out, _ := arsearch(t, "", "query", "--index", dir, "--json", "--facets", "سوريا")
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); code != exitOK || err != nil || !strings.Contains(string(raw["facets"]), `"sources"`) {
		t.Errorf("query --json --facets: exit %d, %v, facets %s", code, err, raw["facets"])
	}
	_, exact, _ := queryJSONOut(t, dir, "--source", "Jawhara FM", "--limit", "100")
	_, lower, _ := queryJSONOut(t, dir, "--source", "jawhara fm", "--limit", "100")
	if exact.Total == 0 || lower.Total != exact.Total {
		t.Errorf("--source 'jawhara fm' finds %d, 'Jawhara FM' %d", lower.Total, exact.Total)
	}
	for _, args := range [][]string{{"--limit", "0"}, {"--limit", "-1"}, {"--limit", "1001"}, {"--offset", "-1"}, {"--offset", "10001"}, {"--color", "sometimes"}} {
		code, _, errOut := arsearch(t, "", append([]string{"query", "--index", dir}, append(args, "سوريا")...)...)
		if code != exitUsage || !strings.Contains(errOut, args[0]) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("query %v: exit %d, %q; want exit 2 and one line naming %s", args, code, errOut, args[0])
		}
	}
	_, all, _ := queryJSONOut(t, dir, "سوريا")
	code, out, _ = arsearch(t, "", "query", "--index", dir, "--offset", "200", "سوريا")
	if want := fmt.Sprintf("%d results for سوريا; --offset 200 is past the last one\n", all.Total); code != exitOK || out != want {
		t.Errorf("past the last page: exit %d, %q, want %q", code, out, want)
	}
	_, always, _ := arsearch(t, "", "query", "--index", dir, "--color", "always", "سوريا")
	_, never, _ := arsearch(t, "", "query", "--index", dir, "--color", "never", "سوريا")
	if !strings.Contains(always, "\x1b[1m") || strings.Contains(never, "\x1b[") || !strings.Contains(never, "[[") {
		t.Errorf("--color always has no bold or never has escapes:\n%q\n%q", firstLineOf(always), firstLineOf(never))
	}
	code, out, _ = arsearch(t, "", "index", "--index", dir, "-q", "--json", "../../testdata/corpus-small")
	if err := json.Unmarshal([]byte(out), &raw); code != exitOK || err != nil || raw["elapsed_ms"] == nil || raw["elapsed_ns"] != nil {
		t.Errorf("index --json: exit %d, %v, want elapsed_ms and not elapsed_ns:\n%s", code, err, out)
	}
}
