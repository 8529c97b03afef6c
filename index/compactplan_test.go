package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// planSegment is a segment as bleve's merge planner sees it.
type planSegment struct {
	id         uint64
	live, full int64
}

func (s planSegment) Id() uint64          { return s.id }
func (s planSegment) FullSize() int64     { return s.full }
func (s planSegment) LiveSize() int64     { return s.live }
func (s planSegment) HasVector() bool     { return false }
func (s planSegment) FileSize() int64     { return s.full * 3000 }
func (s planSegment) LiveFileSize() int64 { return s.live * 3000 }

// TestCompactPlanOneTask: Compact's plan merges the segments a build
// leaves (here 23 of the sizes bleve's tiers give, some with deletions)
// in one task, so one segment is left; bleve's single-segment plan makes
// three tasks of them, and the 30k SaudiNewsNet build ended with two
// segments after Compact.
func TestCompactPlanOneTask(t *testing.T) {
	var segs []mergeplan.Segment
	for i := range 23 {
		n := int64(1000 << (i % 6))
		segs = append(segs, planSegment{id: uint64(i + 1), live: n - int64(i%3), full: n})
	}
	tasks := func(o mergeplan.MergePlanOptions) (n, merged int) {
		plan, err := mergeplan.Plan(segs, &o)
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range plan.Tasks {
			merged += len(task.Segments)
		}
		return len(plan.Tasks), merged
	}
	if n, merged := tasks(compactPlan()); n != 1 || merged != len(segs) {
		t.Errorf("Compact's plan: %d tasks merging %d of %d segments, want 1 task of all", n, merged, len(segs))
	}
	if n, _ := tasks(mergeplan.SingleSegmentMergePlanOptions); n < 2 {
		t.Errorf("bleve's single-segment plan made %d task of %d segments; this test no longer shows why compactPlan exists", n, len(segs))
	}
}
