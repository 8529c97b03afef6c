package web

import (
	"crypto/subtle"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// A write must come from a program that knows the index's token, never
// from a web page open in the user's browser, which could otherwise post
// into the index on localhost (a "simple" cross-site form or fetch needs
// no permission from the server). So writes are refused when:
//
//   - the browser says the request comes from another site
//     (Sec-Fetch-Site other than same-origin or none), or its Origin is not
//     this server;
//   - the body has a form content type (only JSON is read, and a browser
//     cannot send a JSON content type cross-origin without asking first,
//     which this server never allows);
//   - the token is missing or wrong (Authorization: Bearer TOKEN).

// writeRefusal returns why the write r must be refused, with its status,
// or nil when it may go on.
func (srv *server) writeRefusal(r *http.Request) *httpError {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return &httpError{http.StatusForbidden, "cross-origin requests may not write to the index"}
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || u.Host != r.Host {
			return &httpError{http.StatusForbidden, "cross-origin requests may not write to the index (Origin " + origin + ")"}
		}
	}
	if srv.token == "" {
		return &httpError{http.StatusForbidden, "this server does not accept writes"}
	}
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(srv.token)) != 1 {
		msg := "a write needs the index's token: Authorization: Bearer TOKEN (the token is in the index directory's api-token file)"
		if auth != "" {
			msg = "wrong token in Authorization (the token is in the index directory's api-token file)"
		}
		return &httpError{http.StatusUnauthorized, msg}
	}
	if r.Method == http.MethodPost && !jsonContent(r.Header.Get("Content-Type")) {
		return &httpError{http.StatusUnsupportedMediaType, "Content-Type must be application/json or application/x-ndjson"}
	}
	return nil
}

// jsonContent reports whether a content type is JSON or JSON lines.
func jsonContent(ctype string) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return false
	}
	switch mt {
	case "application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
		return true
	}
	return false
}
