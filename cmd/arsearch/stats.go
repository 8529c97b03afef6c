package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/web"
)

type statsOptions struct {
	dir         string
	json        bool
	out, errOut io.Writer
}

func newStatsCmd() *cobra.Command {
	opts := &statsOptions{}
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Print what the index holds",
		Long: `stats prints the index's path and format (and "phrase positions" for
an index created with index --phrase-positions), its size on disk, how many
articles it holds, their date range, and the articles of each source and
category.`,
		Example: `  arsearch stats
  arsearch stats --json --index /tmp/news.idx`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := indexDir(cmd)
			if err != nil {
				return err
			}
			opts.dir = dir
			opts.out, opts.errOut = cmd.OutOrStdout(), cmd.ErrOrStderr()
			return runStats(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the statistics as JSON")
	return cmd
}

func runStats(ctx context.Context, opts *statsOptions) error {
	var s *index.Summary
	err := onIndex(ctx, opts.dir, opts.errOut,
		func(ix *index.Index) (err error) { s, err = ix.Summary(ctx); return err },
		func(c *web.Client) (err error) { s, err = c.Summary(ctx); return err })
	if err != nil {
		return err
	}
	if opts.json {
		enc := json.NewEncoder(opts.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(s)
	}
	tw := tabwriter.NewWriter(opts.out, 0, 4, 2, ' ', 0)
	positions := ""
	if s.PhrasePositions {
		positions = ", phrase positions"
	}
	fmt.Fprintf(tw, "index\t%s (format %d%s)\n", s.Path, s.Format, positions)
	fmt.Fprintf(tw, "size\t%.1f MB on disk\n", float64(s.SizeBytes)/1e6)
	fmt.Fprintf(tw, "articles\t%d\n", s.Articles)
	if !s.FirstDate.IsZero() {
		fmt.Fprintf(tw, "dates\t%s to %s", s.FirstDate.Format(time.DateOnly), s.LastDate.Format(time.DateOnly))
		if s.Undated > 0 {
			fmt.Fprintf(tw, " (%d undated)", s.Undated)
		}
		fmt.Fprintln(tw)
	}
	for _, g := range []struct {
		name   string
		counts []index.FacetCount
	}{{"sources", s.Sources}, {"categories", s.Categories}} {
		fmt.Fprintf(tw, "%s\t%d\n", g.name, len(g.counts))
		for _, c := range g.counts {
			v := oneLine(c.Value)
			if v == "" {
				v = "(none)"
			}
			fmt.Fprintf(tw, "  %s\t%d\n", v, c.Count)
		}
	}
	return tw.Flush()
}
