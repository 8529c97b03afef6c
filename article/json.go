package article

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ReadJSON reads the articles of a JSON file with the default [Options]; see
// [Options.ReadJSON].
func ReadJSON(name string, r io.Reader, fn func(Item) error) error {
	return Options{}.ReadJSON(name, r, fn)
}

// ReadJSONL reads the articles of a JSONL file with the default [Options];
// see [Options.ReadJSONL].
func ReadJSONL(name string, r io.Reader, fn func(Item) error) error {
	return Options{}.ReadJSONL(name, r, fn)
}

// ReadJSON reads the articles of the JSON file name from r, gzip-compressed
// or not, and calls fn with each in order. The file holds one object, an
// array of objects, or objects one after another; each object is decoded as
// [Article.UnmarshalJSON] says, and must have a title or a body. The file is
// read whole, up to MaxFileSize bytes after decompression, and each object
// may have up to MaxArticleSize bytes.
//
// Each Item has Path name, the Line where its object starts, its Index in
// the file and the Hash of the object's bytes; its ID is the id field,
// possibly empty. A record with a problem comes as an Item with Err set
// ("corpus/a.json: line 12: field "title": want a string"), and reading goes
// on with the next one. A problem with the whole file ("corpus/a.json: empty
// file"), or invalid JSON, which ends reading, comes as a last Item with Err
// set, after the records read before it. ReadJSON returns the first error fn
// returns, at which it stops, and otherwise nil.
func (o Options) ReadJSON(name string, r io.Reader, fn func(Item) error) error {
	data, err := readAll(name, r, o.maxFileSize(), "")
	if err != nil {
		return fn(Item{Path: name, Err: err})
	}
	if err := checkJSONText(name, data); err != nil {
		return fn(Item{Path: name, Err: err})
	}
	return readJSONData(name, data, o.maxArticleSize(), fn)
}

// checkJSONText reports a JSON file that is empty, binary or not UTF-8.
func checkJSONText(name string, data []byte) error {
	skip := 0
	if bytes.HasPrefix(data, bomUTF8) {
		skip = len(bomUTF8)
	}
	switch text := data[skip:]; {
	case len(bytes.TrimSpace(text)) == 0:
		return fmt.Errorf("%s: %w", name, errEmpty)
	case bytes.IndexByte(text, 0) >= 0:
		return fmt.Errorf("%s: %w", name, errBinary)
	default:
		if bad := invalidUTF8(text); bad >= 0 {
			return fmt.Errorf("%s: invalid UTF-8 at byte %d", name, skip+bad)
		}
	}
	return nil
}

// readJSONData reads the records of data, valid UTF-8, each up to
// maxArticle bytes.
func readJSONData(name string, data []byte, maxArticle int64, fn func(Item) error) error {
	lines := lineCounter{data: data}
	start := skipJSONSpace(data, 0)
	if bytes.HasPrefix(data[start:], bomUTF8) {
		start = skipJSONSpace(data, start+len(bomUTF8))
	}
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	fail := func(at int, err error) error {
		return fn(Item{Path: name, Line: lines.at(at), Err: fmt.Errorf("%s: line %d: %w", name, lines.at(at), err)})
	}
	array := data[start] == '['
	switch {
	case array:
		if _, err := dec.Token(); err != nil {
			return fail(start, jsonError(err))
		}
	case data[start] != '{':
		return fail(start, errors.New("want an object or an array of objects"))
	}
	for index := 1; ; index++ {
		if array && !dec.More() {
			break
		}
		at := skipJSONSpace(data, start+int(dec.InputOffset()))
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF && !array {
			return nil
		}
		if err != nil {
			return fail(at, jsonError(err))
		}
		it := Item{Path: name, Line: lines.at(at), Index: index}
		if int64(len(raw)) > maxArticle {
			it.Err = fmt.Errorf("%s: line %d: object too large for one article (more than %s)", name, it.Line, formatSize(maxArticle))
		} else {
			it = jsonRecord(name, raw, it.Line, index)
		}
		if err := fn(it); err != nil {
			return err
		}
	}
	end := start + int(dec.InputOffset())
	if _, err := dec.Token(); err != nil {
		return fail(end, jsonError(err))
	}
	if end = skipJSONSpace(data, start+int(dec.InputOffset())); end < len(data) {
		return fail(end, errors.New("invalid JSON: data after the array"))
	}
	return nil
}

// jsonRecord decodes one record of a JSON or JSONL file.
func jsonRecord(name string, raw []byte, line, index int) Item {
	it := Item{Path: name, Line: line, Index: index, Hash: hash(raw)}
	var a Article
	var err error
	var syntax *json.SyntaxError
	switch raw = bytes.TrimSpace(raw); {
	case len(raw) > 0 && raw[0] == '{':
		if err = a.UnmarshalJSON(raw); errors.As(err, &syntax) {
			err = jsonError(err)
		}
	case json.Valid(raw):
		err = errWantObject
	default:
		var v any
		err = jsonError(json.Unmarshal(raw, &v))
	}
	if err == nil {
		err = a.validate()
	}
	if err != nil {
		it.Err = fmt.Errorf("%s: line %d: %w", name, line, err)
		return it
	}
	it.Article = a
	return it
}

// jsonError words a decoding error, which is a syntax error or the end of
// the input.
func jsonError(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.New("invalid JSON: unexpected end of input")
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// skipJSONSpace returns the offset of the first byte at or after i in data
// that is neither JSON white space nor a comma.
func skipJSONSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r', ',':
			i++
		default:
			return i
		}
	}
	return i
}

// A lineCounter turns increasing byte offsets into 1-based line numbers.
type lineCounter struct {
	data []byte
	pos  int // offset counted up to
	line int // lines before pos, less one
}

func (c *lineCounter) at(off int) int {
	off = min(max(off, 0), len(c.data))
	if off < c.pos {
		c.pos, c.line = 0, 0
	}
	c.line += bytes.Count(c.data[c.pos:off], []byte{'\n'})
	c.pos = off
	return c.line + 1
}

// ReadJSONL reads the articles of the JSONL file name from r, one JSON
// object a line, gzip-compressed or not, and calls fn with each in order.
// Lines are streamed, each up to MaxLineSize bytes; blank lines are skipped,
// and lines may end in CRLF. Each object is decoded as
// [Article.UnmarshalJSON] says, and must have a title or a body.
//
// Each Item has Path name, its Line, its Index among the non-blank lines and
// the Hash of the line's bytes (without the line end); its ID is the id
// field, possibly empty. A line with a problem comes as an Item with Err set
// ("corpus/a.jsonl: line 12: field "title": want a string", "…: line 13: line
// too long (more than 16 MiB)"), and reading goes on with the next line. A
// problem with the whole file ("corpus/a.jsonl.gz: truncated gzip stream"),
// which ends reading, comes as a last Item with Err set, after the records
// read before it. ReadJSONL returns the first error fn returns, at which it
// stops, and otherwise nil.
func (o Options) ReadJSONL(name string, r io.Reader, fn func(Item) error) error {
	zr, err := gunzip(r)
	if err != nil {
		return fn(Item{Path: name, Err: readError(name, err)})
	}
	br := bufio.NewReaderSize(zr, readBufferSize)
	if head, _ := br.Peek(binaryProbeSize); bytes.IndexByte(head, 0) >= 0 {
		return fn(Item{Path: name, Err: fmt.Errorf("%s: %w", name, errBinary)})
	}
	maxLine := o.maxLineSize()
	var buf []byte
	lineNo, index := 0, 0
	for {
		line, tooLong, err := readLine(br, buf[:0], maxLine)
		buf = line[:0]
		if err != nil && err != io.EOF {
			return fn(Item{Path: name, Err: readError(name, err)})
		}
		if err == io.EOF && len(line) == 0 && !tooLong {
			break
		}
		lineNo++
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, bomUTF8)
		}
		if tooLong || len(bytes.TrimSpace(line)) > 0 {
			index++
			if ferr := fn(jsonlRecord(name, line, lineNo, index, tooLong, maxLine)); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			break
		}
	}
	if index == 0 {
		return fn(Item{Path: name, Err: fmt.Errorf("%s: %w", name, errEmpty)})
	}
	return nil
}

// jsonlRecord decodes one line of a JSONL file.
func jsonlRecord(name string, line []byte, lineNo, index int, tooLong bool, maxLine int) Item {
	var err error
	if tooLong {
		err = fmt.Errorf("line too long (more than %s)", formatSize(int64(maxLine)))
	} else if bad := invalidUTF8(line); bad >= 0 {
		err = fmt.Errorf("invalid UTF-8 at byte %d", bad)
	}
	if err != nil {
		return Item{Path: name, Line: lineNo, Index: index, Err: fmt.Errorf("%s: line %d: %w", name, lineNo, err)}
	}
	return jsonRecord(name, line, lineNo, index)
}

// readLine reads one line from br into buf, without its "\n" or "\r\n". A
// line longer than max is read to its end and dropped, with tooLong set. err
// is io.EOF for a last line with no line end (or no line at all).
func readLine(br *bufio.Reader, buf []byte, max int) ([]byte, bool, error) {
	tooLong := false
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			buf = append(buf, frag...)
			if len(buf) > max+2 { // room for "\r\n"
				tooLong, buf = true, buf[:0]
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line := bytes.TrimSuffix(buf, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) > max {
			tooLong, line = true, buf[:0]
		}
		return line, tooLong, err
	}
}

// hash returns the hex SHA-256 of b.
func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
