// Command loadtest sends a bounded set of searches to a running
// `arsearch serve` on loopback and reports latency percentiles and errors.
//
//	go run ./scripts/loadtest -url http://127.0.0.1:8080 -queries titles.tsv -c 16
//
// Each query of the TSV (qid<TAB>text) is sent once to /api/search, by
// -c workers at a time. It refuses URLs that are not on the loopback
// interface: load is only ever aimed at this machine.
//
// With -ingest, the searches run twice over the same queries: first alone,
// then while one writer posts the articles of a JSONL file (optionally
// gzip'd) to POST /api/articles without pause, -batch at a time with ids
// made unique, using the token in -token (the index's api-token file).
// Each run prints one line; the second adds the writes' count, latency and
// errors.
//
//	go run ./scripts/loadtest -url http://127.0.0.1:8080 -queries titles.tsv -c 16 \
//	    -ingest news.jsonl.gz -token ~/.local/share/arsearch/index/api-token
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	var (
		base    = flag.String("url", "http://127.0.0.1:8080", "the server's base `URL` (loopback only)")
		queries = flag.String("queries", "", "the queries `TSV`: qid<TAB>text (required)")
		conc    = flag.Int("c", 1, "concurrent requests")
		size    = flag.Int("size", 10, "hits per page")
		ingest  = flag.String("ingest", "", "a JSONL `file` of articles to post while searching (a second run)")
		token   = flag.String("token", "", "the `file` holding the index's write token (with -ingest)")
		batch   = flag.Int("batch", 20, "articles per POST (with -ingest)")
		heavy   = flag.Int("heavy", 0, "`N` clients sending heavy searches without pause (4 KB of the queries' words; alternately page 1 of 100 and sort=date page 101 of 100) during a second run")
	)
	flag.Parse()
	if *queries == "" || *conc < 1 || *batch < 1 || (*ingest != "") != (*token != "") {
		flag.Usage()
		os.Exit(2)
	}
	u, err := url.Parse(*base)
	if err != nil || !isLoopback(u.Hostname()) {
		fmt.Fprintf(os.Stderr, "loadtest: %s: only loopback servers are allowed\n", *base)
		os.Exit(2)
	}
	texts, err := readQueries(*queries)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conc + 1}}
	searches := func() string { return search(client, *base, texts, *conc, *size) }
	if *heavy > 0 {
		fmt.Println("light alone:      ", searches())
		stop := make(chan struct{})
		done := make(chan string)
		go func() { done <- hammer(client, *base, heavyQuery(texts), *heavy, stop) }()
		with := searches()
		close(stop)
		fmt.Println("light beside heavy:", with, <-done)
		return
	}
	if *ingest == "" {
		fmt.Println(searches())
		return
	}
	tok, err := os.ReadFile(*token)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
	bodies, err := readBatches(*ingest, *batch)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
	fmt.Println("searches alone:       ", searches())
	stop := make(chan struct{})
	done := make(chan string)
	go func() { done <- write(client, *base, strings.TrimSpace(string(tok)), bodies, *batch, stop) }()
	with := searches()
	close(stop)
	fmt.Println("searches with writes: ", with, <-done)
}

// search sends each text once to /api/search, conc at a time, and
// returns the report line.
func search(client *http.Client, base string, texts []string, conc, size int) string {
	lat := make([]time.Duration, len(texts))
	var mu sync.Mutex
	status := map[int]int{}
	transport := 0
	jobs := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Go(func() {
			for i := range jobs {
				q := url.Values{"q": {texts[i]}, "size": {fmt.Sprint(size)}}
				t0 := time.Now()
				resp, err := client.Get(base + "/api/search?" + q.Encode())
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t0)
				mu.Lock()
				lat[i] = d
				if err != nil {
					transport++
				} else {
					status[resp.StatusCode]++
				}
				mu.Unlock()
			}
		})
	}
	for i := range texts {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	total := time.Since(start)
	return fmt.Sprintf("requests=%d concurrency=%d total_s=%.2f rps=%.1f %s status=%v transport_errors=%d",
		len(texts), conc, total.Seconds(), float64(len(texts))/total.Seconds(), percentiles(lat), status, transport)
}

// percentiles formats the median, p90, p99 and maximum of lat.
func percentiles(lat []time.Duration) string {
	if len(lat) == 0 {
		return "median_ms=- p99_ms=-"
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(p float64) float64 { return ms(lat[min(len(lat)-1, int(p*float64(len(lat))))]) }
	return fmt.Sprintf("median_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f", pct(0.5), pct(0.9), pct(0.99), ms(lat[len(lat)-1]))
}

// write posts bodies in turn, starting again at the first (the ids then
// repeat: replacements) until stop is closed, and returns the report.
func write(client *http.Client, base, token string, bodies [][]byte, batch int, stop <-chan struct{}) string {
	var lat []time.Duration
	status := map[int]int{}
	transport := 0
	start := time.Now()
	for i := 0; ; i++ {
		select {
		case <-stop:
			el := time.Since(start)
			return fmt.Sprintf("| writes=%d articles=%d articles_per_s=%.1f write_%s write_status=%v write_transport_errors=%d",
				len(lat), len(lat)*batch, float64(len(lat)*batch)/el.Seconds(), percentiles(lat), status, transport)
		default:
		}
		req, _ := http.NewRequest(http.MethodPost, base+"/api/articles", bytes.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Content-Type", "application/x-ndjson")
		req.Header.Set("Authorization", "Bearer "+token)
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			transport++
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		lat = append(lat, time.Since(t0))
		status[resp.StatusCode]++
	}
}

// readBatches reads the JSONL file of articles (gzip'd or not) into POST
// bodies of batch articles each, giving every article the id
// "loadtest-N" so that they add to the index instead of replacing its
// articles.
func readBatches(path string, batch int) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		r = zr
	}
	var bodies [][]byte
	var cur bytes.Buffer
	n := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var art map[string]any
		if json.Unmarshal(sc.Bytes(), &art) != nil {
			continue
		}
		art["id"] = fmt.Sprintf("loadtest-%d", n)
		line, _ := json.Marshal(art)
		cur.Write(append(line, '\n'))
		n++
		if n%batch == 0 {
			bodies = append(bodies, bytes.Clone(cur.Bytes()))
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		bodies = append(bodies, cur.Bytes())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(bodies) == 0 {
		return nil, fmt.Errorf("%s: no articles", path)
	}
	return bodies, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func readQueries(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, text, ok := strings.Cut(sc.Text(), "\t"); ok && strings.TrimSpace(text) != "" {
			out = append(out, text)
		}
	}
	return out, sc.Err()
}

// heavyQuery is about 4 KB of the queries' words.
func heavyQuery(texts []string) string {
	var b strings.Builder
	for _, t := range texts {
		for _, w := range strings.Fields(t) {
			if b.Len()+len(w)+1 > 4000 {
				return b.String()
			}
			b.WriteString(w)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// hammer sends heavy searches from n clients until stop is closed and
// returns a report of their statuses.
func hammer(client *http.Client, base, q string, n int, stop chan struct{}) string {
	var mu sync.Mutex
	status := map[int]int{}
	var wg sync.WaitGroup
	for c := range n {
		wg.Go(func() {
			for i := c; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				v := url.Values{"q": {q}, "size": {"100"}}
				if i%2 == 1 {
					v.Set("sort", "date")
					v.Set("page", "101")
				}
				code := 0
				if resp, err := client.Get(base + "/api/search?" + v.Encode()); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
				}
				mu.Lock()
				status[code]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return fmt.Sprintf("heavy_clients=%d heavy_status=%v", n, status)
}
