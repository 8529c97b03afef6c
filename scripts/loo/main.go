// Command loo fits arsearch's ranking weights by leave-one-collection-out
// over the collections of a manifest (scripts/dev-collections.tsv) and
// reports, for each collection, the score of the weights fitted without it,
// beside the current default ranking's (search.DefaultRanking) and the
// peers' scores, with paired
// significance tests against the best peer.
//
//	go run ./scripts/loo --manifest scripts/dev-collections.tsv --data DEV --index-root IDX \
//	    [--group arcd,arcd-ant,arcd-snn] [--grid 'title=0,0.1,0.2;exact=0,0.3'] \
//	    [--peers 'DEV/{name}/peers/run-{engine}.trec'] [--engines lucene,xapian,bleve-ar,bleve-ar-bm25]
//
// The indexes are those arsearch eval --manifest --index-root IDX builds
// (one per collection); ranking weights are query-time, so they are reused
// for every setting. The fit is coordinate ascent per left-out collection:
// from the default ranking, each weight in turn takes the value of --grid
// with the best mean MRR@10 over the training collections (the current
// value wins ties), until a pass changes nothing (at most --passes).
// Collections named together in --group share their queries and are left
// out together. With --all it makes instead the one fit the default is
// chosen by, on every collection, and prints its mean beside the
// default's. Every score is computed once per setting and collection, and
// remembered in --cache across runs.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/arsearch/arsearch/eval"
	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

type collection struct {
	eval.Collection
	group   string
	ix      *index.Index
	queries []eval.Query
	qrels   eval.Qrels
}

type knob struct {
	name   string
	values []float64
}

func main() {
	var (
		manifest = flag.String("manifest", "scripts/dev-collections.tsv", "the collections `FILE`")
		data     = flag.String("data", "", "base `DIR` of the manifest's paths (required)")
		root     = flag.String("index-root", "", "`DIR` with one index per collection, from arsearch eval --manifest (required)")
		groups   = flag.String("group", "arcd,arcd-ant,arcd-snn", "collections that share queries, left out together (`A,B,...`; repeat with ;)")
		grid     = flag.String("grid", "title=0,0.1,0.2,0.3;exact=0,0.3,0.5,0.8;related=0,0.5;length=0.75,1,1.5;bm25f=1", "values tried for each weight (`SPEC`)")
		base     = flag.String("base", "", "weights over search.DefaultRanking to start from (`SPEC`, as arsearch eval --ranking)")
		peers    = flag.String("peers", "", "peer run files, {name} and {engine} replaced (`PATTERN`)")
		engines  = flag.String("engines", "lucene,xapian,bleve-ar,bleve-ar-bm25", "peer engines (`E,...`)")
		cache    = flag.String("cache", "", "remember scores in this `FILE` (key: collection and weights; delete it when the code or an index changes)")
		passes   = flag.Int("passes", 2, "at most this many passes over the weights")
		rounds   = flag.Int("rounds", 10000, "rounds of the randomization test")
		workers  = flag.Int("workers", 1, "collections scored at once")
		plain    = flag.Bool("plain", false, "read the queries as plain words, as the peers do (arsearch eval --plain)")
		all      = flag.Bool("all", false, "instead of the folds, fit on every collection (none left out), as the default is chosen, and print its mean MRR@10 beside the default's")
	)
	flag.Parse()
	if *data == "" || *root == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*manifest, *data, *root, *groups, *grid, *base, *peers, *engines, *cache, *passes, *rounds, *workers, *plain, *all); err != nil {
		fmt.Fprintln(os.Stderr, "loo:", err)
		os.Exit(1)
	}
}

func run(manifest, data, root, groups, grid, baseSpec, peers, engines, cachePath string, passes, rounds, workers int, plain, all bool) error {
	ctx := context.Background()
	f, err := os.Open(manifest)
	if err != nil {
		return err
	}
	mc, err := eval.ReadManifest(f, data)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", manifest, err)
	}
	groupOf := map[string]string{}
	for _, g := range strings.Split(groups, ";") {
		for _, n := range strings.Split(g, ",") {
			groupOf[strings.TrimSpace(n)] = g
		}
	}
	var cs []*collection
	for _, c := range mc {
		cc := &collection{Collection: c, group: c.Name}
		if g, ok := groupOf[c.Name]; ok {
			cc.group = g
		}
		if cc.queries, err = readFile(c.Queries, eval.ReadQueries); err != nil {
			return err
		}
		if cc.qrels, err = readFile(c.Qrels, eval.ReadQrels); err != nil {
			return err
		}
		if cc.ix, err = index.Open(root+"/"+c.Name, index.Options{ReadOnly: true}); err != nil {
			return fmt.Errorf("%s: %w (build it with arsearch eval --manifest --index-root)", c.Name, err)
		}
		defer cc.ix.Close()
		cs = append(cs, cc)
	}
	knobs, err := parseGrid(grid)
	if err != nil {
		return err
	}
	start, err := search.ParseRanking(baseSpec, search.DefaultRanking)
	if err != nil {
		return err
	}
	s := &scorer{cs: cs, known: map[string]float64{}, path: cachePath, workers: workers, plain: plain}
	if err := s.load(); err != nil {
		return err
	}
	group := make([]string, len(cs))
	for i, c := range cs {
		group[i] = c.group
	}

	// Fit each fold by coordinate ascent; with all, only one fit, on every
	// collection (out = len(cs): none left out).
	folds := make([]int, len(cs))
	for i := range folds {
		folds[i] = i
	}
	if all {
		folds = []int{len(cs)}
	}
	fitted := make([]search.Ranking, len(cs)+1)
	for _, out := range folds {
		cur := start
		for pass := 0; pass < passes; pass++ {
			changed := false
			for _, k := range knobs {
				cands := []search.Ranking{cur}
				for _, v := range k.values {
					r, _ := search.ParseRanking(fmt.Sprintf("%s=%g", k.name, v), cur)
					if !slices.Contains(cands, r) {
						cands = append(cands, r)
					}
				}
				scores := make([][]float64, len(cands))
				for i, r := range cands {
					if scores[i], err = s.scores(ctx, r, group, out); err != nil {
						return err
					}
				}
				if pick := pickFor(scores, group, out); pick != 0 {
					cur, changed = cands[pick], true
				}
			}
			if !changed {
				break
			}
		}
		fitted[out] = cur
		if out == len(cs) {
			fmt.Fprintf(os.Stderr, "loo: fitted on all: %s\n", cur)
			continue
		}
		fmt.Fprintf(os.Stderr, "loo: %s fitted without it: %s\n", cs[out].Name, cur)
	}
	if all {
		// The mean over the collections, each counted once, of the fit on
		// all and of the default.
		for _, r := range []struct {
			name string
			r    search.Ranking
		}{{"fitted on all", fitted[len(cs)]}, {"default", search.DefaultRanking}} {
			row, err := s.scores(ctx, r.r, group, len(cs))
			if err != nil {
				return err
			}
			var sum float64
			for _, v := range row {
				sum += v
			}
			fmt.Printf("%-14s mean MRR@10 %.4f over %d collections (%s): %s\n", r.name, sum/float64(len(row)), len(row), fmtRow(row), r.r)
		}
		return nil
	}

	// The report.
	fmt.Printf("%-10s %-8s %-8s %-14s %-8s %-8s %-15s %-8s %-8s  %s\n", "collection", "default", "left-out",
		"best peer", "peer", "diff", "won/lost/tied", "p(rand)", "p(t)", "weights fitted without it")
	for i, c := range cs {
		left, err := s.perQuery(ctx, c, fitted[i])
		if err != nil {
			return err
		}
		def, err := s.perQuery(ctx, c, search.DefaultRanking)
		if err != nil {
			return err
		}
		dm, _ := mean(def)
		lm, _ := mean(left)
		name, bper := "-", []eval.PerQuery(nil)
		var best float64 = -1
		for _, e := range strings.Split(engines, ",") {
			if peers == "" {
				break
			}
			path := strings.NewReplacer("{name}", c.Name, "{engine}", e).Replace(peers)
			r, err := readFile(path, eval.ReadRun)
			if err != nil {
				return err
			}
			m, per := eval.Evaluate(c.qrels, r, eval.Options{})
			fmt.Fprintf(os.Stderr, "loo: %s: %s MRR@10 %.4f\n", c.Name, e, m.MRR10)
			if m.MRR10 > best {
				best, name, bper = m.MRR10, e, per
			}
		}
		if bper == nil {
			fmt.Printf("%-10s %-8.4f %-8.4f  %s\n", c.Name, dm, lm, fitted[i])
			continue
		}
		p := eval.Compare(left, bper, eval.MRR10, rounds, 42)
		fmt.Printf("%-10s %-8.4f %-8.4f %-14s %-8.4f %+-8.4f %-15s %-8.4f %-8.4f  %s\n", c.Name, dm, lm, name, best, p.Diff(),
			fmt.Sprintf("%d/%d/%d", p.Wins, p.Losses, p.Ties), p.PRandomization, p.PT, fitted[i])
	}
	return nil
}

// fmtRow formats a row of scores, one a collection.
func fmtRow(row []float64) string {
	parts := make([]string, len(row))
	for i, v := range row {
		parts[i] = fmt.Sprintf("%.4f", v)
	}
	return strings.Join(parts, " / ")
}

// pickFor is the candidate (a row of scores, one column per collection)
// the fit of fold out takes: eval.LeaveOneOut's, or with out = len(group)
// the best sum over every collection (the first of equals, so the current
// weights win ties).
func pickFor(scores [][]float64, group []string, out int) int {
	if out < len(group) {
		return eval.LeaveOneOut(scores, group)[out]
	}
	pick, best := 0, math.Inf(-1)
	for k, row := range scores {
		var sum float64
		for _, v := range row {
			sum += v
		}
		if sum > best+1e-12 {
			pick, best = k, sum
		}
	}
	return pick
}

func mean(per []eval.PerQuery) (float64, int) {
	var s float64
	for _, q := range per {
		s += q.MRR10
	}
	return s / float64(max(len(per), 1)), len(per)
}

// scorer scores a ranking on collections, once each.
type scorer struct {
	cs      []*collection
	known   map[string]float64 // "collection\tranking" -> MRR@10
	path    string
	workers int  // collections scored at once
	plain   bool // queries as plain words
}

// scores returns r's MRR@10 on every collection outside out's group (and
// NaN-free zeros in its group, which LeaveOneOut ignores for out).
func (s *scorer) scores(ctx context.Context, r search.Ranking, group []string, out int) ([]float64, error) {
	row := make([]float64, len(s.cs))
	errs := make([]error, len(s.cs))
	sem := make(chan struct{}, max(s.workers, 1))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, c := range s.cs {
		if out < len(group) && group[i] == group[out] {
			continue
		}
		key := c.Name + "\t" + r.String()
		if s.plain {
			key += ",plain"
		}
		if v, ok := s.known[key]; ok {
			row[i] = v
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			t0 := time.Now()
			per, err := s.perQuery(ctx, c, r)
			if err != nil {
				errs[i] = err
				return
			}
			v, _ := mean(per)
			row[i] = v
			mu.Lock()
			defer mu.Unlock()
			s.known[key] = v
			fmt.Fprintf(os.Stderr, "loo: %s %s: %.4f (%.1f s)\n", c.Name, r, v, time.Since(t0).Seconds())
			errs[i] = s.save(key, v)
		}()
	}
	wg.Wait()
	return row, errors.Join(errs...)
}

func (s *scorer) perQuery(ctx context.Context, c *collection, r search.Ranking) ([]eval.PerQuery, error) {
	run, err := eval.Search(ctx, search.Engine{Index: c.ix}, c.queries, eval.SearchOptions{K: 100, Ranking: &r, Plain: s.plain})
	if err != nil {
		return nil, err
	}
	_, per := eval.Evaluate(c.qrels, run, eval.Options{})
	return per, nil
}

func (s *scorer) load() error {
	if s.path == "" {
		return nil
	}
	f, err := os.Open(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 3 {
			continue
		}
		if v, err := strconv.ParseFloat(p[2], 64); err == nil {
			s.known[p[0]+"\t"+p[1]] = v
		}
	}
	return sc.Err()
}

func (s *scorer) save(key string, v float64) error {
	if s.path == "" {
		return nil
	}
	f, err := os.OpenFile(s.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "%s\t%.6f\n", key, v)
	return f.Close()
}

func parseGrid(spec string) ([]knob, error) {
	var ks []knob
	for _, part := range strings.Split(spec, ";") {
		name, vals, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("--grid %q: want name=v1,v2,...", part)
		}
		k := knob{name: name}
		for _, v := range strings.Split(vals, ",") {
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return nil, fmt.Errorf("--grid %q: %w", part, err)
			}
			if _, err := search.ParseRanking(fmt.Sprintf("%s=%g", name, x), search.DefaultRanking); err != nil {
				return nil, fmt.Errorf("--grid: %w", err)
			}
			k.values = append(k.values, x)
		}
		ks = append(ks, k)
	}
	return ks, nil
}

func readFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}
