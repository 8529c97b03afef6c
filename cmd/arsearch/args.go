package main

import (
	"slices"
	"strings"
)

// negMarker is put before a query word that starts with "-" (-العراق,
// -"وزير الخارجية", -(…)) so that the flag parser takes it as an argument:
// flags are ASCII letters, so such a word is never one. The query command
// removes it again.
const negMarker = "\x00"

// markQueryWords returns args with negMarker before each query word that
// starts with "-" and is not a flag, when the command is query. Nothing
// after "--" is touched.
func markQueryWords(args []string) []string {
	if !slices.Contains(args, "query") {
		return args
	}
	out := slices.Clone(args)
	for i, a := range out {
		if a == "--" {
			break
		}
		if len(a) >= 2 && a[0] == '-' && (a[1] >= 0x80 || a[1] == '"' || a[1] == '(') {
			out[i] = negMarker + a
		}
	}
	return out
}

// unmarkQueryWords removes what markQueryWords added.
func unmarkQueryWords(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.TrimPrefix(a, negMarker)
	}
	return out
}
