package index

import (
	"context"
	"errors"
	"fmt"
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
	opts := mergeplan.SingleSegmentMergePlanOptions
	// ForceMerge waits for the merger and not for ctx: when a merge fails
	// (a full disk), bleve only logs it and ForceMerge returns at Close.
	// So wait here for either; Compact closes the index in any case.
	merged := make(chan error, 1)
	go func() { merged <- sc.ForceMerge(ctx, &opts) }()
	select {
	case err := <-merged:
		if err != nil {
			return fmt.Errorf("compact: %v", firstLine(err))
		}
	case <-ctx.Done():
		return ctx.Err()
	}
	epoch := func(key string) uint64 { n, _ := sc.StatsMap()[key].(uint64); return n }
	persisted := func() error {
		root := epoch("CurRootEpoch")
		for epoch("LastPersistedEpoch") < root {
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
		stamp := []byte(time.Now().UTC().Format(time.RFC3339Nano))
		if err := ix.b.SetInternal([]byte(compactedKey), stamp); err != nil {
			return fmt.Errorf("compact: %v", firstLine(err))
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
	return ctx.Err()
}

// compactedKey is the internal key Compact writes to make bleve clean up.
const compactedKey = "arsearch:compacted"

// segmentFiles counts the segment files in the index directory, used or not.
func (ix *Index) segmentFiles() int {
	zaps, _ := filepath.Glob(filepath.Join(ix.dir, bleveDir, "store", "*.zap"))
	return len(zaps)
}
