package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// Size of the load test: requests in all, and how many at once.
const (
	loadConcurrency = 32
	loadArticles    = 400 // ANT articles in the index
)

// loadRequests is 8,000, or $ARSEARCH_LOAD_REQUESTS: 20,000 took 47 s on
// the two shared cores this was written on, 8,000 about 19 s.
var loadRequests = func() int {
	if n, err := strconv.Atoi(os.Getenv("ARSEARCH_LOAD_REQUESTS")); err == nil && n > 0 {
		return n
	}
	return 8000
}()

// loadArticles returns the first loadArticles articles of the bundled ANT
// corpus and the hostile articles.
func loadArticlesOf(t testing.TB) []article.Article {
	t.Helper()
	f, err := os.Open("../corpus/antcorpus-v1.1.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	arts := append([]article.Article(nil), hostile...)
	enough := errors.New("enough")
	err = article.ReadJSONL("ant.jsonl.gz", f, func(it article.Item) error {
		if it.Err != nil {
			return it.Err
		}
		arts = append(arts, it.Article)
		if len(arts) == loadArticles+len(hostile) {
			return enough
		}
		return nil
	})
	if err != nil && err != enough {
		t.Fatal(err)
	}
	return arts
}

// memoryIndex is an in-memory index of loadArticlesOf.
func memoryIndex(t testing.TB) *index.Index {
	t.Helper()
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(t.Context(), loadArticlesOf(t)...); err != nil {
		t.Fatal(err)
	}
	return ix
}

// diskIndex is an index of loadArticlesOf on disk, opened read-only (the
// read path alone; TestLoadWithWrites has the index open for writing, as
// arsearch serve does).
func diskIndex(t testing.TB) *index.Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	w, err := index.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(t.Context(), loadArticlesOf(t)...); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// hostileQueries are the bad queries of cmd/arsearch's TestHostileQueries:
// each is a 400 with a one-line message, but the stop words, which are
// answered.
var hostileQueries = []struct {
	name, q string
	ok      bool   // answered
	msg     string // in the error
}{
	{"spaces", "  \t ", false, "q: missing"}, // trimmed: no query
	{"10,000 characters", string([]rune(strings.Repeat("سوريا ", 2000))[:10000]), false, "too long"},
	{"only stop words", "في من على", true, ""},
	{"only punctuation", "؟!... ،؛", false, "no searchable words"},
	{"unbalanced quote", `"وزير الخارجية`, false, "unbalanced quote"},
	{"unbalanced quote after a word", `العراق "سوريا`, false, "unbalanced quote"},
	{"unknown field", "author:محمد", false, `unknown field \"author\"`},
	{"field without a value", "title:", false, "has no value"},
	{"lone operators", "+ - +", false, "empty"},
	{"control characters", "\x00\x01\x1b\x7f\u009b", false, "empty"},
	{"control characters around a word", "\x01العراق\x00", true, ""},
	{"invalid UTF-8", "\xff\xfeالعراق", false, "not valid UTF-8"},
	{"long unbalanced phrase", `"` + strings.Repeat("سوريا ", 300), false, "unbalanced quote"},
}

// TestHostileQueriesHTTP: the API answers each bad query with a 400 and a
// one-line JSON error, the page with a 400 showing the message, and stop
// words alone with a 200. An empty q is the home page (200) and, for the
// API, a 400.
func TestHostileQueriesHTTP(t *testing.T) {
	h := New(search.Engine{Index: memoryIndex(t)}, Options{})
	for _, tt := range append(hostileQueries, struct {
		name, q string
		ok      bool
		msg     string
	}{"empty", "", false, "q: missing"}) {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, h, "GET", q("/api/search", "q", tt.q))
			if tt.ok {
				wantStatus(t, res, body, http.StatusOK)
				var out apiSearch
				if err := json.Unmarshal([]byte(body), &out); err != nil {
					t.Errorf("not JSON: %v\n%s", err, clip(body))
				}
			} else {
				wantStatus(t, res, body, http.StatusBadRequest)
				var e struct{ Error string }
				if err := json.Unmarshal([]byte(body), &e); err != nil || !strings.Contains(body, tt.msg) ||
					strings.ContainsAny(e.Error, "\n\r") || len(e.Error) > 300 {
					t.Errorf("API error %q (%v): want one short line saying %q", clip(body), err, tt.msg)
				}
			}
			res, body = get(t, h, "GET", q("/", "q", tt.q))
			switch {
			case tt.ok:
				wantStatus(t, res, body, http.StatusOK)
				wantNeedles(t, body, `class="hits"`)
			case strings.TrimSpace(tt.q) == "":
				wantStatus(t, res, body, http.StatusOK) // the home page
			default:
				wantStatus(t, res, body, http.StatusBadRequest)
				wantNeedles(t, body, `<div id="error" class="error" role="alert">`)
			}
		})
	}
}

// loadCase is one kind of request and the status it must get.
type loadCase struct {
	method, path string
	want         int
}

func loadCases(ids []string) []loadCase {
	var cs []loadCase
	add := func(want int, path string, kv ...string) {
		cs = append(cs, loadCase{"GET", q(path, kv...), want})
	}
	for _, w := range []string{"العراق", "تونس سوريا", `"وزير الخارجية"`, "title:تونس", "+تونس -سوريا", "الانتخابات البلدية", "في من على", "الكِتَابُ"} {
		add(200, "/", "q", w)
		add(200, "/api/search", "q", w)
		add(200, "/api/search", "q", w, "sort", "date", "page", "2", "size", "50")
		add(200, "/", "q", w, "from", "2016-01-01", "to", "2017-12-31", "category", "culture")
	}
	for _, id := range ids {
		add(200, "/article/"+id, "q", "تونس")
		add(200, "/api/article/"+id)
	}
	for _, h := range hostileQueries {
		if h.ok {
			add(200, "/api/search", "q", h.q)
		} else {
			add(400, "/api/search", "q", h.q)
			if strings.TrimSpace(h.q) != "" {
				add(400, "/", "q", h.q)
			}
		}
	}
	add(200, "/")
	add(200, "/static/style.css")
	add(400, "/api/search")
	add(400, "/api/search", "q", "تونس", "size", "0")
	add(400, "/", "q", "تونس", "page", "-1")
	add(400, "/api/search", "q", "تونس", "sort", "random")
	add(404, "/nope")
	add(404, "/api/article/no-such-article")
	cs = append(cs, loadCase{"POST", "/api/search?q=x", 405}, loadCase{"HEAD", "/?q=" + "%D8%AA%D9%88%D9%86%D8%B3", 200})
	return cs
}

// openFDs counts this process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count file descriptors: %v", err)
	}
	return len(entries)
}

// settle waits (up to 10 s, polling) until f() <= limit and returns f().
func settle(limit int, f func() int) int {
	n := f()
	for i := 0; i < 200 && n > limit; i++ {
		time.Sleep(50 * time.Millisecond)
		n = f()
	}
	return n
}

// TestLoad sends loadRequests mixed requests, loadConcurrency at a time,
// over loopback to a real server on an index on disk opened read-only
// (not index.NewMemory: its bleve store leaks
// goroutines on filtered searches, see search.TestMemoryIndexLeaksNoGoroutines): good searches,
// article pages, static files, hostile queries and bad parameters. Every
// request gets the status its kind must get, none a 5xx or a transport
// error, and afterwards no goroutine or file descriptor is left over.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("sends thousands of requests")
	}
	ix := diskIndex(t)
	res, err := search.Run(t.Context(), ix, search.Request{Query: "تونس", Limit: 5})
	if err != nil || len(res.Hits) < 5 {
		t.Fatalf("the index: %v, %v", res, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	cases := loadCases(append(ids, hostile[1].ID))

	runtime.GC()
	goroutines, fds := runtime.NumGoroutine(), openFDs(t)

	var logged syncBuilder
	srv := httptest.NewServer(New(search.Engine{Index: ix}, Options{Logger: slog.New(slog.NewTextHandler(&logged, nil))}))
	tr := &http.Transport{MaxIdleConnsPerHost: loadConcurrency}
	client := &http.Client{Transport: tr, Timeout: time.Minute}

	var (
		next                     atomic.Int64
		transport, server, wrong atomic.Int64
		statuses                 sync.Map // status -> *atomic.Int64
		firstWrong               sync.Once
		wrongMsg                 string
	)
	order := rand.New(rand.NewPCG(1, 1)).Perm(loadRequests)
	start := time.Now()
	var wg sync.WaitGroup
	for range loadConcurrency {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(loadRequests) {
					return
				}
				c := cases[order[i]%len(cases)]
				req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
				resp, err := client.Do(req)
				if err != nil {
					transport.Add(1)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					transport.Add(1)
				}
				n, _ := statuses.LoadOrStore(resp.StatusCode, new(atomic.Int64))
				n.(*atomic.Int64).Add(1)
				if resp.StatusCode >= 500 {
					server.Add(1)
				}
				if resp.StatusCode != c.want {
					wrong.Add(1)
					firstWrong.Do(func() {
						wrongMsg = fmt.Sprintf("%s %s: %d, want %d: %.300s", c.method, c.path, resp.StatusCode, c.want, body)
					})
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	tr.CloseIdleConnections()
	srv.Close()

	var counts []string
	statuses.Range(func(k, v any) bool {
		counts = append(counts, fmt.Sprintf("%d×%d", v.(*atomic.Int64).Load(), k))
		return true
	})
	t.Logf("%d requests (%d kinds), %d at a time, in %v (%.0f/s); statuses %v",
		loadRequests, len(cases), loadConcurrency, elapsed.Round(time.Millisecond), float64(loadRequests)/elapsed.Seconds(), counts)
	if transport.Load() > 0 || server.Load() > 0 {
		t.Errorf("%d transport errors, %d server errors (5xx); log:\n%.2000s", transport.Load(), server.Load(), logged.String())
	}
	if wrong.Load() > 0 {
		t.Errorf("%d responses with the wrong status; the first: %s", wrong.Load(), wrongMsg)
	}
	if g := settle(goroutines, runtime.NumGoroutine); g > goroutines {
		var stacks strings.Builder
		pprof.Lookup("goroutine").WriteTo(&stacks, 1)
		t.Errorf("%d goroutines before, %d after the server closed:\n%.4000s", goroutines, g, stacks.String())
	}
	if n := settle(fds, func() int { return openFDs(t) }); n > fds {
		t.Errorf("%d open file descriptors before, %d after the server closed", fds, n)
	}
}

// syncBuilder is a strings.Builder safe for concurrent writes.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// panicSearcher panics, as bleve may on a damaged index.
type panicSearcher struct{}

func (panicSearcher) Search(context.Context, search.Request) (*search.Result, error) {
	panic("runtime error: makeslice: len out of range")
}

func (panicSearcher) Article(context.Context, string, string) (*search.Document, error) {
	panic("runtime error: index out of range [3] with length 0")
}

// TestPanicIsA500: a panic while answering is a logged 500 with the usual
// error body, not a dropped connection, and the server goes on.
func TestPanicIsA500(t *testing.T) {
	var logged syncBuilder
	srv := httptest.NewServer(New(panicSearcher{}, Options{Logger: slog.New(slog.NewTextHandler(&logged, nil))}))
	defer srv.Close()
	for _, path := range []string{q("/", "q", "العراق"), q("/api/search", "q", "العراق"), "/article/x", "/api/article/x", "/"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := http.StatusInternalServerError
		if path == "/" {
			want = http.StatusOK // the home page does not search: the server still answers
		}
		wantText := "خطأ داخلي" // the page is in Arabic
		if strings.HasPrefix(path, "/api/") {
			wantText = `"error":"internal error`
		}
		if resp.StatusCode != want || (want == 500 && !strings.Contains(string(body), wantText)) || strings.Contains(string(body), "makeslice") {
			t.Errorf("%s: %d %.300s; want %d and no internals", path, resp.StatusCode, body, want)
		}
	}
	if !strings.Contains(logged.String(), "panic serving a request") || !strings.Contains(logged.String(), "makeslice") {
		t.Errorf("the panic was not logged: %.1000s", logged.String())
	}
}
