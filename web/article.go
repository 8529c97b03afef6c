package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/arsearch/arsearch/search"
)

// articlePage is the data of article.html.
type articlePage struct {
	chrome
	Doc        *search.Document
	Title      search.Snippet
	Paragraphs []search.Snippet
	Original   string // the article's own address, when it is a web URL
	Back       string // the search for the query, when there is one
	Fallback   string // the opening words of the body, when the title is empty
	labels     map[string]string
}

// Label is the display name of a category code (see searchPage.Label).
func (p articlePage) Label(code string) string {
	return searchPage{labels: p.labels}.Label(code)
}

// article looks up the article of the request's path with the words of
// its q marked.
func (srv *server) article(r *http.Request) (*search.Document, string, error) {
	id := r.PathValue("id")
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if id == "" {
		return nil, q, &httpError{http.StatusNotFound, "no article id given"}
	}
	if len(q) > search.MaxQueryBytes {
		return nil, q, paramError("query_too_long", "", fmt.Sprintf("query: too long (%d bytes; the limit is %d)", len(q), search.MaxQueryBytes),
			fmt.Sprintf("الاستعلام أطول من المسموح (%d بايت، والحد %d).", len(q), search.MaxQueryBytes))
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
		Title:      search.Snippet{Text: doc.Title, Marks: doc.TitleMarks},
		Paragraphs: paragraphs(doc.Body, doc.BodyMarks),
		Original:   safeURL(doc.URL),
		labels:     srv.labels,
	}
	if strings.TrimSpace(doc.Title) == "" {
		page.Title.Text = ""
		page.Fallback = untitled(search.Lead(doc.Body))
		page.PageTitle = page.Fallback
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
		doc.TitleMarks = []search.Span{}
	}
	if doc.BodyMarks == nil {
		doc.BodyMarks = []search.Span{}
	}
	srv.writeJSON(w, r, http.StatusOK, doc)
}

// errorPage is the data of error.html.
type errorPage struct {
	chrome
	Status     int
	StatusText string
	Message    string // Arabic
	Arg        string // the user's text the message is about
}
