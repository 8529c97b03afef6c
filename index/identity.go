package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/arsearch/arsearch/article"
)

// An article's id belongs to one file: its origin, the file's absolute path
// with symbolic links resolved, recorded with the article. Ids made from
// paths ("archive/2025/syria.txt", see article.Walk) start with the indexed
// folder's name, so same-named files in two folders are two articles; ids
// given in JSON are kept as they are, so two files may give the same one.
// A Build never lets a record replace an article indexed from another
// file that may still hold it: the record is refused with a line naming
// both files.

// claims decides, during one walk, whether a record may take its id.
// Items come from one goroutine, one file after another.
type claims struct {
	known  map[string]source // the index before the run, by id
	single map[string]string // the id of each origin with one article, "" for those with several
	done   map[string]bool   // origins read whole, without a problem, in this run
	failed map[string]bool   // origins with a problem in this run
	cur    string            // the origin being read
	gone   map[string]bool   // origins found missing, or present (false)
}

func newClaims(known map[string]source) *claims {
	return &claims{known: known, done: make(map[string]bool), failed: make(map[string]bool), gone: make(map[string]bool)}
}

// reuse returns the id a text file already has when its path-made id
// differs: the file was indexed through another folder (its parent, or a
// folder inside it), and keeps its article instead of getting a second.
func (c *claims) reuse(it article.Item) string {
	if !it.PathID || it.Line != 0 || it.Origin == "" {
		return it.Article.ID
	}
	if c.single == nil {
		c.single = make(map[string]string)
		for id, src := range c.known {
			if _, dup := c.single[src.origin]; dup {
				c.single[src.origin] = ""
			} else {
				c.single[src.origin] = id
			}
		}
	}
	if old := c.single[it.Origin]; old != "" {
		return old
	}
	return it.Article.ID
}

// next notes the item it, before it is checked: the file it comes from,
// and whether it is a problem with that file.
func (c *claims) next(it article.Item) {
	if it.Origin != c.cur {
		c.finish()
		c.cur = it.Origin
	}
	if it.Err != nil && it.Origin != "" {
		c.failed[it.Origin] = true
	}
}

// finish notes that the walk is past the current file.
func (c *claims) finish() {
	if c.cur != "" && !c.failed[c.cur] {
		c.done[c.cur] = true
	}
	c.cur = ""
}

// read reports whether the file origin was read in this run, whole or not.
func (c *claims) read(origin string) bool {
	return origin == c.cur || c.done[origin] || c.failed[origin]
}

// check returns an error when the record it may not take id: the id is
// indexed from another file that may still hold it. A record takes an id
// from a file that is gone, or that was read whole in this run without
// giving it (the record moved); ids given twice in this run are left to
// article.DupTracker.
func (c *claims) check(id string, it article.Item) error {
	old, ok := c.known[id]
	if !ok || old.origin == it.Origin || c.done[old.origin] {
		return nil
	}
	if old.origin != "" && c.isGone(old.origin) {
		return nil
	}
	holder := old.origin
	if holder == "" {
		holder = "a program (no file)"
	}
	where := it.Path
	if it.Line > 0 {
		where += " line " + strconv.Itoa(it.Line)
	}
	return fmt.Errorf("%s: id %q is already indexed from %s; not replaced (an id belongs to one file)", where, id, holder)
}

// isGone reports whether the file origin no longer exists. A file that
// cannot be looked at for another reason (permissions) is not gone.
func (c *claims) isGone(origin string) bool {
	g, ok := c.gone[origin]
	if !ok {
		_, err := os.Stat(origin)
		g = errors.Is(err, fs.ErrNotExist)
		c.gone[origin] = g
	}
	return g
}

// goneFiles counts the files that articles of root were indexed from and
// that this run did not find under root: neither read nor failing to
// read. seen holds the ids the run gave.
func (c *claims) goneFiles(root string, seen map[string]bool) int {
	files := make(map[string]bool)
	for id, src := range c.known {
		if src.root != root || seen[id] || src.origin == "" || c.read(src.origin) {
			continue
		}
		files[src.origin] = true
	}
	return len(files)
}

// GoneFiles returns the files that articles were indexed from by a Build
// of root and that no longer exist, sorted: absolute paths with symbolic
// links resolved, as DeleteFiles takes them. A file that exists but cannot
// be read is not gone. It is for callers that watch folders; a Build
// counts such files itself (Stats.Gone) and deletes their articles with
// Prune.
func (ix *Index) GoneFiles(ctx context.Context, root string) ([]string, error) {
	canon, err := article.Canonical(root)
	if err != nil {
		if canon, err = filepath.Abs(root); err != nil {
			return nil, fmt.Errorf("%s: %w", root, err)
		}
	}
	known, err := ix.manifest(ctx)
	if err != nil {
		return nil, err
	}
	c := newClaims(nil)
	var gone []string
	for _, src := range known {
		if src.root != canon || src.origin == "" {
			continue
		}
		if _, checked := c.gone[src.origin]; !checked && c.isGone(src.origin) {
			gone = append(gone, src.origin)
		}
	}
	slices.Sort(gone)
	return gone, nil
}

// DeleteFiles deletes the articles indexed from the given files (absolute
// paths with symbolic links resolved, as GoneFiles returns them) in one
// atomic batch, and returns how many it deleted.
func (ix *Index) DeleteFiles(ctx context.Context, files []string) (int, error) {
	if ix.readOnly {
		return 0, ErrReadOnly
	}
	if len(files) == 0 {
		return 0, nil
	}
	terms := make([]query.Query, len(files))
	for i, f := range files {
		q := query.NewTermQuery(f)
		q.SetField(FieldOrigin)
		terms[i] = q
	}
	b := ix.b.NewBatch()
	for from := 0; ; from += 10000 {
		sr := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(terms), 10000, from, false)
		sr.SortBy([]string{"_id"})
		res, err := ix.b.SearchInContext(ctx, sr)
		if err != nil {
			return 0, fmt.Errorf("reading the index: %v", FirstLine(err))
		}
		for _, h := range res.Hits {
			b.Delete(h.ID)
		}
		if len(res.Hits) < 10000 {
			break
		}
	}
	n := b.Size()
	if n == 0 {
		return 0, nil
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := ix.b.Batch(b); err != nil {
		return 0, fmt.Errorf("writing the index: %w", err)
	}
	return n, ix.refreshStats()
}
