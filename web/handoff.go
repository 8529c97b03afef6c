package web

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// The hand-off endpoints let `arsearch index`, `query`, `show` and
// `stats`, run while a server holds the index, do their work through that
// server. They need the token like every write.

// BuildRequest is the body of POST /api/index: folders (or files) to
// index on the server's machine, as `arsearch index` would.
type BuildRequest struct {
	Roots     []string `json:"roots"` // absolute paths
	Prune     bool     `json:"prune,omitempty"`
	Workers   int      `json:"workers,omitempty"`
	BatchSize int      `json:"batch,omitempty"`
}

// BuildEvent is one line of the answer to POST /api/index, which streams
// JSON lines while the folders are indexed. Exactly one field group is
// set: Run first, the run's id (POST /api/index/stop with it stops the
// run as Ctrl-C stops an index run: after the batches under way, which
// the events still report), Progress after each committed batch of the
// current folder, Problem for a bad file or record (one line naming it),
// Root and Stats when a folder is done, and Error in the last line when
// the run failed (it stops there). The answer ends after the last
// folder's Stats or the Error.
type BuildEvent struct {
	Run      string    `json:"run,omitempty"`
	Progress *RunStats `json:"progress,omitempty"`
	Problem  string    `json:"problem,omitempty"`
	Root     string    `json:"root,omitempty"`
	Stats    *RunStats `json:"stats,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// RunStats is an index.Stats in a BuildEvent, with its elapsed time
// (which index.Stats leaves out of JSON).
type RunStats struct {
	index.Stats
	ElapsedNS int64 `json:"elapsed_ns"`
}

func runStats(st index.Stats) *RunStats { return &RunStats{st, int64(st.Elapsed)} }

// Value is the index.Stats, elapsed time included.
func (r *RunStats) Value() index.Stats {
	st := r.Stats
	st.Elapsed = time.Duration(r.ElapsedNS)
	return st
}

const maxHandOffBody = 1 << 20

// notFoundMsg is the API's message for an unknown article; Client tells
// it from a missing route (an older server) by it.
const notFoundMsg = "no such article"

// handleBuild runs Build for each root of the request, streaming events.
func (srv *server) handleBuild(w http.ResponseWriter, r *http.Request) {
	var req BuildRequest
	if err := decodeBody(r, &req); err != nil {
		srv.fail(w, r, err)
		return
	}
	for _, root := range req.Roots {
		if !filepath.IsAbs(root) {
			srv.fail(w, r, badRequest("roots: %q is not an absolute path", root))
			return
		}
	}
	if len(req.Roots) == 0 || req.Workers < 0 || req.BatchSize < 0 {
		srv.fail(w, r, badRequest("roots: none given, or a negative workers or batch"))
		return
	}
	// A large folder takes longer than the server's timeouts; the read
	// deadline would also end the request's context (net/http watches the
	// idle connection with a read that fails at the deadline).
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	rc.SetReadDeadline(time.Time{})
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	var mu sync.Mutex // Build calls back from one goroutine at a time; be safe anyway
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	send := func(ev BuildEvent) {
		mu.Lock()
		defer mu.Unlock()
		enc.Encode(ev)
		rc.Flush()
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	id := rand.Text()
	srv.runs.Store(id, cancel)
	defer srv.runs.Delete(id)
	send(BuildEvent{Run: id})
	for _, root := range req.Roots {
		st, err := srv.w.Build(ctx, root, index.BuildOptions{
			Workers:    req.Workers,
			BatchSize:  req.BatchSize,
			Prune:      req.Prune,
			OnProgress: func(st index.Stats) { send(BuildEvent{Progress: runStats(st)}) },
			OnError:    func(err error) { send(BuildEvent{Problem: err.Error()}) },
		})
		send(BuildEvent{Root: root, Stats: runStats(st)})
		if err != nil {
			srv.log.Info("index run handed over", "root", root, "err", err)
			send(BuildEvent{Error: err.Error()})
			return
		}
		srv.log.Info("index run handed over", "root", root, "added", st.Added, "updated", st.Updated, "deleted", st.Deleted, "failed", st.Failed)
	}
}

// StopRequest is the body of POST /api/index/stop.
type StopRequest struct {
	Run string `json:"run"`
}

// handleStopBuild stops a handed-off run; an unknown or finished run is a
// 404.
func (srv *server) handleStopBuild(w http.ResponseWriter, r *http.Request) {
	var req StopRequest
	if err := decodeBody(r, &req); err != nil {
		srv.fail(w, r, err)
		return
	}
	cancel, ok := srv.runs.Load(req.Run)
	if !ok {
		srv.fail(w, r, &httpError{http.StatusNotFound, "no index run " + req.Run + " (finished already?)"})
		return
	}
	cancel.(context.CancelFunc)()
	srv.writeJSON(w, r, http.StatusOK, struct {
		Stopping bool `json:"stopping"`
	}{true})
}

// handleQuery runs an search.Request (JSON) and answers the search.Result:
// what `arsearch query` prints, whole.
func (srv *server) handleQuery(w http.ResponseWriter, r *http.Request) {
	var req search.Request
	if err := decodeBody(r, &req); err != nil {
		srv.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
	defer cancel()
	res, err := srv.s.Search(ctx, req)
	if err != nil {
		srv.fail(w, r, err)
		return
	}
	srv.writeJSON(w, r, http.StatusOK, res)
}

// ShowRequest is the body of POST /api/show: one article, the words of
// Query marked.
type ShowRequest struct {
	ID    string `json:"id"`
	Query string `json:"query,omitempty"`
}

// handleShow answers the search.Document of a ShowRequest: what `arsearch
// show` prints. An unknown id is a 404.
func (srv *server) handleShow(w http.ResponseWriter, r *http.Request) {
	var req ShowRequest
	if err := decodeBody(r, &req); err != nil {
		srv.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
	defer cancel()
	doc, err := srv.s.Article(ctx, req.ID, req.Query)
	if err != nil {
		srv.fail(w, r, err)
		return
	}
	srv.writeJSON(w, r, http.StatusOK, doc)
}

// handleSummary answers the index.Summary: what `arsearch stats` prints.
func (srv *server) handleSummary(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
	defer cancel()
	sum, err := srv.w.Summary(ctx)
	if err != nil {
		srv.fail(w, r, err)
		return
	}
	srv.writeJSON(w, r, http.StatusOK, sum)
}

// decodeBody reads a small JSON request body into v.
func decodeBody(r *http.Request, v any) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxHandOffBody+1))
	if err != nil {
		return badRequest("reading the request body: %v", err)
	}
	if len(data) > maxHandOffBody {
		return &httpError{http.StatusRequestEntityTooLarge, "request body too large"}
	}
	if err := json.Unmarshal(data, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return badRequest("request body: invalid JSON at byte %d", se.Offset)
		}
		return badRequest("request body: %v", err)
	}
	return nil
}
