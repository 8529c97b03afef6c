package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Server timeouts and limits used by Serve.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = searchTimeout + 5*time.Second // a slow search still gets its answer out
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 64 << 10 // a query of search.MaxQueryBytes, percent-encoded, fits
	shutdownTimeout   = 5 * time.Second
)

// Serve answers HTTP requests on ln with h until ctx ends, then shuts down
// gracefully: it stops accepting, lets requests in flight finish for up to
// five seconds (then closes them), and closes ln. It returns nil after such
// a shutdown, or the error that stopped the server. Server-side errors (a bad TLS
// handshake, a panic in h) go to log; nil discards them.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err // Serve never returns nil
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	var err error
	if shutErr := srv.Shutdown(sctx); shutErr != nil {
		log.Warn("requests still running after the shutdown timeout; closing them", "err", shutErr)
		err = srv.Close()
	}
	if serveErr := <-done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}
