package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/index"
)

// Writer is what the handler needs to take writes. *index.Index
// implements it.
type Writer interface {
	// Put indexes articles as one atomic batch, durable when it returns.
	Put(ctx context.Context, arts []article.Article) (index.PutStats, error)
	// Delete removes articles by id and says how many there were.
	Delete(ctx context.Context, ids ...string) (int, error)
	// Build indexes a folder incrementally (what `arsearch index` does).
	Build(ctx context.Context, root string, opts index.BuildOptions) (index.Stats, error)
	// Summary describes the index (what `arsearch stats` prints).
	Summary(ctx context.Context) (*index.Summary, error)
}

// MaxIngestBytes bounds the body of POST /api/articles: one article may
// have up to 16 MiB (as in files), and a request is written as one batch,
// which takes several times its size in memory while it is indexed.
const MaxIngestBytes = 16 << 20

// ingestTimeout bounds one write request once its body is read.
const ingestTimeout = 60 * time.Second

// handlePutArticles indexes the articles of the body: one JSON object, an
// array of them, or JSON lines, in the article format of the files. Every
// article needs an id. The request is all or nothing: a bad record refuses
// it whole, with the record's line named, and nothing is written; a 200
// means every article is on disk and searchable.
func (srv *server) handlePutArticles(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(io.LimitReader(r.Body, MaxIngestBytes+1))
	if err != nil {
		srv.fail(w, r, badRequest("reading the request body: %v", err))
		return
	}
	if len(data) > MaxIngestBytes {
		srv.fail(w, r, &httpError{http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body too large (more than %d MiB); send the articles in several requests", MaxIngestBytes>>20)})
		return
	}
	arts, err := readArticles(data)
	if err != nil {
		srv.fail(w, r, badRequest("%v", err))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ingestTimeout)
	defer cancel()
	st, err := srv.w.Put(ctx, arts)
	if err != nil {
		srv.fail(w, r, err)
		return
	}
	srv.writeJSON(w, r, http.StatusOK, st)
}

// readArticles reads the articles of a request body, refusing it at the
// first bad record or one without an id.
func readArticles(data []byte) ([]article.Article, error) {
	var arts []article.Article
	opts := article.Options{MaxFileSize: MaxIngestBytes}
	err := opts.ReadJSON("request body", bytes.NewReader(data), func(it article.Item) error {
		if it.Err != nil {
			return it.Err
		}
		if it.Article.ID == "" {
			return fmt.Errorf("request body: line %d: article %d has no id (the API needs one, to replace or delete it later)", it.Line, it.Index)
		}
		arts = append(arts, it.Article)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(arts) == 0 {
		return nil, errors.New("request body: no articles")
	}
	return arts, nil
}

// handleDeleteArticle removes one article; an unknown id is a 404.
func (srv *server) handleDeleteArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "" {
		srv.fail(w, r, &httpError{http.StatusNotFound, "no article id given"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ingestTimeout)
	defer cancel()
	n, err := srv.w.Delete(ctx, id)
	if err == nil && n == 0 {
		err = index.ErrNotFound
	}
	if err != nil {
		srv.fail(w, r, err)
		return
	}
	srv.writeJSON(w, r, http.StatusOK, struct {
		Deleted int `json:"deleted"`
	}{n})
}
