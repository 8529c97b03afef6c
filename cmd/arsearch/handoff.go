package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/web"
)

// serverOf returns a client of the server holding the index at dir, when
// opening it failed with err because it is locked and a server recorded
// itself there. Otherwise it returns err unchanged, or a better-worded one.
func serverOf(dir string, err error) (*web.Client, error) {
	if !errors.Is(err, index.ErrLocked) {
		return nil, err
	}
	s, ferr := index.FindServer(dir)
	if errors.Is(ferr, index.ErrNoServer) {
		return nil, err // an index run, or a server of an older arsearch
	}
	if ferr != nil {
		return nil, fmt.Errorf("%w; and its server record: %v", err, ferr)
	}
	return &web.Client{URL: s.URL, Token: s.Token}, nil
}

// recordedServer returns a client of the server recorded in the index
// directory dir, or nil when there is none. Trying it first spares the
// second a locked open takes to fail; notThere says when to fall back to
// opening the index.
func recordedServer(dir string) *web.Client {
	s, err := index.FindServer(dir)
	if err != nil {
		return nil
	}
	return &web.Client{URL: s.URL, Token: s.Token}
}

// notThere reports whether err says the recorded server is gone, or is
// not this index's (another program, or a server of another index, took
// its port): nothing was done, and the index itself should be tried.
func notThere(err error) bool {
	var ae *web.APIError
	if errors.As(err, &ae) {
		return ae.Status == 401 || ae.Status == 404 || ae.Status == 405
	}
	return errors.Is(err, web.ErrUnreachable)
}

// onIndex runs local on the index, opened for searching, or remote on
// the server holding it: the server recorded next to the index is tried
// first (it spares the second a locked open takes to fail), and the index
// is opened when that server is not there.
func onIndex(ctx context.Context, dir string, stderr io.Writer, local func(*index.Index) error, remote func(*web.Client) error) error {
	if c := recordedServer(dir); c != nil {
		if err := remote(c); !notThere(err) {
			return remoteErr(c, err)
		}
	}
	ix, err := openForSearch(ctx, dir, stderr)
	if err != nil {
		c, serr := serverOf(dir, err)
		if serr != nil {
			return serr
		}
		return remoteErr(c, remote(c))
	}
	defer ix.Close()
	return local(ix)
}

// remoteErr words an error of the server the work was handed to: a
// refused request is a usage error (exit 2) when the server says it was
// the request's fault.
func remoteErr(c *web.Client, err error) error {
	var ae *web.APIError
	switch {
	case errors.As(err, &ae) && ae.Status == 400:
		return usageErr(errors.New(ae.Message))
	case errors.Is(err, web.ErrUnreachable):
		return fmt.Errorf("the index is held by an arsearch server that does not answer: %v", err)
	}
	return err
}

// handOffIndex has the server c index the run's folders, printing what a
// run of its own would: progress, bad files, a summary per folder, and
// the same exit status. When the server is not there (notThere) it
// returns that error as it is, having printed nothing.
func handOffIndex(ctx context.Context, opts *indexOptions, c *web.Client) error {
	if opts.positions {
		// The server's index exists: the option cannot be given to it.
		s, err := c.Summary(ctx)
		if err != nil {
			return err
		}
		if !s.PhrasePositions {
			return fmt.Errorf("index: --phrase-positions: the index at %s, which the arsearch server at %s holds, was created without phrase positions; stop the server, then --rebuild builds it again with them", opts.dir, c.URL)
		}
	}
	abs := make([]string, len(opts.roots))
	for i, r := range opts.roots {
		a, err := filepath.Abs(r)
		if err != nil {
			return usageErr(fmt.Errorf("index: %w", err))
		}
		abs[i] = a
	}
	p := newProgress(opts.errOut, opts.quiet)
	var total, last index.Stats
	done := 0
	rootDone := func(st index.Stats) {
		p.finish()
		total.Add(st)
		if !opts.json {
			fmt.Fprintln(opts.errOut, summary(opts.roots[done], st))
		}
		done++
		last = index.Stats{}
	}
	req := web.BuildRequest{Roots: abs, Prune: opts.prune, Workers: opts.workers, BatchSize: opts.batchSize}
	heard := false
	err := c.Build(ctx, req, func(ev web.BuildEvent) {
		heard = true
		switch {
		case ev.Progress != nil:
			last = ev.Progress.Value()
			p.update(last)
		case ev.Problem != "" && done < len(abs):
			// The server names files by absolute path; say them as given.
			msg := ev.Problem
			if rest, ok := strings.CutPrefix(msg, abs[done]); ok {
				msg = opts.roots[done] + rest
			}
			p.report(oneLineError(errors.New(msg)))
		case ev.Stats != nil && done < len(abs):
			rootDone(ev.Stats.Value())
		}
	})
	if !heard && notThere(err) {
		return err // nothing done: the caller opens the index itself
	}
	if err != nil && done < len(abs) {
		rootDone(last) // cut short: what the last progress report said
	}
	if opts.compact && !opts.autoCompact && err == nil {
		fmt.Fprintf(opts.errOut, "not compacted: the arsearch server at %s holds the index (stop it, then run arsearch index --compact)\n", c.URL)
	}
	return endIndex(ctx, opts, total, remoteErr(c, err))
}
