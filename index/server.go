package index

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Files a serving arsearch keeps in the index directory, both readable by
// the index's owner only.
const (
	// tokenFile holds the index's write token: made once per index, by the
	// first server, and kept.
	tokenFile = "api-token"
	// serverFile says how to reach the server holding the index; the
	// server removes it when it stops.
	serverFile = "server.json"
)

// ErrNoServer: no server has recorded itself in the index directory.
var ErrNoServer = errors.New("no arsearch server holds the index")

// Server is what a serving arsearch records next to its index, so that
// other arsearch commands hand their work to it instead of failing on the
// lock.
type Server struct {
	URL   string `json:"url"` // the server's base URL: "http://127.0.0.1:8080/"
	PID   int    `json:"pid"`
	Token string `json:"-"` // the index's write token
}

// Token returns the write token of the index at dir, making it the first
// time: 32 random bytes in hex, in a file of mode 0600. A token file that
// others may read is refused, as is one that is empty.
func Token(dir string) (string, error) {
	path := filepath.Join(dir, tokenFile)
	for range 2 {
		tok, err := readToken(path)
		if !errors.Is(err, fs.ErrNotExist) {
			return tok, err
		}
		raw := make([]byte, 32)
		rand.Read(raw)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue // made meanwhile: read it
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, dirError(err))
		}
		tok = hex.EncodeToString(raw)
		_, err = f.WriteString(tok + "\n")
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", fmt.Errorf("%s: %w", path, err)
		}
		return tok, nil
	}
	return "", fmt.Errorf("%s: cannot create the token", path)
}

// readToken reads a token file, refusing one others may read.
func readToken(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("%s: readable by other users (mode %04o); make it private with: chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, dirError(err))
	}
	tok := strings.TrimSpace(string(raw))
	if tok == "" {
		return "", fmt.Errorf("%s: empty; delete it and restart the server to make a new token", path)
	}
	return tok, nil
}

// PublishServer records s (its URL and PID) in the index directory dir,
// with mode 0600, replacing what a server that ended without cleaning up
// left there. The caller must hold the index open for writing. The
// returned function removes the record.
func PublishServer(dir string, s Server) (unpublish func(), err error) {
	raw, _ := json.Marshal(s)
	path := filepath.Join(dir, serverFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(raw, '\n'), 0o600); err != nil {
		return nil, fmt.Errorf("%s: %w", tmp, dirError(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return func() { os.Remove(path) }, nil
}

// FindServer reads the server record of the index at dir, with the
// index's token. It is ErrNoServer when there is none. The record may be
// stale (its server killed): only the index lock tells, and Open removes
// a record it finds while taking the lock.
func FindServer(dir string) (Server, error) {
	raw, err := os.ReadFile(filepath.Join(dir, serverFile))
	if errors.Is(err, fs.ErrNotExist) {
		return Server{}, ErrNoServer
	}
	if err != nil {
		return Server{}, fmt.Errorf("%s: %w", filepath.Join(dir, serverFile), dirError(err))
	}
	var s Server
	if err := json.Unmarshal(raw, &s); err != nil || s.URL == "" {
		return Server{}, fmt.Errorf("%s: damaged (%v); delete it", filepath.Join(dir, serverFile), err)
	}
	if s.Token, err = readToken(filepath.Join(dir, tokenFile)); err != nil {
		return Server{}, err
	}
	return s, nil
}

// removeStaleServer deletes the server record of dir, if any: called
// holding the index lock, so no server is running.
func removeStaleServer(dir string) {
	os.Remove(filepath.Join(dir, serverFile))
}
