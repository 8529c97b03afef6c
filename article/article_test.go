package article

import (
	"testing"
	"time"
)

func TestParseDateForms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2017-01-20T10:30:00+01:00", "2017-01-20T09:30:00Z"},
		{"2015-07-21 13:05:00", "2015-07-21T13:05:00Z"},
		{"2024-04-02", "2024-04-02T00:00:00Z"},
		{"2017-01-22T185600", "2017-01-22T18:56:00Z"},
		{"17/05/2015", "2015-05-17T00:00:00Z"},
		{"17/05/2015 09:15", "2015-05-17T09:15:00Z"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if err != nil || got.UTC().Format(time.RFC3339) != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"05/17/2015", "yesterday", "2015-13-01"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) gave no error", bad)
		}
	}
}
