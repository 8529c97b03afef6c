package article

import (
	"bytes"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Names of the encodings DecodeText converts from.
const (
	charsetWindows1256 = "windows-1256"
	charsetISO88596    = "iso-8859-6"
	charsetUTF16LE     = "utf-16le"
	charsetUTF16BE     = "utf-16be"
)

var (
	errEmpty  = errors.New("empty file")
	errBinary = errors.New("binary file (NUL byte)")
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// legacyCharsets are the single-byte encodings DecodeText tries, the
// preferred one first.
var legacyCharsets = []struct {
	name string
	enc  *charmap.Charmap
}{
	{charsetWindows1256, charmap.Windows1256},
	{charsetISO88596, charmap.ISO8859_6},
}

// DecodeText checks that data, the contents of the text file name, is text
// and returns it as UTF-8 without a byte order mark, with the name of the
// encoding it was converted from: "windows-1256", "iso-8859-6", "utf-16le",
// "utf-16be", or "" when it was UTF-8 already. The result
// may share memory with data.
//
// A file with a UTF-16 byte order mark is converted from UTF-16, and one that
// is not valid UTF-8 is converted from Windows-1256 or ISO-8859-6 when it
// reads as mostly Arabic in one of them (the package documentation says how
// the two are told apart). Otherwise the error names the file and why:
// "corpus/x.txt: empty file", "corpus/x.txt: binary file (NUL byte)",
// "corpus/x.txt: invalid UTF-8 at byte 1234".
func DecodeText(name string, data []byte) (text []byte, charset string, err error) {
	if len(data) == 0 {
		return nil, "", fmt.Errorf("%s: %w", name, errEmpty)
	}
	switch {
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(name, data, xunicode.LittleEndian, charsetUTF16LE)
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(name, data, xunicode.BigEndian, charsetUTF16BE)
	}
	skip := 0
	if bytes.HasPrefix(data, bomUTF8) {
		skip = len(bomUTF8)
	}
	text = data[skip:]
	if bytes.IndexByte(text, 0) >= 0 {
		return nil, "", fmt.Errorf("%s: %w", name, errBinary)
	}
	bad := invalidUTF8(text)
	if bad < 0 {
		return text, "", nil
	}
	if skip == 0 && !mostlyUTF8(text) {
		if out, cs, ok := decodeLegacy(text); ok {
			return out, cs, nil
		}
	}
	return nil, "", fmt.Errorf("%s: invalid UTF-8 at byte %d", name, skip+bad)
}

// decodeUTF16 converts data, which starts with a UTF-16 byte order mark.
func decodeUTF16(name string, data []byte, order xunicode.Endianness, charset string) ([]byte, string, error) {
	out, err := xunicode.UTF16(order, xunicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", fmt.Errorf("%s: invalid %s: %w", name, charset, err)
	}
	if bytes.IndexByte(out, 0) >= 0 {
		return nil, "", fmt.Errorf("%s: %w", name, errBinary)
	}
	return out, charset, nil
}

// invalidUTF8 returns the offset of the first byte of b that is not part of
// valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// mostlyUTF8 reports whether most of b's non-ASCII bytes belong to valid
// multi-byte UTF-8 sequences: UTF-8 with a few stray bytes, not a legacy
// encoding.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid += size
		}
		i += size
	}
	return valid > invalid
}

// decodeLegacy converts b from the legacy Arabic encoding it reads best in,
// if any reads as mostly Arabic.
func decodeLegacy(b []byte) (out []byte, charset string, ok bool) {
	best := 0.0
	for _, cs := range legacyCharsets {
		text, share := arabicShare(cs.enc, b)
		if share > best {
			out, charset, ok, best = text, cs.name, true, share
		}
	}
	return out, charset, ok
}

// arabicShare decodes b with enc and returns the text and the share of its
// letters that are Arabic, or a share of 0 when the decoding has undefined
// bytes or control characters, or fewer than two Arabic letters, or when the
// share is not more than half.
func arabicShare(enc encoding.Encoding, b []byte) ([]byte, float64) {
	text, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, 0
	}
	arabic, letters := 0, 0
	for _, r := range string(text) {
		switch {
		case r == utf8.RuneError:
			return nil, 0
		case unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v':
			return nil, 0
		case unicode.IsLetter(r):
			letters++
			if unicode.Is(unicode.Arabic, r) {
				arabic++
			}
		}
	}
	if arabic < 2 || 2*arabic <= letters {
		return nil, 0
	}
	return text, float64(arabic) / float64(letters)
}
