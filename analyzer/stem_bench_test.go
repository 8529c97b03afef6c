package analyzer

import (
	"bytes"
	"testing"
)

// BenchmarkStem stems the 20,000 most frequent ANT news words (from the
// embedded lexicon), reporting bytes of input per second and allocations.
func BenchmarkStem(b *testing.B) {
	words := lexiconSample(20000)
	var size int64
	for _, w := range words {
		size += int64(len(w))
	}
	if got, want := Stem([]byte("وبالعراق")), []byte("عراق"); !bytes.Equal(got, want) {
		b.Fatalf("Stem(%q) = %q, want %q", "وبالعراق", got, want)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			Stem(w)
		}
	}
}
