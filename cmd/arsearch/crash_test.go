package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/arsearch/arsearch/index"
)

// Sizes of the crash test: enough articles that indexing takes several
// seconds on two cores, so the kills land at different stages.
const (
	crashArticles = 12000
	crashFiles    = 6
	crashBatch    = 250 // articles per commit: many commits to die between
	crashKills    = 4
	crashSeed     = 2026
	// hangLimit only catches a hang; how fast things go is not asserted. A
	// full run of the 12,000 articles took over a minute on the two cores
	// shared by several sessions running their tests.
	hangLimit = 2 * time.Minute
)

// buildBinary builds arsearch into dir and returns its path.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(dir, "arsearch")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashCorpus writes n articles made from ANT articles, with unique ids,
// over files JSONL files, and returns the folder and the sorted ids.
func crashCorpus(t *testing.T, n, files int) (string, []string) {
	t.Helper()
	recs := antRecords(t, 0)
	root := filepath.Join(t.TempDir(), "corpus")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, n)
	per := (n + files - 1) / files
	for f := 0; f < files; f++ {
		var b bytes.Buffer
		for i := f * per; i < min(n, (f+1)*per); i++ {
			r := recs[i%len(recs)]
			r.ID = fmt.Sprintf("%s~%d", r.ID, i/len(recs))
			ids = append(ids, r.ID)
			line, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("part-%d.jsonl", f)), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(ids)
	return root, ids
}

// proc is a running arsearch.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	exited         chan struct{} // closed when it has ended
}

// syncBuffer is a bytes.Buffer the test may read while the process writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), exited: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

// wait waits for the process to end and returns its exit code, failing
// the test if it hangs.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(hangLimit):
		t.Fatalf("%q did not end within %v:\n%s", p.cmd.Args, hangLimit, p.stderr.String())
	}
	return p.cmd.ProcessState.ExitCode()
}

// runBin runs the binary to its end and returns its exit code and output.
func runBin(t *testing.T, bin string, args ...string) (int, string, string) {
	t.Helper()
	p := start(t, bin, args...)
	code := p.wait(t)
	return code, p.stdout.String(), p.stderr.String()
}

// queryTotal runs `arsearch query --json` and returns the total.
func queryTotal(t *testing.T, bin, dir, q string) int {
	t.Helper()
	code, out, errOut := runBin(t, bin, "query", "--index", dir, "--json", "--limit", "1", q)
	var res struct{ Total int }
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitOK {
		t.Fatalf("query %s: exit %d, %v\n%s%s", q, code, err, out, errOut)
	}
	return res.Total
}

// count opens the index and counts its articles.
func count(t *testing.T, dir string) int {
	t.Helper()
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the index does not open: %v", err)
	}
	defer ix.Close()
	n, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

var summaryAdded = regexp.MustCompile(`: (\d+) added, (\d+) updated, (\d+) unchanged, 0 deleted, 0 failed;`)

// TestCrashSafety indexes a corpus of 12,000 articles with the real binary
// and kills it (SIGKILL) at seeded random moments: after each kill the
// index opens, answers queries and has lost no article it had before, and
// a whole run then leaves exactly the corpus. Then, on a new index, while an indexing run holds the index, a second process is refused
// within a second with the lock named; SIGINT stops that run with the
// finished batches kept; a server holds the index while a query and an
// index run of one file hand their work to it; and a last run ends with
// exactly the articles of the corpus.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and indexes 12,000 articles several times")
	}
	bin := buildBinary(t, t.TempDir())
	root, ids := crashCorpus(t, crashArticles, crashFiles)
	dir := filepath.Join(t.TempDir(), "index")
	indexArgs := []string{"index", "--index", dir, "--batch", strconv.Itoa(crashBatch), "-q"}
	seed := uint64(crashSeed)
	if s, err := strconv.ParseUint(os.Getenv("ARSEARCH_CRASH_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (set ARSEARCH_CRASH_SEED to change it)", seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	// SIGKILL at random moments.
	last := 0
	for round := 1; round <= crashKills; round++ {
		delay := time.Duration(300+rng.IntN(2700)) * time.Millisecond
		p := start(t, bin, append(indexArgs, root)...)
		select {
		case <-p.exited:
			t.Logf("round %d: indexing ended before the kill at %v", round, delay)
		case <-time.After(delay):
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			p.wait(t)
		}
		n := count(t, dir)
		t.Logf("round %d: killed after %v; the index holds %d articles", round, delay, n)
		if n < last || n > crashArticles {
			t.Fatalf("round %d: the index holds %d articles after holding %d (of %d)", round, n, last, crashArticles)
		}
		if n > 0 && queryTotal(t, bin, dir, "تونس") == 0 {
			t.Errorf("round %d: no hits for تونس in %d articles", round, n)
		}
		if strings.Contains(p.stderr.String(), "panic") {
			t.Errorf("round %d: stderr:\n%s", round, p.stderr.String())
		}
		last = n
	}

	// The killed index finishes: exactly the corpus.
	if code, _, errOut := runBin(t, bin, append(indexArgs, root)...); code != exitOK {
		t.Fatalf("the run after the kills: exit %d, %s", code, errOut)
	}
	if n := count(t, dir); n != crashArticles {
		t.Errorf("after the kills, a whole run leaves %d articles; want %d", n, crashArticles)
	}
	// The rest needs a run with most of the corpus still to do (the kills
	// may have left a few hundred articles, a run of well under a second):
	// a new index.
	dir = filepath.Join(t.TempDir(), "index")
	indexArgs = []string{"index", "--index", dir, "--batch", strconv.Itoa(crashBatch), "-q"}
	last = 0

	// A run that is locked out of the index, then interrupted.
	p := start(t, bin, append(indexArgs, root)...)
	lockedOut := false
	for try := 0; try < 100 && !lockedOut; try++ {
		// Pause between queries: each holds a shared lock, and back to back
		// they could keep the writer from ever getting its own.
		select {
		case <-p.exited:
			t.Fatalf("the indexing run ended before it was seen holding the lock: exit %d\n%s", p.cmd.ProcessState.ExitCode(), p.stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
		code, _, errOut := runBin(t, bin, "query", "--index", dir, "العراق")
		lockedOut = code == exitError && strings.Contains(errOut, "index is locked by another arsearch process")
		// On a loaded machine the writer may not have created the index
		// yet: that query says so, and the next one looks again.
		notYet := code == exitError && strings.Contains(errOut, "no index here yet")
		if !lockedOut && !notYet && code != exitOK {
			t.Fatalf("query beside a writer: exit %d, %s", code, errOut)
		}
	}
	if !lockedOut {
		t.Fatal("query never saw the writer's lock")
	}
	code, out, errOut := runBin(t, bin, append(indexArgs, root)...)
	if code != exitError || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "index is locked by another arsearch process") {
		t.Errorf("a second index run: exit %d, stderr %q; want exit 1 and one line naming the lock", code, errOut)
	}
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	code = p.wait(t)
	t.Logf("SIGINT: exit %d after %v", code, time.Since(sent).Round(time.Millisecond))
	errOut = p.stderr.String()
	if code != exitError || !strings.Contains(errOut, "arsearch: index: interrupted; every finished batch is kept") {
		t.Errorf("after SIGINT: exit %d, stderr:\n%s", code, errOut)
	}
	m := summaryAdded.FindStringSubmatch(errOut)
	if m == nil {
		t.Fatalf("no summary after SIGINT:\n%s", errOut)
	}
	added, _ := strconv.Atoi(m[1])
	if n := count(t, dir); n != last+added {
		t.Errorf("after SIGINT the index holds %d articles; it held %d and the run reported %d added", n, last, added)
	}

	// A server holds the index: a query and an index run go through it,
	// and the run finishes the corpus.
	srv := start(t, bin, "serve", "--index", dir, "--addr", "127.0.0.1:0")
	addr := waitURL(t, srv)
	if n := queryTotal(t, bin, dir, "تونس"); n == 0 {
		t.Error("query beside a server: no hits for تونس")
	}
	resp, err := http.Get(addr + "api/search?q=" + url.QueryEscape("تونس"))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the server: %v, %v", resp, err)
	}
	if resp != nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// One of the files: the last run below does the rest.
	part := filepath.Join(root, "part-0.jsonl")
	code, _, errOut = runBin(t, bin, append(indexArgs, part)...)
	if m := summaryAdded.FindStringSubmatch(errOut); code != exitOK || m == nil {
		t.Errorf("index while a server runs: exit %d, %q; want exit 0 and the summary", code, errOut)
	}
	srv.cmd.Process.Signal(syscall.SIGINT)
	if code := srv.wait(t); code != exitOK {
		t.Errorf("serve after SIGINT: exit %d\n%s", code, srv.stderr.String())
	}
	if n := count(t, dir); n < crashArticles/crashFiles {
		t.Errorf("after the file handed to the server: %d articles, want at least its %d", n, crashArticles/crashFiles)
	}

	// The last run finishes: exactly the corpus.
	code, out, errOut = runBin(t, bin, append(append(indexArgs[:len(indexArgs):len(indexArgs)], "--json"), root)...)
	var st index.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != exitOK {
		t.Fatalf("last run: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	t.Logf("last run: %d added, %d unchanged, %d updated", st.Added, st.Unchanged, st.Updated)
	// The file handed to the server was indexed as a root of its own: its
	// articles are now updated to come from the folder, the others new or
	// unchanged.
	if st.Added+st.Unchanged+st.Updated != crashArticles || st.Updated > crashArticles/crashFiles || st.Failed != 0 {
		t.Errorf("last run: %+v; want added+unchanged+updated = %d, at most the handed-off file's %d updated, none failed", st, crashArticles, crashArticles/crashFiles)
	}
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got, err := ix.IDs(t.Context())
	if err != nil || !slices.Equal(got, ids) {
		t.Errorf("the index holds %d ids (%v), want the %d of the corpus", len(got), err, len(ids))
	}
}

// waitURL reads the page URL `arsearch serve` prints once it listens.
func waitURL(t *testing.T, p *proc) string {
	t.Helper()
	deadline := time.Now().Add(hangLimit)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			t.Fatalf("serve ended: %s", p.stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if line, ok := strings.CutSuffix(p.stdout.String(), "\n"); ok {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("serve printed no URL within %v: %s", hangLimit, p.stderr.String())
	return ""
}

// TestKillEarlyInFirstBuild kills (SIGKILL) a first build, and a --rebuild
// of an existing index, at moments spread over their first 150 ms, when
// bleve writes its first files: each kill leaves either an index that
// opens or "no index here yet", never one that reads as damaged, and the
// next run builds it.
func TestKillEarlyInFirstBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts it 44 times")
	}
	bin := buildBinary(t, t.TempDir())
	root, _ := crashCorpus(t, 200, 1)
	built := filepath.Join(t.TempDir(), "built")
	if code, _, errOut := runBin(t, bin, "index", "--index", built, "-q", root); code != exitOK {
		t.Fatalf("index: exit %d, %s", code, errOut)
	}
	for _, rebuild := range []bool{false, true} {
		for ms := 0; ms < 160; ms += 15 {
			dir := filepath.Join(t.TempDir(), "index")
			args := []string{"index", "--index", dir, "-q", root}
			if rebuild {
				copyFS(t, built, dir)
				args = append(args, "--rebuild")
			}
			p := start(t, bin, args...)
			time.Sleep(time.Duration(ms) * time.Millisecond)
			p.cmd.Process.Kill()
			p.wait(t)
			ix, err := index.Open(dir, index.Options{ReadOnly: true})
			if err == nil {
				ix.Close()
			} else if !errors.Is(err, index.ErrNoIndex) {
				t.Fatalf("killed %d ms into %q: %v; want an index or no index yet", ms, args, err)
			}
			if code, _, errOut := runBin(t, bin, "index", "--index", dir, "-q", root); code != exitOK {
				t.Fatalf("after a kill %d ms into %q, index: exit %d, %s", ms, args, code, errOut)
			}
		}
	}
}
