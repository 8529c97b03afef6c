package search

import (
	"strings"
	"testing"
)

// TestSuggest: completions start (normalized) with the last word typed,
// are written as in a title, are at most n, and each title offered holds
// one of them; a one-letter word gets nothing.
func TestSuggest(t *testing.T) {
	ix := buildSmall(t)
	for _, typed := range []string{"مهرج", "تونس الع", "المدي"} {
		s, err := Suggest(t.Context(), ix, typed, 3)
		if err != nil {
			t.Fatal(err)
		}
		fields := strings.Fields(typed)
		prefix := exactAnalyzer.Terms(fields[len(fields)-1])[0]
		if len(s.Words) == 0 || len(s.Words) > 3 || len(s.Titles) == 0 || len(s.Titles) > 3 {
			t.Fatalf("Suggest(%q) = %d words, %d titles; want 1 to 3 of each", typed, len(s.Words), len(s.Titles))
		}
		for _, w := range s.Words {
			if n := exactAnalyzer.Terms(w); len(n) != 1 || !strings.HasPrefix(n[0], prefix) {
				t.Errorf("Suggest(%q): word %q does not complete %q", typed, w, prefix)
			}
		}
		for _, ti := range s.Titles {
			found := false
			for _, n := range exactAnalyzer.Terms(ti.Title) {
				found = found || strings.HasPrefix(n, prefix)
			}
			if !found {
				t.Errorf("Suggest(%q): title %q has no word starting with %q", typed, ti.Title, prefix)
			}
		}
	}
	for _, typed := range []string{"", "م", "تونس ع", "   "} {
		s, err := Suggest(t.Context(), ix, typed, 3)
		if err != nil || len(s.Words)+len(s.Titles) != 0 {
			t.Errorf("Suggest(%q) = %v, %v; want nothing", typed, s, err)
		}
	}
}
