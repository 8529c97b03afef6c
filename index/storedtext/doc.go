// Package storedtext is how arsearch keeps an article's body in the index:
// a byte-for-byte reversible code that writes each letter of the Arabic
// block U+0600–U+067F in one byte instead of UTF-8's two (pack.go), then
// compressed with zstd (codec.go).
//
// bleve's zap segments store each document's fields snappy-compressed on
// their own, which leaves short Arabic texts at about half their size;
// packed and zstd-compressed they take under a third (BENCHMARKS.md
// section 4). Encode and Decode are total: any byte string, valid UTF-8 or
// not, comes back exactly; a damaged stored value is an error, never a
// panic.
//
// The package knows nothing of bleve, fields or files: index decides which
// field holds the encoded text, and every reader of the body goes through
// index's one accessor, which calls Decode.
package storedtext
