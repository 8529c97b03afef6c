// Package analyzer turns Arabic (and mixed Arabic/Latin) text into search
// terms: a tokenizer that keeps byte offsets into the original text, a
// normalizer (presentation forms, marks, tatweel, alef and hamza forms,
// alef maqsura, teh marbuta, Persian, Urdu and Maghrebi letters such as
// ڤ پ گ چ ژ, digits, case), stop words matched on the word as written, and
// a light stemmer that strips stacked proclitics and the suffixes of sound
// plurals, duals, the feminine, nisba and attached pronouns only where what
// remains is a word.
//
// Every stage works per token, so Token.Start and Token.End always point
// into the original input: highlights show the text as written, vocalized
// or not.
//
// # Words a reader types are never damaged
//
// Each rule that could merge two words asks the embedded lexicon (word
// counts of the ANT news corpus) first: a word that takes the article
// itself (النادي, الالتزام) keeps its first letters; لل before a word that
// starts with ل restores its lam (للجنة → لجنه); names in
// data/protected.txt survive every clitic (للبنان → لبنان, والله → الله);
// stop words are matched as written, so the name علي is searched while the
// preposition على is dropped. The package tests measure this on public
// text (gauge_test.go; BENCHMARKS.md has the figures), and
// testdata/gauge.golden explains every word they still flag.
//
// # Use
//
// On its own: New(options...) returns an Analyzer (Analyze, Terms, Tokens,
// Visit); Normalize, Stem and Related work on single words. The options:
//
//   - WithStemming(false): no stemming, normalized surface forms only;
//   - WithStopWords(false): keep stop words; WithStopSet: use your own;
//   - WithStemExclusion(words...): words never stemmed, like the
//     stem_exclusion (keyword) list of Lucene and OpenSearch.
//
// In bleve (register.go) the package registers:
//
//   - analyzers "arsearch" (normalize, stop words, stem), "arsearch_exact"
//     (normalize only) and "arsearch_nostop" (normalize and stem);
//   - the tokenizer "arsearch_tokenizer" and the token filters
//     "arsearch_normalize", "arsearch_stop" and "arsearch_stem", for chains
//     of your own ("arsearch_stop" matches words as written, so it goes
//     before "arsearch_normalize").
//
// "arsearch" as the type of a custom analyzer takes the options "stem"
// and "stop" (true or false) and "stem_exclusion" (a list of words):
//
//	{"type": "arsearch", "stem": true, "stop": false, "stem_exclusion": ["البنك", "بنك"]}
//
// Any other key is an error that names it.
//
// The package is a leaf: it knows nothing of files, indexes, the CLI or HTTP.
package analyzer
