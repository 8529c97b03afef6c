// Package analyzer turns Arabic (and mixed Arabic/Latin) text into search
// terms: a tokenizer that keeps byte offsets into the original text, a
// normalizer (presentation forms, marks, tatweel, alef and hamza forms,
// alef maqsura, teh marbuta, Persian and Urdu letters, digits, case), stop
// words, and a light stemmer that strips stacked proclitics and the suffixes
// of sound plurals, duals, the feminine, nisba and attached pronouns only
// where what remains is a word.
//
// Every stage works per token, so Token.Start and Token.End always point
// into the original input: highlights show the text as written, vocalized
// or not.
//
// The package is a leaf: it knows nothing of files, indexes, the CLI or HTTP.
// It plugs into bleve through the token filters, tokenizer and analyzers it
// registers (see register.go), and works on its own through New, Normalize
// and Stem.
package analyzer
