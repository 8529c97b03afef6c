// Package antsample writes the first articles of the bundled ANT corpus
// to a JSONL file, for the benchmarks of index and search that build an
// index of them.
package antsample

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"

	"github.com/arsearch/arsearch/article"
)

// Write copies the first n lines of corpus (gzip'd JSONL) to dir/ant.jsonl
// and returns that file's path, its articles and the bytes of their
// titles and bodies. Fewer than n readable articles is an error.
func Write(corpus, dir string, n int) (path string, arts []article.Article, size int64, err error) {
	f, err := os.Open(corpus)
	if err != nil {
		return "", nil, 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", nil, 0, fmt.Errorf("%s: %w", corpus, err)
	}
	var data bytes.Buffer
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for i := 0; i < n && sc.Scan(); i++ {
		data.Write(sc.Bytes())
		data.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return "", nil, 0, fmt.Errorf("%s: %w", corpus, err)
	}
	err = article.ReadJSONL("ant.jsonl", bytes.NewReader(data.Bytes()), func(it article.Item) error {
		if it.Err != nil {
			return it.Err
		}
		arts = append(arts, it.Article)
		size += int64(len(it.Article.Title) + len(it.Article.Body))
		return nil
	})
	if err != nil || len(arts) != n {
		return "", nil, 0, fmt.Errorf("%s: read %d of %d articles: %v", corpus, len(arts), n, err)
	}
	path = filepath.Join(dir, "ant.jsonl")
	if err := os.WriteFile(path, data.Bytes(), 0o644); err != nil {
		return "", nil, 0, err
	}
	return path, arts, size, nil
}
