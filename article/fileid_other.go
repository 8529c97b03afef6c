//go:build !unix

package article

import "io/fs"

// fileID is unused where files have no inode: folders are compared with
// os.SameFile instead.
type fileID struct{}

func idOf(fs.FileInfo) (fileID, bool) { return fileID{}, false }
