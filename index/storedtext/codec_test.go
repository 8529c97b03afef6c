package storedtext

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// corpusTexts reads the titles and bodies of the bundled ANT corpus.
func corpusTexts(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("../../corpus/antcorpus-v1.1.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(z)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r.Title, r.Body)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func roundTrip(t testing.TB, text string) []byte {
	t.Helper()
	enc := Encode(nil, text)
	got, err := Decode(nil, enc)
	if err != nil {
		t.Fatalf("Decode(Encode(%.40q)): %v", text, err)
	}
	if string(got) != text {
		t.Fatalf("Decode(Encode(%.40q)) = %.40q (% x), want it back", text, got, got)
	}
	return enc
}

// TestRoundTripCorpus: every title and body of the bundled corpus comes
// back byte for byte, and the stored form is under 40% of the text (the
// code's reason to exist; snappy, what bleve would use, leaves about 50%).
func TestRoundTripCorpus(t *testing.T) {
	var text, stored int
	for _, s := range corpusTexts(t) {
		enc := roundTrip(t, s)
		text += len(s)
		stored += len(enc)
	}
	if text < 1<<20 {
		t.Fatalf("only %d bytes of corpus text", text)
	}
	if r := float64(stored) / float64(text); r > 0.40 {
		t.Errorf("stored %d of %d bytes (%.3f), want under 0.40", stored, text, r)
	}
}

// TestRoundTripOdd: vocalized and mixed text, marks and letters outside
// the packed block, the escape bytes themselves, invalid UTF-8 and binary.
func TestRoundTripOdd(t *testing.T) {
	cases := map[string]string{
		"empty":                "",
		"one letter":           "ب",
		"vocalized":            "وَقَالَ الرَّئِيسُ إِنَّ المُفَاوَضَاتِ مُسْتَمِرَّةٌ",
		"tatweel and digits":   "الـــيـــوم ١٢٣٤ ٪ ، ؛ ؟ 2024",
		"persian letters":      "گفت‌وگو پیش کی ژ ڤ ڨ",
		"presentation forms":   "ﻟﻠﺮﻳﺎﺽ ﻷ ﷲ",
		"bidi and zero width":  "\u200fالرياض\u200c\u200d\u202b«نص»\u202c\u00a0–",
		"escape bytes":         "\x01\x02\x01\x01 \x02\x02",
		"latin and emoji":      "Demain Dès l'Aube 🙂 € 𝔸",
		"nul":                  "a\x00b\x00",
		"lone lead bytes":      "\xd8\xd9\xd8",
		"lead then ascii":      "\xd8a\xd9 \xe0\x80",
		"cut arabic":           "سلا\xd9",
		"extra continuation":   "\xd8\xa7\x80\x80",
		"surrogate encoded":    "\xed\xa0\x80",
		"overlong":             "\xc0\xaf\xe0\x80\xaf",
		"high bytes":           "\xf5\xf8\xfe\xff",
		"cut escape lookalike": "\x02\xd8",
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) { roundTrip(t, s) })
	}
	bin := make([]byte, 1<<16)
	for i := range bin {
		bin[i] = byte(i*7 + i>>8)
	}
	roundTrip(t, string(bin))
	long := strings.Repeat("المملكة العربية السعودية ", 20000)
	if enc := roundTrip(t, long); enc[0] != tagZstd || len(enc) > len(long)/50 {
		t.Errorf("a repeated text of %d bytes stored in %d (tag %c), want zstd and far smaller", len(long), len(enc), enc[0])
	}
}

// TestDecodeAppends: Decode appends to dst and leaves what was there.
func TestDecodeAppends(t *testing.T) {
	enc := Encode([]byte("head:"), "بيروت")
	if !bytes.HasPrefix(enc, []byte("head:")) {
		t.Fatalf("Encode dropped dst's bytes: %q", enc)
	}
	got, err := Decode([]byte("x"), enc[len("head:"):])
	if err != nil || string(got) != "xبيروت" {
		t.Fatalf("Decode = %q, %v, want %q", got, err, "xبيروت")
	}
}

// TestDecodeDamaged: a value Encode cannot have written is ErrDamaged.
func TestDecodeDamaged(t *testing.T) {
	good := Encode(nil, strings.Repeat("مجلس الوزراء يناقش الميزانية ", 10))
	if good[0] != tagZstd {
		t.Fatalf("tag %c, want z", good[0])
	}
	for name, v := range map[string][]byte{
		"unknown tag":   append([]byte{'q'}, good[1:]...),
		"cut frame":     good[:len(good)/2],
		"cut escape":    {tagPacked, 'a', escByte},
		"cut rune":      {tagPacked, escRune, 0xE2, 0x80},
		"bad rune lead": {tagPacked, escRune, 0x80},
		"plain text":    []byte("الرياض"),
		"flipped byte":  flipped(good),
	} {
		if _, err := Decode(nil, v); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: Decode(% x) error = %v, want ErrDamaged", name, v, err)
		}
	}
}

// flipped is v with one byte of its compressed middle changed.
func flipped(v []byte) []byte {
	out := append([]byte(nil), v...)
	out[len(out)/2] ^= 0x10
	return out
}

// FuzzRoundTrip: any byte string comes back exactly.
func FuzzRoundTrip(f *testing.F) {
	f.Add("وَقَالَ الرَّئِيسُ")
	f.Add("\x01\x02\xd8\xd9\xff")
	f.Add("گفت‌وگو ﻟﻠﺮﻳﺎﺽ 🙂")
	f.Add(strings.Repeat("الأمم المتحدة ", 30))
	f.Fuzz(func(t *testing.T, s string) {
		enc := roundTrip(t, s)
		if s != "" && len(enc) > 2*len(s)+1 {
			t.Errorf("stored %d bytes for %d", len(enc), len(s))
		}
	})
}

// FuzzDecode: any stored value decodes or is ErrDamaged, without a panic;
// what a packed value decodes to packs back to it when it is valid UTF-8.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{tagPacked, 0x80, 0xC1, 'a'})
	f.Add(Encode(nil, strings.Repeat("وزارة الخارجية ", 8)))
	f.Add([]byte{tagPacked, escRune, 0xF0, 0x9F, 0x99, 0x82})
	f.Fuzz(func(t *testing.T, v []byte) {
		out, err := Decode(nil, v)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("Decode(% x): %v, want ErrDamaged", v, err)
			}
			return
		}
		if len(v) > 0 && v[0] == tagPacked && utf8.Valid(out) {
			roundTrip(t, string(out))
		}
	})
}

// TestConcurrent: the shared encoder and decoder are used from many
// goroutines at once (the build's writers, concurrent searches).
func TestConcurrent(t *testing.T) {
	texts := corpusTexts(t)[:400]
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := g; i < len(texts); i += 3 {
				enc := Encode(nil, texts[i])
				got, err := Decode(nil, enc)
				if err != nil || string(got) != texts[i] {
					t.Errorf("goroutine %d, text %d: %v", g, i, err)
					return
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}
