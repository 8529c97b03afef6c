// Package index stores articles in a bleve index and answers searches:
// articles in (Add, Build over a folder, incrementally and on every core),
// ranked hits out (Search, with highlights on the original text, facets,
// filters and the arsearch query language of ParseQuery).
//
// Each text field is indexed twice from one stored value: stemmed (title,
// body) and exact, normalized but unstemmed (title_exact, body_exact), so
// exact forms rank above mere stem matches and phrases match the words as
// written. Marks come from term offsets into the stored original text, so
// they show it as written, vowels and tatweel included.
//
// A query's plain words run as one searcher over their terms' postings
// (wordsQuery), scoring as bleve's nested boolean queries would, only
// faster. Compact merges an index into one segment, for faster queries
// after a large build.
//
// The package owns the index directory: it marks it as an arsearch index,
// refuses directories that are not, and fails fast (ErrLocked) when
// another process holds the index. It does not print, parse flags or serve
// HTTP.
package index
