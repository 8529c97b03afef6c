package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults of WatchOptions.
const (
	// DefaultRescan is how often Watch reads every folder again, for the
	// changes file notifications miss (network file systems, a full
	// notification queue, folders it could not watch).
	DefaultRescan = time.Minute
	// DefaultSettle is how long Watch waits after the last change under a
	// folder before indexing it: a file being written sends many events.
	DefaultSettle = 200 * time.Millisecond
)

// WatchOptions tune Watch. The zero value is ready to use.
type WatchOptions struct {
	// Build are the options of each run over a folder; Prune is always on,
	// so articles of deleted files go.
	Build BuildOptions
	// Rescan is the period of full rescans; 0 means DefaultRescan.
	Rescan time.Duration
	// Settle is the quiet time before a changed folder is indexed; 0 means
	// DefaultSettle.
	Settle time.Duration
	// OnRun is called after each run over a folder with what it did; the
	// first run of each folder is the one at start. Nil ignores runs.
	OnRun func(root string, st Stats, err error)
}

// Watch indexes each root as Build does (with Prune), then again each time
// files under it change, until ctx ends; it returns ctx's error. Changes
// are seen through file notifications (fsnotify), with a full rescan every
// Rescan as the fallback; when notifications cannot be had at all, the
// rescans are all there is (reported once through Build.OnError). Each
// run is an incremental Build of the whole folder: unchanged files are
// read and hashed but not written. A run that fails is reported to OnRun
// and tried again at the next change or rescan.
func (ix *Index) Watch(ctx context.Context, roots []string, opts WatchOptions) error {
	if ix.readOnly {
		return ErrReadOnly
	}
	abs := make([]string, len(roots))
	for i, r := range roots {
		a, err := filepath.Abs(r)
		if err != nil {
			return fmt.Errorf("%s: %w", r, err)
		}
		abs[i] = a
	}
	rescan, settle := opts.Rescan, opts.Settle
	if rescan <= 0 {
		rescan = DefaultRescan
	}
	if settle <= 0 {
		settle = DefaultSettle
	}
	bopts := opts.Build
	bopts.Prune = true
	run := func(i int) {
		st, err := ix.Build(ctx, roots[i], bopts)
		if opts.OnRun != nil && ctx.Err() == nil {
			opts.OnRun(roots[i], st, err)
		}
	}

	w, err := fsnotify.NewWatcher()
	if err != nil {
		report(bopts, fmt.Errorf("watching files: %v; rescanning every %v instead", err, rescan))
		w = nil
	} else {
		defer w.Close()
		for _, r := range abs {
			watchTree(w, r, bopts)
		}
	}
	for i := range roots {
		run(i)
	}

	dirty := make([]bool, len(roots))
	timer := time.NewTimer(settle)
	timer.Stop()
	ticker := time.NewTicker(rescan)
	defer ticker.Stop()
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w != nil {
		events, errs = w.Events, w.Errors
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if ev.Op == fsnotify.Chmod || strings.HasPrefix(filepath.Base(ev.Name), ".") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					watchTree(w, ev.Name, bopts) // a new folder: watch it too
				}
			}
			for i, r := range abs {
				if ev.Name == r || strings.HasPrefix(ev.Name, r+string(filepath.Separator)) {
					dirty[i] = true
				}
			}
			timer.Reset(settle)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			// Events were lost (a full queue): read everything again.
			report(bopts, fmt.Errorf("watching files: %v; reading every folder again", err))
			for i := range dirty {
				dirty[i] = true
			}
			timer.Reset(settle)
		case <-timer.C:
			for i := range dirty {
				if dirty[i] {
					dirty[i] = false
					run(i)
				}
			}
		case <-ticker.C:
			for i := range roots {
				dirty[i] = false
				run(i)
			}
		}
	}
}

// watchTree adds dir and the folders below it to w, skipping hidden ones
// as Build does. A root that is a file is watched through its folder.
// Folders that cannot be watched are reported; the rescans cover them.
func watchTree(w *fsnotify.Watcher, dir string, opts BuildOptions) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			report(opts, fmt.Errorf("%s: cannot watch it (%v); changes are seen at the next rescan", p, err))
			return filepath.SkipDir
		}
		return nil
	})
}

// report passes a problem to opts.OnError.
func report(opts BuildOptions, err error) {
	if opts.OnError != nil {
		opts.OnError(err)
	}
}
