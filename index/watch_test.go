package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// watchLimit only catches a change Watch never picks up; how fast it does
// is not asserted.
const watchLimit = 30 * time.Second

// watching runs ix.Watch over root in the background until the test ends,
// and returns the problems it reported so far.
func watching(t *testing.T, ix *Index, root string, opts WatchOptions) func() []string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var mu sync.Mutex
	var problems []string
	opts.Build.OnError = func(err error) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, err.Error())
	}
	done := make(chan error, 1)
	go func() { done <- ix.Watch(ctx, []string{root}, opts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Watch returned %v, want context.Canceled", err)
		}
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// eventually waits until query has want hits, failing after watchLimit.
func eventually(t *testing.T, ix *Index, what, query string, want uint64) {
	t.Helper()
	deadline := time.Now().Add(watchLimit)
	for {
		res, err := find(t.Context(), ix, lookup{Query: query})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d hits for %s after %v, want %d", what, res.Total, query, watchLimit, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWatchNotifications: with rescans an hour apart, only file
// notifications can tell Watch about a new file, a new folder with a file,
// a changed file and a deleted one; each is searchable (or gone) soon
// after, and a bad file is reported by name.
func TestWatchNotifications(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "a.txt"), "العراق وسوريا\n\nبحث الجانبان العلاقات الثنائية في بغداد.\n")
	ix, err := Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	problems := watching(t, ix, root, WatchOptions{Rescan: time.Hour})
	eventually(t, ix, "the first run", "بغداد", 1)
	if p := problems(); len(p) > 0 && strings.HasPrefix(p[0], "watching files:") {
		t.Skipf("this system gives no file notifications: %s", p[0])
	}

	writeFile(t, filepath.Join(root, "b.txt"), "تونس\n\nانطلاق المهرجان العربي للكاريكاتير في صفاقس.\n")
	eventually(t, ix, "a new file", "صفاقس", 1)
	if err := os.Mkdir(filepath.Join(root, "2024"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "2024", "c.txt"), "الجزائر\n\nافتتاح معرض الكتاب الدولي في وهران.\n")
	eventually(t, ix, "a file in a new folder", "وهران", 1)
	writeFile(t, filepath.Join(root, "a.txt"), "العراق وسوريا\n\nبحث الجانبان العلاقات الثنائية في دمشق.\n")
	eventually(t, ix, "a changed file (new text)", "دمشق", 1)
	eventually(t, ix, "a changed file (old text)", "بغداد", 0)
	if err := os.Remove(filepath.Join(root, "b.txt")); err != nil {
		t.Fatal(err)
	}
	eventually(t, ix, "a deleted file", "صفاقس", 0)
	writeFile(t, filepath.Join(root, "bad.json"), `{"id": "x", "title": `)
	deadline := time.Now().Add(watchLimit)
	for !strings.Contains(strings.Join(problems(), "\n"), "bad.json") {
		if time.Now().After(deadline) {
			t.Fatalf("a bad file was not reported: %q", problems())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("the index holds %d articles, want 2", n)
	}
}

// TestWatchRescan: a folder reached through a symbolic link is indexed
// (Build follows links) but not watched, so only the periodic rescan
// sees a file added there.
func TestWatchRescan(t *testing.T) {
	root, elsewhere := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(root, "a.txt"), "العراق وسوريا\n\nبحث الجانبان العلاقات الثنائية في بغداد.\n")
	if err := os.Symlink(elsewhere, filepath.Join(root, "linked")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	watching(t, ix, root, WatchOptions{Rescan: 300 * time.Millisecond})
	eventually(t, ix, "the first run", "بغداد", 1)
	writeFile(t, filepath.Join(elsewhere, "d.txt"), "ليبيا\n\nاجتماع في طرابلس لبحث الانتخابات.\n")
	eventually(t, ix, "a file only a rescan sees", "طرابلس", 1)
}
