package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/arsearch/arsearch/search"
)

// suggester is what a Searcher may also do: complete what a reader
// types. search.Engine does; without it /api/suggest answers nothing.
type suggester interface {
	Suggest(ctx context.Context, typed string, n int) (*search.Suggestions, error)
}

const (
	// suggestions is how many words and titles /api/suggest offers.
	suggestions = 5
	// suggestTimeout bounds one suggestion: a late one is useless.
	suggestTimeout = time.Second
)

// handleAPISuggest answers /api/suggest?q=TEXT with completions of the
// last word of TEXT and titles holding them. The page's suggest.js shows
// them in the search box's list; searching never needs them.
func (srv *server) handleAPISuggest(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > search.MaxQueryBytes {
		q = ""
	}
	out := &search.Suggestions{Words: []string{}, Titles: []search.TitleSuggestion{}}
	if s, ok := srv.s.(suggester); ok && q != "" {
		ctx, cancel := context.WithTimeout(r.Context(), suggestTimeout)
		defer cancel()
		res, err := s.Suggest(ctx, q, suggestions)
		if err != nil {
			srv.fail(w, r, err)
			return
		}
		out = res
	}
	srv.writeJSON(w, r, http.StatusOK, out)
}
