package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
	"github.com/arsearch/arsearch/web"
)

type showOptions struct {
	dir, id, query string
	json           bool
	color          bool
	out, errOut    io.Writer
}

func newShowCmd() *cobra.Command {
	opts := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Print one article of the index",
		Long: `show prints the article with this id (as query prints it after each hit):
its title, source, category, date, address and whole text. --query marks
the words of a query in it, as query marks them in snippets.`,
		Example: `  arsearch show enab-baladi-syria-iraq.txt
  arsearch show --json --query العراق JA-internationalNews-1002-20160102`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := indexDir(cmd)
			if err != nil {
				return err
			}
			opts.dir, opts.id = dir, args[0]
			opts.out, opts.errOut = cmd.OutOrStdout(), cmd.ErrOrStderr()
			if opts.color, err = useColor(cmd, opts.out); err != nil {
				return err
			}
			return runShow(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.json, "json", false, "print the article as JSON")
	f.StringVar(&opts.query, "query", "", "mark the words of this query")
	return cmd
}

func runShow(ctx context.Context, opts *showOptions) error {
	var doc *search.Document
	err := onIndex(ctx, opts.dir, opts.errOut,
		func(ix *index.Index) (err error) { doc, err = search.Article(ctx, ix, opts.id, opts.query); return err },
		func(c *web.Client) (err error) { doc, err = c.Article(ctx, opts.id, opts.query); return err })
	switch {
	case errors.Is(err, search.ErrQuery):
		return usageErr(err)
	case errors.Is(err, index.ErrNotFound):
		return fmt.Errorf("show: no article with id %q in %s", search.Excerpt(opts.id), opts.dir)
	case err != nil:
		return err
	}
	if opts.json {
		enc := json.NewEncoder(opts.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(doc)
	}
	w := opts.out
	fmt.Fprintln(w, marked(search.Snippet{Text: doc.Title, Marks: doc.TitleMarks}, opts.color))
	var meta []string
	for _, s := range []string{doc.Source, doc.Category} {
		if s != "" {
			meta = append(meta, oneLine(s))
		}
	}
	if !doc.Date.IsZero() {
		meta = append(meta, doc.Date.Format(time.DateOnly))
	}
	meta = append(meta, oneLine(doc.ID))
	fmt.Fprintln(w, strings.Join(meta, " · "))
	if doc.URL != "" {
		fmt.Fprintln(w, oneLine(doc.URL))
	}
	fmt.Fprintln(w)
	// Paragraph by paragraph, the marks of each moved to its offsets.
	at := 0
	for _, para := range strings.Split(doc.Body, "\n") {
		end := at + len(para)
		var marks []search.Span
		for _, m := range doc.BodyMarks {
			if m.Start >= at && m.End <= end {
				marks = append(marks, search.Span{Start: m.Start - at, End: m.End - at})
			}
		}
		if strings.TrimSpace(para) != "" {
			fmt.Fprintln(w, marked(search.Snippet{Text: para, Marks: marks}, opts.color))
		}
		at = end + 1
	}
	return nil
}
