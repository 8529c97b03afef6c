package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Compact merges the index at dir into one segment (see below for a large
// one). A build leaves several
// segments (each batch writes one; bleve merges them in the background and
// stops when the index is closed), and a query reads each segment's
// dictionary and postings in turn: on the 30,099-article SaudiNewsNet
// index, one segment instead of twelve took the median title query from
// 4.8 to 4.1 ms, for a merge of about 6 s. What queries find does not
// change.
//
// Compact opens the index for writing (ErrLocked if another process has
// it), waits until the merged segment is on disk and bleve has deleted the
// old segments' files (without the wait they stayed, and the index took
// 439 MB of disk instead of 210), and opens it once more, when bleve
// deletes any file no snapshot uses. When ctx ends first, the index is left
// as it was or with some of its merges done, each whole: every article is
// there either way.
//
// An index larger than CompactMergeBytes is merged in several merges of at
// most about that many bytes each, and keeps a segment per merge (two for
// 300,000 news articles, 0.94 GB): a merge maps every segment it reads, and
// the pages it has read count in the process's memory until it ends, so one
// merge of everything took a 300,000-article build's peak from 0.85 to 1.2
// GiB.
func Compact(ctx context.Context, dir string) error {
	ix, err := Open(dir, Options{})
	if err != nil {
		return err
	}
	err = ix.compact(ctx, CompactMergeBytes)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// A writer's open removes the files of segments no snapshot uses.
	ix, err = Open(dir, Options{})
	if err != nil {
		return err
	}
	return ix.Close()
}

// compactPlan is the merge plan of Compact: bleve's single-segment plan,
// but with every segment in one merge task. bleve's own plan merges at
// most ten segments a task and does not merge the tasks' results again,
// so an index of more than ten segments came out of it with two or more
// (the 30k SaudiNewsNet build: 36 and 82 MB).
func compactPlan() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = math.MaxInt32
	return o
}

// CompactMergeBytes bounds the segment files one merge of Compact reads:
// 512 MiB, about 165,000 news articles. With the heap of a compaction
// (about 130 MiB) the merge stays well under 1 GiB of resident memory.
const CompactMergeBytes = 512 << 20

// nextCompaction plans Compact's next merge of segs, each merge reading at
// most about maxBytes of segment files: all of them at once when they fit
// (compactPlan); else one merge of the largest group of small segments
// that fits; when no two small segments are left, a rewrite of the
// smallest segment holding deleted articles, without them. It reports
// false when no merge is left to do.
//
// bleve merges every task of a plan and only then puts the merged
// segments in place, so the inputs of all of a plan's tasks are mapped
// together (v2.6.3 index/scorch/merge.go, planMergeAtSnapshot); a bounded
// compaction therefore asks for one task a plan, a plan a ForceMerge.
// Each plan is bleve's planner's, steered by its options: the articles a
// merge may take (maxBytes scaled by the index's articles per byte), a
// budget that stops it after one task, and a score that picks the task.
// A segment of half the bound or more is not grouped again, so the merges
// end with segments of between half and all of the bound, and perhaps one
// smaller. A segment whose file is larger than maxBytes (left by an older
// Compact) keeps the space of its deleted articles.
func nextCompaction(segs []mergeplan.Segment, maxBytes int64) (mergeplan.MergePlanOptions, bool) {
	var files, docs int64
	for _, s := range segs {
		files += s.FileSize()
		docs += s.FullSize()
	}
	if files <= maxBytes || files <= 0 {
		// One merge of all; bleve's planner leaves a lone segment as it
		// is (reclaimLoneSegment).
		return compactPlan(), len(segs) > 1
	}
	maxDocs := int64(float64(maxBytes) / float64(files) * float64(docs))
	small := 0
	for _, s := range segs {
		if s.LiveSize() < maxDocs/2 {
			small++
		}
	}
	if small >= 2 {
		o := compactPlan()
		o.MaxSegmentSize = max(maxDocs, 2)
		// The planner makes tasks while eligible segments plus tasks
		// exceed the budget: at small−1 it stops after the first task of
		// two or more.
		o.CalcBudget = func(int64, int64, *mergeplan.MergePlanOptions) int { return small - 1 }
		// Of the groups it considers, the one with the most articles.
		o.ScoreSegments = func(group []mergeplan.Segment, _ *mergeplan.MergePlanOptions) float64 {
			var live int64
			for _, s := range group {
				live += s.LiveSize()
			}
			return -float64(live)
		}
		return o, true
	}
	// The deleted articles of the segments too large to group: the
	// smallest segment holding some is rewritten alone. Only segments no
	// larger than it are eligible, and of those only it holds deleted
	// articles (the small ones were merged above), so the planner makes
	// one task of it (and one of each other segment of the same size
	// holding some, a rare tie).
	target := int64(-1)
	for _, s := range segs {
		if s.LiveSize() < s.FullSize() && s.FileSize() <= maxBytes && (target < 0 || s.LiveSize() < target) {
			target = s.LiveSize()
		}
	}
	if target < 0 {
		return mergeplan.MergePlanOptions{}, false
	}
	eligible := 0
	for _, s := range segs {
		if s.LiveSize() <= target {
			eligible++
		}
	}
	o := compactPlan()
	o.MaxSegmentSize = 2*target + 2 // eligible: fewer than target+1 articles
	o.SegmentsPerMergeTask = 1
	o.CalcBudget = func(int64, int64, *mergeplan.MergePlanOptions) int { return eligible - 1 }
	o.ScoreSegments = func(group []mergeplan.Segment, _ *mergeplan.MergePlanOptions) float64 {
		var deleted int64
		for _, s := range group {
			deleted += s.FullSize() - s.LiveSize()
		}
		return -float64(deleted)
	}
	return o, true
}

// WorthCompacting reports whether a run that wrote st (added, updated and
// deleted articles) into an index now holding total articles is worth a
// Compact: 5,000 articles or more, and at least a quarter of the index. A
// bulk load leaves a segment or more per thousand articles behind; a
// small update to a large index adds a segment or two, not worth
// rewriting everything for (the 30k index takes about 6 s).
func WorthCompacting(st Stats, total uint64) bool {
	n := uint64(st.Added + st.Updated + st.Deleted)
	return n >= 5000 && 4*n >= total
}

// compact merges ix into as few segments as merges of at most about
// maxBytes each make (one when the index fits) and waits until that is
// persisted and the old segments' files are gone.
func (ix *Index) compact(ctx context.Context, maxBytes int64) error {
	adv, err := ix.b.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return errors.New("compact: not a scorch index")
	}
	if err := ix.reclaimLoneSegment(sc); err != nil {
		return err
	}
	defer ix.b.Delete(compactFillerID)
	epoch := func(key string) uint64 { n, _ := sc.StatsMap()[key].(uint64); return n }
	mergeErrs, persistErrs := epoch("TotFileMergeLoopErr"), epoch("TotPersistLoopErr")
	persisted := func() error {
		root := epoch("CurRootEpoch")
		for epoch("LastPersistedEpoch") < root {
			if epoch("TotPersistLoopErr") > persistErrs {
				return errMergeFailed
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(5 * time.Millisecond):
			}
		}
		return nil
	}
	if err := persisted(); err != nil {
		return err
	}
	segs, err := liveSegments(sc)
	if err != nil {
		return err
	}
	// Each merge leaves one segment fewer, or fewer deleted articles.
	// Three merges in a row that did neither (bleve's planner found
	// nothing to do, or its own merger held the segments) end the rounds.
	for rounds, idle := 2*len(segs)+3, 0; rounds > 0 && idle < 3; rounds-- {
		opts, more := nextCompaction(segs, maxBytes)
		if !more {
			break
		}
		if err := ix.forceMerge(ctx, sc, &opts, mergeErrs); err != nil {
			return err
		}
		if err := persisted(); err != nil {
			return err
		}
		n, deleted := len(segs), deletedIn(segs)
		if segs, err = liveSegments(sc); err != nil {
			return err
		}
		if len(segs) < n || deletedIn(segs) < deleted {
			idle = 0
			continue
		}
		idle++
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	// bleve deletes the old segments' files once no snapshot in its store
	// and no reader uses them, in a clean-up its persister runs after
	// persisting; the first one can come too early (seen in one build of
	// two). A new snapshot, of an internal key, makes it run again.
	for try := 0; try < 100 && ix.segmentFiles() > max(len(segs), 1); try++ {
		if epoch("TotFileMergeLoopErr") > mergeErrs {
			// ForceMerge can return at once when bleve's own merger holds
			// the segments; that merger failing is the compaction failing.
			return errMergeFailed
		}
		stamp := []byte(time.Now().UTC().Format(time.RFC3339Nano))
		if err := ix.b.SetInternal([]byte(compactedKey), stamp); err != nil {
			return fmt.Errorf("compact: %v", FirstLine(err))
		}
		if err := persisted(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	if epoch("TotFileMergeLoopErr") > mergeErrs {
		return errMergeFailed
	}
	return ctx.Err()
}

// forceMerge asks bleve's merger for the merges of opts and waits until
// they are done, failed or ctx ends.
//
// ForceMerge waits for the merger and not for ctx, and when a merge fails
// (a full disk) bleve only reports it to an error callback and ForceMerge
// returns at Close. The merger also sends the merge's result to a channel
// found in the context under mergeDoneKey (bleve v2.6.3
// index/scorch/merge.go, mergerLoop: "done, hasDone :=
// ctrlMsg.ctx.Value(mergeDoneKey).(chan error)"), and with it there gives
// up after a failure rather than retrying for ever (each retry filled the
// disk again: Compact hung after "compacting…"). So wait for that result,
// or ctx; Compact closes the index in any case.
//
// The merger's background merges, which a writer's open starts, retry a
// failed merge for ever and take no ForceMerge request meanwhile: on a
// full disk ForceMerge never began. A failed merge of either kind shows in
// the merger's error count (mergeErrs before the compaction), so
// forceMerge watches that too.
func (ix *Index) forceMerge(ctx context.Context, sc *scorch.Scorch, opts *mergeplan.MergePlanOptions, mergeErrs uint64) error {
	mergeErrCount := func() uint64 { n, _ := sc.StatsMap()["TotFileMergeLoopErr"].(uint64); return n }
	result := make(chan error, 1)
	mctx := context.WithValue(ctx, bleveMergeDoneKey, result)
	merged := make(chan error, 1)
	go func() { merged <- sc.ForceMerge(mctx, opts) }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-result:
			if err != nil {
				return fmt.Errorf("compact: %v", FirstLine(err))
			}
			return nil
		case err := <-merged:
			if err != nil {
				return fmt.Errorf("compact: %v", FirstLine(err))
			}
			return nil
		case <-tick.C:
			if mergeErrCount() > mergeErrs {
				return errMergeFailed
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// deletedIn counts the deleted articles segs still hold.
func deletedIn(segs []mergeplan.Segment) (n int64) {
	for _, s := range segs {
		n += s.FullSize() - s.LiveSize()
	}
	return n
}

// liveSegments lists the sizes of the segments of sc's current snapshot.
func liveSegments(sc *scorch.Scorch) ([]mergeplan.Segment, error) {
	r, err := sc.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("compact: not a scorch snapshot")
	}
	var out []mergeplan.Segment
	for _, s := range snap.Segments() {
		out = append(out, sizedSegment{id: s.Id(), live: s.LiveSize(), full: s.FullSize(), file: s.FileSize()})
	}
	return out, nil
}

// sizedSegment is a segment's sizes as bleve's merge planner reads them,
// copied out of a snapshot: articles with and without the deleted ones,
// and the file's bytes.
type sizedSegment struct {
	id               uint64
	live, full, file int64
}

// Id is the segment's id.
func (s sizedSegment) Id() uint64 { return s.id }

// FullSize is the segment's articles, deleted ones included.
func (s sizedSegment) FullSize() int64 { return s.full }

// LiveSize is the segment's articles not deleted.
func (s sizedSegment) LiveSize() int64 { return s.live }

// HasVector reports false: an arsearch index holds no vectors.
func (s sizedSegment) HasVector() bool { return false }

// FileSize is the bytes of the segment's file.
func (s sizedSegment) FileSize() int64 { return s.file }

// LiveFileSize is the file's bytes in proportion to its live articles.
func (s sizedSegment) LiveFileSize() int64 {
	if s.full <= 0 {
		return 0
	}
	return s.file * s.live / s.full
}

// errMergeFailed is Compact's error when bleve reports a failed merge only
// to its error callback.
var errMergeFailed = errors.New("compact: bleve could not write the merged segment (is the disk full?); every article is still in the index")

// bleveMergeDoneKey is the context key under which bleve's merger looks
// for a channel to send a merge's result to: the untyped constant
// mergeDoneKey = "mergeDone" of bleve v2.6.3 index/scorch/merge.go, which
// a context lookup compares as a string.
const bleveMergeDoneKey = "mergeDone"

// compactFillerID is the id of the empty document reclaimLoneSegment adds
// for the time of a merge.
const compactFillerID = "\x00arsearch-compact-filler"

// reclaimLoneSegment prepares an index of one segment that holds deleted
// articles (after --prune) for the merge: bleve's merge plan leaves a lone
// segment as it is (mergeplan.plan merges only while there are more
// eligible segments than the budget of one), so the deleted articles kept
// their space (2,500 articles in 112 MB against 51 MB built fresh). An
// empty document makes a second segment, the merge then rewrites both
// without the deleted articles, and Compact deletes the document again
// (one deleted entry of a few bytes). A filler left by a Compact killed
// in between is deleted by the next.
func (ix *Index) reclaimLoneSegment(sc *scorch.Scorch) error {
	if err := ix.b.Delete(compactFillerID); err != nil {
		return fmt.Errorf("compact: %v", FirstLine(err))
	}
	r, err := sc.Reader()
	if err != nil {
		return err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	lone := ok && len(snap.Segments()) == 1 && snap.Segments()[0].LiveSize() < snap.Segments()[0].FullSize()
	r.Close()
	if !lone {
		return nil
	}
	b := ix.b.NewBatch()
	b.Index(compactFillerID, map[string]interface{}{})
	if err := ix.b.Batch(b); err != nil {
		return fmt.Errorf("compact: %v", FirstLine(err))
	}
	return nil
}

// compactedKey is the internal key Compact writes to make bleve clean up.
const compactedKey = "arsearch:compacted"

// segmentFiles counts the segment files in the index directory, used or not.
func (ix *Index) segmentFiles() int { return SegmentFiles(ix.dir) }

// SegmentFiles counts the segment files of the index at dir, used or not:
// after Compact, how many segments it really left (bleve's single-segment
// merge plan was seen to leave two on a 210k-article index).
func SegmentFiles(dir string) int {
	zaps, _ := filepath.Glob(filepath.Join(dir, bleveDir, "store", "*.zap"))
	return len(zaps)
}
