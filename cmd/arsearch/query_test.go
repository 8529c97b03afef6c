package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// queryJSONOut runs query --json and decodes its output.
func queryJSONOut(t *testing.T, dir string, args ...string) (int, queryJSON, string) {
	t.Helper()
	code, out, errOut := arsearch(t, "", append([]string{"query", "--index", dir, "--json"}, args...)...)
	var res queryJSON
	if code == exitOK {
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("query --json %q: %v\n%s", args, err, out)
		}
	}
	return code, res, errOut
}

func hitIDs(res queryJSON) map[string]bool {
	m := map[string]bool{}
	for _, h := range res.Hits {
		m[h.ID] = true
	}
	return m
}

// TestQueryOperatorsCLI: a query word starting with "-" is a word, not a
// flag; AND, OR and NOT are operators; an unknown ASCII flag says how to
// search for a word starting with "-".
func TestQueryOperatorsCLI(t *testing.T) {
	dir := smallIndex(t)
	_, iraq, _ := queryJSONOut(t, dir, "--limit", "100", "العراق")
	_, all, _ := queryJSONOut(t, dir, "--limit", "100", "--", "-zzzqqq")
	if iraq.Total == 0 || all.Total != 32 {
		t.Fatalf("fixture: العراق %d hits, everything %d", iraq.Total, all.Total)
	}
	for _, args := range [][]string{{"-العراق"}, {"NOT العراق"}, {"NOT", "العراق"}, {"--", "-العراق"}} {
		code, res, errOut := queryJSONOut(t, dir, append([]string{"--limit", "100"}, args...)...)
		if code != exitOK {
			t.Errorf("query %q: exit %d: %s", args, code, errOut)
			continue
		}
		if res.Total != all.Total-iraq.Total {
			t.Errorf("query %q: %d hits, want %d (all but العراق's)", args, res.Total, all.Total-iraq.Total)
		}
		for id := range hitIDs(res) {
			if hitIDs(iraq)[id] {
				t.Errorf("query %q finds %s, which has العراق", args, id)
			}
		}
	}
	_, both, _ := queryJSONOut(t, dir, "--limit", "100", "العراق AND سوريا")
	_, plus, _ := queryJSONOut(t, dir, "--limit", "100", "+العراق +سوريا")
	if both.Total == 0 || both.Total != plus.Total || both.Total >= iraq.Total {
		t.Errorf("العراق AND سوريا: %d hits, +العراق +سوريا %d, العراق %d", both.Total, plus.Total, iraq.Total)
	}
	// A right-to-left mark before title: keeps it a field (#17.8).
	_, titled, _ := queryJSONOut(t, dir, "--limit", "100", "title:عراقي")
	_, marked, _ := queryJSONOut(t, dir, "--limit", "100", "\u200ftitle:عراقي")
	_, word, _ := queryJSONOut(t, dir, "--limit", "100", "عراقي")
	if titled.Total == 0 || marked.Total != titled.Total || titled.Total >= word.Total {
		t.Errorf("\\u200ftitle:عراقي finds %d, title:عراقي %d, عراقي %d", marked.Total, titled.Total, word.Total)
	}
	code, _, errOut := arsearch(t, "", "query", "--index", dir, "-x")
	if code != exitUsage || !strings.Contains(errOut, "-- -word") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("query -x: exit %d, %q; want 2 and a hint about --", code, errOut)
	}
	code, _, errOut = arsearch(t, "", "query", "--index", dir, "العراق AND")
	if code != exitUsage || !strings.Contains(errOut, "AND at the end") {
		t.Errorf("query 'العراق AND': exit %d, %q", code, errOut)
	}
}

// TestQueryDatesCLI: --from and --to include both ends and take a year, a
// month or a day; out-of-range dates are exit 2 with one line.
func TestQueryDatesCLI(t *testing.T) {
	dir := smallIndex(t)
	_, any, _ := queryJSONOut(t, dir, "--limit", "1", "--sort", "date", "في")
	if len(any.Hits) == 0 {
		t.Fatal("no hit for في")
	}
	d := any.Hits[0].Date
	day := d.Format("2006-01-02")
	code, res, errOut := queryJSONOut(t, dir, "--from", day, "--to", day, "في")
	if code != exitOK || !hitIDs(res)[any.Hits[0].ID] {
		t.Errorf("--from %s --to %s: exit %d %s, hits %v; want %s (dated that day)", day, day, code, errOut, hitIDs(res), any.Hits[0].ID)
	}
	_, year, _ := queryJSONOut(t, dir, "--from", d.Format("2006"), "--to", d.Format("2006"), "--limit", "100", "في")
	_, days, _ := queryJSONOut(t, dir, "--from", d.Format("2006")+"-01-01", "--to", d.Format("2006")+"-12-31", "--limit", "100", "في")
	_, month, _ := queryJSONOut(t, dir, "--from", d.Format("2006-01"), "--to", d.Format("2006-01"), "--limit", "100", "في")
	if year.Total == 0 || year.Total != days.Total || month.Total == 0 || month.Total > year.Total {
		t.Errorf("year %d hits, its days %d, its month %d", year.Total, days.Total, month.Total)
	}
	for _, args := range [][]string{{"--from", "0001-01-01"}, {"--to", "0001-01-01"}, {"--to", "2300"}, {"--from", "2018", "--to", "2017"}} {
		code, _, errOut := arsearch(t, "", append([]string{"query", "--index", dir}, append(args, "في")...)...)
		if code != exitUsage || !strings.Contains(errOut, args[0]) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("query %v: exit %d, %q; want 2 and one line naming %s", args, code, errOut, args[0])
		}
	}
}

// TestQueryBrowseCLI: no query with a filter or --sort date lists
// articles newest first; no query and nothing else is exit 2.
func TestQueryBrowseCLI(t *testing.T) {
	dir := smallIndex(t)
	code, all, errOut := queryJSONOut(t, dir, "--sort", "date", "--limit", "100")
	if code != exitOK || all.Total != 32 || len(all.Hits) != 32 {
		t.Fatalf("--sort date without a query: exit %d %s, %d of %d", code, errOut, len(all.Hits), all.Total)
	}
	for i := 1; i < len(all.Hits); i++ {
		if all.Hits[i].Date.After(all.Hits[i-1].Date) {
			t.Errorf("hit %d (%v) is newer than hit %d (%v)", i, all.Hits[i].Date, i-1, all.Hits[i-1].Date)
		}
	}
	code, jaw, errOut := queryJSONOut(t, dir, "--source", "Jawhara FM", "--limit", "100")
	if code != exitOK || jaw.Total == 0 || jaw.Total >= all.Total {
		t.Fatalf("--source 'Jawhara FM' without a query: exit %d %s, %d of %d", code, errOut, jaw.Total, all.Total)
	}
	for _, h := range jaw.Hits {
		if h.Source != "Jawhara FM" {
			t.Errorf("--source 'Jawhara FM' lists %s from %q", h.ID, h.Source)
		}
	}
	code, out, _ := arsearch(t, "", "query", "--index", dir, "--source", "Jawhara FM", "--limit", "2")
	if code != exitOK || !strings.HasPrefix(out, "1–2 of "+itoa(jaw.Total)+" articles, newest first") {
		t.Errorf("browsing header: exit %d, %q", code, firstLineOf(out))
	}
	if code, _, errOut := arsearch(t, "", "query", "--index", dir); code != exitUsage || !strings.Contains(errOut, "--sort date") {
		t.Errorf("query without anything: exit %d, %q", code, errOut)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

func firstLineOf(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestQueryTyposCLI: a misspelled word is corrected and the first line
// says so; --json lists the corrections; --exact searches as typed.
func TestQueryTyposCLI(t *testing.T) {
	dir := smallIndex(t)
	_, right, _ := queryJSONOut(t, dir, "--limit", "100", "العراق")
	code, typo, errOut := queryJSONOut(t, dir, "--limit", "100", "الععراق")
	if code != exitOK || typo.Total != right.Total || len(typo.Corrections) != 1 ||
		typo.Corrections[0].From != "الععراق" || typo.Corrections[0].To != "العراق" || typo.Corrected != "العراق" {
		t.Errorf("الععراق: exit %d %s, %d hits (العراق %d), corrections %+v", code, errOut, typo.Total, right.Total, typo.Corrections)
	}
	code, exact, _ := queryJSONOut(t, dir, "--exact", "الععراق")
	if code != exitOK || exact.Total != 0 || exact.Corrections == nil || len(exact.Corrections) != 0 {
		t.Errorf("--exact الععراق: exit %d, %d hits, corrections %v; want none and []", code, exact.Total, exact.Corrections)
	}
	code, out, _ := arsearch(t, "", "query", "--index", dir, "الععراق")
	if want := "showing results for العراق; search exactly for الععراق instead with --exact"; code != exitOK || firstLineOf(out) != want {
		t.Errorf("query الععراق: exit %d, first line %q, want %q", code, firstLineOf(out), want)
	}
}

// TestQueryAlsoCLI: another spelling searched beside the words typed is
// said on a line of its own and listed in --json with "also".
func TestQueryAlsoCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if code, _, errOut := arsearch(t, "", "index", "--index", dir, "--workers", "1", "-q", "../../search/testdata/typos-ant.jsonl"); code != exitOK {
		t.Fatalf("index: exit %d\n%s", code, errOut)
	}
	code, res, errOut := queryJSONOut(t, dir, "أبو ظبي")
	if code != exitOK || len(res.Corrections) != 1 || !res.Corrections[0].Also || res.Corrections[0].To != "ابوظبي" || res.Corrected != "" {
		t.Fatalf("أبو ظبي: exit %d %s, corrections %+v, corrected %q", code, errOut, res.Corrections, res.Corrected)
	}
	code, out, _ := arsearch(t, "", "query", "--index", dir, "أبو ظبي")
	if want := "also searched ابوظبي for أبو ظبي, ranked below the words as typed; --exact searches only those"; code != exitOK || firstLineOf(out) != want {
		t.Errorf("query أبو ظبي: exit %d, first line %q, want %q", code, firstLineOf(out), want)
	}
}

// TestQueryDidYouMeanCLI: a misspelled --source finds nothing, exit 0 as
// any empty result, with one line naming the closest source; --json has
// it in did_you_mean.
func TestQueryDidYouMeanCLI(t *testing.T) {
	dir := smallIndex(t)
	code, out, errOut := arsearch(t, "", "query", "--index", dir, "--source", "jawhra fm", "العراق")
	if want := `no article has --source "jawhra fm"; did you mean "Jawhara FM"?`; code != exitOK || firstLineOf(out) != want {
		t.Errorf("--source 'jawhra fm': exit %d %s, first line %q, want %q", code, errOut, firstLineOf(out), want)
	}
	code, res, _ := queryJSONOut(t, dir, "--source", "jawhra fm")
	if code != exitOK || res.Total != 0 || len(res.DidYouMean) != 1 || res.DidYouMean[0].Field != "source" ||
		res.DidYouMean[0].Value != "jawhra fm" || len(res.DidYouMean[0].Closest) != 1 || res.DidYouMean[0].Closest[0] != "Jawhara FM" {
		t.Errorf("--json --source 'jawhra fm': exit %d, %d hits, did_you_mean %+v", code, res.Total, res.DidYouMean)
	}
	code, res, _ = queryJSONOut(t, dir, "--source", "Jawhara FM", "العراق")
	if code != exitOK || res.Total == 0 || res.DidYouMean == nil || len(res.DidYouMean) != 0 {
		t.Errorf("--source 'Jawhara FM': exit %d, %d hits, did_you_mean %v; want hits and []", code, res.Total, res.DidYouMean)
	}
	// Typed in the query, the line names it as typed.
	code, out, errOut = arsearch(t, "", "query", "--index", dir, `العراق source:"jawhra fm"`)
	if want := `no article has source:"jawhra fm"; did you mean "Jawhara FM"?`; code != exitOK || firstLineOf(out) != want {
		t.Errorf(`source:"jawhra fm": exit %d %s, first line %q, want %q`, code, errOut, firstLineOf(out), want)
	}
}
