// Package article turns files into news articles.
//
// It owns the [Article] type and the readers for the formats arsearch
// indexes:
//
//   - Plain text, the layout of the seed article ([ParseText]): the title on
//     the first non-empty line, then one paragraph per line, then the news
//     site's boilerplate and a final "المصدر: …" line naming the source. The
//     boilerplate is recognised, not cut by line count (see [ParseText]). A
//     line "التاريخ: 2024-03-11" (or only a date) below the title or in the
//     final block gives the date.
//   - JSON: one object, an array of objects, or objects one after another
//     ([ReadJSON]).
//   - JSONL (also .ndjson): one object per line, streamed ([ReadJSONL]).
//
// Any of them may be gzip-compressed: gzip is detected by its magic bytes,
// whatever the file is called.
//
// [Walk] reads a folder tree and hands each article (or each problem) to a
// callback as an [Item], with its id, file, line and a content hash for
// incremental re-indexing. [DupTracker] reports ids seen twice.
//
// # Encodings
//
// JSON and JSONL must be UTF-8 (RFC 8259). A text file may start with a UTF-8
// byte order mark, which is dropped, and may use CRLF or CR line ends. A text
// file with a UTF-16 byte order mark is converted from UTF-16. A text file
// that is not valid UTF-8 is tried as the two legacy Arabic single-byte
// encodings, Windows-1256 and ISO-8859-6, and converted when exactly that
// makes sense ([DecodeText]):
//
//   - the decoding has no undefined bytes and no control characters
//     (ISO-8859-6 leaves many bytes undefined, among them the Windows-1256
//     codes of ف ق ك غ, so most Windows-1256 text rules it out at once);
//   - more than half of its letters are Arabic;
//   - when both qualify, the one with the larger share of Arabic letters
//     wins (ISO-8859-6 text read as Windows-1256 turns ه و ي ى into Latin
//     letters such as ç è é ê), and a tie goes to Windows-1256, by far the
//     more common of the two in news archives;
//   - and the input does not look like UTF-8 with a few stray bytes (most
//     of its non-ASCII bytes form valid UTF-8 sequences), which would
//     otherwise turn into mojibake.
//
// # Folders
//
// [Walk] takes .txt, .json, .jsonl and .ndjson files and the same names
// ending in .gz, in lexical order, and skips other files silently, as it
// does hidden files and folders (names starting with "."), and anything
// that is not a regular file or a folder. It follows symbolic links, to
// files and to folders, and remembers every folder it has entered by device
// and inode (on systems without inodes, by [os.SameFile]), so a link loop or
// two links to one folder are read once.
//
// # Limits
//
// One article is at most 16 MiB in every format: a .txt file, one object of
// a .json file, one line of a JSONL file ([Options]); a .json file is at
// most 64 MiB. Indexing an article takes tens of times its size in memory,
// so a bigger one is refused ("corpus/x.txt: file too large for one article
// (more than 16 MiB)") after reading just past the limit. A file removed
// between listing its folder and reading it is an error naming it; a
// folder removed so is skipped.
//
// # Errors
//
// Problems with the input are values, never printed and never panics. The
// readers report each one as an [Item] whose Err names the file and, for JSON
// and JSONL, the line: "corpus/a.jsonl: line 12: field "title": want a
// string". Byte offsets in messages count from 0.
//
// The package knows nothing of indexing, the command line or HTTP.
package article
