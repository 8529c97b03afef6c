package storedtext

import (
	"errors"
	"unicode/utf8"
)

// The packed form of a text. Bytes below 0x80 stand for themselves, but
// for the two escapes; a byte 0x80+x stands for the letter U+0600+x
// (x < 128: the Arabic block's letters, marks, digits and punctuation,
// 81% of SaudiNewsNet's characters, two bytes each in UTF-8). Any other
// character is written as escRune and its UTF-8 bytes; a byte that is
// not part of valid UTF-8, and the escape bytes themselves, as escByte and
// the byte.
const (
	escByte = 0x01 // the next byte is literal
	escRune = 0x02 // a UTF-8 sequence follows, its length given by its lead byte
)

// Two-byte UTF-8 lead bytes of U+0600–U+063F and U+0640–U+067F.
const (
	leadArabicLow  = 0xD8
	leadArabicHigh = 0xD9
)

var errPacked = errors.New("damaged packed text")

// pack appends the packed form of src to dst.
func pack(dst []byte, src string) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c >= utf8.RuneSelf:
			if (c == leadArabicLow || c == leadArabicHigh) && i+1 < len(src) && src[i+1]&0xC0 == 0x80 {
				dst = append(dst, 0x80|(c-leadArabicLow)<<6|src[i+1]&0x3F)
				i += 2
				continue
			}
			r, n := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError && n == 1 {
				dst = append(dst, escByte, c)
			} else {
				dst = append(dst, escRune)
				dst = append(dst, src[i:i+n]...)
			}
			i += n
		case c == escByte || c == escRune:
			dst = append(dst, escByte, c)
			i++
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}

// unpack appends the text whose packed form is src to dst. It fails on
// input pack cannot have written (a cut escape), never panics. The text
// is at most twice as long as its packed form, so it is written into
// room made once, without append's checks.
func unpack(dst, src []byte) ([]byte, error) {
	j := len(dst)
	if need := j + 2*len(src); cap(dst) < need {
		grown := make([]byte, j, need)
		copy(grown, dst)
		dst = grown
	}
	out := dst[:cap(dst)]
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c >= 0x80 {
			out[j] = leadArabicLow + (c >> 6 & 1)
			out[j+1] = 0x80 | c&0x3F
			j += 2
			continue
		}
		switch c {
		case escByte:
			if i+1 >= len(src) {
				return dst, errPacked
			}
			i++
			out[j] = src[i]
			j++
		case escRune:
			if i+1 >= len(src) {
				return dst, errPacked
			}
			n := runeLen(src[i+1])
			if n == 0 || i+1+n > len(src) {
				return dst, errPacked
			}
			j += copy(out[j:], src[i+1:i+1+n])
			i += n
		default:
			out[j] = c
			j++
		}
	}
	return out[:j], nil
}

// runeLen is the length of the UTF-8 sequence that lead byte b starts, 0
// if b cannot start a multi-byte sequence.
func runeLen(b byte) int {
	switch {
	case b >= 0xC2 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF4:
		return 4
	}
	return 0
}
