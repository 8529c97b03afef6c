package article

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// Default limits of [Options]. One article is at most 16 MiB in every
// format: indexing it takes about 50 times its size in memory, so a 50 MB
// text file would need gigabytes.
const (
	DefaultMaxFileSize    = 64 << 20 // bytes of a .json file
	DefaultMaxArticleSize = 16 << 20 // bytes of one article: a .txt file or one object of a .json file
	DefaultMaxLineSize    = 16 << 20 // bytes of a JSONL line
)

// Options are the limits for reading files. The zero value uses the
// defaults.
type Options struct {
	// MaxFileSize caps a .json file, which is read whole, in bytes after
	// decompression; 0 means DefaultMaxFileSize. A larger file is an error:
	// "corpus/x.json: file too large (more than 64 MiB)".
	MaxFileSize int64
	// MaxArticleSize caps one article read whole: a .txt file, in bytes
	// after decompression, or one object of a .json file; 0 means
	// DefaultMaxArticleSize. A larger one is an error: "corpus/x.txt: file
	// too large for one article (more than 16 MiB)", or for a JSON object
	// "corpus/x.json: line 3: object too large for one article (more than
	// 16 MiB)", and reading goes on with the next object.
	MaxArticleSize int64
	// MaxLineSize caps one line of a JSONL file, which is streamed, in bytes
	// without the line end; 0 means DefaultMaxLineSize. A longer line is an
	// error for that line, and reading goes on with the next one.
	MaxLineSize int
}

func (o Options) maxFileSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return DefaultMaxFileSize
}

func (o Options) maxArticleSize() int64 {
	if o.MaxArticleSize > 0 {
		return o.MaxArticleSize
	}
	return DefaultMaxArticleSize
}

func (o Options) maxLineSize() int {
	if o.MaxLineSize > 0 {
		return o.MaxLineSize
	}
	return DefaultMaxLineSize
}

const (
	readBufferSize  = 64 << 10
	binaryProbeSize = 8 << 10 // a JSONL file with a NUL byte this early is binary
)

var (
	errTruncatedGzip = errors.New("truncated gzip stream")
	errGzipChecksum  = errors.New("corrupt gzip stream (checksum mismatch)")
	errGzipHeader    = errors.New("invalid gzip header")
)

// readAll reads the file name from r, decompressing it if it is gzip, up to
// limit bytes; what says what the limit is for ("" or " for one article").
func readAll(name string, r io.Reader, limit int64, what string) ([]byte, error) {
	zr, err := gunzip(r)
	if err != nil {
		return nil, readError(name, err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, readError(name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: file too large%s (more than %s)", name, what, formatSize(limit))
	}
	return data, nil
}

// gunzip returns a reader of r's contents, decompressed if they start with
// the gzip magic bytes.
func gunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, readBufferSize)
	magic, err := br.Peek(2)
	if err != nil || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, nil // a short file is read as it is
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, gzipError(err)
	}
	return bufio.NewReaderSize(gzipReader{zr}, readBufferSize), nil
}

// A gzipReader words the errors of gzip.Reader.
type gzipReader struct{ z *gzip.Reader }

func (g gzipReader) Read(p []byte) (int, error) {
	n, err := g.z.Read(p)
	if err != nil && err != io.EOF {
		err = gzipError(err)
	}
	return n, err
}

func gzipError(err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), err == io.EOF:
		return errTruncatedGzip
	case errors.Is(err, gzip.ErrChecksum):
		return errGzipChecksum
	case errors.Is(err, gzip.ErrHeader):
		return errGzipHeader
	case errors.As(err, &corrupt):
		return fmt.Errorf("corrupt gzip stream: %w", err)
	}
	return err
}

// readError words an error reading the file name.
func readError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %s: %w", name, pe.Op, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// formatSize writes n bytes in MiB or KiB when it is a whole number of them.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
