package index

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/index/storedtext"
)

// ErrReadOnly: the index was opened for searching only.
var ErrReadOnly = errors.New("index is open read-only")

// toDocument converts an article for bleve. src records where it came from,
// for incremental re-indexing; it may be empty.
func toDocument(a *article.Article, src source) document {
	d := document{
		Title:    a.Title,
		Body:     a.Body,
		BodyText: string(storedtext.Encode(nil, a.Body)),
		Source:   a.Source,
		Category: a.Category,
		URL:      a.URL,
		Root:     src.root,
		File:     src.file,
		Origin:   src.origin,
		Hash:     src.hash,
	}
	if !a.Date.IsZero() {
		d.Date = a.Date.UTC().Format(time.RFC3339)
		d.Month = a.Date.UTC().Format("2006-01")
	}
	return d
}

// BleveDocument is the value Build hands bleve for article a, read from
// file (a path below the folder root that was indexed; origin is its
// absolute path, links resolved) with record hash hash. It is for tools
// that measure the index (scripts/indexcost), so that they index exactly
// what Build does.
func BleveDocument(a *article.Article, root, file, origin, hash string) any {
	return toDocument(a, source{root: root, file: file, origin: origin, hash: hash})
}

// Add indexes articles in one batch, replacing any with the same ID. Every
// article needs an ID. It is the simple way in for programs and tests;
// Build indexes folders. Unlike Put, it brings the ranking statistics up
// to date before it returns.
func (ix *Index) Add(ctx context.Context, arts ...article.Article) error {
	if _, err := ix.Put(ctx, arts); err != nil {
		return err
	}
	return ix.refreshStats()
}

// PutStats counts what a Put did.
type PutStats struct {
	Added   int `json:"added"`
	Updated int `json:"updated"` // replaced an article with the same id
}

// Put indexes arts as one batch, replacing articles with the same IDs,
// and reports how many were new. The batch is atomic: a search sees all of
// it or none of it. When Put returns nil the articles are on disk (bleve
// has synced the segment and its snapshot) and found by searches; the
// ranking statistics (document count, average lengths) are estimated at
// once and computed again about a second later. Every article needs an
// ID; an id given twice keeps the last article.
func (ix *Index) Put(ctx context.Context, arts []article.Article) (PutStats, error) {
	if ix.readOnly {
		return PutStats{}, ErrReadOnly
	}
	b := ix.b.NewBatch()
	ids := make([]string, 0, len(arts))
	seen := make(map[string]bool, len(arts))
	for i := range arts {
		if arts[i].ID == "" {
			return PutStats{}, fmt.Errorf("article %d: empty id", i+1)
		}
		if err := b.Index(arts[i].ID, toDocument(&arts[i], source{})); err != nil {
			return PutStats{}, fmt.Errorf("article %q: %w", arts[i].ID, err)
		}
		if !seen[arts[i].ID] {
			seen[arts[i].ID] = true
			ids = append(ids, arts[i].ID)
		}
	}
	if err := ctx.Err(); err != nil {
		return PutStats{}, err
	}
	// Counting before the write: a concurrent writer of the same ids may
	// make the split of added and updated approximate, never the write.
	old, err := ix.existing(ctx, ids)
	if err != nil {
		return PutStats{}, err
	}
	if err := ix.b.Batch(b); err != nil {
		return PutStats{}, fmt.Errorf("writing the index: %w", err)
	}
	st := PutStats{Updated: old, Added: len(ids) - old}
	return st, ix.estimateStats()
}

// Delete removes the articles with the given ids in one atomic batch and
// returns how many of them were indexed. When it returns nil the deletion
// is on disk and searches no longer find them.
func (ix *Index) Delete(ctx context.Context, ids ...string) (int, error) {
	if ix.readOnly {
		return 0, ErrReadOnly
	}
	n, err := ix.existing(ctx, ids)
	if err != nil || n == 0 {
		return 0, err
	}
	b := ix.b.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := ix.b.Batch(b); err != nil {
		return 0, fmt.Errorf("writing the index: %w", err)
	}
	return n, ix.estimateStats()
}

// existing counts how many of ids are indexed (each id once).
func (ix *Index) existing(ctx context.Context, ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	sr := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), 0, 0, false)
	res, err := ix.b.SearchInContext(ctx, sr)
	if err != nil {
		return 0, fmt.Errorf("reading the index: %v", FirstLine(err))
	}
	return int(res.Total), nil
}
