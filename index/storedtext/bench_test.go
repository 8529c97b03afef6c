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
	texts := corpusTexts(b)
	stored := make([][]byte, len(texts))
	var size int64
	for i, s := range texts {
		stored[i] = Encode(nil, s)
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		for i, v := range stored {
			var err error
			if buf, err = Decode(buf[:0], v); err != nil || len(buf) != len(texts[i]) {
				b.Fatalf("Decode: %v", err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}

// BenchmarkSnappyDecode is what reading a stored text cost before: bleve
// snappy-compressed it, and decoding it is the floor the code is compared to.
func BenchmarkSnappyDecode(b *testing.B) {
	texts := corpusTexts(b)
	stored := make([][]byte, len(texts))
	var size int64
	for i, s := range texts {
		stored[i] = snappy.Encode(nil, []byte(s))
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		for i, v := range stored {
			var err error
			if buf, err = snappy.Decode(buf[:cap(buf)], v); err != nil || len(buf) != len(texts[i]) {
				b.Fatalf("snappy.Decode: %v", err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}

// BenchmarkUnpack is the unpacking part of Decode alone.
func BenchmarkUnpack(b *testing.B) {
	texts := corpusTexts(b)
	packed := make([][]byte, len(texts))
	var size int64
	for i, s := range texts {
		packed[i] = pack(nil, s)
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		for i, p := range packed {
			var err error
			if buf, err = unpack(buf[:0], p); err != nil || len(buf) != len(texts[i]) {
				b.Fatalf("unpack: %v", err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}
