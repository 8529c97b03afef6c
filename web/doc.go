// Package web serves the arsearch search page and its JSON API.
//
// [New] returns an http.Handler over a [Searcher] (a search.Engine over an index, or any
// other implementation in tests):
//
//	GET /                      the search page; ?q= runs a search
//	GET /article/{id}          one article, the words of ?q= marked
//	GET /api/search            the same search as JSON
//	GET /api/article/{id}      the same article as JSON
//	GET /static/{name}         the embedded style sheet and script
//
// With Options.Writer and Options.Token set, it also takes writes, each
// needing the token (Authorization: Bearer TOKEN), a JSON body and no sign
// of a cross-origin browser request (see auth.go):
//
//	POST /api/articles         index articles (object, array or JSON lines), one atomic batch
//	DELETE /api/articles/{id}  delete one article
//	POST /api/index            index folders on the server's machine (BuildRequest), streaming BuildEvents
//	POST /api/query            run an search.Request, answer the search.Result
//	POST /api/show             one article (ShowRequest), answer the search.Document
//	POST /api/summary          answer the index.Summary
//
// The last four are what `arsearch index`, `query`, `show` and `stats`
// use, through [Client], when a server holds the index.
//
// Search parameters, on the page and in the API: q (the query language of
// search.ParseQuery), page (from 1), size (hits per page, up to
// Options.MaxPageSize), sort (relevance or date), source and category
// (repeatable; several values of one are alternatives, different ones
// combine), from and to (YYYY, YYYY-MM or YYYY-MM-DD, both ends included),
// exact=1 (no typo corrections) and plain=1 (the query is plain words, no
// operators: search.ParsePlain). A new query typed
// into the search box starts without filters.
//
// Pages are html/template files embedded in the binary, parsed once by New,
// rendered into a buffer and written only when rendering succeeded. The
// only HTML the package builds itself is the <mark> around matched words
// (see markedHTML). Every response carries a strict Content-Security-Policy:
// no inline script or style and nothing from other hosts, so the page works
// offline and with JavaScript off.
//
// Errors in the user's input (a malformed query, a bad parameter) are HTTP
// 400 with the reason, an unknown article or path is 404, methods other
// than GET and HEAD are 405 (but on the write routes), and anything else is a 500 whose cause goes to
// the logger, not to the client.
//
// [Serve] runs a handler on a listener with server timeouts set and stops
// it gracefully when its context ends.
//
// The package does not open or own an index, parse flags or print.
package web
