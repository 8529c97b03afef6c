// Command indexcost measures what each part of arsearch's index mapping
// costs in index size on disk and build CPU (issue #16): it builds the
// first N articles of a JSONL file once with the shipped mapping and once
// per variant with one field or option switched off, and prints a table
// of the CPU seconds (user+sys, from rusage; wall time is printed too but
// means little on a shared machine) and the size on disk of each build,
// as built and after a merge into one segment (what index.Compact does).
//
//	go run ./scripts/indexcost --data FILE.jsonl.gz [--n 10000] [--variants full,vectors] [--cpuprofile FILE] [--keep DIR]
//
// The shipped mapping is read back from an index made by index.Create, so
// the variants start from exactly what arsearch builds. The documents are
// what index.Build hands bleve (index.BleveDocument); batches
// of index.DefaultBatchSize are written one after another, so the numbers
// compare variants with each other, not with arsearch index's own
// parallel build. The documents are made before the clock starts, so the
// CPU of encoding the stored body (index/storedtext) is not in build_cpu;
// scripts/buildprof measures the real build, that included.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar" // the "ar" analyzer of the minimal-ar variant
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"

	_ "github.com/arsearch/arsearch/analyzer" // registers arsearch's analyzers with bleve
	"github.com/arsearch/arsearch/article"
	"github.com/arsearch/arsearch/index"
)

func main() {
	var (
		data       = flag.String("data", "", "the articles: a JSONL `FILE`, gzip-compressed or not (required)")
		n          = flag.Int("n", 10000, "index the first `N` articles of the file")
		only       = flag.String("variants", "", "comma-separated variant `NAMES` to run (default: all)")
		cpuProfile = flag.String("cpuprofile", "", "write a CPU profile of every build and merge to `FILE`")
		keep       = flag.String("keep", "", "build in `DIR` and keep the indexes (default: a temporary folder, removed)")
	)
	flag.Parse()
	if *data == "" || *n < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: indexcost --data FILE.jsonl.gz [--n 10000] [--variants a,b] [--cpuprofile FILE] [--keep DIR]")
		os.Exit(2)
	}
	if err := run(*data, *n, *only, *cpuProfile, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "indexcost:", err)
		os.Exit(1)
	}
}

func run(data string, n int, only, cpuProfile, keep string) error {
	chosen, err := choose(only)
	if err != nil {
		return err
	}
	dir := keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "indexcost-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	shipped, err := shippedMapping(filepath.Join(dir, "shipped"))
	if err != nil {
		return err
	}
	docs, raw, err := readDocs(data, n)
	if err != nil {
		return err
	}
	var textBytes int64
	for _, d := range docs {
		textBytes += int64(d.text)
	}
	fmt.Printf("# %d articles of %s: %.1f MB of JSONL, %.1f MB of title+body; GOMAXPROCS=%d\n",
		len(docs), data, float64(raw)/1e6, float64(textBytes)/1e6, runtime.GOMAXPROCS(0))

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	fmt.Printf("%-14s %9s %9s %9s %10s %10s %9s  %s\n",
		"variant", "build_cpu", "merge_cpu", "build_s", "built_MB", "merged_MB", "xJSONL", "what is off")
	for _, v := range chosen {
		im, err := clone(shipped)
		if err != nil {
			return err
		}
		v.apply(im.TypeMapping["article"])
		r, err := measure(filepath.Join(dir, v.name), im, docs, v.doc)
		if err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		fmt.Printf("%-14s %9.2f %9.2f %9.1f %10.1f %10.1f %9.2f  %s\n",
			v.name, r.buildCPU.Seconds(), r.mergeCPU.Seconds(), r.buildWall.Seconds(),
			float64(r.built)/1e6, float64(r.merged)/1e6, float64(r.merged)/float64(raw), v.what)
		if keep == "" {
			os.RemoveAll(filepath.Join(dir, v.name))
		}
	}
	return nil
}

// document is one article as index.Build hands it to bleve
// (index.BleveDocument), with its id.
type document struct {
	doc  any
	id   string
	text int // bytes of title and body
}

var errEnough = errors.New("enough articles")

// readDocs reads the first n articles of the JSONL file name as
// index.Build would hand them to bleve, and returns them with the bytes
// of their JSONL lines.
func readDocs(name string, n int) ([]document, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, 0, err
	}
	var docs []document
	var raw int64
	err = article.ReadJSONL(name, f, func(it article.Item) error {
		if it.Err != nil {
			return nil // bad records are skipped, as Build does
		}
		a := it.Article
		d := document{doc: index.BleveDocument(&a, filepath.Dir(abs), filepath.Base(abs), abs, it.Hash), id: a.ID,
			text: len(a.Title) + len(a.Body)}
		if d.id == "" {
			d.id = fmt.Sprintf("%s#%d", filepath.Base(abs), it.Index)
		}
		raw += jsonlBytes(a)
		docs = append(docs, d)
		if len(docs) == n {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, 0, err
	}
	if len(docs) == 0 {
		return nil, 0, fmt.Errorf("%s: no articles", name)
	}
	return docs, raw, nil
}

// jsonlBytes is the size of an article's JSONL line as json.Marshal
// writes it (the subset's own file would be about that big).
func jsonlBytes(a article.Article) int64 {
	date := ""
	if !a.Date.IsZero() {
		date = a.Date.UTC().Format(time.RFC3339)
	}
	line, _ := json.Marshal(struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		Body     string `json:"body"`
		Source   string `json:"source,omitempty"`
		Category string `json:"category,omitempty"`
		Date     string `json:"date,omitempty"`
		URL      string `json:"url,omitempty"`
	}{a.ID, a.Title, a.Body, a.Source, a.Category, date, a.URL})
	return int64(len(line) + 1)
}

// shippedMapping creates an arsearch index in dir and returns its mapping.
func shippedMapping(dir string) (*mapping.IndexMappingImpl, error) {
	ix, err := index.Create(dir)
	if err != nil {
		return nil, err
	}
	if err := ix.Close(); err != nil {
		return nil, err
	}
	b, err := bleve.Open(filepath.Join(dir, "bleve"))
	if err != nil {
		return nil, err
	}
	defer b.Close()
	im, ok := b.Mapping().(*mapping.IndexMappingImpl)
	if !ok || im.TypeMapping["article"] == nil {
		return nil, errors.New("the arsearch index has no \"article\" type mapping")
	}
	return clone(im)
}

// clone deep-copies a mapping through its JSON form.
func clone(im *mapping.IndexMappingImpl) (*mapping.IndexMappingImpl, error) {
	raw, err := json.Marshal(im)
	if err != nil {
		return nil, err
	}
	out := mapping.NewIndexMapping()
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, err
	}
	return out, nil
}

type result struct {
	buildCPU, mergeCPU, buildWall time.Duration
	built, merged                 int64
}

// measure builds docs into a new bleve index at dir with im, then merges
// it into one segment, and returns the CPU time and disk size of each.
func measure(dir string, im *mapping.IndexMappingImpl, docs []document, change func(any) any) (result, error) {
	var r result
	runtime.GC()
	cpu0, t0 := cpuTime(), time.Now()
	b, err := bleve.NewUsing(dir, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return r, err
	}
	for i := 0; i < len(docs); i += index.DefaultBatchSize {
		batch := b.NewBatch()
		for _, d := range docs[i:min(i+index.DefaultBatchSize, len(docs))] {
			doc := d.doc
			if change != nil {
				doc = change(doc)
			}
			if err := batch.Index(d.id, doc); err != nil {
				b.Close()
				return r, err
			}
		}
		if err := b.Batch(batch); err != nil {
			b.Close()
			return r, err
		}
	}
	if err := b.Close(); err != nil {
		return r, err
	}
	r.buildCPU, r.buildWall = cpuTime()-cpu0, time.Since(t0)
	if r.built, err = reopenedSize(dir); err != nil {
		return r, err
	}

	runtime.GC()
	cpu0 = cpuTime()
	if b, err = bleve.Open(dir); err != nil {
		return r, err
	}
	if err := forceMerge(b, dir); err != nil {
		b.Close()
		return r, err
	}
	if err := b.Close(); err != nil {
		return r, err
	}
	r.mergeCPU = cpuTime() - cpu0
	r.merged, err = reopenedSize(dir)
	return r, err
}

// forceMerge merges b into one segment and waits until that is on disk,
// as index.Compact does.
func forceMerge(b bleve.Index, dir string) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return errors.New("not a scorch index")
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	if err := sc.ForceMerge(context.Background(), &opts); err != nil {
		return err
	}
	epoch := func(key string) uint64 { n, _ := sc.StatsMap()[key].(uint64); return n }
	persisted := func() {
		for epoch("LastPersistedEpoch") < epoch("CurRootEpoch") {
			time.Sleep(5 * time.Millisecond)
		}
	}
	persisted()
	// bleve deletes the old segments' files after a later persist; one can
	// come too early (index.Compact does the same): a new snapshot, of an
	// internal key, makes it run again.
	for try := 0; try < 100 && zapFiles(dir) > 1; try++ {
		if err := b.SetInternal([]byte("indexcost:merged"), []byte{1}); err != nil {
			return err
		}
		persisted()
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// zapFiles counts the segment files of the index at dir.
func zapFiles(dir string) int {
	zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	return len(zaps)
}

// reopenedSize opens and closes the index at dir for writing, which makes
// bleve delete the files no snapshot uses, and returns its size on disk.
func reopenedSize(dir string) (int64, error) {
	b, err := bleve.Open(dir)
	if err != nil {
		return 0, err
	}
	if err := b.Close(); err != nil {
		return 0, err
	}
	return index.DiskSize(dir)
}

// cpuTime is the user+sys CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// choose returns the variants named in only (comma-separated), or all.
func choose(only string) ([]variant, error) {
	if only == "" {
		return variants, nil
	}
	var out []variant
	for _, name := range strings.Split(only, ",") {
		found := false
		for _, v := range variants {
			if v.name == strings.TrimSpace(name) {
				out, found = append(out, v), true
			}
		}
		if !found {
			return nil, fmt.Errorf("no variant %q", name)
		}
	}
	return out, nil
}
