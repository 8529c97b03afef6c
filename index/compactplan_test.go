package index

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// planSegment is a segment of n articles, live of them not deleted, of
// 3,000 bytes an article.
func planSegment(id uint64, live, n int64) sizedSegment {
	return sizedSegment{id: id, live: live, full: n, file: n * 3000}
}

// TestCompactPlanOneTask: Compact's plan merges the segments a build
// leaves (here 23 of the sizes bleve's tiers give, some with deletions)
// in one task, so one segment is left; bleve's single-segment plan makes
// three tasks of them, and the 30k SaudiNewsNet build ended with two
// segments after Compact.
func TestCompactPlanOneTask(t *testing.T) {
	var segs []mergeplan.Segment
	for i := range 23 {
		n := int64(1000 << (i % 6))
		segs = append(segs, planSegment(uint64(i+1), n-int64(i%3), n))
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

// TestCompactionBounded: an index larger than a merge's bound (six
// segments of 50,000 articles and a tail of small ones, 0.97 GB, like the
// 300,000-article scale-curve build) is compacted in merges of one task
// each, none reading more than the bound, into two segments; one that
// fits is merged whole in one task.
func TestCompactionBounded(t *testing.T) {
	const bound = 512 << 20
	var segs []mergeplan.Segment
	id := uint64(0)
	add := func(live, n int64) {
		id++
		segs = append(segs, sizedSegment{id: id, live: live, full: n, file: n * 3100})
	}
	for range 6 {
		add(50000, 50000)
	}
	for i := range 12 {
		add(int64(800+100*i), int64(1000+100*i))
	}
	var live int64
	for _, s := range segs {
		live += s.LiveSize()
	}
	merges := 0
	for {
		opts, more := nextCompaction(segs, bound)
		if !more {
			break
		}
		plan, err := mergeplan.Plan(segs, &opts)
		if err != nil {
			t.Fatal(err)
		}
		if plan == nil || len(plan.Tasks) != 1 {
			t.Fatalf("merge %d: plan %v, want one task", merges+1, plan)
		}
		task := plan.Tasks[0]
		var read, n int64
		for _, s := range task.Segments {
			read += s.FileSize()
			n += s.LiveSize()
			segs = slices.DeleteFunc(segs, func(x mergeplan.Segment) bool { return x.Id() == s.Id() })
		}
		if read > bound || len(task.Segments) < 2 {
			t.Errorf("merge %d reads %d segments, %d MB; want two or more within %d MB", merges+1, len(task.Segments), read>>20, bound>>20)
		}
		id++
		segs = append(segs, sizedSegment{id: id, live: n, full: n, file: n * 3100})
		merges++
		if merges > 20 {
			t.Fatal("the merges do not end")
		}
	}
	var after int64
	for _, s := range segs {
		after += s.LiveSize()
	}
	t.Logf("%d merges leave %d segments: %v", merges, len(segs), segs)
	if len(segs) != 2 || after != live {
		t.Errorf("after %d merges: %d segments of %d articles in all, want 2 of %d", merges, len(segs), after, live)
	}

	// 100,000 articles (310 MB) fit: everything in one task.
	small := segs[:0:0]
	for i := range 5 {
		small = append(small, planSegment(uint64(i+1), 20000, 20000))
	}
	opts, more := nextCompaction(small, bound)
	plan, err := mergeplan.Plan(small, &opts)
	if err != nil {
		t.Fatal(err)
	}
	if !more || len(plan.Tasks) != 1 || len(plan.Tasks[0].Segments) != len(small) {
		t.Errorf("100,000 articles: plan %v (more %v), want one task of all %d segments", plan, more, len(small))
	}
	if _, more := nextCompaction(small[:1], bound); more {
		t.Error("a lone segment: nextCompaction plans a merge")
	}
}
