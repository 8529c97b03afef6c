package search

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	arindex "github.com/arsearch/arsearch/index"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestParseDateRange: both ends included; a year, a month or a day; dates
// bleve cannot hold and malformed ones are one-line ErrQuery errors.
func TestParseDateRange(t *testing.T) {
	for _, tc := range []struct {
		from, to         string
		wantFrom, wantTo time.Time
	}{
		{"2017", "2017", day(2017, 1, 1), day(2018, 1, 1)},
		{"2017-06", "2017-06", day(2017, 6, 1), day(2017, 7, 1)},
		{"2017-06-17", "2017-06-17", day(2017, 6, 17), day(2017, 6, 18)},
		{"2016-02", "2016-02-29", day(2016, 2, 1), day(2016, 3, 1)},
		{"", "2017-12", time.Time{}, day(2018, 1, 1)},
		{" 2017 ", "", day(2017, 1, 1), time.Time{}},
		{"1678", "2261-12-31", day(1678, 1, 1), day(2262, 1, 1)},
	} {
		f, to, err := ParseDateRange("from", tc.from, "to", tc.to)
		if err != nil || !f.Equal(tc.wantFrom) || !to.Equal(tc.wantTo) {
			t.Errorf("ParseDateRange(%q, %q) = %v, %v, %v; want %v, %v", tc.from, tc.to, f, to, err, tc.wantFrom, tc.wantTo)
		}
	}
	for _, tc := range []struct{ from, to, want string }{
		{"0001-01-01", "", "from 0001-01-01: dates from 1678 to 2261"},
		{"", "0001-01-01", "to 0001-01-01: dates from 1678 to 2261"},
		{"", "9999", "to 9999"},
		{"2017-13", "", "want a date as YYYY, YYYY-MM or YYYY-MM-DD"},
		{"2017/01/01", "", "from"},
		{"17", "", "from"},
		{"2017-06-18", "2017-06-17", "the date range is empty"},
		{"2018", "2017", "empty"},
	} {
		_, _, err := ParseDateRange("from", tc.from, "to", tc.to)
		if !errors.Is(err, ErrQuery) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseDateRange(%q, %q): %v; want an ErrQuery line with %q", tc.from, tc.to, err, tc.want)
		}
	}
}

// TestSearchDateLimits: a Request whose dates bleve cannot hold is the
// user's mistake, not a failure; a one-day range finds that day's articles.
func TestSearchDateLimits(t *testing.T) {
	ix := buildSmall(t)
	for _, r := range []Request{
		{Query: "العراق", From: day(1600, 1, 2)},
		{Query: "العراق", To: day(1, 1, 2)}, // day(1, 1, 1) is the zero time: no limit
		{Query: "العراق", To: day(3000, 1, 1)},
	} {
		if _, err := Run(t.Context(), ix, r); !errors.Is(err, ErrQuery) {
			t.Errorf("Search from %v to %v: %v, want an ErrQuery", r.From, r.To, err)
		}
	}
	any := doSearch(t, ix, Request{Query: "في", Limit: 1})
	d := any.Hits[0].Date
	from, to, err := ParseDateRange("from", d.Format(time.DateOnly), "to", d.Format(time.DateOnly))
	if err != nil {
		t.Fatal(err)
	}
	res := doSearch(t, ix, Request{Query: "في", From: from, To: to, Limit: 100})
	found := false
	for _, h := range res.Hits {
		found = found || h.ID == any.Hits[0].ID
		if h.Date.Format(time.DateOnly) != d.Format(time.DateOnly) {
			t.Errorf("from=to=%s finds %s dated %v", d.Format(time.DateOnly), h.ID, h.Date)
		}
	}
	if !found {
		t.Errorf("from=to=%s misses %s, dated that day", d.Format(time.DateOnly), any.Hits[0].ID)
	}
}

// TestDateFacetsParseBack: the from and to of each date facet in JSON are
// accepted by ParseDateRange and give back the facet's range and count.
func TestDateFacetsParseBack(t *testing.T) {
	ix := buildSmall(t)
	res := doSearch(t, ix, Request{Query: "سوريا", Facets: true})
	data, err := json.Marshal(res.Facets)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Dates []struct{ Label, From, To string }
	}
	if err := json.Unmarshal(data, &raw); err != nil || len(raw.Dates) == 0 {
		t.Fatalf("facets JSON %s: %v", data, err)
	}
	for i, d := range raw.Dates {
		from, to, err := ParseDateRange("from", d.From, "to", d.To)
		if err != nil {
			t.Errorf("facet %s: from %q to %q: %v", d.Label, d.From, d.To, err)
			continue
		}
		if !from.Equal(res.Facets.Dates[i].From) || !to.Equal(res.Facets.Dates[i].To) {
			t.Errorf("facet %s: JSON %s..%s reads back as %v..%v, want %v..%v", d.Label, d.From, d.To, from, to,
				res.Facets.Dates[i].From, res.Facets.Dates[i].To)
		}
		// The label alone is accepted too, as both ends.
		lf, lt, err := ParseDateRange("from", d.Label, "to", d.Label)
		if err != nil || !lf.Equal(from) || !lt.Equal(to) {
			t.Errorf("facet label %s as from and to: %v..%v, %v", d.Label, lf, lt, err)
		}
		in := doSearch(t, ix, Request{Query: "سوريا", From: from, To: to})
		if uint64(res.Facets.Dates[i].Count) != in.Total {
			t.Errorf("facet %s counts %d, searching its range finds %d", d.Label, res.Facets.Dates[i].Count, in.Total)
		}
	}
	var back Facets
	if err := json.Unmarshal(data, &back); err != nil || len(back.Dates) != len(res.Facets.Dates) || !back.Dates[0].To.Equal(res.Facets.Dates[0].To) {
		t.Errorf("Facets JSON does not read back: %v %+v", err, back.Dates)
	}
}

// FuzzParseDateRange: any pair of strings is a range the index can hold
// (from before to, both inside arindex.MinDate..MaxDate, zero for an open end) or
// a one-line ErrQuery naming a parameter.
func FuzzParseDateRange(f *testing.F) {
	for _, s := range [][2]string{{"2017", "2017"}, {"2017-06", ""}, {"", "2017-06-17"}, {"0001-01-01", ""},
		{"", "0001-01-01"}, {"9999-12-31", ""}, {"2017-02-30", ""}, {"2018", "2017"}, {"١٢٣٤", ""}, {" 2017 ", "2017-1"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		start, end, err := ParseDateRange("from", from, "to", to)
		if err != nil {
			msg := err.Error()
			if !errors.Is(err, ErrQuery) || strings.ContainsAny(msg, "\n\r") || !(strings.Contains(msg, "from") || strings.Contains(msg, "to")) {
				t.Fatalf("ParseDateRange(%q, %q): error %q", from, to, msg)
			}
			return
		}
		for _, d := range []time.Time{start, end} {
			if !d.IsZero() && (d.Before(arindex.MinDate) || d.After(arindex.MaxDate)) {
				t.Fatalf("ParseDateRange(%q, %q) = %v, %v: outside the dates the index holds", from, to, start, end)
			}
		}
		if start.IsZero() != (strings.TrimSpace(from) == "") || end.IsZero() != (strings.TrimSpace(to) == "") ||
			(!start.IsZero() && !end.IsZero() && !start.Before(end)) {
			t.Fatalf("ParseDateRange(%q, %q) = %v, %v", from, to, start, end)
		}
	})
}
