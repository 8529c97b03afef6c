package analyzer

import (
	"bytes"
	"slices"
	"testing"
)

// TestHandoff: with the hand-off on, the stemmed view gives its usual
// tokens, leaves the normalized ones for the exact view, and the exact
// view of the same bytes (in another buffer) gives exactly what it gives
// alone, on 4,000 news paragraphs; a record is taken once.
func TestHandoff(t *testing.T) {
	full, exact := New(WithHandoff()), New(WithStemming(false), WithStopWords(false), WithHandoff())
	plainFull, plainExact := New(), New(WithStemming(false), WithStopWords(false))
	taken := 0
	for i, p := range paragraphs(newsText(t)) {
		if d := diffStreams(full.Analyze(p), plainFull.pipeline(p)); d != "" {
			t.Fatalf("paragraph %d, stemmed view: %s", i, d)
		}
		want := plainExact.pipeline(p)
		if i%2 == 0 {
			// Look at the record itself: it must be there, and only once.
			got := take(bytes.Clone(p))
			if got == nil && len(want) > 0 {
				t.Fatalf("paragraph %d: no record for the exact view", i)
			}
			if d := diffStreams(got, want); d != "" {
				t.Fatalf("paragraph %d, record: %s", i, d)
			}
			if again := take(p); again != nil {
				t.Fatalf("paragraph %d: the record was taken twice", i)
			}
			taken++
			continue
		}
		if d := diffStreams(exact.Analyze(bytes.Clone(p)), want); d != "" {
			t.Fatalf("paragraph %d, exact view: %s", i, d)
		}
	}
	if taken < 1000 {
		t.Fatalf("only %d records looked at", taken)
	}
}

// TestHandoffReusedBuffer: a caller that overwrites its buffer after the
// stemmed view changes neither the record nor what the exact view of the
// new content gives.
func TestHandoffReusedBuffer(t *testing.T) {
	full, exact := New(WithHandoff()), New(WithStemming(false), WithStopWords(false), WithHandoff())
	plainExact := New(WithStemming(false), WithStopWords(false))
	first := "ذهب الرئيس إلى العاصمة في زيارة رسمية"
	second := "عادت الوزيرة من المدينة بعد جولة طويلة"
	buf := []byte(first)
	full.Analyze(buf)
	copy(buf, second[:len(first)]) // the same length, other words
	if d := diffStreams(exact.Analyze(buf), plainExact.pipeline(buf)); d != "" {
		t.Fatalf("exact view of the overwritten buffer: %s", d)
	}
	if d := diffStreams(exact.Analyze([]byte(first)), plainExact.pipeline([]byte(first))); d != "" {
		t.Fatalf("exact view of the first text after the buffer changed: %s", d)
	}
}

// TestHandoffOtherText: the exact view of a text the stemmed view has not
// seen analyzes it itself, and a stemmed view with hand-off off leaves no
// record.
func TestHandoffOtherText(t *testing.T) {
	full, exact := New(WithHandoff()), New(WithStemming(false), WithStopWords(false), WithHandoff())
	plainExact := New(WithStemming(false), WithStopWords(false))
	full.Analyze([]byte("والعراقيون في بغداد"))
	other := []byte("والسوريون في دمشق")
	if d := diffStreams(exact.Analyze(other), plainExact.pipeline(other)); d != "" {
		t.Fatal(d)
	}
	text := []byte("المملكة العربية السعودية " + t.Name())
	New().Analyze(text)
	if take(text) != nil {
		t.Fatal("an analyzer without WithHandoff left a record")
	}
	if !slices.Equal(exact.Terms(string(text)), plainExact.Terms(string(text))) {
		t.Fatal("exact view differs with no record")
	}
}
