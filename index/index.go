package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"

	// The mapping's analyzers must be registered before any Open.
	_ "github.com/arsearch/arsearch/analyzer"
)

// Format is the version of the index layout and of the analysis behind it.
// An index written with another format must be rebuilt: its terms would not
// match what queries are analyzed into.
const Format = 1

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
	// ErrFormat: the index was built by a different version of arsearch.
	ErrFormat = errors.New("index was built by another version of arsearch; re-index with: arsearch index --rebuild DIR")
	// ErrNotFound: no article has the given id.
	ErrNotFound = errors.New("no such article")
)

// lockTimeout bounds how long Open waits for another process's lock.
const lockTimeout = "1s"

// Index is an arsearch index on disk or in memory. Its methods are safe
// for concurrent use.
type Index struct {
	dir      string
	b        bleve.Index
	readOnly bool
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

// Exists reports whether dir holds an arsearch index (of any format).
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, markerFile))
	return err == nil
}

// Create makes a new, empty index at dir. dir must not exist or be an
// empty directory.
func Create(dir string) (*Index, error) {
	switch entries, err := os.ReadDir(dir); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("%s: %w", dir, err)
	case len(entries) > 0:
		if Exists(dir) {
			return nil, fmt.Errorf("%s: an index already exists", dir)
		}
		return nil, fmt.Errorf("%s: %w", dir, ErrNotIndex)
	default:
		if err := os.Remove(dir); err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
	}
	b, err := bleve.NewUsing(filepath.Join(dir, "bleve"), newMapping(), "scorch", "scorch",
		map[string]interface{}{"bolt_timeout": lockTimeout})
	if err != nil {
		return nil, fmt.Errorf("%s: creating index: %w", dir, err)
	}
	m, _ := json.MarshalIndent(dirMarker{Format: Format, Created: time.Now().UTC()}, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, markerFile), append(m, '\n'), 0o644); err != nil {
		b.Close()
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return &Index{dir: dir, b: b}, nil
}

// Options for Open.
type Options struct {
	// ReadOnly opens the index for searching only. Several read-only
	// openers may share an index; a writer may not open it meanwhile.
	ReadOnly bool
}

// Open opens the index at dir. It fails within about a second with
// ErrLocked when another process holds it, and with ErrNoIndex,
// ErrNotIndex or ErrFormat when dir is not a usable index.
func Open(dir string, opts Options) (*Index, error) {
	raw, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", dir, ErrNoIndex)
		}
		if entries, _ := os.ReadDir(dir); len(entries) == 0 && errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", dir, ErrNoIndex)
		}
		return nil, fmt.Errorf("%s: %w", dir, ErrNotIndex)
	}
	var m dirMarker
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s: %s is damaged (%v): %w", dir, markerFile, err, ErrNotIndex)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%s: format %d, this arsearch reads %d: %w", dir, m.Format, Format, ErrFormat)
	}
	cfg := map[string]interface{}{"bolt_timeout": lockTimeout}
	if opts.ReadOnly {
		cfg["read_only"] = true
	}
	b, err := bleve.OpenUsing(filepath.Join(dir, "bleve"), cfg)
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("%s: the index is damaged (%v); re-index with: arsearch index --rebuild DIR", dir, firstLine(err))
	}
	return &Index{dir: dir, b: b, readOnly: opts.ReadOnly}, nil
}

// OpenOrCreate opens the index at dir for writing, creating it when dir
// does not exist or is empty.
func OpenOrCreate(dir string) (*Index, error) {
	ix, err := Open(dir, Options{})
	if errors.Is(err, ErrNoIndex) {
		return Create(dir)
	}
	return ix, err
}

// NewMemory returns an index held in memory, for tests and embedding.
func NewMemory() (*Index, error) {
	b, err := bleve.NewMemOnly(newMapping())
	if err != nil {
		return nil, err
	}
	return &Index{b: b}, nil
}

// Dir is the index directory ("" for an in-memory index).
func (ix *Index) Dir() string { return ix.dir }

// Close releases the index and its lock.
func (ix *Index) Close() error { return ix.b.Close() }

// Count returns the number of articles in the index.
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

// firstLine keeps error messages to one line: bleve sometimes appends a
// whole mapping dump.
func firstLine(err error) string {
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
