package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// artifactDir is where the browser test saves its screenshots: the
// repository's testdata/artifacts, which git ignores.
var artifactDir = filepath.Join("..", "testdata", "artifacts")

// findBrowser returns the Chromium to drive: $CHROME_PATH, else the first
// of the usual names on $PATH, else "".
func findBrowser() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// syncBuffer is a bytes.Buffer safe for the browser's output goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestBrowser drives headless Chromium through the page: search, open an
// article, go back, filter by source. It checks the DOM, and saves
// screenshots under testdata/artifacts for a person to look at.
func TestBrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		msg := "no Chromium found (set CHROME_PATH, or install chromium; see .ci/run)"
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set and " + msg)
		}
		fmt.Fprintln(os.Stderr, "!!! SKIPPING TestBrowser: "+msg)
		t.Skip("SKIPPING: " + msg)
	}
	srv := httptest.NewServer(newTestHandler(t))
	defer srv.Close()

	var browserLog syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		// Without this, Chromium resolves Google hosts even with the flags above.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"),
		chromedp.WindowSize(1024, 768),
		chromedp.CombinedOutput(&browserLog),
	)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second) // the whole test, browser start included
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	defer func() {
		if t.Failed() {
			t.Logf("browser output:\n%s", browserLog.String())
		}
	}()

	// The first call starts Chromium: no short deadline on it.
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	// step runs actions with a deadline of their own.
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, scancel := context.WithTimeout(bctx, 15*time.Second)
		defer scancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	eval := func(name, js string) string {
		t.Helper()
		sctx, scancel := context.WithTimeout(bctx, 15*time.Second)
		defer scancel()
		v, err := chromedp.Run(sctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	screenshot := func(name string) {
		t.Helper()
		sctx, scancel := context.WithTimeout(bctx, 15*time.Second)
		defer scancel()
		png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100)) // 100: PNG
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.MkdirAll(artifactDir, 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(artifactDir, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("saved %s (%d bytes)", p, len(png))
	}

	// The home page: right to left, the style sheet and the script loaded
	// under the Content-Security-Policy (the script focuses the box).
	if got := eval("direction", `getComputedStyle(document.body).direction`); got != "rtl" {
		t.Errorf("body direction = %q, want rtl", got)
	}
	if got := eval("focus", `document.activeElement ? document.activeElement.id : ""`); got != "q" {
		t.Errorf("focused element = %q, want q (static/focus.js did not run?)", got)
	}

	// Search.
	step("search",
		chromedp.SendKeys(chromedp.CSS(`#q`), "العراق سوريا"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)), // a GET form: this navigates
		chromedp.WaitVisible(chromedp.CSS(`#results li mark`)),
	)
	seedHref := `a[href^="/article/` + seedID + `?"]`
	seedLink := `#results li h2 ` + seedHref
	step("seed in results", chromedp.WaitVisible(chromedp.CSS(seedLink)))
	sctx, scancel := context.WithTimeout(bctx, 15*time.Second)
	word, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(`#results li:has(h2 `+seedHref+`) mark`)))
	scancel()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(word, "عراق") && !strings.Contains(word, "سوري") {
		t.Errorf("the seed hit marks %q, want العراق or سوريا", word)
	}
	if got := eval("query kept", `document.getElementById("q").value`); got != "العراق سوريا" {
		t.Errorf("search box = %q after the search", got)
	}
	// Marks are styled (style.css applied), and titles sit on the right.
	if got := eval("mark style", `getComputedStyle(document.querySelector("#results mark")).backgroundColor`); got != "rgb(255, 229, 138)" {
		t.Errorf("mark background = %q: style.css not applied?", got)
	}
	gap := eval("alignment", `(() => {
		const list = document.querySelector("#results").getBoundingClientRect();
		const title = document.querySelector("#results li h2 bdi").getBoundingClientRect();
		return String(Math.round(list.right - title.right));
	})()`)
	if gap != "0" {
		t.Errorf("the first title ends %s px from the right edge of the results: not right to left", gap)
	}
	screenshot("web-results.png")

	// Open the seed article.
	step("open article",
		chromedp.Click(chromedp.CSS(seedLink)),
		chromedp.WaitVisible(chromedp.CSS(`#article #body mark`)),
	)
	if loc := eval("location", `location.pathname`); loc != "/article/"+seedID {
		t.Errorf("article page at %q", loc)
	}
	if n := eval("article marks", `String(document.querySelectorAll("#article mark").length)`); n == "0" || n == "1" {
		t.Errorf("%s marks in the article, want several", n)
	}
	if got := eval("title", `document.querySelector("#title").textContent`); got != "تطوير العلاقات.. محور اتصال سوري- عراقي" {
		t.Errorf("article title %q", got)
	}
	screenshot("web-article.png")

	// Back to the results, then filter by the seed's source. Chromium may
	// restore the results from its back-forward cache: that fires no load
	// event (so chromedp.NavigateBack would wait forever) and leaves
	// chromedp's copy of the DOM stale (so its queries would wait forever).
	// So: wait for the navigation to commit, check the restored page with
	// JavaScript, then reload it to give chromedp a fresh DOM.
	sctx, scancel = context.WithTimeout(bctx, 15*time.Second)
	nav, err := chromedp.Run(sctx, chromedp.WaitEvent(page.FrameNavigated,
		func(e page.EventFrameNavigated) bool { return e.Frame.ParentID == "" },
		chromedp.Evaluate[chromedp.Void](`history.back()`)))
	scancel()
	if err != nil {
		t.Fatalf("back: %v", err)
	}
	t.Logf("back: %s navigation", nav.Type)
	if got := eval("back", `location.pathname + " " + (document.querySelectorAll("#results li mark").length > 0)`); got != "/ true" {
		t.Errorf("after going back: %q, want the results page with marks", got)
	}
	step("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#results li mark`)))
	facet := `#facets a[href*="source=` + url.QueryEscape("عنب بلدي") + `"]`
	step("filter",
		chromedp.Click(chromedp.CSS(facet)),
		chromedp.WaitVisible(chromedp.CSS(`#active`)), // only on a filtered page
		chromedp.WaitVisible(chromedp.CSS(`#results li mark`)),
	)
	if got := eval("filtered", `document.querySelector("#total").textContent`); got != "1" {
		t.Errorf("total after the source filter = %q, want 1", got)
	}
	if got := eval("filtered hits", `Array.from(document.querySelectorAll("#results li .source")).map(e => e.textContent).join("|")`); got != "عنب بلدي" {
		t.Errorf("sources of the filtered hits = %q, want only عنب بلدي", got)
	}
	if got := eval("filtered url", `new URLSearchParams(location.search).getAll("source").join("|")`); got != "عنب بلدي" {
		t.Errorf("source= in the URL = %q", got)
	}

	// The same results on a phone-sized screen.
	step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	if w := eval("no sideways scroll", `String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("page is %s px wide on a 390 px screen: it scrolls sideways", w)
	}
	screenshot("web-phone.png")
}
