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

// compactAll runs nextCompaction's merges on segs through bleve's planner
// as Compact does, each merge a segment of the live articles of its task,
// and returns the segments left and the tasks merged.
func compactAll(t *testing.T, segs []mergeplan.Segment, bound int64) ([]mergeplan.Segment, [][]mergeplan.Segment) {
	t.Helper()
	var tasks [][]mergeplan.Segment
	var id uint64 // above every id in segs
	for _, s := range segs {
		id = max(id, s.Id())
	}
	for {
		opts, more := nextCompaction(segs, bound)
		if !more {
			return segs, tasks
		}
		plan, err := mergeplan.Plan(segs, &opts)
		if err != nil {
			t.Fatal(err)
		}
		if plan == nil || len(plan.Tasks) != 1 {
			t.Fatalf("merge %d: plan %v of %v, want one task", len(tasks)+1, plan, segs)
		}
		task := plan.Tasks[0].Segments
		var n, file int64
		for _, s := range task {
			n += s.LiveSize()
			file += s.LiveFileSize()
			segs = slices.DeleteFunc(segs, func(x mergeplan.Segment) bool { return x.Id() == s.Id() })
		}
		id++
		segs = append(segs, sizedSegment{id: id, live: n, full: n, file: file})
		tasks = append(tasks, task)
		if len(tasks) > 40 {
			t.Fatal("the merges do not end")
		}
	}
}

// TestCompactionBounded: an index larger than a merge's bound (six
// segments of 50,000 articles and a tail of small ones, 0.97 GB, like the
// 300,000-article scale-curve build) is compacted in merges of one task
// each, none reading more than the bound, into two segments; their
// deleted articles (after updates or --prune) are then dropped by
// rewriting each alone, the smaller first; one that fits is merged whole
// in one task.
func TestCompactionBounded(t *testing.T) {
	const bound = 512 << 20
	var segs []mergeplan.Segment
	add := func(live, n int64) {
		segs = append(segs, sizedSegment{id: uint64(len(segs) + 1), live: live, full: n, file: n * 3100})
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
	check := func(tasks [][]mergeplan.Segment) {
		t.Helper()
		for i, task := range tasks {
			var read int64
			for _, s := range task {
				read += s.FileSize()
			}
			if read > bound {
				t.Errorf("merge %d reads %d segments, %d MB; want at most %d MB", i+1, len(task), read>>20, bound>>20)
			}
		}
	}
	segs, tasks := compactAll(t, segs, bound)
	check(tasks)
	var after int64
	for _, s := range segs {
		after += s.LiveSize()
	}
	t.Logf("%d merges leave %d segments: %v", len(tasks), len(segs), segs)
	if len(segs) != 2 || after != live || deletedIn(segs) != 0 {
		t.Errorf("after %d merges: %d segments of %d articles in all, %d deleted; want 2 of %d, none deleted", len(tasks), len(segs), after, deletedIn(segs), live)
	}
	for _, task := range tasks {
		if len(task) < 2 {
			t.Errorf("a merge of one segment (%v) with no deleted articles to drop", task)
		}
	}

	// Articles deleted from both, and a third segment larger than the
	// bound (an older Compact's) with some deleted too: the two are
	// rewritten alone, the smaller first; the large one is left.
	for i, s := range segs {
		n := s.FullSize()
		segs[i] = sizedSegment{id: s.Id(), live: n - 10000 - int64(i)*5000, full: n, file: s.FileSize()}
	}
	segs = append(segs, sizedSegment{id: 99, live: 190000, full: 200000, file: 200000 * 3100})
	first := min(segs[0].LiveSize(), segs[1].LiveSize())
	segs, tasks = compactAll(t, segs, bound)
	check(tasks)
	if len(tasks) != 2 || len(tasks[0]) != 1 || len(tasks[1]) != 1 || tasks[0][0].LiveSize() != first {
		t.Errorf("rewrites %v; want two of one segment each, the smaller (%d articles) first", tasks, first)
	}
	if len(segs) != 3 || deletedIn(segs) != 10000 {
		t.Errorf("after the rewrites: %v, %d deleted; want 3 segments, only the large one's 10,000 deleted", segs, deletedIn(segs))
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
