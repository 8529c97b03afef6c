package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/analyzer"
)

type analyzeOptions struct {
	text   string
	lines  bool
	json   bool
	noStop bool
	noStem bool
	table  bool // write a table (false: one tab-separated row per token)

	in  io.Reader
	out io.Writer
}

func newAnalyzeCmd() *cobra.Command {
	opts := &analyzeOptions{}
	cmd := &cobra.Command{
		Use:   "analyze [TEXT...]",
		Short: "Show how text is tokenized, normalized and stemmed",
		Long: `analyze prints every token of TEXT: its original slice, its byte offsets,
its normalized form and the term that is indexed. Stop words are shown
with the term "(stop)". Without TEXT, the text is read from standard input.

With --lines, each line of standard input becomes exactly one output line:
that line's terms joined by single spaces (an empty line when nothing is
left). This is the interface the peers' stemmer evaluation uses.`,
		Example: `  arsearch analyze "وبالعراقِ والسوريّين"
  arsearch analyze --json "مُحَمَّد ٢٠٢٤"
  printf 'والعراق\nفلسطينيون\n' | arsearch analyze --lines --no-stop`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.in, opts.out = cmd.InOrStdin(), cmd.OutOrStdout()
			opts.table = isTerminal(opts.out)
			if len(args) > 0 {
				if opts.lines {
					return usageErr(errors.New("analyze: --lines reads standard input; give no TEXT"))
				}
				opts.text = strings.Join(args, " ")
			} else if !opts.lines {
				b, err := io.ReadAll(opts.in)
				if err != nil {
					return fmt.Errorf("analyze: reading standard input: %w", err)
				}
				opts.text = string(b)
			}
			return runAnalyze(opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.lines, "lines", false, "read standard input; print each line's terms on one line")
	f.BoolVar(&opts.json, "json", false, "print tokens as JSON")
	f.BoolVar(&opts.noStop, "no-stop", false, "keep stop words")
	f.BoolVar(&opts.noStem, "no-stem", false, "do not stem (the exact view)")
	return cmd
}

func runAnalyze(opts *analyzeOptions) error {
	a := analyzer.New(analyzer.WithStopWords(!opts.noStop), analyzer.WithStemming(!opts.noStem))
	if opts.lines {
		return analyzeLines(a, opts.in, opts.out)
	}
	toks := a.Tokens(opts.text)
	if opts.json {
		if toks == nil {
			toks = []analyzer.Token{}
		}
		enc := json.NewEncoder(opts.out)
		enc.SetIndent("", "  ")
		return enc.Encode(toks)
	}
	var w io.Writer = opts.out
	var tw *tabwriter.Writer
	if opts.table {
		tw = tabwriter.NewWriter(opts.out, 0, 4, 2, ' ', 0)
		w = tw
		fmt.Fprintln(w, "POS\tBYTES\tTEXT\tNORMALIZED\tTERM")
	}
	for _, t := range toks {
		term := t.Term
		if t.Stop {
			term = "(stop)"
		}
		fmt.Fprintf(w, "%d\t%d:%d\t%s\t%s\t%s\n", t.Position, t.Start, t.End, t.Text, t.Normalized, term)
	}
	if tw != nil {
		return tw.Flush()
	}
	return nil
}

// analyzeLines writes one line of terms for every line read.
func analyzeLines(a *analyzer.Analyzer, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	w := bufio.NewWriter(out)
	for sc.Scan() {
		for i, t := range a.Analyze(sc.Bytes()) {
			if i > 0 {
				w.WriteByte(' ')
			}
			w.Write(t.Term)
		}
		w.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("analyze: standard input: %w", err)
	}
	return w.Flush()
}
