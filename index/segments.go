package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"
)

// checkSegments verifies the checksum of each segment file the newest
// snapshot of the bleve index at path uses, before bleve opens them: zap
// trusts the lengths it reads from a segment, and random bytes there can
// make it allocate terabytes, which ends the process with no panic to
// recover. It reads the segment list from the snapshot store itself (it
// fails with bolt.ErrTimeout, like bleve, when a writer holds it). Files no
// snapshot uses (a merge cut short) are not checked.
//
// A segment is read whole the first time (about 12 ms for the 39 MB index
// of the bundled corpus, 60-70 ms for 220 MB), and its size and
// modification time are then kept in checkedFile next to the bleve
// directory: zap files are written once and never changed, so a segment
// with the same name, size and time was checked already, and later opens
// skip it. A segment rewritten in place gets a new time and is read again.
// It returns the record to keep, which Open writes (see writeChecked) once
// the index has opened: nothing is written into an index it refuses.
func checkSegments(path string) (verified map[string]stamp, err error) {
	store := filepath.Join(path, "store")
	db, err := bolt.Open(filepath.Join(store, "root.bolt"), 0o600,
		&bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // bleve says what is missing
	}
	if err != nil {
		return nil, err
	}
	var files []string
	err = db.View(func(tx *bolt.Tx) error {
		snapshots := tx.Bucket(util.BoltSnapshotsBucket)
		if snapshots == nil {
			return nil
		}
		c := snapshots.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			snap := snapshots.Bucket(k)
			if v != nil || snap == nil || snap.Bucket(util.BoltMetaDataKey) == nil {
				continue // not a snapshot
			}
			return snap.ForEach(func(k, v []byte) error {
				if seg := snap.Bucket(k); v == nil && seg != nil && k[0] != util.BoltInternalKey[0] && k[0] != util.BoltMetaDataKey[0] {
					if p := seg.Get(util.BoltPathKey); p != nil {
						files = append(files, string(p))
					}
				}
				return nil
			})
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	checked := readChecked(filepath.Join(filepath.Dir(path), checkedFile))
	now := make(map[string]stamp, len(files))
	for _, name := range files {
		name = filepath.Base(name)
		p := filepath.Join(store, name)
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("segment %s: %w", name, dirError(err))
		}
		st := stamp{Size: fi.Size(), Time: fi.ModTime().UnixNano()}
		if old, ok := checked[name]; !ok || old != st {
			if err := checkSegment(p); err != nil {
				return nil, fmt.Errorf("segment %s: %w", name, err)
			}
		}
		now[name] = st
	}
	if maps.Equal(now, checked) {
		return nil, nil
	}
	return now, nil
}

// checkedFile records the segments checkSegments has verified.
const checkedFile = "checked-segments.json"

// stamp is what tells a verified segment file from a changed one.
type stamp struct {
	Size int64 `json:"size"`
	Time int64 `json:"mtime_ns"`
}

// readChecked reads the record of verified segments; a missing or
// unreadable record is an empty one.
func readChecked(p string) map[string]stamp {
	raw, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	var m map[string]stamp
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

// writeChecked replaces the record, atomically, when it can: a read-only
// directory only means that every open checks every segment.
func writeChecked(p string, m map[string]stamp) {
	raw, _ := json.Marshal(m)
	writeAtomically(p, raw)
}

// writeAtomically replaces the file p with raw when it can (a temporary
// file renamed over it), and otherwise leaves it as it was.
func writeAtomically(p string, raw []byte) {
	tmp, err := os.CreateTemp(filepath.Dir(p), filepath.Base(p)+".*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(raw)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}

// checkSegment compares a zap file's CRC-32 with the one in its last four
// bytes, which covers everything before them.
func checkSegment(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return dirError(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() < 64 {
		return errors.New("truncated")
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyBuffer(h, io.LimitReader(f, fi.Size()-4), make([]byte, 1<<20)); err != nil {
		return err
	}
	var sum [4]byte
	if _, err := io.ReadFull(f, sum[:]); err != nil {
		return err
	}
	if binary.BigEndian.Uint32(sum[:]) != h.Sum32() {
		return errors.New("checksum mismatch")
	}
	return nil
}
