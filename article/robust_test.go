package article

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// walkAll walks root and returns its items; fn, when not nil, is called
// with each first.
func walkAll(t *testing.T, opts Options, root string, fn func(Item)) []Item {
	t.Helper()
	var items []Item
	err := opts.Walk(context.Background(), root, func(it Item) error {
		if fn != nil {
			fn(it)
		}
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk(%s) = %v, want nil: problems with files are items", root, err)
	}
	return items
}

// describe renders items one a line: "id" or "error: message".
func describe(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		if it.Err != nil {
			fmt.Fprintf(&b, "error: %v\n", it.Err)
		} else {
			fmt.Fprintf(&b, "%s\n", it.Article.ID)
		}
	}
	return b.String()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const (
	iraqText  = "العراق وسوريا\n\nتركزت مناقشات الرئيس السوري على العلاقات مع العراق.\n"
	tunisText = "تونس\n\nانطلقت الدورة الجديدة من مهرجان قرطاج.\n"
)

// TestWalkFileRemovedBeforeReading: a file listed with its folder and
// removed before Walk reads it is one item naming it, and the walk goes on.
func TestWalkFileRemovedBeforeReading(t *testing.T) {
	root := filepath.Join(t.TempDir(), "news")
	writeFiles(t, root, map[string]string{"a.txt": iraqText, "b.txt": tunisText, "c.txt": tunisText})
	items := walkAll(t, Options{}, root, func(it Item) {
		if it.Article.ID == "news/a.txt" { // the folder has been listed: b.txt goes now
			if err := os.Remove(filepath.Join(root, "b.txt")); err != nil {
				t.Fatal(err)
			}
		}
	})
	want := "news/a.txt\nerror: " + filepath.Join(root, "b.txt") + ": open: no such file or directory\nnews/c.txt\n"
	if got := describe(items); got != want {
		t.Errorf("Walk with b.txt removed mid-walk:\n%s\nwant:\n%s", got, want)
	}
	if !errors.Is(items[1].Err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", items[1].Err)
	}
}

// TestWalkFolderRemovedBeforeReading: a folder removed after its parent was
// listed is skipped (there is nothing left to read), and the walk ends.
func TestWalkFolderRemovedBeforeReading(t *testing.T) {
	root := filepath.Join(t.TempDir(), "news")
	writeFiles(t, root, map[string]string{"a.txt": iraqText, "sub/x.txt": tunisText, "z.txt": tunisText})
	items := walkAll(t, Options{}, root, func(it Item) {
		if it.Article.ID == "news/a.txt" {
			if err := os.RemoveAll(filepath.Join(root, "sub")); err != nil {
				t.Fatal(err)
			}
		}
	})
	if got, want := describe(items), "news/a.txt\nnews/z.txt\n"; got != want {
		t.Errorf("Walk with sub/ removed mid-walk:\n%s\nwant:\n%s", got, want)
	}
}

// TestWalkArticleSizeCaps: a text file over MaxArticleSize, and one object
// of a JSON array over it, are refused without reading them whole; the
// objects around it are read.
func TestWalkArticleSizeCaps(t *testing.T) {
	root := filepath.Join(t.TempDir(), "news")
	big := strings.Repeat("نص طويل عن العراق ", 100) // 3,200 bytes
	writeFiles(t, root, map[string]string{
		"big.txt":   "عنوان\n\n" + big,
		"small.txt": iraqText,
		"arr.json":  `[{"id": "j1", "title": "تونس"},` + "\n" + `{"id": "j2", "title": "` + big + `"},` + "\n" + `{"id": "j3", "title": "سوريا"}]`,
	})
	items := walkAll(t, Options{MaxArticleSize: 2 << 10}, root, nil)
	want := "j1\n" +
		"error: " + filepath.Join(root, "arr.json") + ": line 2: object too large for one article (more than 2 KiB)\n" +
		"j3\n" +
		"error: " + filepath.Join(root, "big.txt") + ": file too large for one article (more than 2 KiB)\n" +
		"news/small.txt\n"
	if got := describe(items); got != want {
		t.Errorf("Walk with a 2 KiB article cap:\n%s\nwant:\n%s", got, want)
	}
	// The default caps take the same files.
	if got := describe(walkAll(t, Options{}, root, nil)); got != "j1\nj2\nj3\nnews/big.txt\nnews/small.txt\n" {
		t.Errorf("Walk with the default caps:\n%s", got)
	}
}

// TestWalkHugeTextFileIsNotReadWhole: a text file of 50 MB (over the 16 MiB
// cap of one article) is refused after reading just past the cap.
func TestWalkHugeTextFileIsNotReadWhole(t *testing.T) {
	root := t.TempDir()
	f, err := os.Create(filepath.Join(root, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(strings.Repeat("نص طويل عن العراق وسوريا ", 40) + "\n")
	for n := 0; n < 50<<20; n += len(line) {
		f.Write(line)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	f, err = os.Open(filepath.Join(root, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	read := countingReader{r: f}
	it := Options{}.readText(filepath.Join(root, "huge.txt"), "huge.txt", &read)
	if it.Err == nil || !strings.HasSuffix(it.Err.Error(), "huge.txt: file too large for one article (more than 16 MiB)") {
		t.Fatalf("huge.txt: err = %v, want file too large for one article", it.Err)
	}
	if read.n > DefaultMaxArticleSize+readBufferSize+1 {
		t.Errorf("read %d bytes of huge.txt, want at most the cap and a buffer", read.n)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestWalkUnreadableFile: a file the user may not read is one item naming
// it ("permission denied"), and the walk goes on. Root reads any file, so
// when the tests run as root this test runs itself again as the user
// nobody; where that is impossible it says so and skips.
func TestWalkUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		if os.Getenv("ARSEARCH_TEST_UNPRIVILEGED") != "" {
			t.Fatal("still root after switching to nobody")
		}
		rerunAsNobody(t, "TestWalkUnreadableFile")
		return
	}
	root := filepath.Join(t.TempDir(), "news")
	writeFiles(t, root, map[string]string{"a.txt": iraqText, "secret.txt": tunisText, "z.txt": tunisText})
	if err := os.Chmod(filepath.Join(root, "secret.txt"), 0); err != nil {
		t.Fatal(err)
	}
	want := "news/a.txt\nerror: " + filepath.Join(root, "secret.txt") + ": open: permission denied\nnews/z.txt\n"
	if got := describe(walkAll(t, Options{}, root, nil)); got != want {
		t.Errorf("Walk with secret.txt chmod 000:\n%s\nwant:\n%s", got, want)
	}
}

// rerunAsNobody runs the test binary again as the user nobody (65534),
// with only the test named run, and fails with its output if it fails.
func rerunAsNobody(t *testing.T, run string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	// A copy nobody can run: the go tool's build folder is private.
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "article.test")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^"+run+"$", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ARSEARCH_TEST_UNPRIVILEGED=1", "TMPDIR=/tmp")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Skipf("running as root, where permission bits do not stop reading, and cannot run as nobody (%v): the unreadable-file case is not tested here", err)
		}
		t.Fatalf("%s as nobody: %v\n%s", run, err, out.String())
	}
	if !strings.Contains(out.String(), "--- PASS: "+run) {
		t.Fatalf("%s as nobody did not pass:\n%s", run, out.String())
	}
	t.Logf("ran as root: %s ran again as the user nobody and passed", run)
}
