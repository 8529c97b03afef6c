package article

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ParseText reads an article in the seed's text layout from data, the
// contents of the file name (used in error messages; the article's ID is
// left empty for the caller to assign):
//
//	تطوير العلاقات.. محور اتصال سوري- عراقي        <- title: the first non-empty line
//
//	تركزت مناقشات الرئيس السوري، ...              <- body: one paragraph a line
//	...
//	“الخارجية” تدين الاعتداء على سوريين في العراق  <- boilerplate, dropped
//	اذا كنت تعتقد/تعتقدين أن المقال يحوي ...
//	أرسل/أرسلي تصحيحًا
//	مرتبط
//	المصدر: عنب بلدي                              <- source
//
// The body keeps one paragraph a line, separated by "\n", with blank lines
// dropped and each line trimmed of surrounding space and direction marks.
//
// Boilerplate is recognised, not cut by line count. Going up from the last
// line, the trailing block is made of:
//   - the source line, "المصدر: …" (or "المصدر : …"), which sets Source;
//   - known notice lines: the correction and complaint notices ("إذا كنت
//     تعتقد أن المقال …", "أرسل تصحيحًا", "قدم شكوى") and markers such as
//     "مرتبط", "اقرأ أيضًا", "شارك", "ذات صلة", matched with alef forms
//     folded (أ إ آ → ا), diacritics and tatweel removed, punctuation
//     ignored, and a gendered alternative after "/" ignored, so
//     "تعتقد/تعتقدين" and "تعتقد" match alike;
//   - short title-like lines (up to 15 words and 120 letters, with no final
//     punctuation) between two such lines: related articles' titles;
//   - and at most one short title-like line right above the topmost notice,
//     the title of a related article, unless the body would be left empty.
//
// The block ends at the first line that is none of these, so an article
// without boilerplate keeps every paragraph, and a lone source line takes no
// paragraph with it. Notice lines inside the body (an inline "اقرأ أيضًا: …"
// link) are dropped too.
//
// The date may be given on a line of its own, right below the title or in
// the trailing block beside the source line: "التاريخ: 2024-03-11" (or
// "تاريخ النشر: …"), or a line that is only a date. Year-first dates
// (2024-03-11, 2024/03/11) and day-first ones (11/03/2024, 11-03-2024,
// 11.03.2024) are read, with one- or two-digit days and months, an
// optional time (" 14:30"), Arabic-Indic or Persian digits (١١/٠٣/٢٠٢٤),
// and any form [ParseDate] reads; the line is taken off the body and the
// date is UTC. A line whose date cannot be read (31/02/2024, a year
// outside 1800–2200, a month name) is not a date line: it stays in the
// body, and Date stays zero. When both places give a date, the top one
// wins.
//
// The text may be in any encoding [DecodeText] accepts; errors are those of
// DecodeText, or "name: empty file" when no line has text.
func ParseText(name string, data []byte) (Article, error) {
	text, _, err := DecodeText(name, data)
	if err != nil {
		return Article{}, err
	}
	return parseText(name, text)
}

// parseText is ParseText on valid UTF-8.
func parseText(name string, text []byte) (Article, error) {
	lines := splitLines(string(text))
	if len(lines) == 0 {
		return Article{}, fmt.Errorf("%s: %w", name, errEmpty)
	}
	var buf []byte
	paras := lines[1:]
	var date time.Time
	if len(paras) > 0 {
		if d, ok := dateLine(paras[0]); ok {
			date, paras = d, paras[1:]
		}
	}
	end, source, endDate := trailer(paras, &buf)
	if date.IsZero() {
		date = endDate
	}

	var body strings.Builder
	size := 0
	for _, p := range paras[:end] {
		size += len(p) + 1
	}
	body.Grow(size)
	for _, p := range paras[:end] {
		if isBoilerplate(p, &buf) {
			continue
		}
		if body.Len() > 0 {
			body.WriteByte('\n')
		}
		body.WriteString(p)
	}
	return Article{
		Title:  strings.Clone(lines[0]),
		Body:   body.String(),
		Source: strings.Clone(source),
		Date:   date,
	}, nil
}

// splitLines returns the lines of s that have text, trimmed. Lines end at
// "\n", "\r", U+2028 or U+2029, so CRLF and CR files split like LF ones.
func splitLines(s string) []string {
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	for len(s) > 0 {
		i, size := indexLineBreak(s)
		line := s
		if i >= 0 {
			line, s = s[:i], s[i+size:]
		} else {
			s = ""
		}
		if line = strings.TrimFunc(line, isBlank); line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

// indexLineBreak returns the offset and size of the first line break in s,
// or -1.
func indexLineBreak(s string) (int, int) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r':
			return i, 1
		case lineSeparatorUTF8[0]: // both separators start with this byte
			if strings.HasPrefix(s[i:], lineSeparatorUTF8) || strings.HasPrefix(s[i:], paragraphSeparatorUTF8) {
				return i, len(lineSeparatorUTF8)
			}
		}
	}
	return -1, 0
}

const (
	lineSeparatorUTF8      = string(lineSeparator)
	paragraphSeparatorUTF8 = string(paragraphSeparator)
)

// isBlank reports whether r is space or an invisible format mark that may
// pad a line: direction marks, zero-width characters and the BOM.
func isBlank(r rune) bool {
	switch r {
	case arabicLetterMark, zeroWidthSpace, zeroWidthNonJoiner, zeroWidthJoiner,
		leftToRightMark, rightToLeftMark, wordJoiner, byteOrderMark:
		return true
	}
	return unicode.IsSpace(r) ||
		(r >= leftToRightEmbedding && r <= rightToLeftOverride) ||
		(r >= leftToRightIsolate && r <= popDirectionalIsolate)
}

type lineKind int

const (
	kindText   lineKind = iota // a body paragraph
	kindShort                  // short and title-like: may be a related article's title
	kindNotice                 // a known boilerplate line
	kindSource                 // "المصدر: …"
	kindDate                   // "التاريخ: …", or only a date
)

// trailer finds the boilerplate block at the end of paras. It returns how
// many paragraphs come before it and the source and date named in it. buf
// is scratch space for folding.
func trailer(paras []string, buf *[]byte) (end int, source string, date time.Time) {
	end = len(paras)
	run := 0        // short lines above the block's top so far
	notice := false // the block has a notice line, not only a source line
	foundSource := false
scan:
	for i := len(paras) - 1; i >= 0; i-- {
		kind, value, d := classify(paras[i], buf)
		switch kind {
		case kindText:
			break scan
		case kindShort:
			run++
			continue
		case kindSource:
			if !foundSource {
				source, foundSource = value, true
			}
		case kindDate:
			if date.IsZero() {
				date = d
			}
		case kindNotice:
			notice = true
		}
		// The short lines below this one lie inside the block.
		run = 0
		end = i
	}
	if notice && run > 0 && end > 1 {
		end-- // a related article's title right above the block
	}
	return end, source, date
}

// classify tells what kind of line p is; for a source line, it also
// returns the source, and for a date line the date.
func classify(p string, buf *[]byte) (lineKind, string, time.Time) {
	if src, ok := sourceLine(p); ok {
		if src == "" {
			return kindNotice, "", time.Time{}
		}
		return kindSource, src, time.Time{}
	}
	if d, ok := dateLine(p); ok {
		return kindDate, "", d
	}
	if isBoilerplate(p, buf) {
		return kindNotice, "", time.Time{}
	}
	if isTitleLike(p) {
		return kindShort, "", time.Time{}
	}
	return kindText, "", time.Time{}
}

// sourceLine returns the text after "المصدر:" or "المصدر :".
func sourceLine(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, sourceLabel)
	if !ok {
		return "", false
	}
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	for _, colon := range []string{":", "：", "﹕"} {
		if after, ok := strings.CutPrefix(rest, colon); ok {
			return strings.TrimFunc(after, isBlank), true
		}
	}
	return "", false
}

// maxNoticeBytes bounds the lines tested as notices: every known notice is
// shorter, and body paragraphs longer than this skip the folding.
const maxNoticeBytes = 600

// isBoilerplate reports whether p is a known notice or marker line.
func isBoilerplate(p string, buf *[]byte) bool {
	if len(p) > maxNoticeBytes {
		return false
	}
	if strings.HasPrefix(p, "©") {
		return true
	}
	var whole bool
	*buf, whole = appendFolded((*buf)[:0], p, notices.maxLen+1)
	return notices.match(*buf, whole)
}

const (
	maxTitleWords = 15
	maxTitleRunes = 120
)

// isTitleLike reports whether p could be a headline: a few words with no
// final punctuation.
func isTitleLike(p string) bool {
	if len(p) > 4*maxTitleRunes || utf8.RuneCountInString(p) > maxTitleRunes {
		return false
	}
	words := 0
	inWord := false
	for _, r := range p {
		if unicode.IsSpace(r) {
			inWord = false
		} else if !inWord {
			inWord = true
			if words++; words > maxTitleWords {
				return false
			}
		}
	}
	last := strings.TrimRightFunc(p, isClosing)
	r, _ := utf8.DecodeLastRuneInString(last)
	return last != "" && !strings.ContainsRune(finalPunctuation, r)
}

// finalPunctuation ends sentences, not headlines.
const finalPunctuation = ".!?؟;؛:،,…"

// isClosing reports closing quotes and brackets, which may follow a
// sentence's final punctuation.
func isClosing(r rune) bool {
	return strings.ContainsRune("\"'”’»)]}›", r)
}

// A matcher matches folded lines against folded patterns.
type matcher struct {
	exact    map[string]bool
	prefixes [][]byte // match when followed by a space or the end
	maxLen   int      // of the longest pattern
}

// match reports whether folded matches a pattern; whole says whether it is
// the whole line folded, rather than the first maxLen+1 bytes or more.
func (m *matcher) match(folded []byte, whole bool) bool {
	if whole && m.exact[string(folded)] {
		return true
	}
	for _, p := range m.prefixes {
		if bytes.HasPrefix(folded, p) && (len(folded) == len(p) || folded[len(p)] == ' ') {
			return true
		}
	}
	return false
}

func newMatcher(exact, prefixes []string) *matcher {
	m := &matcher{exact: make(map[string]bool, len(exact))}
	for _, s := range exact {
		p, _ := appendFolded(nil, s, -1)
		m.exact[string(p)] = true
		m.maxLen = max(m.maxLen, len(p))
	}
	for _, s := range prefixes {
		p, _ := appendFolded(nil, s, -1)
		m.prefixes = append(m.prefixes, p)
		m.maxLen = max(m.maxLen, len(p))
	}
	return m
}

// notices are the boilerplate lines of Arabic news sites. Whole lines match
// the exact ones; lines starting with a prefix match it.
var notices = newMatcher([]string{
	// Enab Baladi's correction and complaint buttons.
	"أرسل/أرسلي تصحيحًا",
	"قدم/قدمي شكوى",
	// Related articles.
	"مرتبط",
	"مقالات مرتبطة",
	"اقرأ أيضًا",
	"اقرأ المزيد",
	"اقرأ أكثر",
	"ذات صلة",
	"مواضيع ذات صلة",
	"مقالات ذات صلة",
	"أخبار ذات صلة",
	"مواد ذات صلة",
	"الأكثر قراءة",
	"الأكثر مشاهدة",
	// Sharing, tags, comments.
	"شارك",
	"شارك المقال",
	"شارك الخبر",
	"شارك هذا المقال",
	"شارك هذا الخبر",
	"مشاركة",
	"الوسوم",
	"وسوم",
	"كلمات مفتاحية",
	"كلمات دلالية",
	"طباعة",
	"تابعونا",
	"التعليقات",
	"أضف تعليقًا",
}, []string{
	"إذا كنت تعتقد أن المقال", // the correction and complaint notices
	"اقرأ أيضًا",              // an inline link: "اقرأ أيضًا: …"
	"شارك على",
	"شارك عبر",
	"تابعونا على",
	"تابعنا على",
	"جميع الحقوق محفوظة",
})

// appendFolded appends s folded for matching boilerplate: alef forms as
// bare alef, alef maksura as yeh, teh marbuta as heh, diacritics and
// tatweel removed, the "/…" alternative of a gendered word dropped, and runs
// of anything but letters and digits made one space. It stops once it has
// appended more than limit bytes, if limit >= 0, and reports whether it
// folded all of s.
func appendFolded(dst []byte, s string, limit int) ([]byte, bool) {
	start := len(dst)
	space := false // a separator is pending
	alt := false   // inside a "/…" alternative
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space, alt = true, false
			continue
		case alt:
			continue
		case r == '/':
			alt = true
			continue
		case isDiacritic(r) || r == tatweel:
			continue
		}
		r = foldLetter(r)
		if !isArabicLetter(r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = true
			continue
		}
		if limit >= 0 && len(dst)-start > limit {
			return dst, false
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = utf8.AppendRune(dst, r)
	}
	return dst, true
}

// isArabicLetter is a fast path for the letters of the basic Arabic
// alphabet, hamza to yeh.
func isArabicLetter(r rune) bool {
	return r >= hamza && r <= yeh && r != tatweel
}

func foldLetter(r rune) rune {
	switch r {
	case alefMadda, alefHamzaAbove, alefHamzaBelow, alefWasla:
		return alef
	case alefMaksura:
		return yeh
	case tehMarbuta:
		return heh
	}
	return r
}

// isDiacritic reports the Arabic harakat, tanween, shadda, sukun and the
// other combining marks of the Arabic block, and the superscript alef.
func isDiacritic(r rune) bool {
	return (r >= fathatan && r <= wavyHamzaBelow) || r == superscriptAlef
}

// Letters and marks, by their Unicode names.
const (
	hamza           = '\u0621' // ء
	alef            = '\u0627' // ا
	alefMadda       = '\u0622' // آ
	alefHamzaAbove  = '\u0623' // أ
	alefHamzaBelow  = '\u0625' // إ
	alefWasla       = '\u0671' // ٱ
	alefMaksura     = '\u0649' // ى
	yeh             = '\u064A' // ي
	tehMarbuta      = '\u0629' // ة
	heh             = '\u0647' // ه
	tatweel         = '\u0640' // ـ
	fathatan        = '\u064B' // first of the harakat
	wavyHamzaBelow  = '\u065F' // last combining mark of the Arabic block
	superscriptAlef = '\u0670' // ٰ

	arabicLetterMark      = '\u061C'
	zeroWidthSpace        = '\u200B'
	zeroWidthNonJoiner    = '\u200C'
	zeroWidthJoiner       = '\u200D'
	leftToRightMark       = '\u200E'
	rightToLeftMark       = '\u200F'
	lineSeparator         = '\u2028'
	paragraphSeparator    = '\u2029'
	leftToRightEmbedding  = '\u202A' // first of the embeddings and overrides
	rightToLeftOverride   = '\u202E' // last of them
	wordJoiner            = '\u2060'
	leftToRightIsolate    = '\u2066' // first of the isolates
	popDirectionalIsolate = '\u2069' // last of them
	byteOrderMark         = '\uFEFF'
)

// sourceLabel starts the line that names the article's source.
const sourceLabel = "المصدر"
