// Command buildprof builds an index as `arsearch index` does (index.Build
// on every core, then index.Compact, with the command's memory limit) and
// writes a CPU profile of the whole run, for issue #16's question of where
// the build's CPU goes. It prints the run's CPU seconds (user+sys, from
// getrusage), wall time, peak RSS and the index's size on disk.
//
//	go run ./scripts/buildprof --index /tmp/idx --cpuprofile build.prof ../shared/data/news/saudinewsnet.jsonl.gz
//	go tool pprof -top -cum build.prof
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/arsearch/arsearch/index"
)

func main() {
	var (
		dir        = flag.String("index", "", "build the index in `DIR` (must not exist)")
		cpuProfile = flag.String("cpuprofile", "", "write the CPU profile to `FILE`")
		workers    = flag.Int("workers", 0, "cores to use (default: all)")
		batch      = flag.Int("batch", 0, "articles per batch (default: index.DefaultBatchSize)")
		noCompact  = flag.Bool("no-compact", false, "do not compact at the end")
	)
	flag.Parse()
	if *dir == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: buildprof --index DIR [--cpuprofile FILE] [--workers N] [--batch N] [--no-compact] CORPUS")
		os.Exit(2)
	}
	if err := run(*dir, flag.Arg(0), *cpuProfile, *workers, *batch, !*noCompact); err != nil {
		fmt.Fprintln(os.Stderr, "buildprof:", err)
		os.Exit(1)
	}
}

func run(dir, corpus, cpuProfile string, workers, batch int, compact bool) error {
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s exists", dir)
	}
	if workers > 0 {
		runtime.GOMAXPROCS(workers)
	}
	// The memory limit of `arsearch index` (cmd/arsearch/limits.go).
	debug.SetMemoryLimit(int64(256<<20) * int64(1+runtime.GOMAXPROCS(0)))
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start, cpu0 := time.Now(), cpuTime()
	ix, err := index.Create(dir)
	if err != nil {
		return err
	}
	st, err := ix.Build(context.Background(), corpus, index.BuildOptions{Workers: workers, BatchSize: batch})
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	buildCPU, buildWall := cpuTime()-cpu0, time.Since(start)
	if compact {
		if err := index.Compact(context.Background(), dir); err != nil {
			return err
		}
	}
	cpu, wall := cpuTime()-cpu0, time.Since(start)
	size, err := index.DiskSize(dir)
	if err != nil {
		return err
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("articles=%d build_cpu_s=%.2f build_wall_s=%.1f total_cpu_s=%.2f total_wall_s=%.1f size_mb=%.1f maxrss_mib=%d\n",
		st.Added, buildCPU.Seconds(), buildWall.Seconds(), cpu.Seconds(), wall.Seconds(), float64(size)/1e6, ru.Maxrss/1024)
	return nil
}

// cpuTime is the user+sys CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
