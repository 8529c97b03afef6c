package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckedSegmentsAreRecorded: the first open reads every segment and
// records it; the next finds nothing new to read; a segment changed in
// place afterwards (same size, new time) is read again and refused.
func TestCheckedSegmentsAreRecorded(t *testing.T) {
	ix, dir := buildSegmented(t)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	record := filepath.Join(dir, checkedFile)

	path := filepath.Join(dir, bleveDir)
	verified, err := checkSegments(path)
	if err != nil || len(verified) == 0 {
		t.Fatalf("first check: %d segments verified, %v", len(verified), err)
	}
	ix2, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ix2.Close()
	if got := readChecked(record); len(got) != len(verified) {
		t.Fatalf("record holds %d segments, want %d", len(got), len(verified))
	}
	if again, err := checkSegments(path); err != nil || again != nil {
		t.Fatalf("second check verified %d segments again (%v); want none", len(again), err)
	}

	var seg string
	for name := range verified {
		seg = filepath.Join(path, "store", name)
	}
	data, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(data) / 2; i < len(data)/2+64; i++ {
		data[i] ^= 0x5a
	}
	if err := os.WriteFile(seg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("Open after a segment changed in place: %v; want a checksum mismatch", err)
	}
}
