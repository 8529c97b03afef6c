package search

import (
	"slices"
	"testing"
)

// TestArabicCost: confusable letters, doubled letters and long vowels cost
// less than other edits.
func TestArabicCost(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"الرياظ", "الرياض", costConfusable},
		{"تونص", "تونس", costConfusable},
		{"الععراق", "العراق", costDoubled},
		{"العرق", "العراق", costLongVowel},
		{"العارق", "العراق", costEdit}, // two letters swapped
		{"العرام", "العراق", costEdit}, // an unrelated letter
		{"العراق", "العراق", 0},
		{"قطر", "مصر", 2},
	} {
		if got := arabicCost(tc.a, tc.b); got != tc.want {
			t.Errorf("arabicCost(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := arabicCost(tc.b, tc.a); got != tc.want {
			t.Errorf("arabicCost(%s, %s) = %v, want %v (symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

// TestTypoTolerance: a misspelled word finds what the right spelling
// finds and says what it searched; words the index has, phrases and Exact
// are searched as typed.
func TestTypoTolerance(t *testing.T) {
	ix := buildSmall(t)
	right := doSearch(t, ix, Request{Query: "العراق", Limit: 100})
	if right.Total == 0 || len(right.Corrections) != 0 {
		t.Fatalf("العراق: %d hits, corrections %v", right.Total, right.Corrections)
	}
	for _, typo := range []string{"العراك", "الععراق", "العرااق"} {
		res := doSearch(t, ix, Request{Query: typo, Limit: 100})
		if !slices.Equal(ids(res), ids(right)) {
			t.Errorf("%s: %d hits, want العراق's %d", typo, res.Total, right.Total)
		}
		if len(res.Corrections) != 1 || res.Corrections[0].From != typo || res.Corrections[0].To != "العراق" || res.Corrected != "العراق" {
			t.Errorf("%s: corrections %+v, corrected %q", typo, res.Corrections, res.Corrected)
		}
		if exact := doSearch(t, ix, Request{Query: typo, Exact: true}); exact.Total != 0 || len(exact.Corrections) != 0 {
			t.Errorf("%s with Exact: %d hits, corrections %v; want none", typo, exact.Total, exact.Corrections)
		}
		if quoted := doSearch(t, ix, Request{Query: `"` + typo + `"`}); quoted.Total != 0 || len(quoted.Corrections) != 0 {
			t.Errorf(`"%s": %d hits, corrections %v; a phrase is searched as typed`, typo, quoted.Total, quoted.Corrections)
		}
	}
	// Two words run together: searched as the two words, in order (as the
	// index has them: normalized, ة as ه).
	phrase := doSearch(t, ix, Request{Query: `"وزير الخارجية"`, Limit: 100})
	joined := doSearch(t, ix, Request{Query: "وزيرالخارجية", Limit: 100})
	if phrase.Total == 0 || !slices.Equal(ids(joined), ids(phrase)) || len(joined.Corrections) != 1 || joined.Corrections[0].To != `"وزير الخارجيه"` {
		t.Errorf("وزيرالخارجية: %d hits, corrections %+v; want the phrase's %d", joined.Total, joined.Corrections, phrase.Total)
	}
	// In a longer query only the missing word changes; excluded words never.
	res := doSearch(t, ix, Request{Query: "سوريا العراك -تونص", Limit: 100})
	if len(res.Corrections) != 1 || res.Corrected != "سوريا العراق -تونص" {
		t.Errorf("سوريا العراك -تونص: corrections %+v, corrected %q", res.Corrections, res.Corrected)
	}
}
