// Package tmpfs gives tests a disk that fills: a small tmpfs mounted on a
// temporary folder.
package tmpfs

import (
	"os/exec"
	"strings"
	"testing"
)

// Mount mounts a tmpfs of the given size (mount's size= option, "8m") on
// a new temporary folder and returns it; the test's cleanup unmounts it.
// The tests run as root, in CI too; where mounting is not permitted the
// test is skipped with the reason.
func Mount(t testing.TB, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("a full disk is simulated with a small tmpfs, and mount is not permitted here: %v: %s", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}
