package article

import (
	"strings"
	"time"
	"unicode"
)

// dateLabels start the line that gives a text article's date, as
// "المصدر" starts the source's.
var dateLabels = []string{"التاريخ", "تاريخ النشر"}

// Text dates are numeric: year first with "-", "/" or "." between the
// parts, or day first (as Arabic news sites write them), with one or two
// digit days and months and an optional time of day.
var textDateLayouts = func() []string {
	var out []string
	for _, d := range []string{"2006-1-2", "2006/1/2", "2006.1.2", "2/1/2006", "2-1-2006", "2.1.2006"} {
		out = append(out, d, d+" 15:04", d+" 15:04:05")
	}
	return out
}()

// The years a text date may have: bleve's dates end in 1677 and 2262, and
// a year outside these is a typo rather than news.
const (
	minTextYear = 1800
	maxTextYear = 2200
)

// maxDateLineBytes bounds the lines tried as dates: the longest form with a
// label is far shorter.
const maxDateLineBytes = 120

// dateLine returns the date that the line p gives: "التاريخ: 2024-03-11"
// (or "تاريخ النشر: …", the colon optionally spaced) or a line that is
// only a date, "11/03/2024". Digits may be Arabic-Indic (١١/٠٣/٢٠٢٤) or
// Persian. A line with a label and something that is not a date is not a
// date line.
func dateLine(p string) (time.Time, bool) {
	if len(p) > maxDateLineBytes {
		return time.Time{}, false
	}
	value := p
	for _, label := range dateLabels {
		if rest, ok := strings.CutPrefix(p, label); ok {
			if after, ok := cutColon(rest); ok {
				value = after
				break
			}
		}
	}
	return parseTextDate(value)
}

// cutColon returns what follows a colon at the start of s, after space.
func cutColon(s string) (string, bool) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	for _, colon := range []string{":", "：", "﹕"} {
		if after, ok := strings.CutPrefix(s, colon); ok {
			return strings.TrimFunc(after, isBlank), true
		}
	}
	return "", false
}

// parseTextDate reads s as one of textDateLayouts, after folding its
// digits to ASCII and trimming a final period, or as [ParseDate] does.
func parseTextDate(s string) (time.Time, bool) {
	s = strings.TrimSuffix(strings.TrimFunc(foldDigits(s), isBlank), ".")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return time.Time{}, false
	}
	t, err := ParseDate(s)
	if err != nil {
		for _, layout := range textDateLayouts {
			if t, err = time.Parse(layout, s); err == nil {
				break
			}
		}
	}
	if err != nil || t.Year() < minTextYear || t.Year() > maxTextYear {
		return time.Time{}, false
	}
	return t, true
}

// foldDigits writes Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9)
// digits as ASCII ones.
func foldDigits(s string) string {
	if !strings.ContainsFunc(s, isEasternDigit) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= arabicIndicZero && r <= arabicIndicZero+9:
			r = '0' + r - arabicIndicZero
		case r >= persianZero && r <= persianZero+9:
			r = '0' + r - persianZero
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isEasternDigit(r rune) bool {
	return (r >= arabicIndicZero && r <= arabicIndicZero+9) || (r >= persianZero && r <= persianZero+9)
}

const (
	arabicIndicZero = '\u0660' // ٠
	persianZero     = '\u06F0' // ۰
)
