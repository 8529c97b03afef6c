// Command loadtest sends a bounded set of searches to a running
// `arsearch serve` on loopback and reports latency percentiles and errors.
//
//	go run ./scripts/loadtest -url http://127.0.0.1:8080 -queries titles.tsv -c 16
//
// Each query of the TSV (qid<TAB>text) is sent once to /api/search, by
// -c workers at a time. It refuses URLs that are not on the loopback
// interface: load is only ever aimed at this machine.
package main

import (
	"bufio"
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
	)
	flag.Parse()
	if *queries == "" || *conc < 1 {
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
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conc}}
	lat := make([]time.Duration, len(texts))
	var mu sync.Mutex
	status := map[int]int{}
	transport := 0
	jobs := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range *conc {
		wg.Go(func() {
			for i := range jobs {
				q := url.Values{"q": {texts[i]}, "size": {fmt.Sprint(*size)}}
				t0 := time.Now()
				resp, err := client.Get(*base + "/api/search?" + q.Encode())
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
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	fmt.Printf("requests=%d concurrency=%d total_s=%.2f rps=%.1f median_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f status=%v transport_errors=%d\n",
		len(texts), *conc, total.Seconds(), float64(len(texts))/total.Seconds(),
		pct(0.5), pct(0.9), pct(0.99), float64(lat[len(lat)-1].Microseconds())/1000, status, transport)
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
