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

// Compact merges the index at dir into one segment. A build leaves several
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
// as it was or merged, either whole.
func Compact(ctx context.Context, dir string) error {
	ix, err := Open(dir, Options{})
	if err != nil {
		return err
	}
	err = ix.compact(ctx)
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

// compact merges ix into one segment and waits until that is persisted.
func (ix *Index) compact(ctx context.Context) error {
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
	opts := compactPlan()
	// ForceMerge waits for the merger and not for ctx, and when a merge
	// fails (a full disk) bleve only reports it to an error callback and
	// ForceMerge returns at Close. The merger also sends the merge's result
	// to a channel found in the context under mergeDoneKey (bleve v2.6.3
	// index/scorch/merge.go, mergerLoop: "done, hasDone :=
	// ctrlMsg.ctx.Value(mergeDoneKey).(chan error)"), and with it there
	// gives up after a failure rather than retrying for ever (each retry
	// filled the disk again: Compact hung after "compacting…"). So wait
	// for that result, or ctx; Compact closes the index in any case.
	//
	// The merger's background merges, which a writer's open starts, retry
	// a failed merge for ever and take no ForceMerge request meanwhile: on
	// a full disk ForceMerge never began. A failed merge of either kind
	// shows in the merger's error count, so Compact watches that too.
	epoch := func(key string) uint64 { n, _ := sc.StatsMap()[key].(uint64); return n }
	mergeErrs, persistErrs := epoch("TotFileMergeLoopErr"), epoch("TotPersistLoopErr")
	result := make(chan error, 1)
	mctx := context.WithValue(ctx, bleveMergeDoneKey, result)
	merged := make(chan error, 1)
	go func() { merged <- sc.ForceMerge(mctx, &opts) }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case err := <-result:
			if err != nil {
				return fmt.Errorf("compact: %v", FirstLine(err))
			}
			break wait
		case err := <-merged:
			if err != nil {
				return fmt.Errorf("compact: %v", FirstLine(err))
			}
			break wait
		case <-tick.C:
			if epoch("TotFileMergeLoopErr") > mergeErrs {
				return errMergeFailed
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
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
	// bleve deletes the old segments' files once no snapshot in its store
	// and no reader uses them, in a clean-up its persister runs after
	// persisting; the first one can come too early (seen in one build of
	// two). A new snapshot, of an internal key, makes it run again.
	for try := 0; try < 100 && ix.segmentFiles() > 1; try++ {
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

// errMergeFailed is Compact's error when bleve reports a failed merge only
// to its error callback.
var errMergeFailed = errors.New("compact: bleve could not write the merged segment (is the disk full?); the index is left as it was")

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
