package storedtext

import (
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The first byte of an encoded text says how the rest is written.
const (
	tagPacked = 'p' // the packed text as is
	tagZstd   = 'z' // one zstd frame of the packed text
)

// maxZstd is the longest packed text that is compressed: longer ones (a
// limit far above arsearch's 16 MiB per article) are kept packed only,
// so that the decoder's memory bound never refuses what Encode wrote.
const maxZstd = 64 << 20

// level is the zstd level. SpeedDefault against SpeedFastest on the 30k
// SaudiNewsNet bodies: 0.287 against 0.301 of the text's size, at the
// same speed to within the noise (BENCHMARKS.md section 4).
const level = zstd.SpeedDefault

var (
	codecOnce sync.Once
	encoder   *zstd.Encoder
	decoder   *zstd.Decoder
	codecErr  error
)

// codecs makes the shared zstd encoder and decoder on first use. Both are
// safe for concurrent use (EncodeAll, DecodeAll).
func codecs() error {
	codecOnce.Do(func() {
		// Each frame keeps zstd's checksum (4 bytes, 0.1% of the index),
		// so a damaged stored body is an error, not a wrong text.
		encoder, codecErr = zstd.NewWriter(nil,
			zstd.WithEncoderLevel(level),
			zstd.WithZeroFrames(true))
		if codecErr != nil {
			return
		}
		decoder, codecErr = zstd.NewReader(nil,
			zstd.WithDecoderMaxMemory(maxZstd+1<<20))
	})
	return codecErr
}

// Encode appends the stored form of text to dst: empty for an empty text,
// else a tag byte and the packed text, zstd-compressed unless that would
// not make it shorter.
func Encode(dst []byte, text string) []byte {
	if text == "" {
		return dst
	}
	start := len(dst)
	dst = append(dst, tagPacked)
	dst = pack(dst, text)
	packed := len(dst) - start - 1
	if packed < 32 || packed > maxZstd || codecs() != nil {
		return dst
	}
	// Compress the packed bytes into the space after them, then move the
	// frame over them if it is shorter.
	frame := encoder.EncodeAll(dst[start+1:], dst[len(dst):])
	if len(frame) >= packed {
		return dst
	}
	dst[start] = tagZstd
	n := copy(dst[start+1:], frame)
	return dst[:start+1+n]
}

// ErrDamaged is returned by Decode for a stored value that Encode cannot
// have written.
var ErrDamaged = errors.New("damaged stored text")

// Decode appends to dst the text whose stored form is stored.
func Decode(dst, stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return dst, nil
	}
	body := stored[1:]
	switch stored[0] {
	case tagPacked:
	case tagZstd:
		if err := codecs(); err != nil {
			return dst, err
		}
		var buf []byte
		if p := packedPool.Get(); p != nil {
			buf = (*p.(*[]byte))[:0]
		}
		raw, err := decoder.DecodeAll(body, buf)
		if err != nil {
			return dst, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		defer func() { packedPool.Put(&raw) }()
		body = raw
	default:
		return dst, fmt.Errorf("%w: unknown tag %#x", ErrDamaged, stored[0])
	}
	out, err := unpack(dst, body)
	if err != nil {
		return dst, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return out, nil
}

// DecodeString is Decode for callers that want a string.
func DecodeString(stored string) (string, error) {
	out, err := Decode(nil, []byte(stored))
	return string(out), err
}

// packedPool holds buffers for the packed text between zstd and unpack.
var packedPool sync.Pool
