package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/arsearch/arsearch/index"
)

// writeText writes an ANT record as a .txt article (title line, body).
func writeText(t *testing.T, path string, r antRecord) {
	t.Helper()
	if err := os.WriteFile(path, []byte(r.Title+"\n"+r.Body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// queryIDs runs `arsearch query --json` and returns the ids of the hits.
func queryIDs(t *testing.T, bin, dir, q string) []string {
	t.Helper()
	code, out, errOut := runBin(t, bin, "query", "--index", dir, "--json", "--limit", "20", q)
	var res struct{ Hits []struct{ ID string } }
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitOK {
		t.Fatalf("query %s: exit %d, %v\n%s%s", q, code, err, out, errOut)
	}
	ids := []string{}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// api sends a request to a server with the index's token (tok "" sends
// none) and returns the status and body.
func api(t *testing.T, method, url, tok, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func readToken(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "api-token"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func wantMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != want {
		t.Errorf("%s: mode %04o, want %04o", path, fi.Mode().Perm(), want)
	}
}

// TestServeHandOff runs the real binary: while `arsearch serve` holds the
// index, `arsearch index` and `arsearch query` go through it with the
// summaries, messages and exit codes of their own runs, and programs
// write with the token; the server cleans up after SIGINT, and after a
// SIGKILL the record it leaves does not get in the way.
func TestServeHandOff(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a server")
	}
	bin := buildBinary(t, t.TempDir())
	recs := antRecords(t, 200)
	news := filepath.Join(t.TempDir(), "news")
	os.Mkdir(news, 0o755)
	writeText(t, filepath.Join(news, "a.txt"), recs[10])
	writeText(t, filepath.Join(news, "b.txt"), recs[11])
	dir := filepath.Join(t.TempDir(), "index")
	if code, _, errOut := runBin(t, bin, "index", "--index", dir, "-q", news); code != exitOK {
		t.Fatalf("index: exit %d\n%s", code, errOut)
	}

	srv := start(t, bin, "serve", "--index", dir, "--addr", "127.0.0.1:0")
	base := waitURL(t, srv)
	wantMode(t, filepath.Join(dir, "server.json"), 0o600)
	wantMode(t, filepath.Join(dir, "api-token"), 0o600)

	// A new file, indexed through the server, is found at once.
	writeText(t, filepath.Join(news, "c.txt"), recs[12])
	code, out, errOut := runBin(t, bin, "index", "--index", dir, news)
	if code != exitOK || out != "" || !strings.Contains(errOut, news+": 1 added, 0 updated, 2 unchanged, 0 deleted, 0 failed;") {
		t.Errorf("index beside the server: exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}
	if ids := queryIDs(t, bin, dir, `"`+recs[12].Title+`"`); len(ids) == 0 || ids[0] != "news/c.txt" {
		t.Errorf("query for the new article's title: %v, want news/c.txt first", ids)
	}
	// A bad file: reported by name, exit 3; a bad query: exit 2; --json.
	os.WriteFile(filepath.Join(news, "bad.json"), []byte(`{"id": "x", "title": `), 0o644)
	code, _, errOut = runBin(t, bin, "index", "--index", dir, news)
	if code != exitPartial || !strings.Contains(errOut, filepath.Join(news, "bad.json")+": ") || !strings.Contains(errOut, "1 failed") {
		t.Errorf("a bad file through the server: exit %d\n%s", code, errOut)
	}
	os.Remove(filepath.Join(news, "bad.json"))
	code, out, _ = runBin(t, bin, "index", "--index", dir, "--json", news)
	var st index.Stats
	if err := json.Unmarshal([]byte(out), &st); code != exitOK || err != nil || st.Unchanged != 3 {
		t.Errorf("index --json through the server: exit %d, %v, %q", code, err, out)
	}
	if code, _, errOut := runBin(t, bin, "query", "--index", dir, `"تونس`); code != exitUsage || !strings.Contains(errOut, "quote") {
		t.Errorf("a bad query through the server: exit %d, %q", code, errOut)
	}
	// show and stats too.
	if code, out, errOut := runBin(t, bin, "show", "--index", dir, "news/c.txt"); code != exitOK || !strings.HasPrefix(out, recs[12].Title+"\n") {
		t.Errorf("show through the server: exit %d, %q, %q", code, out, errOut)
	}
	if code, _, errOut := runBin(t, bin, "show", "--index", dir, "news/nosuch.txt"); code != exitError || !strings.Contains(errOut, `no article with id "news/nosuch.txt"`) {
		t.Errorf("show of an unknown id through the server: exit %d, %q", code, errOut)
	}
	code, out, errOut = runBin(t, bin, "stats", "--index", dir, "--json")
	var sum index.Summary
	if err := json.Unmarshal([]byte(out), &sum); code != exitOK || err != nil || sum.Articles != 3 {
		t.Errorf("stats through the server: exit %d, %v, %q, %q", code, err, out, errOut)
	}
	if code, _, errOut := runBin(t, bin, "index", "--index", dir, "--rebuild", news); code != exitError || !strings.Contains(errOut, "stop it first") {
		t.Errorf("--rebuild beside the server: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runBin(t, bin, "serve", "--index", dir, "--addr", "127.0.0.1:0"); code != exitError || !strings.Contains(errOut, "already serves this index") {
		t.Errorf("a second server: exit %d, %q", code, errOut)
	}

	// The API: refused without the token, searchable once acknowledged.
	tok := readToken(t, dir)
	art := fmt.Sprintf(`{"id":"api-1","title":%q,"body":%q}`, recs[13].Title, recs[13].Body)
	if code, body := api(t, "POST", base+"api/articles", "", art); code != http.StatusUnauthorized {
		t.Errorf("POST without the token: %d %s", code, body)
	}
	title := `"` + recs[13].Title + `"`
	if ids := queryIDs(t, bin, dir, title); slices.Contains(ids, "api-1") {
		t.Error("a refused write was indexed")
	}
	if code, body := api(t, "POST", base+"api/articles", tok, art); code != http.StatusOK {
		t.Fatalf("POST: %d %s", code, body)
	}
	if ids := queryIDs(t, bin, dir, title); len(ids) == 0 || ids[0] != "api-1" {
		t.Errorf("after the POST: %v, want api-1 first", ids)
	}
	if code, body := api(t, "DELETE", base+"api/articles/api-1", tok, ""); code != http.StatusOK {
		t.Errorf("DELETE: %d %s", code, body)
	}
	if ids := queryIDs(t, bin, dir, title); slices.Contains(ids, "api-1") {
		t.Errorf("after the DELETE: %v", ids)
	}

	srv.cmd.Process.Signal(syscall.SIGINT)
	if code := srv.wait(t); code != exitOK {
		t.Errorf("serve after SIGINT: exit %d\n%s", code, srv.stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "server.json")); err == nil {
		t.Error("server.json is left after a clean stop")
	}
	if n := count(t, dir); n != 3 {
		t.Errorf("after the server: %d articles, want 3", n)
	}

	// A killed server leaves its record; the next commands see through it.
	srv = start(t, bin, "serve", "--index", dir, "--addr", "127.0.0.1:0")
	waitURL(t, srv)
	srv.cmd.Process.Signal(syscall.SIGKILL)
	srv.wait(t)
	if _, err := os.Stat(filepath.Join(dir, "server.json")); err != nil {
		t.Fatalf("no record after SIGKILL: %v", err)
	}
	if ids := queryIDs(t, bin, dir, `"`+recs[11].Title+`"`); len(ids) == 0 || ids[0] != "news/b.txt" {
		t.Errorf("query after a killed server: %v", ids)
	}
	writeText(t, filepath.Join(news, "d.txt"), recs[14])
	code, _, errOut = runBin(t, bin, "index", "--index", dir, news)
	if code != exitOK || !strings.Contains(errOut, "1 added") {
		t.Errorf("index after a killed server: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "server.json")); err == nil {
		t.Error("the stale server.json is still there")
	}

	// serve --watch makes its index, fills it, and follows the folder.
	watched := filepath.Join(t.TempDir(), "watched")
	os.Mkdir(watched, 0o755)
	writeText(t, filepath.Join(watched, "w1.txt"), recs[20])
	wdir := filepath.Join(t.TempDir(), "watch-index")
	srv = start(t, bin, "serve", "--index", wdir, "--addr", "127.0.0.1:0", "--rescan", "1h", "--watch", watched)
	waitURL(t, srv)
	until := func(what, q, id string, want bool) {
		t.Helper()
		deadline := time.Now().Add(hangLimit)
		for slices.Contains(queryIDs(t, bin, wdir, q), id) != want {
			if time.Now().After(deadline) {
				t.Fatalf("serve --watch: %s: not seen within %v\n%s", what, hangLimit, srv.stderr.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	until("the folder at start", `"`+recs[20].Title+`"`, "watched/w1.txt", true)
	writeText(t, filepath.Join(watched, "w2.txt"), recs[21])
	until("a new file", `"`+recs[21].Title+`"`, "watched/w2.txt", true)
	os.Remove(filepath.Join(watched, "w1.txt"))
	until("a deleted file", `"`+recs[20].Title+`"`, "watched/w1.txt", false)
	srv.cmd.Process.Signal(syscall.SIGINT)
	if code := srv.wait(t); code != exitOK || !strings.Contains(srv.stderr.String(), "watched: 1 added") {
		t.Errorf("serve --watch: exit %d\n%s", code, srv.stderr.String())
	}
	if code, _, errOut := runBin(t, bin, "serve", "--index", wdir, "--watch"); code != exitUsage {
		t.Errorf("serve --watch without a folder: exit %d, %q", code, errOut)
	}
}

// TestServeKillDuringIngest posts articles to a server without pause and
// kills it (SIGKILL) at seeded random moments: every article whose POST
// was answered 200 is in the index afterwards, and the index opens.
func TestServeKillDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills servers")
	}
	bin := buildBinary(t, t.TempDir())
	recs := antRecords(t, 2000)
	seedDir := filepath.Join(t.TempDir(), "seed")
	os.Mkdir(seedDir, 0o755)
	writeText(t, filepath.Join(seedDir, "seed.txt"), recs[0])
	dir := filepath.Join(t.TempDir(), "index")
	if code, _, errOut := runBin(t, bin, "index", "--index", dir, "-q", seedDir); code != exitOK {
		t.Fatalf("index: exit %d\n%s", code, errOut)
	}
	rng := rand.New(rand.NewPCG(crashSeed, 12))
	var acked []string
	for round := 1; round <= 3; round++ {
		srv := start(t, bin, "serve", "--index", dir, "--addr", "127.0.0.1:0")
		base := waitURL(t, srv)
		tok := readToken(t, dir)
		var mu sync.Mutex
		stop := make(chan struct{})
		acking := make(chan struct{}) // closed at the round's first acknowledgement
		var firstAck sync.Once
		var wg sync.WaitGroup
		for w := range 2 { // two writers at once
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					var body bytes.Buffer
					var ids []string
					for j := range 20 {
						r := recs[(i*20+j)%len(recs)]
						r.ID = fmt.Sprintf("r%d-w%d-%d-%d", round, w, i, j)
						ids = append(ids, r.ID)
						line, _ := json.Marshal(r)
						body.Write(append(line, '\n'))
					}
					code, _ := api(t, "POST", base+"api/articles", tok, body.String())
					if code != http.StatusOK {
						return // killed
					}
					mu.Lock()
					acked = append(acked, ids...)
					mu.Unlock()
					firstAck.Do(func() { close(acking) })
				}
			})
		}
		// The kill comes at a random moment after the first write is
		// acknowledged (on a loaded machine the server may take longer to
		// answer its first write than the whole delay).
		delay := time.Duration(400+rng.IntN(1600)) * time.Millisecond
		select {
		case <-acking:
		case <-time.After(hangLimit):
			t.Fatalf("round %d: no write acknowledged within %v\n%s", round, hangLimit, srv.stderr.String())
		}
		time.Sleep(delay)
		srv.cmd.Process.Signal(syscall.SIGKILL)
		srv.wait(t)
		close(stop)
		wg.Wait()
		ix, err := index.Open(dir, index.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("round %d: the index does not open after SIGKILL: %v", round, err)
		}
		got, err := ix.IDs(t.Context())
		ix.Close()
		if err != nil {
			t.Fatal(err)
		}
		missing := 0
		for _, id := range acked {
			if _, ok := slices.BinarySearch(got, id); !ok {
				missing++
			}
		}
		t.Logf("round %d: killed %v after the first acknowledgement; %d articles acknowledged in all, %d in the index", round, delay, len(acked), len(got))
		if missing > 0 {
			t.Errorf("round %d: %d of %d acknowledged articles are missing", round, missing, len(acked))
		}
	}
}
