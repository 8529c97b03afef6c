package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// Size of the load test with writes.
const (
	liveConcurrency = 16  // searches at once
	liveSearches    = 600 // searches per phase
	liveBatch       = 10  // articles per POST
)

// antArticles returns n articles of the bundled ANT corpus after the
// first skip.
func antArticles(t testing.TB, skip, n int) []article.Article {
	t.Helper()
	f, err := os.Open("../corpus/antcorpus-v1.1.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []article.Article
	enough := errors.New("enough")
	i := 0
	err = article.ReadJSONL("ant.jsonl.gz", f, func(it article.Item) error {
		if it.Err != nil {
			return it.Err
		}
		if i++; i > skip {
			arts = append(arts, it.Article)
		}
		if len(arts) == n {
			return enough
		}
		return nil
	})
	if err != nil && err != enough {
		t.Fatal(err)
	}
	return arts
}

// TestLoadWithWrites runs searches 16 at a time over loopback against an
// index on disk open for writing, as arsearch serve has it: first alone,
// then while a writer posts batches of articles without pause. No search
// and no write gets a 5xx or a transport error, every write is answered
// 200, and each acknowledged article is found by the next request. The
// search latencies of both phases are logged (not asserted).
func TestLoadWithWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("sends over a thousand requests")
	}
	ix, err := index.Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	arts := loadArticlesOf(t)
	if err := ix.Add(t.Context(), arts...); err != nil {
		t.Fatal(err)
	}
	var queries []string
	for _, a := range arts[len(hostile):] {
		queries = append(queries, a.Title)
	}
	srv := httptest.NewServer(New(search.Engine{Index: ix}, Options{Writer: ix, Token: testToken}))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: liveConcurrency + 1}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}

	var bad atomic.Int64
	var firstBad sync.Once
	var badMsg string
	fail := func(format string, args ...any) {
		bad.Add(1)
		firstBad.Do(func() { badMsg = fmt.Sprintf(format, args...) })
	}
	// searches sends liveSearches title searches and returns their latencies.
	searches := func() []time.Duration {
		lat := make([]time.Duration, liveSearches)
		var next atomic.Int64
		var wg sync.WaitGroup
		for range liveConcurrency {
			wg.Go(func() {
				for i := next.Add(1) - 1; i < liveSearches; i = next.Add(1) - 1 {
					q := url.Values{"q": {queries[int(i)%len(queries)]}}
					t0 := time.Now()
					resp, err := client.Get(srv.URL + "/api/search?" + q.Encode())
					if err != nil {
						fail("search: %v", err)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					lat[i] = time.Since(t0)
					if resp.StatusCode >= 500 {
						fail("search %q: %d", q.Get("q"), resp.StatusCode)
					}
				}
			})
		}
		wg.Wait()
		return lat
	}

	alone := searches()
	more := antArticles(t, loadArticles, 2000)
	stop := make(chan struct{})
	acked := 0
	writer := make(chan struct{})
	go func() {
		defer close(writer)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			var body bytes.Buffer
			var last string
			for j := range liveBatch {
				a := more[(i*liveBatch+j)%len(more)]
				a.ID = fmt.Sprintf("live-%d-%d", i, j)
				line, _ := json.Marshal(a)
				body.Write(append(line, '\n'))
				last = a.ID
			}
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/articles", &body)
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/x-ndjson")
			resp, err := client.Do(req)
			if err != nil {
				fail("write: %v", err)
				continue
			}
			msg, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				fail("write: %d %s", resp.StatusCode, msg)
				continue
			}
			acked += liveBatch
			resp, err = client.Get(srv.URL + "/api/article/" + url.PathEscape(last))
			if err != nil {
				fail("reading back %s: %v", last, err)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				fail("%s was acknowledged, then not found: %d", last, resp.StatusCode)
			}
		}
	}()
	with := searches()
	close(stop)
	<-writer

	if bad.Load() > 0 {
		t.Errorf("%d failed requests; the first: %s", bad.Load(), badMsg)
	}
	if acked == 0 {
		t.Error("no write was acknowledged while the searches ran")
	}
	if n, err := ix.Count(); err != nil || int(n) != len(arts)+acked {
		t.Errorf("the index holds %d articles (%v), want %d + %d acknowledged", n, err, len(arts), acked)
	}
	t.Logf("%d searches, %d at a time: alone %s; with writes %s (%d articles in %d writes)",
		liveSearches, liveConcurrency, latencies(alone), latencies(with), acked, acked/liveBatch)
}

// latencies formats the median and 99th percentile of lat.
func latencies(lat []time.Duration) string {
	s := slices.Clone(lat)
	slices.Sort(s)
	return fmt.Sprintf("p50 %v p99 %v", s[len(s)/2].Round(time.Millisecond), s[len(s)*99/100].Round(time.Millisecond))
}
