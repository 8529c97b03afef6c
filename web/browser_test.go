package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// artifactDir is where the browser test saves its screenshots:
// $ARSEARCH_ARTIFACTS, else the repository's testdata/artifacts, which git
// ignores.
func artifactDir() string {
	if d := os.Getenv("ARSEARCH_ARTIFACTS"); d != "" {
		return d
	}
	return filepath.Join("..", "testdata", "artifacts")
}

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

// browser is a Chromium tab on the test server, with helpers that fail
// the test on error. Each step has a deadline of its own.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string // the server's URL
}

func (b *browser) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", name, err)
	}
}

// eval runs js and returns its value as a string.
func (b *browser) eval(name, js string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", name, err)
	}
	return v
}

// open loads path and waits for the element sel.
func (b *browser) open(path, sel string) {
	b.t.Helper()
	b.step("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// screenshot saves the whole page as name.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	b.save(name, chromedp.FullScreenshot(100)) // 100: PNG
}

// screen saves what the screen shows as name.
func (b *browser) screen(name string) {
	b.t.Helper()
	b.save(name, chromedp.CaptureScreenshot())
}

func (b *browser) save(name string, shot chromedp.Action[[]byte]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := artifactDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("saved %s (%d bytes)", p, len(png))
}

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// axe runs axe-core (web/testdata/axe, injected through DevTools, so the
// page's Content-Security-Policy does not stand in the way) on the page and
// fails on any serious or critical violation.
func (b *browser) axe(where string) {
	b.t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		b.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		b.t.Fatalf("%s: loading axe-core: %v", where, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: axe.run: %v", where, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		b.t.Fatalf("%s: axe result: %v", where, err)
	}
	for _, v := range vs {
		msg := fmt.Sprintf("%s: axe %s (%s): %s; %d nodes, first %v", where, v.ID, v.Impact, v.Help, len(v.Nodes), v.Nodes[0].Target)
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Error(msg)
		} else {
			b.t.Log(msg)
		}
	}
}

// TestBrowser drives headless Chromium through the page at desktop and
// phone sizes: search, snippets, an article, multi-select facets, the
// phone layout with its skip link and folded filters, error pages, and an
// axe-core accessibility check of each. It checks the DOM, and saves
// screenshots (see artifactDir) for a person to look at.
func TestBrowser(t *testing.T) {
	path := findBrowser()
	if path == "" {
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
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		// Without this, Chromium resolves Google hosts even with the flags above.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"),
		chromedp.WindowSize(1024, 768),
		chromedp.CombinedOutput(&browserLog),
	)
	ctx, cancel := context.WithTimeout(t.Context(), 120*time.Second) // the whole test, browser start included
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
	b := &browser{t: t, ctx: bctx, base: srv.URL}
	t.Run("desktop", func(t *testing.T) { b.t = t; browseDesktop(b) })
	t.Run("facets", func(t *testing.T) { b.t = t; browseFacets(b) })
	t.Run("errors", func(t *testing.T) { b.t = t; browseErrors(b) })
	t.Run("suggest", func(t *testing.T) { b.t = t; browseSuggest(b) })
	t.Run("phone", func(t *testing.T) { b.t = t; browsePhone(b) })
}

// browseDesktop: the home page, a search with clean snippets, an article,
// and back.
func browseDesktop(b *browser) {
	t := b.t
	// The home page: right to left, the style sheet and the script loaded
	// under the Content-Security-Policy (the script focuses the box).
	if got := b.eval("direction", `getComputedStyle(document.body).direction`); got != "rtl" {
		t.Errorf("body direction = %q, want rtl", got)
	}
	if got := b.eval("focus", `document.activeElement ? document.activeElement.id : ""`); got != "q" {
		t.Errorf("focused element = %q, want q (static/focus.js did not run?)", got)
	}
	b.axe("home page")

	b.step("search",
		chromedp.SendKeys(chromedp.CSS(`#q`), "العراق سوريا"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)), // a GET form: this navigates
		chromedp.WaitVisible(chromedp.CSS(`#results li mark`)),
	)
	seedHref := `a[href^="/article/` + seedID + `?"]`
	seedLink := `#results li h2 ` + seedHref
	b.step("seed in results", chromedp.WaitVisible(chromedp.CSS(seedLink)))
	word := b.eval("seed mark", `document.querySelector('#results li:has(h2 `+seedHref+`) mark').textContent`)
	if !strings.Contains(word, "عراق") && !strings.Contains(word, "سوري") {
		t.Errorf("the seed hit marks %q, want العراق or سوريا", word)
	}
	if got := b.eval("query kept", `document.getElementById("q").value`); got != "العراق سوريا" {
		t.Errorf("search box = %q after the search", got)
	}
	// Marks are styled (style.css applied), and titles sit on the right.
	if got := b.eval("mark style", `getComputedStyle(document.querySelector("#results mark")).backgroundColor`); got != "rgb(255, 229, 138)" {
		t.Errorf("mark background = %q: style.css not applied?", got)
	}
	gap := b.eval("alignment", `(() => {
		const list = document.querySelector("#results").getBoundingClientRect();
		const title = document.querySelector("#results li h2 bdi").getBoundingClientRect();
		return String(Math.round(list.right - title.right));
	})()`)
	if gap != "0" {
		t.Errorf("the first title ends %s px from the right edge of the results: not right to left", gap)
	}
	// On a wide screen the filters are open at the side, beside the results.
	if got := b.eval("facets beside", `(() => {
		const f = document.querySelector("#facets .facet").getBoundingClientRect();
		const r = document.querySelector("#results").getBoundingClientRect();
		return String(f.height > 0 && f.left >= r.right);
	})()`); got != "true" {
		t.Error("on a 1024 px screen the facets are not shown at the right of the results")
	}
	checkSnippets(b, 2)
	b.axe("desktop results")
	b.screenshot("web-results.png")

	b.step("open article",
		chromedp.Click(chromedp.CSS(seedLink)),
		chromedp.WaitVisible(chromedp.CSS(`#article #body mark`)),
	)
	if loc := b.eval("location", `location.pathname`); loc != "/article/"+seedID {
		t.Errorf("article page at %q", loc)
	}
	if n := b.eval("article marks", `String(document.querySelectorAll("#article mark").length)`); n == "0" || n == "1" {
		t.Errorf("%s marks in the article, want several", n)
	}
	if got := b.eval("title", `document.querySelector("#title").textContent`); got != "تطوير العلاقات.. محور اتصال سوري- عراقي" {
		t.Errorf("article title %q", got)
	}
	b.axe("article")
	b.screenshot("web-article.png")

	// Back to the results. Chromium may restore them from its back-forward
	// cache: that fires no load event (so chromedp.NavigateBack would wait
	// forever) and leaves chromedp's copy of the DOM stale (so its queries
	// would wait forever). So: wait for the navigation to commit, check the
	// restored page with JavaScript, then reload it for a fresh DOM.
	sctx, scancel := context.WithTimeout(b.ctx, 15*time.Second)
	nav, err := chromedp.Run(sctx, chromedp.WaitEvent(page.FrameNavigated,
		func(e page.EventFrameNavigated) bool { return e.Frame.ParentID == "" },
		chromedp.Evaluate[chromedp.Void](`history.back()`)))
	scancel()
	if err != nil {
		t.Fatalf("back: %v", err)
	}
	t.Logf("back: %s navigation", nav.Type)
	if got := b.eval("back", `location.pathname + " " + (document.querySelectorAll("#results li mark").length > 0)`); got != "/ true" {
		t.Errorf("after going back: %q, want the results page with marks", got)
	}
	b.step("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#results li mark`)))
}

// checkSnippets checks, in the rendered page, that no two snippets of a
// hit share a run of four words (they would overlap or repeat), and that
// there are hits with at least want snippets.
func checkSnippets(b *browser, want int) {
	out := b.eval("snippets", `JSON.stringify(Array.from(document.querySelectorAll("#results li.hit")).map(
		li => Array.from(li.querySelectorAll(".snippet")).map(p => p.textContent.replace(/…/g, " "))))`)
	var hits [][]string
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		b.t.Fatal(err)
	}
	most := 0
	for i, snips := range hits {
		most = max(most, len(snips))
		seen := map[string]int{}
		for j, s := range snips {
			w := strings.Fields(s)
			for k := 0; k+4 <= len(w); k++ {
				gram := strings.Join(w[k:k+4], " ")
				if prev, ok := seen[gram]; ok && prev != j {
					b.t.Errorf("hit %d: snippets %d and %d both show %q", i+1, prev+1, j+1, gram)
				}
				seen[gram] = j
			}
		}
	}
	if most < want {
		b.t.Errorf("no hit shows %d snippets (at most %d): nothing to check for overlap", want, most)
	}
}

// browseFacets chooses two categories one after the other: both stay
// chosen (OR), the total is the sum of their counts, and the values not
// chosen keep their counts.
func browseFacets(b *browser) {
	t := b.t
	b.open("/?"+url.Values{"q": {"في"}}.Encode(), `#facets`)
	counts := func() map[string]int {
		out := b.eval("facet counts", `JSON.stringify(Object.fromEntries(Array.from(
			document.querySelectorAll('#facets section:has(#facet-category) li')).map(
			li => [li.querySelector("bdi").textContent, Number(li.querySelector(".n").textContent)])))`)
		m := map[string]int{}
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	before := counts()
	if len(before) < 3 {
		t.Fatalf("category facet %v: want at least 3 values", before)
	}
	cat := func(label string) string {
		return `#facets section:has(#facet-category) a[href*="category=` + url.QueryEscape(label) + `"]`
	}
	pick := []string{"culture", "diverse"}
	for _, c := range pick {
		if before[c] == 0 {
			t.Fatalf("no category %s in %v", c, before)
		}
		b.step("choose "+c, chromedp.Click(chromedp.CSS(cat(c))), chromedp.WaitVisible(chromedp.CSS(`#active`)))
	}
	chosen := b.eval("chosen", `Array.from(document.querySelectorAll('#facets li.current bdi')).map(e => e.textContent).sort().join("|")`)
	if chosen != strings.Join(pick, "|") {
		t.Errorf("chosen categories %q, want %q", chosen, strings.Join(pick, "|"))
	}
	total, _ := strconv.Atoi(b.eval("total", `document.querySelector("#total").textContent`))
	if total != before[pick[0]]+before[pick[1]] {
		t.Errorf("total %d with two categories, want %d + %d", total, before[pick[0]], before[pick[1]])
	}
	after := counts()
	for label, n := range before {
		if after[label] != n {
			t.Errorf("category %s counts %d after choosing two, %d before", label, after[label], n)
		}
	}
	if got := b.eval("url", `new URLSearchParams(location.search).getAll("category").sort().join("|")`); got != strings.Join(pick, "|") {
		t.Errorf("category= in the URL = %q", got)
	}
	// The source facet takes the category filter: its counts add up to
	// the total.
	sum := b.eval("sources", `String(Array.from(document.querySelectorAll('#facets section:has(#facet-source) .n')).reduce((s, e) => s + Number(e.textContent), 0))`)
	if sum != strconv.Itoa(total) {
		t.Errorf("source counts add up to %s, total is %d", sum, total)
	}
	b.axe("two categories chosen")
	b.screenshot("web-facets.png")
}

// browseErrors: an unbalanced quote and an unknown page, in Arabic, with
// the user's text isolated and in order.
func browseErrors(b *browser) {
	t := b.t
	const bad = `"وزير الخارجية`
	b.open("/?"+url.Values{"q": {bad}}.Encode(), `#error`)
	if got := b.eval("arg", `document.querySelector("#error bdi.arg").textContent`); got != bad {
		t.Errorf("the quoted query reads %q, want %q", got, bad)
	}
	msg := b.eval("message", `document.querySelector("#error").innerText`)
	if !strings.Contains(msg, "علامة التنصيص") || strings.Contains(msg, "unbalanced") {
		t.Errorf("error message %q: want Arabic", msg)
	}
	// The quote of the isolated text renders at its right end (the start
	// of a right-to-left run), not flung to the other side of the sentence.
	if got := b.eval("order", `(() => {
		const bdi = document.querySelector("#error bdi.arg");
		const r = document.createRange();
		r.setStart(bdi.firstChild, 0); r.setEnd(bdi.firstChild, 1);
		const q = r.getBoundingClientRect(), box = bdi.getBoundingClientRect();
		return String(Math.abs(box.right - q.right) < 2);
	})()`); got != "true" {
		t.Error("the opening quote of the query is not at the start (right) of the isolated text")
	}
	b.axe("query error")
	b.screenshot("web-error.png")

	b.open("/no/such/page", `#error`)
	if h := b.eval("404", `document.querySelector("#error h1").textContent`); !strings.Contains(h, "غير موجود") || !strings.Contains(h, "404") {
		t.Errorf("404 heading %q", h)
	}
	b.axe("not found")
}

// browsePhone: at 390×844 the results come first, the filters fold behind
// "تصفية", the first Tab reaches the skip link, which jumps to the results.
func browsePhone(b *browser) {
	t := b.t
	b.step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	b.open("/?"+url.Values{"q": {"العراق سوريا"}, "source": {"Jawhara FM"}}.Encode(), `#results li mark`)
	if w := b.eval("no sideways scroll", `String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("page is %s px wide on a 390 px screen: it scrolls sideways", w)
	}
	if got := b.eval("folded", `String(document.querySelector("#filters").open) + " " + document.querySelector("#filters > summary").textContent.trim()`); got != "false تصفية (1)" {
		t.Errorf("filters: %q, want them folded behind «تصفية (1)»", got)
	}
	top, _ := strconv.Atoi(b.eval("first hit", `String(Math.round(document.querySelector("#results li").getBoundingClientRect().top))`))
	if top <= 0 || top > 844/2 {
		t.Errorf("the first result starts %d px down a 844 px screen, want it in the upper half", top)
	}
	checkSnippets(b, 1)
	b.axe("phone results")
	b.screen("web-phone-screen.png")
	b.screenshot("web-phone.png")

	// Keyboard: the first Tab lands on the skip link, shown; Enter moves
	// to the results.
	b.step("tab", chromedp.KeyEvent(kb.Tab))
	if got := b.eval("skip link", `document.activeElement.className + " " + (document.activeElement.getBoundingClientRect().top >= 0)`); got != "skip true" {
		t.Errorf("first Tab: %q, want the skip link in view", got)
	}
	b.step("skip", chromedp.KeyEvent(kb.Enter))
	if got := b.eval("skipped", `location.hash + " " + document.activeElement.id`); got != "#results results" {
		t.Errorf("after the skip link: %q, want #results focused", got)
	}

	// The filters unfold; their values are links that add a value.
	b.step("unfold", chromedp.Click(chromedp.CSS(`#filters > summary`)), chromedp.WaitVisible(chromedp.CSS(`#facets .facet a`)))
	if n := b.eval("facet links", `String(document.querySelectorAll('#facets .facet a').length)`); n == "0" {
		t.Error("no facet links after unfolding the filters")
	}
	b.axe("phone filters open")
	b.screen("web-phone-filters.png")
}

// browseSuggest: typing the start of a word fills the search box's list
// with completions and titles (static/suggest.js and /api/suggest).
func browseSuggest(b *browser) {
	t := b.t
	b.open("/", `#q`)
	b.step("type", chromedp.SendKeys(chromedp.CSS(`#q`), "العرا"),
		chromedp.WaitReady(chromedp.CSS(`#suggestions option`)))
	got := b.eval("options", `Array.from(document.querySelectorAll("#suggestions option")).map(o => o.value).join("|")`)
	opts := strings.Split(got, "|")
	if len(opts) < 2 || !strings.HasPrefix(opts[0], "العرا") {
		t.Errorf("suggestions for العرا: %q, want completions first", got)
	}
}
