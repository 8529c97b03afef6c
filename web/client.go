package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// Client sends the work of `arsearch index` and `arsearch query` to the
// server that holds the index (see index.FindServer).
type Client struct {
	URL   string // the server's base URL, ending in "/"
	Token string
	HTTP  *http.Client // nil: a client without timeouts (an index run takes as long as it takes)
}

// APIError is an answer other than 2xx, with the server's message.
type APIError struct {
	Status  int
	Message string
}

func (e *APIError) Error() string { return e.Message }

// stopWait bounds the wait for a stopped run's last events.
const stopWait = time.Minute

// ErrUnreachable wraps a failure to reach the server at all.
var ErrUnreachable = errors.New("the server does not answer")

// Build asks the server to index req's folders and calls on with each
// event as it arrives. It returns the run's error (the last event's), an
// *APIError when the server refused the request, or an error wrapping
// ErrUnreachable. When ctx ends, it asks the server to stop the run and
// goes on reporting the events of the batches under way, as an index run
// of its own does after Ctrl-C, then returns ctx.Err(); it gives up
// waiting after stopWait.
func (c *Client) Build(ctx context.Context, req BuildRequest, on func(BuildEvent)) error {
	// The request outlives ctx, to hear how the run ended.
	reqCtx, abort := context.WithCancel(context.WithoutCancel(ctx))
	defer abort()
	resp, err := c.post(reqCtx, "api/index", req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var run atomic.Value // the run's id, once the first event came
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-finished:
			return
		case <-ctx.Done():
		}
		id, _ := run.Load().(string)
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if id == "" || c.call(sctx, "api/index/stop", StopRequest{Run: id}, &struct{}{}) != nil {
			abort()
			return
		}
		select {
		case <-finished:
		case <-time.After(stopWait):
			abort()
		}
	}()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	done := 0
	for sc.Scan() {
		var ev BuildEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return fmt.Errorf("the server's answer: %v", err)
		}
		if ev.Run != "" {
			run.Store(ev.Run)
			continue
		}
		on(ev)
		switch {
		case ev.Error != "" && ctx.Err() != nil:
			return ctx.Err() // stopped as asked
		case ev.Error != "":
			return errors.New(ev.Error)
		case ev.Stats != nil:
			done++
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if done < len(req.Roots) {
		return fmt.Errorf("the server at %s stopped before the run ended (every finished batch is kept; run it again to go on)", c.URL)
	}
	return nil
}

// Search runs req on the server.
func (c *Client) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	var res search.Result
	if err := c.call(ctx, "api/query", req, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// Article returns one article with the words of q marked; an unknown id
// is an error wrapping index.ErrNotFound.
func (c *Client) Article(ctx context.Context, id, q string) (*search.Document, error) {
	var doc search.Document
	if err := c.call(ctx, "api/show", ShowRequest{ID: id, Query: q}, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// Summary describes the server's index.
func (c *Client) Summary(ctx context.Context) (*index.Summary, error) {
	var sum index.Summary
	if err := c.call(ctx, "api/summary", struct{}{}, &sum); err != nil {
		return nil, err
	}
	return &sum, nil
}

// call posts v and decodes the answer into out.
func (c *Client) call(ctx context.Context, path string, v, out any) error {
	resp, err := c.post(ctx, path, v)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("the server's answer: %v", err)
	}
	return nil
}

// post sends v as JSON and returns a 2xx response, or the error.
func (c *Client) post(ctx context.Context, path string, v any) (*http.Response, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.URL, "/")+"/"+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Token)
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{}
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w at %s: %v", ErrUnreachable, c.URL, err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	var e struct {
		Error string `json:"error"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(raw, &e) != nil || e.Error == "" {
		e.Error = fmt.Sprintf("the server at %s answered %s", c.URL, resp.Status)
	}
	if resp.StatusCode == http.StatusNotFound && e.Error == notFoundMsg {
		return nil, fmt.Errorf("%w (at %s)", index.ErrNotFound, c.URL)
	}
	return nil, &APIError{Status: resp.StatusCode, Message: e.Error}
}
