package web

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseLabels reads display names of category codes, one a line:
//
//	# comment
//	internationalNews = أخبار دولية
//
// Blank lines and lines starting with # are skipped. name is the file's
// name, for errors, which say which line is wrong.
func ParseLabels(name string, r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("%s: line %d: invalid UTF-8", name, n)
		}
		if strings.ContainsFunc(line, unicode.IsControl) {
			return nil, fmt.Errorf("%s: line %d: a control character", name, n)
		}
		code, label, ok := strings.Cut(line, "=")
		code, label = strings.TrimSpace(code), strings.TrimSpace(label)
		if !ok || code == "" || label == "" {
			return nil, fmt.Errorf("%s: line %d: want code = label", name, n)
		}
		if _, dup := out[code]; dup {
			return nil, fmt.Errorf("%s: line %d: %s is given twice", name, n, code)
		}
		out[code] = label
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}
