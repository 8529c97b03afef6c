package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bolt "go.etcd.io/bbolt"

	// The mapping's analyzers must be registered before any Open.
	_ "github.com/arsearch/arsearch/analyzer"
)

// Format is the version of the index layout and of the analysis behind it.
// An index written with another format must be rebuilt: its terms would not
// match what queries are analyzed into.
const Format = 11 // 2: the month field for date facets; 3: analysis of #11 (stop words as written, clitic rules); 4: ids start with the folder's name, and each article's origin file; 5: no term vectors on the body's exact view (its phrases checked against the stored text); 6: a word spelled with أل/إل/آل keeps its ال (آلاف, ألغى); 7: the body stored packed and zstd-compressed in body_text (storedtext); 8: إلى's and على's -نا/-كم/-هما forms are stop words; 9: a word of the pattern مفاعل seen with ين/ون is a participle, not a broken plural (مواطن, مقاتل); 10: a word written with a hamza on its first alef before ل keeps that ال (إلهام, آلتين, ألبوم); 11: ان is stripped only from a word the lexicon also sees with the dual's ين or, for a verb, with ون (سلمان, نيسان stay whole), and رحمان is رحمن

// markerFile sits in every arsearch index directory. Its presence is how
// arsearch tells its own indexes from other directories, which it never
// touches.
const markerFile = "arsearch-index.json"

// Errors callers branch on.
var (
	// ErrLocked: another process holds the index.
	ErrLocked = errors.New("index is locked by another arsearch process (serve or index); stop it or wait, then retry")
	// ErrNoIndex: there is no index at the path yet.
	ErrNoIndex = errors.New("no index here yet; build one with: arsearch index DIR")
	// ErrNotIndex: the path exists but is not an arsearch index.
	ErrNotIndex = errors.New("not an arsearch index; refusing to use it (choose another --index, or delete it and re-index)")
	// ErrFormat: the index was built by an older version of arsearch, or
	// with another mapping.
	ErrFormat = errors.New("index was built by another version of arsearch; re-index with: arsearch index --rebuild DIR")
	// ErrNewer: the index was built by a newer version of arsearch, which
	// this one cannot read; rebuilding would throw it away.
	ErrNewer = errors.New("index was built by a newer arsearch; upgrade arsearch to use it")
	// ErrNotFound: no article has the given id.
	ErrNotFound = errors.New("no such article")
)

// writerConfig is the scorch configuration of a writer.
//
// Its persister writes each batch's segment to disk as it is, never first
// merging several batches' segments in memory (MemoryPressurePauseThreshold
// 0: bleve v2.6.3 index/scorch/persister.go, persistSnapshot). A batch
// that failed to be written (a full disk) leaves a segment bleve has
// closed in the index in memory (see Index.batch), and the persister's
// retry, merging it with another batch's segment, panicked on a goroutine
// of bleve's own (zapx merge, from mergeAndPersistInMemorySegments), which
// ends the process. Persisting a segment directly only copies its bytes.
// Small segments are merged on disk by bleve's merger, as before.
//
// The merger's plan is bleve's default except that no background merge
// takes in more than maxMergeDocs articles (see there); Compact merges
// into one segment an index of up to CompactMergeBytes, larger ones into
// segments of up to about that size.
func writerConfig() map[string]interface{} {
	return map[string]interface{}{
		"bolt_timeout":           lockTimeout,
		"scorchPersisterOptions": map[string]interface{}{"MemoryPressurePauseThreshold": 0},
		"scorchMergePlanOptions": map[string]interface{}{"MaxSegmentSize": maxMergeDocs},
	}
}

// maxMergeDocs bounds bleve's background merges while an index is written:
// a merge takes only segments of fewer than half as many articles, and at
// most this many in all (bleve's MaxSegmentSize, 5,000,000 by default). A
// merge maps the segment files it reads into memory, and each page read
// stays resident until the merge ends, so the biggest merge set the peak
// memory of a large build: on 100,000 news articles 0.3 GiB of mapped
// segments beside the heap, more the larger the index. 50,000 articles of
// news are about 190 MB of segments.
const maxMergeDocs = 50_000

// lockTimeout bounds how long Open waits for another process's lock.
const lockTimeout = "1s"

// Index is an arsearch index on disk or in memory. Its methods are safe
// for concurrent use.
type Index struct {
	dir      string
	b        bleve.Index
	readOnly bool
	stats    atomic.Pointer[search.BM25Stats] // see stats.go

	// Refreshes of the statistics after concurrent writes share one run:
	// statsGen counts refresh requests, statsDone is the count a finished
	// refresh saw when it started (it covers every write before it).
	statsGen  atomic.Uint64
	statsMu   sync.Mutex // one refresh at a time; guards statsDone
	statsDone uint64

	// After live writes the statistics are estimated, and refreshed in
	// full later (estimateStats).
	laterMu sync.Mutex // guards later and closed
	later   *time.Timer
	closed  bool
}

// dirMarker is the content of markerFile.
type dirMarker struct {
	Format  int       `json:"format"`
	Created time.Time `json:"created"`
}

// DefaultDir returns where the index lives when no --index is given:
// $ARSEARCH_INDEX if set, else $XDG_DATA_HOME/arsearch/index, else
// ~/.local/share/arsearch/index (on Windows and macOS, the user config
// directory's arsearch/index).
func DefaultDir() (string, error) {
	if d := os.Getenv("ARSEARCH_INDEX"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "arsearch", "index"), nil
	}
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		d, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("default index directory: %w", err)
		}
		return filepath.Join(d, "arsearch", "index"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("default index directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "arsearch", "index"), nil
}

// Exists reports whether dir holds an arsearch index (of any format): a
// marker file that reads as arsearch's. A damaged marker does not count:
// such a folder is not provably arsearch's, and nothing deletes it.
func Exists(dir string) bool {
	_, err := readMarker(dir)
	return err == nil
}

// readMarker reads and checks dir's marker file.
func readMarker(dir string) (dirMarker, error) {
	raw, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		return dirMarker{}, err
	}
	return parseMarker(raw)
}

// parseMarker checks the content of a marker file.
func parseMarker(raw []byte) (dirMarker, error) {
	var m dirMarker
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, err
	}
	if m.Format < 1 {
		return m, errors.New("no format number")
	}
	return m, nil
}

// bleveDir is the bleve index inside an arsearch index directory.
const bleveDir = "bleve"

// Create makes a new, empty index at dir. dir must not exist, or be an
// empty directory, or hold what an interrupted Create left.
//
// The marker file is written first, so that a directory arsearch made is
// recognisably its own even when Create is killed half-way: Open then
// reports ErrNoIndex, and Create starts again.
func Create(dir string) (*Index, error) { return CreateWith(dir, MappingOptions{}) }

// CreateWith is Create with the mapping options o, which the index keeps
// for good (PhrasePositions reports them).
func CreateWith(dir string, o MappingOptions) (*Index, error) {
	switch entries, err := os.ReadDir(dir); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("%s: %w", dir, dirError(err))
	case empty(entries):
	case Exists(dir):
		ix, err := Open(dir, Options{ReadOnly: true})
		if err == nil {
			ix.Close()
			return nil, fmt.Errorf("%s: an index already exists", dir)
		}
		if !errors.Is(err, ErrNoIndex) {
			return nil, err
		}
		// What an interrupted Create or Remove left: nothing was committed.
		for _, name := range []string{bleveDir, removingDir} {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return nil, fmt.Errorf("%s: %w", dir, err)
			}
		}
	default:
		if _, err := os.Stat(filepath.Join(dir, markerFile)); err == nil {
			return nil, fmt.Errorf("%s: %s is damaged: %w", dir, markerFile, ErrNotIndex)
		}
		return nil, fmt.Errorf("%s: %w", dir, ErrNotIndex)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, dirError(err))
	}
	m, _ := json.MarshalIndent(dirMarker{Format: Format, Created: time.Now().UTC()}, "", "  ")
	// Written aside and renamed: a marker cut short would make the folder
	// "not an arsearch index" for good.
	tmp := filepath.Join(dir, markerTemp)
	if err := os.WriteFile(tmp, append(m, '\n'), 0o644); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, markerFile)); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	b, err := bleve.NewUsing(filepath.Join(dir, bleveDir), NewMappingWith(o), "scorch", "scorch",
		writerConfig())
	if err != nil {
		// Leave the directory as Create found it, as far as it can.
		os.RemoveAll(filepath.Join(dir, bleveDir))
		os.Remove(filepath.Join(dir, markerFile))
		os.Remove(dir) // only if empty: it was missing or empty before
		return nil, fmt.Errorf("%s: creating index: %w", dir, err)
	}
	return &Index{dir: dir, b: b}, nil
}

// committed reports whether the bleve index in dir has a segment file:
// bleve writes every committed batch (and every merge) into one before
// Batch returns, so an index without any has never held an article, and
// recreating it loses nothing.
func committed(dir string) bool {
	zaps, _ := filepath.Glob(filepath.Join(dir, bleveDir, "store", "*.zap"))
	return len(zaps) > 0
}

// markerTemp is the marker file while Create writes it.
const markerTemp = markerFile + ".tmp"

// empty reports whether a folder with these entries holds nothing, or
// only a marker an interrupted Create did not finish writing.
func empty(entries []fs.DirEntry) bool {
	return len(entries) == 0 || len(entries) == 1 && entries[0].Name() == markerTemp
}

// removingDir is where Remove moves the bleve index before deleting it, so
// that a removal cut short leaves no half index behind.
const removingDir = "bleve.removing"

// unfinishedNote follows ErrNoIndex for a folder an interrupted run left.
const unfinishedNote = "(an earlier run stopped before it committed anything)"

// dirError words an error about the index directory itself.
func dirError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Options for Open.
type Options struct {
	// ReadOnly opens the index for searching only. Several read-only
	// openers may share an index; a writer may not open it meanwhile.
	ReadOnly bool
}

// Open opens the index at dir. It fails within about a second with
// ErrLocked when another process holds it, and with ErrNoIndex,
// ErrNotIndex, ErrFormat or ErrNewer when dir is not a usable index: no
// index yet (also what a run killed before its first commit leaves), not
// an arsearch index (no marker, or a damaged one: never touched), one
// built by an older version or with another mapping, or by a newer
// version. A damaged index is an error saying to rebuild
// it, never a panic: bleve cannot read it, or cannot read its newest
// snapshot (bleve would go on with an older one, silently missing
// articles).
func Open(dir string, opts Options) (*Index, error) {
	raw, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		return nil, noMarker(dir, err)
	}
	m, err := parseMarker(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %s is damaged (%v): %w", dir, markerFile, err, ErrNotIndex)
	}
	if m.Format > Format {
		return nil, fmt.Errorf("%s: format %d, this arsearch reads %d: %w", dir, m.Format, Format, ErrNewer)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%s: format %d, this arsearch reads %d: %w", dir, m.Format, Format, ErrFormat)
	}
	if _, err := os.Stat(filepath.Join(dir, bleveDir, "index_meta.json")); errors.Is(err, fs.ErrNotExist) && !committed(dir) {
		return nil, fmt.Errorf("%s: %w %s", dir, ErrNoIndex, unfinishedNote)
	}
	// A read-only look first, even for a writer: a damaged or foreign
	// index is refused before anything could change it (scorch tidies
	// files when it opens read-write).
	path := filepath.Join(dir, bleveDir)
	var verified map[string]stamp
	err = safely(func() (err error) { verified, err = checkSegments(path); return err })
	var b bleve.Index
	if err == nil {
		b, err = openBleve(path, true)
	}
	if err == nil {
		if err := checkMapping(b.Mapping()); err != nil {
			b.Close()
			return nil, fmt.Errorf("%s: %v: %w", dir, err, ErrFormat)
		}
		if !opts.ReadOnly {
			b.Close()
			b, err = openBleve(path, false)
		}
	}
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
		}
		if !committed(dir) {
			// Killed while bleve wrote its first files (root.bolt
			// half-written, the mapping not stored yet).
			return nil, fmt.Errorf("%s: %w %s", dir, ErrNoIndex, unfinishedNote)
		}
		return nil, damaged(dir, err)
	}
	// No server can be running while this process has the lock: a server
	// record is what a killed one left.
	removeStaleServer(dir)
	ix := &Index{dir: dir, b: b, readOnly: opts.ReadOnly}
	if err := safely(ix.loadStats); err != nil {
		b.Close()
		return nil, damaged(dir, err)
	}
	if verified != nil {
		// Only a record: a read-only open may write it too.
		writeChecked(filepath.Join(dir, checkedFile), verified)
	}
	return ix, nil
}

// damaged is the error for an index bleve cannot read.
func damaged(dir string, err error) error {
	return fmt.Errorf("%s: the index is damaged (%v); re-index with: arsearch index --rebuild DIR", dir, FirstLine(err))
}

// noMarker explains why dir, whose marker file could not be read (err),
// is not an index.
func noMarker(dir string, err error) error {
	fi, statErr := os.Stat(dir)
	switch {
	case errors.Is(statErr, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", dir, ErrNoIndex)
	case statErr != nil:
		return fmt.Errorf("%s: %w", dir, dirError(statErr))
	case !fi.IsDir():
		return fmt.Errorf("%s: a file, not a directory: %w", dir, ErrNotIndex)
	}
	entries, readErr := os.ReadDir(dir)
	switch {
	case readErr != nil:
		return fmt.Errorf("%s: %w", dir, dirError(readErr))
	case empty(entries):
		return fmt.Errorf("%s: %w", dir, ErrNoIndex)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", dir, ErrNotIndex)
	}
	return fmt.Errorf("%s: %s: %w", dir, markerFile, dirError(err))
}

// openMu serializes openBleve, which redirects the standard logger.
var openMu sync.Mutex

// openBleve opens the bleve index at path. When bleve cannot read the
// newest snapshot of an index it only logs it (with the standard log
// package: "unable to load snapshot, …, continuing") and goes on with an
// older snapshot, missing the articles written since; openBleve catches
// those lines and fails instead. Corrupt files can make bleve or bbolt
// panic while opening; that is an error too (the file lock may then stay
// held until the process ends).
func openBleve(path string, readOnly bool) (bleve.Index, error) {
	cfg := writerConfig()
	if readOnly {
		cfg = map[string]interface{}{"bolt_timeout": lockTimeout, "read_only": true}
	}
	openMu.Lock()
	defer openMu.Unlock()
	logs := &logCatcher{pass: log.Writer()}
	flags, prefix := log.Flags(), log.Prefix()
	log.SetOutput(logs)
	log.SetFlags(0)
	log.SetPrefix("")
	defer func() {
		log.SetOutput(logs.pass)
		log.SetFlags(flags)
		log.SetPrefix(prefix)
	}()
	var b bleve.Index
	err := safely(func() (err error) {
		b, err = bleve.OpenUsing(path, cfg)
		return err
	})
	if err == nil && logs.lost != "" {
		b.Close()
		err = errors.New(logs.lost)
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// logCatcher keeps the first line bleve logs about a snapshot it skips,
// and passes other lines on.
type logCatcher struct {
	pass io.Writer
	lost string
}

func (c *logCatcher) Write(p []byte) (int, error) {
	line := strings.TrimSpace(string(p))
	if strings.HasSuffix(line, ", continuing") {
		if c.lost == "" {
			c.lost = strings.TrimSuffix(line, ", continuing")
		}
		return len(p), nil
	}
	return c.pass.Write(p)
}

// safely runs f, turning a panic into an error.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bleve failed reading it: %v", r)
		}
	}()
	return f()
}

// checkMapping reports how the mapping of an opened index differs from
// arsearch's where queries depend on it: the document type, and the name,
// type and analyzer of each field.
func checkMapping(got mapping.IndexMapping) error {
	want := NewMapping().(*mapping.IndexMappingImpl)
	g, ok := got.(*mapping.IndexMappingImpl)
	if !ok {
		return errors.New("built with another kind of mapping")
	}
	wdm, gdm := want.TypeMapping[want.DefaultType], g.TypeMapping[want.DefaultType]
	if g.DefaultType != want.DefaultType || gdm == nil {
		return fmt.Errorf("built with another mapping (no document type %q)", want.DefaultType)
	}
	props := make([]string, 0, len(wdm.Properties))
	for p := range wdm.Properties {
		props = append(props, p)
	}
	sort.Strings(props)
	for _, p := range props {
		wf := wdm.Properties[p].Fields
		var gf []*mapping.FieldMapping
		if gp := gdm.Properties[p]; gp != nil {
			gf = gp.Fields
		}
		same := len(wf) == len(gf)
		for i := 0; same && i < len(wf); i++ {
			same = wf[i].Name == gf[i].Name && wf[i].Type == gf[i].Type && wf[i].Analyzer == gf[i].Analyzer
		}
		if !same {
			return fmt.Errorf("built with another mapping (field %q differs)", p)
		}
	}
	return nil
}

// Remove deletes the arsearch index at dir. It refuses a directory that is
// not an arsearch index (ErrNotIndex) and one another process holds
// (ErrLocked); a damaged index is removed. The marker file goes last, so a
// removal cut short leaves a directory still known as arsearch's own.
func Remove(dir string) error {
	if _, err := readMarker(dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, markerFile)); serr == nil {
			return fmt.Errorf("%s: %s is damaged (%v): %w", dir, markerFile, err, ErrNotIndex)
		}
		return fmt.Errorf("%s: %w", dir, ErrNotIndex)
	}
	if ix, err := Open(dir, Options{}); err == nil {
		ix.Close()
	} else if errors.Is(err, ErrLocked) {
		return err
	}
	// One rename takes the bleve index away whole: a removal cut short
	// after it leaves a folder with a marker and no index, which is "no
	// index here yet", not a damaged index.
	if err := os.Rename(filepath.Join(dir, bleveDir), filepath.Join(dir, removingDir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w", dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	for _, e := range entries {
		if e.Name() != markerFile {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("%s: %w", dir, err)
			}
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return nil
}

// OpenOrCreate opens the index at dir for writing, creating it when dir
// does not exist or is empty.
func OpenOrCreate(dir string) (*Index, error) { return OpenOrCreateWith(dir, MappingOptions{}) }

// OpenOrCreateWith is OpenOrCreate with the mapping options o for an index
// it creates; an index that exists keeps its own.
func OpenOrCreateWith(dir string, o MappingOptions) (*Index, error) {
	ix, err := Open(dir, Options{})
	if errors.Is(err, ErrNoIndex) {
		return CreateWith(dir, o)
	}
	return ix, err
}

// PhrasePositions reports whether the index keeps positions on the body's
// exact view (MappingOptions.PhrasePositions).
func (ix *Index) PhrasePositions() bool { return HasPositions(ix.b.Mapping(), FieldBodyExact) }

// NewMemory returns an index held in memory, for tests and embedding.
func NewMemory() (*Index, error) {
	// scorch with no path keeps its segments in memory; bleve.NewMemOnly's
	// older store leaks a goroutine per filtered search.
	b, err := bleve.NewUsing("", NewMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	return &Index{b: b}, nil
}

// Bleve returns the bleve index underneath, for the search package's
// queries and searchers. Writes must go through Index (Add, Put, Build,
// Delete), which keep the statistics and the directory consistent.
func (ix *Index) Bleve() bleve.Index { return ix.b }

// Dir is the index directory ("" for an in-memory index).
func (ix *Index) Dir() string { return ix.dir }

// Close releases the index and its lock, after storing the statistics
// of any recent live write.
func (ix *Index) Close() error {
	if !ix.readOnly {
		ix.flushStats()
	}
	return ix.b.Close()
}

// Count returns the number of articles in the index.
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

// FirstLine keeps an error message to one line, as every message of
// arsearch is: bleve sometimes appends a whole mapping dump.
func FirstLine(err error) string {
	s := err.Error()
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
