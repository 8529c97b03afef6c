package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/arsearch/arsearch/index"
)

// articlePage is the data of article.html.
type articlePage struct {
	chrome
	Doc        *index.Document
	Title      index.Snippet
	Paragraphs []index.Snippet
	Original   string // the article's own address, when it is a web URL
	Back       string // the search for the query, when there is one
}

// article looks up the article of the request's path with the words of
// its q marked.
func (srv *server) article(r *http.Request) (*index.Document, string, error) {
	id := r.PathValue("id")
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if id == "" {
		return nil, q, &httpError{http.StatusNotFound, "no article id given"}
	}
	if len(q) > index.MaxQueryBytes {
		return nil, q, badRequest("query: too long (%d bytes; the limit is %d)", len(q), index.MaxQueryBytes)
	}
	ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
	defer cancel()
	doc, err := srv.s.Article(ctx, id, q)
	if err == nil && doc == nil {
		err = fmt.Errorf("article %q: the searcher returned nothing", id)
	}
	return doc, q, err
}

func (srv *server) handleArticle(w http.ResponseWriter, r *http.Request) {
	doc, q, err := srv.article(r)
	if err != nil {
		srv.fail(w, r, err)
		return
	}
	page := articlePage{
		chrome:     srv.chrome(r, doc.Title),
		Doc:        doc,
		Title:      index.Snippet{Text: doc.Title, Marks: doc.TitleMarks},
		Paragraphs: paragraphs(doc.Body, doc.BodyMarks),
		Original:   safeURL(doc.URL),
	}
	if q != "" {
		page.Back = params{Query: q}.href()
	}
	srv.render(w, r, http.StatusOK, "article.html", page)
}

func (srv *server) handleAPIArticle(w http.ResponseWriter, r *http.Request) {
	doc, _, err := srv.article(r)
	if err != nil {
		srv.fail(w, r, err)
		return
	}
	if doc.TitleMarks == nil {
		doc.TitleMarks = []index.Span{}
	}
	if doc.BodyMarks == nil {
		doc.BodyMarks = []index.Span{}
	}
	srv.writeJSON(w, r, http.StatusOK, doc)
}

// errorPage is the data of error.html.
type errorPage struct {
	chrome
	Status     int
	StatusText string
	Message    string
}
