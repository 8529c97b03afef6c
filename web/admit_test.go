package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// gateSearcher holds every search whose query has more than three words
// until open is closed, and counts the searches inside Search at once.
type gateSearcher struct {
	open     chan struct{}
	entered  chan string // the query of each search that entered Search
	inFlight atomic.Int32
	most     atomic.Int32
}

func (g *gateSearcher) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	n := g.inFlight.Add(1)
	defer g.inFlight.Add(-1)
	for {
		m := g.most.Load()
		if n <= m || g.most.CompareAndSwap(m, n) {
			break
		}
	}
	g.entered <- req.Query
	if len(strings.Fields(req.Query)) > 3 {
		select {
		case <-g.open:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return &search.Result{}, nil
}

func (g *gateSearcher) Article(context.Context, string, string) (*search.Document, error) {
	return nil, index.ErrNotFound
}

// apiCode is the code of a JSON error body.
func apiCode(t *testing.T, body string) string {
	t.Helper()
	var e struct{ Error, Code string }
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("not a JSON error: %v\n%s", err, clip(body))
	}
	if strings.Contains(e.Error, "\n") || e.Error == "" {
		t.Errorf("error is not one line: %q", e.Error)
	}
	return e.Code
}

func TestSearchTooCostly(t *testing.T) {
	g := &gateSearcher{open: make(chan struct{}), entered: make(chan string, 10)}
	close(g.open)
	h := New(g, Options{})
	words := strings.TrimSpace(strings.Repeat("العراق سوريا ", 100)) // 200 words
	res, body := get(t, h, "GET", q("/api/search", "q", words, "page", "10", "size", "100"))
	wantStatus(t, res, body, http.StatusBadRequest)
	if c := apiCode(t, body); c != "too_costly" {
		t.Errorf("code %q, want too_costly; %s", c, body)
	}
	if !strings.Contains(body, "200 words") || !strings.Contains(body, "1000 results deep") {
		t.Errorf("the error does not say what to change: %s", body)
	}
	res, body = get(t, h, "GET", q("/", "q", words, "page", "10", "size", "100"))
	wantStatus(t, res, body, http.StatusBadRequest)
	if !strings.Contains(body, "البحث أثقل من المسموح") {
		t.Errorf("the page does not say it in Arabic:\n%s", clip(body))
	}
	if len(g.entered) != 0 {
		t.Errorf("a refused search reached the index")
	}
	// The same words on the first page are allowed.
	res, body = get(t, h, "GET", q("/api/search", "q", words))
	wantStatus(t, res, body, http.StatusOK)
}

// TestHeavySearchesLeaveRoom runs heavy searches that hang until released
// and checks that light searches still get through, that no more than
// MaxSearches run at once, and that a heavy search queued past QueueWait
// gets a one-line 503.
func TestHeavySearchesLeaveRoom(t *testing.T) {
	g := &gateSearcher{open: make(chan struct{}), entered: make(chan string, 100)}
	h := New(g, Options{MaxSearches: 2, QueueWait: 300 * time.Millisecond})
	heavy := strings.TrimSpace(strings.Repeat("وزير الخارجية ", 150)) // 300 words × 10 deep: heavy

	var wg sync.WaitGroup
	statuses := make(chan string, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, body := get(t, h, "GET", q("/api/search", "q", heavy))
			code := ""
			if res.StatusCode != http.StatusOK {
				code = apiCode(t, body)
			}
			statuses <- strconv.Itoa(res.StatusCode) + " " + code
		}()
	}
	<-g.entered // one heavy search runs; the other waits for the heavy lane

	for i := range 5 {
		start := time.Now()
		res, body := get(t, h, "GET", q("/api/search", "q", "بن علي"))
		wantStatus(t, res, body, http.StatusOK)
		if d := time.Since(start); d > 250*time.Millisecond {
			t.Logf("light search %d took %s beside a heavy one", i, d)
		}
	}

	// The queued heavy search gives up after QueueWait with a 503.
	var got string
	select {
	case got = <-statuses:
	case <-time.After(5 * time.Second):
		close(g.open)
		t.Fatal("the second heavy search neither ran nor gave up")
	}
	if got != "503 busy" {
		t.Errorf("the queued heavy search: %q, want 503 busy", got)
	}
	close(g.open)
	wg.Wait()
	if got := <-statuses; got != "200 " {
		t.Errorf("the running heavy search: %q, want 200", got)
	}
	if m := g.most.Load(); m > 2 {
		t.Errorf("%d searches ran at once, the limit is 2", m)
	}
}

// TestQueueWaitsForASlot: with every slot taken by light searches that
// hang, one more queues and runs as soon as a slot is free.
func TestQueueWaitsForASlot(t *testing.T) {
	g := &gateSearcher{open: make(chan struct{}), entered: make(chan string, 100)}
	h := New(g, Options{MaxSearches: 1, QueueWait: 5 * time.Second})
	slow := "العراق سوريا لبنان الأردن" // four words: held, but light (40 deep)
	done := make(chan int, 2)
	for range 2 {
		go func() {
			res, _ := get(t, h, "GET", q("/api/search", "q", slow))
			done <- res.StatusCode
		}()
	}
	<-g.entered
	select {
	case <-g.entered:
		t.Fatal("two searches entered with one slot")
	case <-time.After(100 * time.Millisecond):
	}
	close(g.open)
	for range 2 {
		if s := <-done; s != http.StatusOK {
			t.Errorf("status %d, want 200", s)
		}
	}
	if m := g.most.Load(); m != 1 {
		t.Errorf("%d searches ran at once, the limit is 1", m)
	}
}
