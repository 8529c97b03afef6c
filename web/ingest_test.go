package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

const testToken = "0123456789abcdef-test-token"

// newWritable returns a handler over a fresh in-memory index that takes
// writes with testToken.
func newWritable(t *testing.T) (http.Handler, *index.Index) {
	t.Helper()
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return New(search.Engine{Index: ix}, Options{Writer: ix, Token: testToken}), ix
}

// send runs one request with a body and headers (name, value pairs).
func send(t *testing.T, h http.Handler, method, target, body string, headers ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result(), rec.Body.String()
}

// total searches through the API and returns the number of hits.
func total(t *testing.T, h http.Handler, query string) int {
	t.Helper()
	var res struct{ Total int }
	getJSON(t, h, q("/api/search", "q", query), &res)
	return res.Total
}

// wantError checks an API error: the status and one line of JSON with the
// message containing want.
func wantError(t *testing.T, res *http.Response, body string, status int, want string) {
	t.Helper()
	wantStatus(t, res, body, status)
	var e struct{ Error string }
	if err := json.Unmarshal([]byte(body), &e); err != nil || !strings.Contains(e.Error, want) || strings.Count(body, "\n") != 1 {
		t.Errorf("%s %s: body %q, want one JSON line with an error containing %q", res.Request.Method, res.Request.URL, body, want)
	}
}

var auth = []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/json"}

const carthage = `{"id":"wat-2024-07-12","title":"افتتاح مهرجان قرطاج الدولي","body":"افتتح مهرجان قرطاج الدولي دورته الثامنة والخمسين بعرض موسيقي.","source":"وات","date":"2024-07-12"}`

func TestIngestAndDelete(t *testing.T) {
	h, _ := newWritable(t)
	if n := total(t, h, "قرطاج"); n != 0 {
		t.Fatalf("an empty index has %d hits", n)
	}
	res, body := send(t, h, "POST", "/api/articles", carthage, auth...)
	wantStatus(t, res, body, http.StatusOK)
	if body != `{"added":1,"updated":0}`+"\n" {
		t.Errorf("POST: %s", body)
	}
	// Acknowledged means searchable, by another form of the word.
	if n := total(t, h, "مهرجانات قرطاج"); n != 1 {
		t.Errorf("after the POST: %d hits for مهرجانات قرطاج, want 1", n)
	}
	// The same id again replaces it; JSON lines add several at once.
	jsonl := strings.Replace(carthage, "الثامنة والخمسين", "التاسعة والخمسين", 1) + "\n" +
		`{"id":"wat-2024-07-13","title":"مهرجان الحمامات","body":"انطلقت عروض مهرجان الحمامات الدولي."}` + "\n"
	res, body = send(t, h, "POST", "/api/articles", jsonl, "Authorization", "Bearer "+testToken, "Content-Type", "application/x-ndjson")
	wantStatus(t, res, body, http.StatusOK)
	if body != `{"added":1,"updated":1}`+"\n" {
		t.Errorf("POST JSONL: %s", body)
	}
	if n := total(t, h, "مهرجان"); n != 2 {
		t.Errorf("%d hits for مهرجان, want 2", n)
	}
	if n := total(t, h, `"الثامنة والخمسين"`); n != 0 {
		t.Errorf("the replaced text is still found: %d hits", n)
	}
	var doc struct{ Body, Source string }
	getJSON(t, h, "/api/article/wat-2024-07-12", &doc)
	if !strings.Contains(doc.Body, "التاسعة") || doc.Source != "وات" {
		t.Errorf("the article after replacing: %+v", doc)
	}

	res, body = send(t, h, "DELETE", "/api/articles/wat-2024-07-12", "", auth...)
	wantStatus(t, res, body, http.StatusOK)
	if n := total(t, h, "قرطاج"); n != 0 {
		t.Errorf("after DELETE: %d hits for قرطاج", n)
	}
	res, body = send(t, h, "DELETE", "/api/articles/wat-2024-07-12", "", auth...)
	wantError(t, res, body, http.StatusNotFound, "no such article")
}

// TestIngestRefused: writes without the token, with a wrong one, from
// another origin or with a form's content type change nothing.
func TestIngestRefused(t *testing.T) {
	h, _ := newWritable(t)
	cases := []struct {
		name    string
		headers []string
		status  int
		want    string
	}{
		{"no token", []string{"Content-Type", "application/json"}, 401, "needs the index's token"},
		{"wrong token", []string{"Authorization", "Bearer nope", "Content-Type", "application/json"}, 401, "wrong token"},
		{"basic auth", []string{"Authorization", "Basic " + testToken, "Content-Type", "application/json"}, 401, "wrong token"},
		{"cross-site fetch", append([]string{"Sec-Fetch-Site", "cross-site"}, auth...), 403, "cross-origin"},
		{"same-site fetch", append([]string{"Sec-Fetch-Site", "same-site"}, auth...), 403, "cross-origin"},
		{"foreign origin", append([]string{"Origin", "http://evil.example"}, auth...), 403, "cross-origin"},
		{"null origin", append([]string{"Origin", "null"}, auth...), 403, "cross-origin"},
		{"form", []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/x-www-form-urlencoded"}, 415, "Content-Type"},
		{"multipart", []string{"Authorization", "Bearer " + testToken, "Content-Type", "multipart/form-data; boundary=x"}, 415, "Content-Type"},
		{"text/plain", []string{"Authorization", "Bearer " + testToken, "Content-Type", "text/plain"}, 415, "Content-Type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := send(t, h, "POST", "/api/articles", carthage, c.headers...)
			wantError(t, res, body, c.status, c.want)
			res, body = send(t, h, "DELETE", "/api/articles/wat-2024-07-12", "", c.headers...)
			if res.StatusCode/100 == 2 {
				t.Errorf("DELETE: %d %s", res.StatusCode, body)
			}
		})
	}
	if n := total(t, h, "قرطاج"); n != 0 {
		t.Errorf("a refused write was indexed: %d hits", n)
	}
	// The server's own origin (a same-origin fetch) with the token is fine.
	res, body := send(t, h, "POST", "/api/articles", carthage, append([]string{"Origin", "http://example.com", "Sec-Fetch-Site", "same-origin"}, auth...)...)
	wantStatus(t, res, body, http.StatusOK)
	// A server without a token takes no writes.
	ix, _ := index.NewMemory()
	defer ix.Close()
	res, body = send(t, New(search.Engine{Index: ix}, Options{Writer: ix}), "POST", "/api/articles", carthage, auth...)
	wantError(t, res, body, http.StatusForbidden, "does not accept writes")
	// Nor does one without a writer.
	res, body = send(t, New(search.Engine{Index: ix}, Options{}), "POST", "/api/articles", carthage, auth...)
	wantError(t, res, body, http.StatusMethodNotAllowed, "not allowed")
}

// TestIngestBadBodies: a bad record refuses the whole request, naming it,
// and nothing of it is written.
func TestIngestBadBodies(t *testing.T) {
	h, _ := newWritable(t)
	cases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"no id", `[` + carthage + `,{"title":"بلا معرف"}]`, 400, "line 1: article 2 has no id"},
		{"bad field", carthage + "\n" + `{"id":"b","title":["قائمة"]}`, 400, `line 2: field "title"`},
		{"bad date", `{"id":"c","title":"تونس","date":"أمس"}`, 400, "date"},
		{"not JSON", `مهرجان قرطاج`, 400, "request body"},
		{"empty", ``, 400, "request body"},
		{"empty array", `[]`, 400, "no articles"},
		{"too large", `{"id":"big","title":"كبير","body":"` + strings.Repeat("ن", MaxIngestBytes/2) + `"}`, 413, "too large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := send(t, h, "POST", "/api/articles", c.body, auth...)
			wantError(t, res, body, c.status, c.want)
		})
	}
	if n := total(t, h, "قرطاج"); n != 0 {
		t.Errorf("part of a refused request was indexed: %d hits", n)
	}
}

// TestHandOff: the endpoints `arsearch index` and `arsearch query` use
// when a server holds the index, through the Client.
func TestHandOff(t *testing.T) {
	h, _ := newWritable(t)
	srv := httptest.NewServer(h)
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "news")
	seed, err := os.ReadFile(seedID) // testdata/…
	if err != nil {
		t.Fatal(err)
	}
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "seed.txt"), seed, 0o644)
	os.WriteFile(filepath.Join(dir, "broken.json"), []byte(`{"id":`), 0o644)
	c := &Client{URL: srv.URL + "/", Token: testToken}
	var problems []string
	var stats []index.Stats
	err = c.Build(t.Context(), BuildRequest{Roots: []string{dir}}, func(ev BuildEvent) {
		if ev.Problem != "" {
			problems = append(problems, ev.Problem)
		}
		if ev.Stats != nil {
			stats = append(stats, ev.Stats.Value())
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 1 || stats[0].Added != 1 || stats[0].Elapsed <= 0 || stats[0].Failed != 1 || len(problems) != 1 || !strings.HasPrefix(problems[0], filepath.Join(dir, "broken.json")+":") {
		t.Errorf("stats %+v, problems %q; want 1 added, 1 failed naming broken.json", stats, problems)
	}
	res, err := c.Search(t.Context(), search.Request{Query: "العراق سوريا"})
	if err != nil || res.Total != 1 || res.Hits[0].ID != "news/seed.txt" || len(res.Hits[0].Title.Marks) == 0 {
		t.Fatalf("Search: %+v, %v", res, err)
	}
	doc, err := c.Article(t.Context(), "news/seed.txt", "سوريا")
	if err != nil || !strings.Contains(doc.Body, "سوريا") || len(doc.BodyMarks) == 0 {
		t.Errorf("Article: %+v, %v", doc, err)
	}
	if _, err := c.Article(t.Context(), "news/nosuch.txt", ""); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Article of an unknown id: %v, want index.ErrNotFound", err)
	}
	if sum, err := c.Summary(t.Context()); err != nil || sum.Articles != 1 {
		t.Errorf("Summary: %+v, %v", sum, err)
	}
	_, err = c.Search(t.Context(), search.Request{Query: `"العراق`})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 400 || !strings.Contains(ae.Message, "quote") {
		t.Errorf("a bad query: %v", err)
	}
	bad := &Client{URL: srv.URL + "/", Token: "wrong"}
	if err := bad.Build(t.Context(), BuildRequest{Roots: []string{dir}}, func(BuildEvent) {}); !errors.As(err, &ae) || ae.Status != 401 {
		t.Errorf("a wrong token: %v", err)
	}
	if err := c.Build(t.Context(), BuildRequest{Roots: []string{"relative"}}, func(BuildEvent) {}); !errors.As(err, &ae) || ae.Status != 400 {
		t.Errorf("a relative root: %v", err)
	}
	srv.Close()
	if _, err := c.Search(t.Context(), search.Request{Query: "تونس"}); !errors.Is(err, ErrUnreachable) {
		t.Errorf("a stopped server: %v", err)
	}
}

// slowBuilder is a Writer whose Build writes nothing and runs until its
// context ends, then reports what a run cut short reports.
type slowBuilder struct {
	*index.Index
	started chan struct{}
}

func (s slowBuilder) Build(ctx context.Context, root string, opts index.BuildOptions) (index.Stats, error) {
	opts.OnProgress(index.Stats{Added: 1000})
	close(s.started)
	<-ctx.Done()
	return index.Stats{Added: 3000, Elapsed: time.Second}, ctx.Err()
}

// TestHandOffStop: when the client's context ends (Ctrl-C), the server's
// run is stopped, and the client still hears how it ended, as an index
// run of its own reports the batches written after Ctrl-C.
func TestHandOffStop(t *testing.T) {
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := slowBuilder{ix, make(chan struct{})}
	srv := httptest.NewServer(New(search.Engine{Index: ix}, Options{Writer: w, Token: testToken}))
	defer srv.Close()
	c := &Client{URL: srv.URL + "/", Token: testToken}
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-w.started
		cancel()
	}()
	var last index.Stats
	err = c.Build(ctx, BuildRequest{Roots: []string{t.TempDir()}}, func(ev BuildEvent) {
		if ev.Stats != nil {
			last = ev.Stats.Value()
		}
	})
	if !errors.Is(err, context.Canceled) || last.Added != 3000 || last.Elapsed != time.Second {
		t.Errorf("Build: %v, last stats %+v; want context.Canceled after the run's own 3000 added in 1s", err, last)
	}
	res, body := send(t, srv.Config.Handler, "POST", "/api/index/stop", `{"run":"nosuch"}`, auth...)
	wantError(t, res, body, http.StatusNotFound, "no index run")
}
