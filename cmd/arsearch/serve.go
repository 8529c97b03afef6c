package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
	"github.com/arsearch/arsearch/web"
)

type serveOptions struct {
	dir    string // the index
	addr   string
	watch  []string      // folders to index and keep indexed (--watch)
	rescan time.Duration // full rescans of watched folders
	labels string        // a file of category display names; "" none
	slots  int           // searches run at once; 0 the core count

	out, errOut io.Writer
}

func newServeCmd() *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--watch FOLDER...]",
		Short: "Serve the search page and its JSON API on localhost",
		Long: `serve answers searches in the browser: a search page with highlighted
snippets, filters by source, category and date, and whole articles, plus
the same as JSON under /api/search and /api/article/ID.

It listens on 127.0.0.1:8080 unless --addr says otherwise (port 0 picks a
free port) and prints the page's URL on stdout once it is listening. When
there is no index yet and ./corpus exists, it indexes that first.

The server owns the index while it runs: "arsearch index", "query",
"show" and "stats" run meanwhile hand their work to it (it records its address in the
index directory's server.json), and programs add and delete articles
with POST /api/articles and DELETE /api/articles/ID, sending the token of
the index directory's api-token file (Authorization: Bearer TOKEN). A
write is on disk and searchable when its answer comes. Ctrl-C stops the
server after the requests in flight.

--watch indexes the FOLDERs (or files) at start, as "arsearch index
--prune" would, and then again whenever files under them are added,
changed or deleted (within about a second where the system notifies file
changes, and at the latest at the next --rescan). Bad files are reported
on stderr as "path: reason". With --watch, a missing index is created.`,
		Example: `  arsearch serve
  arsearch serve --addr 127.0.0.1:0
  arsearch serve --labels corpus/category-labels.conf
  arsearch serve --index /tmp/news.idx --addr 127.0.0.1:9000
  arsearch serve --watch ~/archive/enab-baladi ~/archive/wires
  curl -G --data-urlencode 'q=العراق سوريا' http://127.0.0.1:8080/api/search`,
		Args: usageArgs(func(cmd *cobra.Command, args []string) error {
			if w, _ := cmd.Flags().GetBool("watch"); w {
				return cobra.MinimumNArgs(1)(cmd, args)
			}
			return cobra.NoArgs(cmd, args)
		}),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := indexDir(cmd)
			if err != nil {
				return err
			}
			opts.dir, opts.watch = dir, args
			for _, r := range opts.watch {
				if _, err := os.Stat(r); err != nil {
					return usageErr(fmt.Errorf("serve: --watch: %w", err))
				}
			}
			if opts.rescan <= 0 {
				return usageErr(errors.New("serve: --rescan must be positive"))
			}
			opts.out, opts.errOut = cmd.OutOrStdout(), cmd.ErrOrStderr()
			// The server indexes too (hand-offs, --watch): the same soft
			// memory limit as an index run.
			defer indexLimits(0)()
			return runServe(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "host:port to listen on; port 0 picks a free port")
	f.Bool("watch", false, "index the FOLDERs given as arguments, and keep them indexed as files change")
	f.DurationVar(&opts.rescan, "rescan", index.DefaultRescan, "with --watch: how often to read the folders again, for changes the system did not notify")
	f.IntVar(&opts.slots, "max-searches", 0, "searches run at once (0: one per core); more wait up to 2 s, then get a 503")
	f.StringVar(&opts.labels, "labels", "", "file of category display names, one \"code = name\" a line (corpus/category-labels.conf has the bundled corpus's)")
	return cmd
}

func runServe(ctx context.Context, opts *serveOptions) error {
	host, _, err := net.SplitHostPort(opts.addr)
	if err != nil {
		return usageErr(fmt.Errorf("serve: --addr: %w", err))
	}
	var labels map[string]string
	if opts.labels != "" {
		f, err := os.Open(opts.labels)
		if err != nil {
			return usageErr(fmt.Errorf("serve: --labels: %w", err))
		}
		labels, err = web.ParseLabels(opts.labels, f)
		f.Close()
		if err != nil {
			return usageErr(fmt.Errorf("serve: --labels: %w", err))
		}
	}
	// Listen first: a busy port fails at once, and requests that arrive
	// while the index opens wait for it.
	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	var ix *index.Index
	if len(opts.watch) > 0 {
		ix, err = index.OpenOrCreate(opts.dir) // the watched folders fill it
	} else {
		ix, err = openIndex(ctx, opts.dir, index.Options{}, opts.errOut)
	}
	if err != nil {
		if c, serr := serverOf(opts.dir, err); serr == nil {
			return fmt.Errorf("serve: the arsearch server at %s already serves this index", c.URL)
		}
		return err
	}
	defer ix.Close()
	token, err := index.Token(opts.dir)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	unpublish, err := index.PublishServer(opts.dir, index.Server{URL: pageURL(ln.Addr()), PID: os.Getpid()})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer unpublish()

	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(opts.errOut, "warning: listening on %s: other machines can reach this server\n", ln.Addr())
	}
	n, _ := ix.Count()
	fmt.Fprintf(opts.errOut, "serving %d articles from %s; Ctrl-C stops\n", n, opts.dir)
	fmt.Fprintln(opts.out, pageURL(ln.Addr()))

	log := slog.New(slog.NewTextHandler(opts.errOut, nil))
	watched := make(chan struct{})
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	if len(opts.watch) > 0 {
		go func() {
			defer close(watched)
			watchFolders(sctx, ix, opts)
		}()
	} else {
		close(watched)
	}
	err = web.Serve(sctx, ln, web.New(search.Engine{Index: ix}, web.Options{Logger: log, Writer: ix, Token: token, Labels: labels, MaxSearches: opts.slots}), log)
	stop()
	<-watched // the run in progress ends after its current batches
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(opts.errOut, "stopped")
	return nil
}

// watchFolders keeps the --watch folders indexed until ctx ends, saying
// on stderr what each run that changed something did.
func watchFolders(ctx context.Context, ix *index.Index, opts *serveOptions) {
	first := map[string]bool{}
	ix.Watch(ctx, opts.watch, index.WatchOptions{
		Rescan: opts.rescan,
		Build: index.BuildOptions{
			OnError: func(err error) { fmt.Fprintln(opts.errOut, oneLineError(err)) },
		},
		OnRun: func(root string, st index.Stats, err error) {
			if err != nil {
				fmt.Fprintf(opts.errOut, "%s: %v (tried again at the next change or rescan)\n", root, oneLineError(err))
			} else if !first[root] || st.Added+st.Updated+st.Deleted+st.Failed > 0 {
				fmt.Fprintln(opts.errOut, summary(root, st))
			}
			first[root] = true
		},
	})
}

// pageURL is the address of the search page on addr; an unspecified host
// (0.0.0.0, ::) becomes the loopback address, which a browser can open.
func pageURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
