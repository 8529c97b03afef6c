package article

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Item is one article read from a file, or one problem with a file or a
// record, with where it came from.
type Item struct {
	// Article is the article read; zero when Err is set. Walk fills in an
	// empty ID.
	Article Article
	// Path is the file: the name given to ReadJSON or ReadJSONL, or for
	// Walk the root joined with the file's path below it.
	Path string
	// PathID reports that Walk made the article's id from the file's path
	// (the record had none).
	PathID bool
	// Origin is the file's absolute path with symbolic links resolved, set
	// by Walk (empty from ReadJSON and ReadJSONL): one file reached by two
	// paths has one Origin. It is set on problems with a file Walk found
	// too, though not on those with a folder or a broken link.
	Origin string
	// Line is the 1-based line where the record starts in a JSON or JSONL
	// file; 0 for a text file and for a problem with a whole file.
	Line int
	// Index is the 1-based position of the record in its file (1 for a text
	// file); 0 for a problem with a whole file.
	Index int
	// Hash is the hex SHA-256 of the record's raw bytes, after any
	// decompression: the whole text file, the JSON object, or the JSONL line
	// without its line end. It changes when the record does.
	Hash string
	// Converted names the encoding a text file was converted from, as
	// DecodeText returns it ("windows-1256"), or is empty.
	Converted string
	// Err is a problem with this record or file, naming the file and, when
	// known, the line: "corpus/x.txt: invalid UTF-8 at byte 1234".
	Err error
}

// Walk reads the articles of the files under root with the default
// [Options]; see [Options.Walk].
func Walk(ctx context.Context, root string, fn func(Item) error) error {
	return Options{}.Walk(ctx, root, fn)
}

// Walk reads the articles of the .txt, .json, .jsonl and .ndjson files
// under root, and the same names ending in .gz, in lexical order, and calls
// fn with each as an [Item]: text files as [ParseText] reads them, JSON as
// [Options.ReadJSON], JSONL and NDJSON as [Options.ReadJSONL]. Names match
// without regard to case. Other files are skipped silently, as are hidden
// files and folders (names starting with "."). Root may also be one file.
// Symbolic links are followed, and each folder is read once, under the
// first path found for it, so link loops end.
//
// An article without an id gets one made of the root folder's name and the
// file's path below it, with forward slashes: "archive/2025/04/syria.txt"
// for a text file under the folder archive, and for a JSON or JSONL record
// without an id field that path, "#" and its Index ("archive/ant.jsonl#3").
// The folder's name is that of its real path (symbolic links resolved), so
// "." names the current folder; when root is one file, the name is that of
// the folder it is in, so the file gets the id a walk of its folder gives
// it. Ids given in JSON are kept exactly.
//
// Problems with files, records and folders below root come to fn as Items
// with Err set, and the walk goes on. Walk returns an error when root cannot
// be read, when ctx is done (ctx.Err()), or when fn returns one, at which it
// stops; otherwise nil.
func (o Options) Walk(ctx context.Context, root string, fn func(Item) error) error {
	w := &walker{opts: o, ctx: ctx, fn: fn}
	fi, err := os.Stat(root)
	if err != nil {
		return readError(root, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if !fi.IsDir() {
		name := filepath.Base(root)
		if typ := fileType(name); typ == typeOther || !fi.Mode().IsRegular() {
			return fmt.Errorf("%s: not a .txt, .json, .jsonl or .ndjson file", root)
		}
		return w.file(root, path.Join(RootName(filepath.Dir(root)), name))
	}
	w.visited.add(fi)
	entries, err := os.ReadDir(root)
	if err != nil && len(entries) == 0 {
		return readError(root, err)
	}
	return w.entries(root, RootName(root), entries, err)
}

// RootName returns the name a folder gives the ids of the articles under
// it (see [Options.Walk]): the last element of its absolute path with
// symbolic links resolved, or "" for the file system's root.
func RootName(dir string) string {
	p, err := Canonical(dir)
	if err != nil {
		p = dir
	}
	name := filepath.Base(p)
	if name == "." || name == string(filepath.Separator) || name == filepath.VolumeName(p) {
		return ""
	}
	return filepath.ToSlash(name)
}

// Canonical returns the absolute path of p with symbolic links resolved:
// what tells whether two paths name one file. It fails when p does not
// exist.
func Canonical(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

type walker struct {
	opts    Options
	ctx     context.Context
	fn      func(Item) error
	visited visitedDirs

	// The last folder a file was read from, and its canonical path.
	lastDir, canonDir string
}

// origin returns the canonical path of the file p, resolving its folder
// once for all its files.
func (w *walker) origin(p string) string {
	dir, name := filepath.Split(p)
	if dir != w.lastDir || w.canonDir == "" {
		w.lastDir, w.canonDir = dir, ""
		if c, err := Canonical(dir); err == nil {
			w.canonDir = c
		}
	}
	if w.canonDir == "" {
		abs, _ := filepath.Abs(p)
		return abs
	}
	full := filepath.Join(w.canonDir, name)
	if fi, err := os.Lstat(full); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if c, err := filepath.EvalSymlinks(full); err == nil {
			return c
		}
	}
	return full
}

// emit hands it to fn, unless ctx is done.
func (w *walker) emit(it Item) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.fn(it)
}

// dir reads the folder dir, which is rel below root.
func (w *walker) dir(dir, rel string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	return w.entries(dir, rel, entries, err)
}

// entries reads the entries of the folder dir; err is the error reading
// it, if any.
func (w *walker) entries(dir, rel string, entries []fs.DirEntry, err error) error {
	if err != nil {
		if ferr := w.emit(Item{Path: dir, Err: readError(dir, err)}); ferr != nil {
			return ferr
		}
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p, r := filepath.Join(dir, name), path.Join(rel, name)
		mode := e.Type()
		var fi fs.FileInfo
		if mode&fs.ModeSymlink != 0 {
			if fi, err = os.Stat(p); err != nil {
				if typ := fileType(name); typ == typeOther {
					continue // a broken link to something we would skip
				}
				if err := w.emit(Item{Path: p, Err: readError(p, err)}); err != nil {
					return err
				}
				continue
			}
			mode = fi.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if fi == nil {
				if fi, err = e.Info(); err != nil {
					continue // removed since the folder was read
				}
			}
			if !w.visited.add(fi) {
				continue
			}
			if err := w.dir(p, r); err != nil {
				return err
			}
		case mode.IsRegular():
			if typ := fileType(name); typ == typeOther {
				continue
			}
			if err := w.file(p, r); err != nil {
				return err
			}
		}
	}
	return nil
}

type fileKind int

const (
	typeOther fileKind = iota
	typeText
	typeJSON
	typeJSONL
)

// fileType tells a file's kind from its name.
func fileType(name string) fileKind {
	base := strings.TrimSuffix(strings.ToLower(name), ".gz")
	switch filepath.Ext(base) {
	case ".txt":
		return typeText
	case ".json":
		return typeJSON
	case ".jsonl", ".ndjson":
		return typeJSONL
	}
	return typeOther
}

// file reads the file p, which is rel below root.
func (w *walker) file(p, rel string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	origin := w.origin(p)
	f, err := os.Open(p)
	if err != nil {
		return w.emit(Item{Path: p, Origin: origin, Err: readError(p, err)})
	}
	defer f.Close()
	typ := fileType(filepath.Base(p))
	record := func(it Item) error {
		if it.Err == nil && it.Article.ID == "" {
			it.Article.ID = rel + "#" + strconv.Itoa(it.Index)
			it.PathID = true
		}
		it.Origin = origin
		return w.emit(it)
	}
	switch typ {
	case typeJSON:
		return w.opts.ReadJSON(p, f, record)
	case typeJSONL:
		return w.opts.ReadJSONL(p, f, record)
	}
	it := w.opts.readText(p, rel, f)
	it.Origin, it.PathID = origin, it.Err == nil
	return w.emit(it)
}

// readText reads the text file p, rel below root, from r.
func (o Options) readText(p, rel string, r io.Reader) Item {
	it := Item{Path: p}
	data, err := readAll(p, r, o.maxArticleSize(), " for one article")
	if err != nil {
		it.Err = err
		return it
	}
	text, charset, err := DecodeText(p, data)
	if err == nil {
		it.Article, err = parseText(p, text)
	}
	if err != nil {
		it.Err = err
		return it
	}
	it.Article.ID = rel
	it.Index, it.Hash, it.Converted = 1, hash(data), charset
	return it
}

// visitedDirs is the set of folders a walk has entered.
type visitedDirs struct {
	ids   map[fileID]bool
	infos []fs.FileInfo // folders without a fileID
}

// add adds the folder fi and reports whether it was new.
func (v *visitedDirs) add(fi fs.FileInfo) bool {
	if id, ok := idOf(fi); ok {
		if v.ids == nil {
			v.ids = make(map[fileID]bool)
		}
		if v.ids[id] {
			return false
		}
		v.ids[id] = true
		return true
	}
	for _, old := range v.infos {
		if os.SameFile(old, fi) {
			return false
		}
	}
	v.infos = append(v.infos, fi)
	return true
}
