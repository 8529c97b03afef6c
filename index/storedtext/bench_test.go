package storedtext

import (
	"testing"

	"github.com/klauspost/compress/snappy"
)

// The benchmarks run over every title and body of the bundled corpus; an
// op is the whole corpus, and ns/article is reported beside MB/s.

func BenchmarkEncode(b *testing.B) {
	texts := corpusTexts(b)
	var size int64
	for _, s := range texts {
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		for _, s := range texts {
			buf = Encode(buf[:0], s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}

func BenchmarkDecode(b *testing.B) {
	benchDecode(b, func(s string) []byte { return Encode(nil, s) }, Decode)
}

// BenchmarkSnappyDecode is what reading a stored text cost before: bleve
// snappy-compressed it, and decoding it is the floor the code is compared to.
func BenchmarkSnappyDecode(b *testing.B) {
	benchDecode(b, func(s string) []byte { return snappy.Encode(nil, []byte(s)) },
		func(dst, v []byte) ([]byte, error) { return snappy.Decode(dst[:cap(dst)], v) })
}

// BenchmarkUnpack is the unpacking part of Decode alone.
func BenchmarkUnpack(b *testing.B) {
	benchDecode(b, func(s string) []byte { return pack(nil, s) }, unpack)
}

// benchDecode times decode over every corpus text as encode stored it,
// checking each comes back at its length.
func benchDecode(b *testing.B, encode func(string) []byte, decode func(dst, stored []byte) ([]byte, error)) {
	texts := corpusTexts(b)
	stored := make([][]byte, len(texts))
	var size int64
	for i, s := range texts {
		stored[i] = encode(s)
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		for i, v := range stored {
			var err error
			if buf, err = decode(buf[:0], v); err != nil || len(buf) != len(texts[i]) {
				b.Fatalf("decode: %v", err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}
