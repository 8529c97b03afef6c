package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/arsearch/arsearch/index"
)

// progress shows indexing progress on stderr: a live bar on a terminal,
// and a plain line every few seconds otherwise (logs, CI).
type progress struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	w     io.Writer // progress lines; nil when quiet
	errW  io.Writer // bad files and records, always shown
	last  time.Time
	every time.Duration
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, errW: w, every: 5 * time.Second, last: time.Now()}
	if quiet {
		p.w = nil
		return p
	}
	if isTerminal(w) {
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// update is index.BuildOptions.OnProgress.
func (p *progress) update(st index.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.bar != nil:
		p.bar.Set64(int64(st.Added + st.Updated))
	case p.w != nil && time.Since(p.last) >= p.every:
		p.last = time.Now()
		fmt.Fprintf(p.w, "indexing: %d articles written, %.1f MB, %.1f MB/s\n",
			st.Added+st.Updated, float64(st.Bytes)/1e6, st.MBPerSecond())
	}
}

// report prints one bad file or record on its own line.
func (p *progress) report(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
	fmt.Fprintln(p.errW, err)
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
	}
}
