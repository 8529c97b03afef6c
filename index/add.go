package index

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/arsearch/arsearch/article"
)

// ErrReadOnly: the index was opened for searching only.
var ErrReadOnly = errors.New("index is open read-only")

// toDocument converts an article for bleve. src records where it came from,
// for incremental re-indexing; it may be empty.
func toDocument(a *article.Article, src source) document {
	d := document{
		Title:    a.Title,
		Body:     a.Body,
		Source:   a.Source,
		Category: a.Category,
		URL:      a.URL,
		Root:     src.root,
		File:     src.file,
		Hash:     src.hash,
	}
	if !a.Date.IsZero() {
		d.Date = a.Date.UTC().Format(time.RFC3339)
		d.Month = a.Date.UTC().Format("2006-01")
	}
	return d
}

// Add indexes articles in one batch, replacing any with the same ID. Every
// article needs an ID. It is the simple way in for programs and tests;
// Build indexes folders.
func (ix *Index) Add(ctx context.Context, arts ...article.Article) error {
	if ix.readOnly {
		return ErrReadOnly
	}
	b := ix.b.NewBatch()
	for i := range arts {
		if arts[i].ID == "" {
			return fmt.Errorf("article %d: empty id", i)
		}
		if err := b.Index(arts[i].ID, toDocument(&arts[i], source{})); err != nil {
			return fmt.Errorf("article %q: %w", arts[i].ID, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := ix.b.Batch(b); err != nil {
		return err
	}
	return ix.refreshStats()
}
