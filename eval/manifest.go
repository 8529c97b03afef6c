package eval

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
)

// Collection is one test collection of a manifest: the corpus files that
// make its index, its queries and its judgments.
type Collection struct {
	Name    string   // unique, used for index folders and run file names
	Corpus  []string // JSONL files, optionally gzip'd
	Queries string   // qid<TAB>text
	Qrels   string   // TREC qrels
	About   string   // what it is, for people
}

// ReadManifest reads a list of collections, one a line:
//
//	name<TAB>corpus[,corpus...]<TAB>queries<TAB>qrels[<TAB>about]
//
// Lines starting with # are comments. Relative paths are taken relative to
// dir. Names must be unique and free of white space and slashes.
func ReadManifest(r io.Reader, dir string) ([]Collection, error) {
	var cs []Collection
	seen := map[string]bool{}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	err := eachLine(r, func(_ int, line string) error {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			return nil
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 || len(f) > 5 {
			return errors.New("want name<TAB>corpus<TAB>queries<TAB>qrels[<TAB>about]")
		}
		c := Collection{Name: f[0], Queries: abs(f[2]), Qrels: abs(f[3])}
		if len(f) == 5 {
			c.About = f[4]
		}
		if err := checkField("name", c.Name); err != nil {
			return err
		}
		if strings.ContainsAny(c.Name, `/\`) || c.Name == "." || c.Name == ".." {
			return fmt.Errorf("name %q: want a plain name, not a path", c.Name)
		}
		if seen[c.Name] {
			return fmt.Errorf("duplicate collection %q", c.Name)
		}
		seen[c.Name] = true
		for _, p := range strings.Split(f[1], ",") {
			if p = strings.TrimSpace(p); p != "" {
				c.Corpus = append(c.Corpus, abs(p))
			}
		}
		if len(c.Corpus) == 0 || f[2] == "" || f[3] == "" {
			return fmt.Errorf("collection %q: empty corpus, queries or qrels path", c.Name)
		}
		cs = append(cs, c)
		return nil
	})
	if err == nil && len(cs) == 0 {
		err = errors.New("no collections")
	}
	return cs, err
}

// LeaveOneOut chooses, for each collection, the configuration fitted
// without it: scores[k][c] is configuration k's score on collection c, and
// the choice for c is the k with the highest mean over the collections of
// other groups (group[c] names c's group; collections that share queries
// belong together, or the fit would see the left-out queries). The lowest
// k wins a tie, so list the current default first. With nothing left to
// fit on, the choice is 0.
func LeaveOneOut(scores [][]float64, group []string) []int {
	if len(scores) == 0 {
		return nil
	}
	choice := make([]int, len(group))
	for out := range group {
		best := math.Inf(-1)
		for k, row := range scores {
			var sum float64
			for c, v := range row {
				if group[c] != group[out] {
					sum += v
				}
			}
			if sum > best+1e-12 {
				best, choice[out] = sum, k
			}
		}
	}
	return choice
}
