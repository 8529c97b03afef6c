// Package index stores articles in a bleve index: articles in (Add, Put,
// Build over a folder, incrementally and on every core, Watch), the
// directory and its lock, compaction, and the corpus statistics that
// ranking reads (WithStats). Searching it is the search package's job;
// this package imports nothing from it.
//
// Each text field is indexed twice from one value: stemmed (title, body)
// and exact, normalized but unstemmed (title_exact, body_exact), so exact
// forms rank above mere stem matches and phrases match the words as
// written. The title is stored as text; the body is stored once, packed
// and zstd-compressed (storedtext, in body_text), and read back only
// through StoredBody or HitBody. Marks come from term offsets into the
// original text, so they show it as written, vowels and tatweel included. Compact merges an
// index into one segment (segments of up to CompactMergeBytes when it is
// larger), for faster queries after a large build.
//
// The package owns the index directory: it marks it as an arsearch index,
// refuses directories that are not, and fails fast (ErrLocked) when
// another process holds the index. It does not print, parse flags or serve
// HTTP.
package index
