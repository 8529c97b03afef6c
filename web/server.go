package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/arsearch/arsearch/search"
)

// Searcher is what the handler needs from an index. *index.Index
// implements it.
type Searcher interface {
	// Search runs a search. Errors about the request wrap search.ErrQuery.
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	// Article returns one article with the words of q marked. An unknown
	// id is an error wrapping index.ErrNotFound.
	Article(ctx context.Context, id, q string) (*search.Document, error)
}

// Options configure the handler. The zero value is ready to use.
type Options struct {
	// Title names the site in page titles and the header; "" means
	// "arsearch".
	Title string
	// MaxPageSize bounds the size parameter; 0 means 100. It is capped at
	// search.MaxLimit.
	MaxPageSize int
	// Logger receives server-side failures (the 500s); nil discards them.
	Logger *slog.Logger
	// Writer, when set, takes the writes of the ingest API (POST
	// /api/articles, DELETE /api/articles/{id}) and of the hand-off
	// endpoints (POST /api/index, POST /api/query). Nil: the server only
	// reads, and answers every write with 405.
	Writer Writer
	// Token is the secret a write must carry (Authorization: Bearer
	// TOKEN). With a Writer and no Token, every write is refused.
	Token string
	// Labels are display names of category codes (internationalNews ->
	// أخبار دولية); a code without one is shown as it is. ParseLabels reads
	// them from a file.
	Labels map[string]string
	// MaxSearches bounds the searches run at once; 0 means the core count.
	// Searches beyond it queue for QueueWait (0: two seconds), then get a
	// 503. See admit.go for the cost limit and the lane of heavy searches.
	MaxSearches int
	QueueWait   time.Duration
}

const (
	defaultTitle       = "arsearch"
	defaultMaxPageSize = 100
	defaultPageSize    = 10
	// searchTimeout bounds the time one search or article lookup may take.
	searchTimeout = 10 * time.Second
)

// contentSecurityPolicy allows the page its own style sheet and scripts,
// and the scripts requests to this server (suggestions), and nothing else: no inline code, no other hosts, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// staticFile is one embedded file, ready to serve.
type staticFile struct {
	data  []byte
	ctype string
	etag  string
}

type server struct {
	s           Searcher
	w           Writer
	token       string
	runs        sync.Map       // handed-off index runs: id -> context.CancelFunc
	writes      *http.ServeMux // the write routes; nil without a Writer
	title       string
	maxPageSize int
	log         *slog.Logger
	pages       map[string]*template.Template // by file name: "search.html"
	static      map[string]staticFile         // by base name: "style.css"
	labels      map[string]string             // category display names
	admission   *admission                    // slots of the searches in flight
}

// New returns the handler for the search page, the article pages, the
// JSON API and the static files, over s. It parses the embedded templates
// once, here; they are part of the binary, so a template that does not
// parse is a bug and New panics (every test of the package would fail).
func New(s Searcher, opts Options) http.Handler {
	srv := &server{s: s, w: opts.Writer, token: opts.Token, title: opts.Title, maxPageSize: opts.MaxPageSize, log: opts.Logger, labels: opts.Labels,
		admission: newAdmission(opts.MaxSearches, opts.QueueWait)}
	if srv.title == "" {
		srv.title = defaultTitle
	}
	if srv.maxPageSize <= 0 {
		srv.maxPageSize = defaultMaxPageSize
	}
	srv.maxPageSize = min(srv.maxPageSize, search.MaxLimit)
	if srv.log == nil {
		srv.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if srv.pages, err = parsePages(); err != nil {
		panic(err)
	}
	if srv.static, err = loadStatic(); err != nil {
		panic(err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", srv.handleSearch)
	mux.HandleFunc("GET /article/{id...}", srv.handleArticle)
	mux.HandleFunc("GET /api/search", srv.handleAPISearch)
	mux.HandleFunc("GET /api/article/{id...}", srv.handleAPIArticle)
	mux.HandleFunc("GET /api/suggest", srv.handleAPISuggest)
	mux.HandleFunc("GET /static/{name}", srv.handleStatic)
	mux.HandleFunc("/", srv.handleNotFound)
	if srv.w != nil {
		srv.writes = http.NewServeMux()
		srv.writes.HandleFunc("POST /api/articles", srv.handlePutArticles)
		srv.writes.HandleFunc("DELETE /api/articles/{id...}", srv.handleDeleteArticle)
		srv.writes.HandleFunc("POST /api/index", srv.handleBuild)
		srv.writes.HandleFunc("POST /api/index/stop", srv.handleStopBuild)
		srv.writes.HandleFunc("POST /api/query", srv.handleQuery)
		srv.writes.HandleFunc("POST /api/show", srv.handleShow)
		srv.writes.HandleFunc("POST /api/summary", srv.handleSummary)
	}
	return srv.guard(mux)
}

// parsePages parses each page template together with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range []string{"search.html", "article.html", "error.html"} {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		pages[name] = t
	}
	return pages, nil
}

// loadStatic reads the embedded static files once, with their content
// types and ETags.
func loadStatic() (map[string]staticFile, error) {
	files := map[string]staticFile{}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := fs.ReadFile(staticFS, "static/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("web: static: %w", err)
		}
		sum := sha256.Sum256(data)
		ctype := mime.TypeByExtension(path.Ext(e.Name()))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		files[e.Name()] = staticFile{data: data, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return files, nil
}

// guard sets the security headers on every response, refuses methods
// other than GET and HEAD except on the write routes, where it checks
// that the write may go on (writeRefusal), and turns a panic (bleve reading a damaged
// index) into a logged 500 instead of a dropped connection. Handlers write
// only complete responses, so nothing has been sent when one panics.
func (srv *server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				if rec == http.ErrAbortHandler {
					panic(rec)
				}
				srv.log.Error("panic serving a request", "url", r.URL.String(), "panic", fmt.Sprint(rec), "stack", string(debug.Stack()))
				srv.fail(w, r, fromStatus(http.StatusInternalServerError, "internal error; the server log has the details"))
			}
		}()
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if srv.isWrite(r) {
				if he := srv.writeRefusal(r); he != nil {
					if he.status == http.StatusUnauthorized {
						h.Set("WWW-Authenticate", `Bearer realm="arsearch"`)
					}
					srv.fail(w, r, he)
					return
				}
				srv.writes.ServeHTTP(w, r)
				return
			}
			h.Set("Allow", "GET, HEAD")
			srv.fail(w, r, &httpError{http.StatusMethodNotAllowed, "method " + r.Method + " is not allowed: use GET"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isWrite reports whether r is for a write route.
func (srv *server) isWrite(r *http.Request) bool {
	if srv.writes == nil {
		return false
	}
	_, pattern := srv.writes.Handler(r)
	return pattern != ""
}

func (srv *server) handleStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := srv.static[r.PathValue("name")]
	if !ok {
		srv.handleNotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("ETag", f.etag)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

func (srv *server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	p := fromStatus(http.StatusNotFound, "no page at "+r.URL.Path)
	p.arg = r.URL.Path
	srv.fail(w, r, p)
}

// httpError is an error with the status and the message the client sees.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

// badRequest is a 400 with the given message.
func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// apiError is the JSON answer of a failed API request: the English
// message and a code that never changes (README lists them).
type apiError struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// fail answers a request with an error: JSON under /api/, else the error
// page in Arabic.
func (srv *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	pr := srv.classify(r, err)
	if isAPI(r) {
		srv.writeJSON(w, r, pr.status, apiError{Error: pr.msg, Code: pr.code})
		return
	}
	p := errorPage{chrome: srv.chrome(r, ""), Status: pr.status, StatusText: statusTitle(pr.status), Message: pr.ar, Arg: pr.arg}
	srv.render(w, r, pr.status, "error.html", p)
}

func isAPI(r *http.Request) bool {
	return len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/"
}

// render executes a page into a buffer and writes it only on success.
func (srv *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := srv.pages[name].Execute(&buf, data); err != nil {
		srv.log.Error("rendering a page", "page", name, "url", r.URL.String(), "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintln(w, "internal error")
		return
	}
	srv.write(w, r, status, "text/html; charset=utf-8", buf.Bytes())
}

// writeJSON encodes v into a buffer and writes it only on success.
func (srv *server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		srv.log.Error("encoding JSON", "url", r.URL.String(), "err", err)
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	srv.write(w, r, status, "application/json; charset=utf-8", append(b, '\n'))
}

// write sends a complete response; a HEAD request gets only the headers.
func (srv *server) write(w http.ResponseWriter, r *http.Request, status int, ctype string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
