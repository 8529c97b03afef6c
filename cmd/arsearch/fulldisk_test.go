package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/arsearch/arsearch/internal/tmpfs"
)

// TestFullDiskSummary fills the disk during `arsearch index` with two
// writers: exit 1 with the cause in one line, no panic, and a summary that
// counts what the index really holds (bleve may still write a batch it
// reported as failed: a run once said 2,000 added with 3,000 in the index)
// and no absurd rate (it said "0.0 s (2000000000000 articles/s)").
func TestFullDiskSummary(t *testing.T) {
	dir := filepath.Join(tmpfs.Mount(t, "8m"), "index")
	code, _, errOut := arsearch(t, "", "index", "--index", dir, "--workers", "2", "--batch", "250", "-q", "../../corpus/antcorpus-v1.1.jsonl.gz")
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != exitError || len(lines) != 2 || !strings.Contains(lines[1], "no space left on device") || strings.Contains(errOut, "panic") {
		t.Fatalf("exit %d, stderr:\n%s\nwant exit 1, the summary and one line saying no space left on device", code, errOut)
	}
	m := regexp.MustCompile(`: (\d+) added, .* in ([\d.]+) s(?: \(([\d.]+) MB/s, (\d+) articles/s\))?$`).FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("summary %q", lines[0])
	}
	added, _ := strconv.Atoi(m[1])
	if n := count(t, dir); n != added || n == 0 {
		t.Errorf("summary %q: %d added, and the index holds %d", lines[0], added, n)
	}
	if secs, _ := strconv.ParseFloat(m[2], 64); m[4] != "" {
		if rate, _ := strconv.ParseFloat(m[4], 64); secs <= 0 || rate > float64(added)/secs*1.1+1 {
			t.Errorf("summary %q: the rate does not follow from the count and the time", lines[0])
		}
	}
}
