package web

import (
	"net/http"
	"strings"
	"testing"
)

// apiIDs runs an API search and returns its total and hit ids.
func apiIDs(t *testing.T, h http.Handler, kv ...string) (uint64, map[string]bool) {
	t.Helper()
	var r apiSearch
	res := getJSON(t, h, q("/api/search", append(kv, "size", "50")...), &r)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%v: status %d", kv, res.StatusCode)
	}
	m := map[string]bool{}
	for _, hit := range r.Hits {
		m[hit.ID] = true
	}
	return r.Total, m
}

// TestAPIOperators: AND, OR, NOT and parentheses through the API, and a
// one-line 400 for a dangling operator.
func TestAPIOperators(t *testing.T) {
	h := newTestHandler(t)
	nIraq, iraq := apiIDs(t, h, "q", "العراق")
	nBoth, both := apiIDs(t, h, "q", "العراق AND سوريا")
	nPlus, _ := apiIDs(t, h, "q", "+العراق +سوريا")
	if nBoth == 0 || nBoth != nPlus || nBoth >= nIraq {
		t.Errorf("العراق AND سوريا: %d, +العراق +سوريا: %d, العراق: %d", nBoth, nPlus, nIraq)
	}
	for id := range both {
		if !iraq[id] {
			t.Errorf("العراق AND سوريا finds %s, which العراق does not", id)
		}
	}
	_, not := apiIDs(t, h, "q", "سوريا AND NOT العراق")
	for id := range not {
		if iraq[id] {
			t.Errorf("سوريا AND NOT العراق finds %s, which has العراق", id)
		}
	}
	for _, bad := range []string{"العراق AND", "(العراق", "NOT"} {
		res, body := get(t, h, "GET", q("/api/search", "q", bad))
		if res.StatusCode != http.StatusBadRequest || strings.Count(strings.TrimSpace(body), "\n") > 0 {
			t.Errorf("q=%s: status %d, body %q; want a one-line 400", bad, res.StatusCode, body)
		}
	}
}
