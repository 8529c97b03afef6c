// Command arsearch is a full-text search engine for Arabic news: it indexes
// folders of articles, answers queries from the command line, and serves a
// search page on localhost.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// Exit codes, documented in the README and in `arsearch --help`.
const (
	exitOK      = 0 // success
	exitError   = 1 // the command failed
	exitUsage   = 2 // bad flags, arguments or query
	exitPartial = 3 // finished, but some inputs failed (each was reported)
)

// codedError carries an exit code through cobra's error return.
type codedError struct {
	code int
	err  error
}

func (e *codedError) Error() string { return e.err.Error() }
func (e *codedError) Unwrap() error { return e.err }

// usageErr marks err as the user's mistake (exit status 2).
func usageErr(err error) error { return &codedError{code: exitUsage, err: err} }

// partialErr marks a run that finished with some inputs failing (exit 3).
func partialErr(err error) error { return &codedError{code: exitPartial, err: err} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C asks the command to stop cleanly; after it, the
	// signals act as usual again, so a second one ends arsearch at once
	// (the index is safe: every batch is committed atomically).
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and maps its error to an exit code. Errors
// are printed once, here, on one line; a panic is one too (exit status 1),
// with its stack only when $ARSEARCH_DEBUG is set.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "arsearch: internal error: %v (please report it; set ARSEARCH_DEBUG=1 for details)\n", r)
			if os.Getenv("ARSEARCH_DEBUG") != "" {
				stderr.Write(debug.Stack())
			}
			code = exitError
		}
	}()
	root := newRootCmd()
	root.SetArgs(markQueryWords(args))
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "arsearch:", err)
	var ce *codedError
	if errors.As(err, &ce) {
		return ce.code
	}
	if isFlagError(err) {
		return exitUsage
	}
	return exitError
}
