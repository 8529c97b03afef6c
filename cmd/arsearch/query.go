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

type queryOptions struct {
	dir        string
	req        search.Request
	from, to   string
	json       bool
	stats      bool
	color      bool // bold marks (--color) rather than [[…]]
	out, errOu io.Writer
}

func newQueryCmd() *cobra.Command {
	opts := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query [QUERY...]",
		Short: "Search the index and print ranked hits",
		Long: `query prints the best matching articles: rank, title, source, date, score
and a snippet of the original text with the matched words marked (bold on
a terminal, [[like this]] otherwise). A word found nowhere in the index is
taken for a typo and replaced by the closest word the index has (الرياظ →
الرياض, عبدالله → "عبد الله"), and the first line says so. A word the
index has is also searched in a spelling the index holds more often, ranked
below it (أبو ظبي also finds ابوظبي; a word in a handful of articles also
finds a popular word one confusable letter away). --exact or double quotes
search a word as typed. A --source or --category no article has gets a
"did you mean" line naming the closest ones. Spelling does not matter: diacritics,
tatweel, alef and hamza forms, ى/ي, ة/ه, Persian letters, Arabic-Indic
digits, attached prefixes and plural or dual endings all find the same
articles.

Query language:
  العراق سوريا          plain words: any may match; more matches rank higher
  "وزير الخارجية"        a phrase: these words in this order (not stemmed)
  +دمشق -بغداد          + every hit has the word, - no hit has it
  العراق AND سوريا       both; OR: either; NOT العراق: not it
  (العراق OR سوريا) AND تونس   parentheses group clauses
  title:الانتخابات      only in the title (also body:)
  source:"عنب بلدي"     only from this source (also category:)
--plain reads the query as plain words instead, with none of the above:
for pasted text (a paragraph, a question, a headline).

Without a query, the filters (--source, --category, --from, --to) or
--sort date list articles, newest first.

If no index exists yet and ./corpus is there, it is indexed first.`,
		Example: `  arsearch query "العراق سوريا"
  arsearch query '"وزير الخارجية" +دمشق'
  arsearch query --from 2016 --to 2017-06 --sort date الانتخابات
  arsearch query --json --limit 5 title:تونس
  arsearch query --source "Jawhara FM" --sort date`,
		Args: usageArgs(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := indexDir(cmd)
			if err != nil {
				return err
			}
			opts.dir = dir
			opts.req.Query = strings.Join(unmarkQueryWords(args), " ")
			if opts.req.From, opts.req.To, err = search.ParseDateRange("--from", opts.from, "--to", opts.to); err != nil {
				return usageErr(err)
			}
			if search.Browsing(opts.req) && len(opts.req.Sources)+len(opts.req.Categories) == 0 &&
				opts.from == "" && opts.to == "" && opts.req.Sort != search.SortDate {
				return usageErr(errors.New("query: empty; give words, or --source, --category, --from, --to or --sort date to list articles"))
			}
			if opts.req.Limit < 1 || opts.req.Limit > search.MaxLimit {
				return usageErr(fmt.Errorf("--limit %d: want 1 to %d", opts.req.Limit, search.MaxLimit))
			}
			if opts.req.Offset < 0 || opts.req.Offset > search.MaxOffset {
				return usageErr(fmt.Errorf("--offset %d: want 0 to %d", opts.req.Offset, search.MaxOffset))
			}
			opts.out, opts.errOu = cmd.OutOrStdout(), cmd.ErrOrStderr()
			if opts.color, err = useColor(cmd, opts.out); err != nil {
				return err
			}
			return runQuery(cmd.Context(), opts)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		if strings.HasPrefix(err.Error(), "unknown") {
			err = fmt.Errorf("%v (to search without a word, put it after --: arsearch query -- -word)", err)
		}
		return flagError{err}
	})
	f := cmd.Flags()
	f.IntVarP(&opts.req.Limit, "limit", "n", search.DefaultLimit, "hits to print")
	f.IntVar(&opts.req.Offset, "offset", 0, "hits to skip")
	f.StringVar(&opts.from, "from", "", "only articles dated on or after this day, month or year (`YYYY[-MM[-DD]]`)")
	f.StringVar(&opts.to, "to", "", "only articles dated on or before this day, month or year (`YYYY[-MM[-DD]]`)")
	f.StringArrayVar(&opts.req.Sources, "source", nil, "only articles from this source (repeatable)")
	f.StringArrayVar(&opts.req.Categories, "category", nil, "only articles of this category (repeatable)")
	f.StringVar(&opts.req.Sort, "sort", search.SortRelevance, "order: relevance or date")
	f.BoolVar(&opts.json, "json", false, "print the result as JSON")
	f.BoolVar(&opts.req.Exact, "exact", false, "search the words as typed: no typo corrections")
	f.BoolVar(&opts.req.Plain, "plain", false, "plain words, no query language: quotes, + - : ( ) and AND OR NOT are punctuation and words (for pasted text)")
	f.BoolVar(&opts.req.Facets, "facets", false, "count the hits by source, category and date (printed after the hits; in --json, \"facets\")")
	f.BoolVar(&opts.stats, "stats", false, "print the search time and terms on stderr")
	cmd.RegisterFlagCompletionFunc("sort", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{search.SortRelevance, search.SortDate}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runQuery(ctx context.Context, opts *queryOptions) error {
	start := time.Now()
	res, err := runSearch(ctx, opts)
	if err != nil {
		if errors.Is(err, search.ErrQuery) {
			return usageErr(err)
		}
		return err
	}
	if opts.stats {
		fmt.Fprintf(opts.errOu, "search: %d hits, %.2f ms in the index, %.2f ms in all; terms: %s\n",
			res.Total, float64(res.Took.Microseconds())/1000, float64(time.Since(start).Microseconds())/1000,
			strings.Join(res.Terms, " "))
	}
	if opts.json {
		return writeQueryJSON(opts.out, opts.req, res)
	}
	return writeHits(opts.out, opts.req, res, opts.color)
}

// didYouMean is the line about a filter value no article has.
func didYouMean(s search.FilterSuggestion) string {
	given := fmt.Sprintf("--%s %q", s.Field, oneLine(s.Value))
	if s.InQuery {
		given = fmt.Sprintf("%s:%q", s.Field, oneLine(s.Value))
	}
	if len(s.Closest) == 0 {
		return "no article has " + given
	}
	quoted := make([]string, len(s.Closest))
	for i, c := range s.Closest {
		quoted[i] = fmt.Sprintf("%q", oneLine(c))
	}
	return fmt.Sprintf("no article has %s; did you mean %s?", given, strings.Join(quoted, " or "))
}

// runSearch runs the query on the index, or on the server holding it.
func runSearch(ctx context.Context, opts *queryOptions) (res *search.Result, err error) {
	err = onIndex(ctx, opts.dir, opts.errOu,
		func(ix *index.Index) (err error) { res, err = search.Run(ctx, ix, opts.req); return err },
		func(c *web.Client) (err error) { res, err = c.Search(ctx, opts.req); return err })
	return res, err
}

// queryJSON is the --json output: the request echoed and the result.
type queryJSON struct {
	Query  string         `json:"query"`
	Offset int            `json:"offset"`
	Total  uint64         `json:"total"`
	TookMS float64        `json:"took_ms"`
	Terms  []string       `json:"terms"`
	Hits   []search.Hit   `json:"hits"`
	Facets *search.Facets `json:"facets,omitempty"`
	// Corrections are the words the index lacks and what was searched
	// instead, and other spellings searched beside words it has ("also");
	// Corrected is the query searched when a word was replaced (--exact:
	// none).
	Corrections []search.Correction `json:"corrections"`
	Corrected   string              `json:"corrected,omitempty"`
	// DidYouMean has the --source and --category values no article has,
	// with the closest ones the index has.
	DidYouMean []search.FilterSuggestion `json:"did_you_mean"`
}

func writeQueryJSON(w io.Writer, req search.Request, res *search.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(queryJSON{
		Query: req.Query, Offset: req.Offset, Total: res.Total,
		TookMS: float64(res.Took.Microseconds()) / 1000, Terms: res.Terms, Hits: res.Hits, Facets: res.Facets,
		Corrections: append([]search.Correction{}, res.Corrections...), Corrected: res.Corrected,
		DidYouMean: append([]search.FilterSuggestion{}, res.DidYouMean...),
	})
}

func writeHits(w io.Writer, req search.Request, res *search.Result, color bool) error {
	for _, s := range res.DidYouMean {
		fmt.Fprintln(w, didYouMean(s))
	}
	if res.Total == 0 && search.Browsing(req) {
		_, err := fmt.Fprintln(w, "no articles match the filters")
		return err
	}
	var typed, also []string
	for _, c := range res.Corrections {
		if c.Also {
			also = append(also, fmt.Sprintf("%s for %s", oneLine(c.To), oneLine(c.From)))
		} else {
			typed = append(typed, c.From)
		}
	}
	if len(typed) > 0 {
		fmt.Fprintf(w, "showing results for %s; search exactly for %s instead with --exact\n",
			oneLine(res.Corrected), oneLine(strings.Join(typed, " ")))
	}
	if len(also) > 0 {
		fmt.Fprintf(w, "also searched %s, ranked below the words as typed; --exact searches only those\n", strings.Join(also, ", "))
	}
	if res.Total == 0 {
		_, err := fmt.Fprintf(w, "no results for %s\n", oneLine(req.Query))
		return err
	}
	if len(res.Hits) == 0 {
		what := "results for " + oneLine(req.Query)
		if search.Browsing(req) {
			what = "articles"
		}
		_, err := fmt.Fprintf(w, "%d %s; --offset %d is past the last one\n", res.Total, what, req.Offset)
		return err
	}
	if search.Browsing(req) {
		fmt.Fprintf(w, "%d–%d of %d articles, newest first\n\n", req.Offset+1, req.Offset+len(res.Hits), res.Total)
	} else {
		shown := req.Query
		if res.Corrected != "" {
			shown = res.Corrected
		}
		fmt.Fprintf(w, "%d–%d of %d results for %s\n\n", req.Offset+1, req.Offset+len(res.Hits), res.Total, oneLine(shown))
	}
	for i, h := range res.Hits {
		meta := []string{}
		if h.Source != "" {
			meta = append(meta, h.Source)
		}
		if !h.Date.IsZero() {
			meta = append(meta, h.Date.Format(time.DateOnly))
		}
		meta = append(meta, fmt.Sprintf("score %.3f", h.Score), h.ID)
		fmt.Fprintf(w, "%d. %s\n   %s\n", req.Offset+i+1, marked(h.Title, color), strings.Join(meta, " · "))
		for _, s := range h.Snippets {
			fmt.Fprintf(w, "   %s\n", marked(s, color))
		}
		fmt.Fprintln(w)
	}
	if res.Facets != nil {
		writeFacets(w, res.Facets)
	}
	return nil
}

// writeFacets prints the hits' counts by source, category and date, one
// line each.
func writeFacets(w io.Writer, f *search.Facets) {
	line := func(name string, vals []string) {
		if len(vals) > 0 {
			fmt.Fprintf(w, "%s: %s\n", name, strings.Join(vals, " · "))
		}
	}
	var vals []string
	for _, c := range f.Sources {
		vals = append(vals, fmt.Sprintf("%s (%d)", oneLine(c.Value), c.Count))
	}
	line("sources", vals)
	vals = nil
	for _, c := range f.Categories {
		vals = append(vals, fmt.Sprintf("%s (%d)", oneLine(c.Value), c.Count))
	}
	line("categories", vals)
	vals = nil
	for _, d := range f.Dates {
		vals = append(vals, fmt.Sprintf("%s (%d)", d.Label, d.Count))
	}
	line("dates", vals)
}

// marked renders a snippet for the terminal: marks in bold (or [[…]] when
// not a terminal), line breaks as spaces, ellipses where it was cut.
func marked(s search.Snippet, color bool) string {
	open, close := "[[", "]]"
	if color {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	var b strings.Builder
	if s.StartCut {
		b.WriteString("… ")
	}
	at := 0
	for _, m := range s.Marks {
		b.WriteString(oneLine(s.Text[at:m.Start]))
		b.WriteString(open + oneLine(s.Text[m.Start:m.End]) + close)
		at = m.End
	}
	b.WriteString(oneLine(s.Text[at:]))
	if s.EndCut {
		b.WriteString(" …")
	}
	return b.String()
}

func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' || r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
