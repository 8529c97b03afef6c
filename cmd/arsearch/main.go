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
	"syscall"
)

// Exit codes, documented in the README and in `arsearch --help`.
const (
	exitOK      = 0 // success
	exitError   = 1 // the command failed
	exitUsage   = 2 // bad flags, arguments or query
	exitPartial = 3 // finished, but some inputs failed (each was reported)
)

// exitError carries an exit code through cobra's error return.
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
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and maps its error to an exit code. Errors
// are printed once, here.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
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
