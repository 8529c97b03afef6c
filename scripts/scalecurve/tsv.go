package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// appendRow appends r to the TSV file, writing the header first when the
// file is new or empty.
func appendRow(name string, r row) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	var b strings.Builder
	if info.Size() == 0 {
		b.WriteString(strings.Join(header, "\t") + "\n")
	}
	b.WriteString(strings.Join(r.fields(), "\t") + "\n")
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readRows reads every row of a TSV written by appendRow.
func readRows(name string) ([]row, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 {
			if strings.Join(cols, "\t") != strings.Join(header, "\t") {
				return nil, fmt.Errorf("%s: line 1: want the header %q", name, strings.Join(header, " "))
			}
			continue
		}
		if len(cols) != len(header) {
			return nil, fmt.Errorf("%s: line %d: %d columns, want %d", name, line, len(cols), len(header))
		}
		num := func(i int) float64 {
			x, e := strconv.ParseFloat(cols[i], 64)
			if e != nil && err == nil {
				err = fmt.Errorf("%s: line %d: column %s: %q is not a number", name, line, header[i], cols[i])
			}
			return x
		}
		r := row{Label: cols[0], Articles: int(num(1)), JSONLMB: num(2), WallS: num(3),
			UserS: num(5), SysS: num(6), PeakRSSMiB: num(7), IndexMB: num(8), Segments: int(num(9)),
			P50: num(10), P90: num(11), P99: num(12), Load1: num(13), When: cols[14]}
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, sc.Err()
}
