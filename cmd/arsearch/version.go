package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/index"
)

// version is what --version prints after "arsearch ": the module version
// (with the commit when built from a checkout) and the index format.
func version() string {
	v := "(unknown)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	return fmt.Sprintf("%s (index format %d)", v, index.Format)
}

// useColor reads --color (auto, always, never) for output to w: auto is
// bold marks on a terminal unless $NO_COLOR is set.
func useColor(cmd *cobra.Command, w io.Writer) (bool, error) {
	mode := "auto"
	if f := cmd.Flags().Lookup("color"); f != nil {
		mode = f.Value.String()
	}
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return os.Getenv("NO_COLOR") == "" && isTerminal(w), nil
	}
	return false, usageErr(fmt.Errorf("--color %q: want auto, always or never", mode))
}
