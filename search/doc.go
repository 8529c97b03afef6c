// Package search answers searches over an index.Index: the arsearch query
// language (ParseQuery), ranking (Ranking), typo corrections, phrases
// checked against the stored text, highlights and snippets on the
// original text, facets and filters (Run), one article with its marks
// (Article) and completions of what a reader types (Suggest). Engine
// offers the three as methods, for callers that take an interface.
//
// A query's plain words run as one searcher over their terms' postings
// (wordsQuery), scoring as bleve's nested boolean queries would, only
// faster; the statistics it scores with are the index's (Index.WithStats in package index).
//
// Inside this package, search, query and index name bleve's packages of
// those names (bleve/v2/search, its query, and bleve_index_api), as in
// bleve's own code; arsearch's index package is imported as arindex.
//
// The package reads the index and never writes it. It does not print,
// parse flags or serve HTTP.
package search
