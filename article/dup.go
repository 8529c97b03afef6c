package article

import (
	"fmt"
	"strconv"
)

// DupTracker remembers where each article id was seen and reports ids seen
// twice. The zero value is ready to use; it is not safe for concurrent use.
type DupTracker struct {
	seen map[string]place
}

// A place is where a record was read.
type place struct {
	path string
	line int
}

func (p place) String() string {
	if p.line > 0 {
		return p.path + " line " + strconv.Itoa(p.line)
	}
	return p.path
}

// Add records that id was read from the file path at line (0 for a text
// file). If id was seen before, Add keeps the first place and returns an
// error naming both: duplicate id "x": a.jsonl line 3 and b.jsonl line 9.
func (d *DupTracker) Add(id, path string, line int) error {
	here := place{path, line}
	if first, ok := d.seen[id]; ok {
		return fmt.Errorf("duplicate id %q: %v and %v", id, first, here)
	}
	if d.seen == nil {
		d.seen = make(map[string]place)
	}
	d.seen[id] = here
	return nil
}

// Len returns the number of distinct ids added.
func (d *DupTracker) Len() int { return len(d.seen) }
