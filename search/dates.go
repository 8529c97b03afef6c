package search

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	arindex "github.com/arsearch/arsearch/index"
)

// ParseDateRange reads the date filter of arsearch query --from/--to and
// the API's from=/to=: both ends included, each YYYY, YYYY-MM or
// YYYY-MM-DD ("" for an open end). from=2017&to=2017 is the whole of 2017,
// to=2017-03 runs to the end of March. It returns the range as Request
// wants it: from included, to excluded (the day after the last one). Errors
// wrap ErrQuery and name the parameter (fromName, toName: "from", "--from").
func ParseDateRange(fromName, from, toName, to string) (start, end time.Time, err error) {
	if start, _, err = parseDate(fromName, from); err != nil {
		return
	}
	if _, end, err = parseDate(toName, to); err != nil {
		return
	}
	if !start.IsZero() && !end.IsZero() && !start.Before(end) {
		err = fmt.Errorf("%w: the date range is empty: %s %s is after %s %s", ErrQuery, fromName, from, toName, to)
	}
	return
}

// parseDate reads a day, month or year and returns the span it names:
// [first, after).
func parseDate(name, s string) (first, after time.Time, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	for _, f := range []struct {
		layout string
		years  int
		months int
		days   int
	}{{"2006", 1, 0, 0}, {"2006-01", 0, 1, 0}, {time.DateOnly, 0, 0, 1}} {
		if len(s) != len(f.layout) {
			continue
		}
		t, perr := time.Parse(f.layout, s)
		if perr != nil {
			continue
		}
		if t.Before(arindex.MinDate) || !t.Before(arindex.MaxDate) {
			return first, after, fmt.Errorf("%w: %s %s: dates from %d to %d only", ErrQuery, name, s, arindex.MinDate.Year(), arindex.MaxDate.Year()-1)
		}
		return t, t.AddDate(f.years, f.months, f.days), nil
	}
	return first, after, fmt.Errorf("%w: %s %q: want a date as YYYY, YYYY-MM or YYYY-MM-DD", ErrQuery, name, Excerpt(s))
}

// checkDates refuses a request's dates that bleve cannot compare.
func checkDates(from, to time.Time) error {
	for _, d := range []struct {
		name string
		t    time.Time
	}{{"from", from}, {"to", to}} {
		if !d.t.IsZero() && (d.t.Before(arindex.MinDate) || d.t.After(arindex.MaxDate)) {
			return fmt.Errorf("%w: %s %s: dates from %d to %d only", ErrQuery, d.name, d.t.Format(time.DateOnly), arindex.MinDate.Year(), arindex.MaxDate.Year()-1)
		}
	}
	return nil
}

// dateCountJSON is DateCount in JSON: from and to are the first and last
// days of the bucket, both included, as from= and to= take them back.
type dateCountJSON struct {
	Label string `json:"label"`
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// MarshalJSON writes the bucket's first and last days as YYYY-MM-DD.
func (d DateCount) MarshalJSON() ([]byte, error) {
	return json.Marshal(dateCountJSON{Label: d.Label, From: d.From.Format(time.DateOnly),
		To: d.To.AddDate(0, 0, -1).Format(time.DateOnly), Count: d.Count})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *DateCount) UnmarshalJSON(data []byte) error {
	var j dateCountJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	from, to, err := ParseDateRange("from", j.From, "to", j.To)
	if err != nil {
		return err
	}
	*d = DateCount{Label: j.Label, From: from, To: to, Count: j.Count}
	return nil
}
