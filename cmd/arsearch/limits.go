package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// indexLimits sets what an index run may use, and returns what undoes it.
//
// workers > 0 caps the cores Go runs on (GOMAXPROCS): bleve analyses and
// merges on goroutines of its own, so a number of batch writers alone would
// still spread over every core, and "--workers 1" would not mean one core.
//
// Unless $GOMEMLIMIT is set, the garbage collector gets a soft memory limit
// of 256 MiB plus 128 MiB per core: a build's heap is mostly garbage from
// finished batches, and without a limit the heap of two writers peaked
// above 1 GiB. Each writer's batch in flight (its articles analysed, with
// term locations, and the segment built from them) holds about 150 MB
// live on news articles, so the limit leaves room for the collector. The
// limit is soft: a larger live heap makes the collector run more often,
// never fail.
func indexLimits(workers int) (restore func()) {
	procs := runtime.GOMAXPROCS(0)
	if workers > 0 {
		runtime.GOMAXPROCS(workers)
	}
	cores := runtime.GOMAXPROCS(0)
	limit := debug.SetMemoryLimit(-1)
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(256<<20) + int64(128<<20)*int64(cores))
	}
	return func() {
		runtime.GOMAXPROCS(procs)
		debug.SetMemoryLimit(limit)
	}
}
