package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// binaries are the programs measured.
type binaries struct {
	arsearch, latency string
}

// buildBinaries builds arsearch (unless given) and scripts/latency from the
// checkout the command runs in.
func buildBinaries(work, arsearch string) (binaries, error) {
	b := binaries{arsearch: arsearch, latency: filepath.Join(work, "latency")}
	if b.arsearch == "" {
		b.arsearch = filepath.Join(work, "arsearch")
		if err := goBuild(b.arsearch, "./cmd/arsearch"); err != nil {
			return b, err
		}
	}
	return b, goBuild(b.latency, "./scripts/latency")
}

func goBuild(out, pkg string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

// row is one measurement: one corpus size built and queried.
type row struct {
	Label         string
	Articles      int
	JSONLMB       float64
	WallS         float64
	UserS, SysS   float64
	PeakRSSMiB    float64
	IndexMB       float64
	Segments      int
	P50, P90, P99 float64 // query latency, ms
	Load1         float64 // load average when the build started
	When          string  // UTC time the build started
}

var header = []string{"label", "articles", "jsonl_mb", "wall_s", "cpu_s", "user_s", "sys_s",
	"peak_rss_mib", "index_mb", "segments", "query_p50_ms", "query_p90_ms", "query_p99_ms", "load1", "utc"}

func (r row) fields() []string {
	f := func(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }
	return []string{r.Label, strconv.Itoa(r.Articles), f(r.JSONLMB, 1), f(r.WallS, 1), f(r.UserS+r.SysS, 1),
		f(r.UserS, 1), f(r.SysS, 1), f(r.PeakRSSMiB, 0), f(r.IndexMB, 1), strconv.Itoa(r.Segments),
		f(r.P50, 2), f(r.P90, 2), f(r.P99, 2), f(r.Load1, 2), r.When}
}

func (r row) String() string {
	var b strings.Builder
	for i, v := range r.fields() {
		fmt.Fprintf(&b, "%s=%s ", header[i], v)
	}
	return strings.TrimSpace(b.String())
}

// measureSize writes the corpus of n articles, builds its index with
// arsearch index (a fresh index, compacted as arsearch decides), and runs
// the queries twice, keeping the second (warm) run's latencies.
func measureSize(work string, bins binaries, base []article, n, workers int, queries string, keep bool) (row, error) {
	r := row{Articles: n}
	corpus := filepath.Join(work, fmt.Sprintf("corpus-%d.jsonl", n))
	size, same, err := writeCorpus(corpus, base, n)
	if err != nil {
		return r, err
	}
	r.JSONLMB = float64(size) / 1e6
	fmt.Printf("%d articles: %.1f MB of JSONL (%d copies with their first copy's body)\n", n, r.JSONLMB, same)
	idx := filepath.Join(work, fmt.Sprintf("idx-%d", n))
	if err := os.RemoveAll(idx); err != nil {
		return r, err
	}
	if !keep {
		defer os.RemoveAll(idx)
		defer os.Remove(corpus)
	}

	args := []string{"index", "--index", idx, "-q"}
	if workers > 0 {
		args = append(args, "--workers", strconv.Itoa(workers))
	}
	cmd := exec.Command(bins.arsearch, append(args, corpus)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	r.Load1 = loadAverage()
	start := time.Now()
	r.When = start.UTC().Format("2006-01-02T15:04:05Z")
	err = cmd.Run()
	r.WallS = time.Since(start).Seconds()
	if err != nil {
		return r, fmt.Errorf("arsearch index: %w\n%s", err, out.Bytes())
	}
	fmt.Print(out.String())
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r.UserS = tv(ru.Utime)
	r.SysS = tv(ru.Stime)
	r.PeakRSSMiB = float64(ru.Maxrss) / 1024 // kilobytes on Linux

	if r.IndexMB, r.Segments, err = diskUsage(idx); err != nil {
		return r, err
	}
	for pass := 0; pass < 2; pass++ {
		if r.P50, r.P90, r.P99, err = latency(bins.latency, idx, queries); err != nil {
			return r, err
		}
	}
	return r, nil
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

// diskUsage returns the bytes of every file under dir, in MB, and the
// number of bleve segment files (*.zap).
func diskUsage(dir string) (mb float64, segments int, err error) {
	var total int64
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		if strings.HasSuffix(path, ".zap") {
			segments++
		}
		return nil
	})
	return float64(total) / 1e6, segments, err
}

// latency runs scripts/latency over the queries and reads its median, p90
// and p99 in milliseconds.
func latency(bin, idx, queries string) (p50, p90, p99 float64, err error) {
	out, err := exec.Command(bin, "--index", idx, "--queries", queries).CombinedOutput()
	if err != nil {
		return 0, 0, 0, fmt.Errorf("latency: %w\n%s", err, out)
	}
	vals := map[string]float64{}
	for _, f := range strings.Fields(string(out)) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			vals[k] = x
		}
	}
	for _, k := range []string{"median_ms", "p90_ms", "p99_ms"} {
		if _, ok := vals[k]; !ok {
			return 0, 0, 0, fmt.Errorf("latency printed no %s: %s", k, out)
		}
	}
	return vals["median_ms"], vals["p90_ms"], vals["p99_ms"], nil
}

// loadAverage is the one-minute load average, or 0 where /proc has none.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	x, _ := strconv.ParseFloat(f[0], 64)
	return x
}
