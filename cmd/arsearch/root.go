package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/arsearch/arsearch/index"
)

// flagError is what cobra's flag parsing failures become (exit status 2).
type flagError struct{ error }

// isFlagError reports a flag or command-name mistake (exit status 2).
func isFlagError(err error) bool {
	var fe flagError
	return errors.As(err, &fe) || strings.HasPrefix(err.Error(), "unknown command")
}

// usageArgs makes a positional-argument check's failure a usage error
// (exit status 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageErr(err)
		}
		return nil
	}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "arsearch",
		Short: "Full-text search for Arabic news",
		Long: `arsearch indexes folders of Arabic news articles and finds them again
whatever the spelling: with or without diacritics and tatweel, any alef or
hamza form, ى/ي, ة/ه, Persian letters, Arabic-Indic digits, attached
prefixes (و ف ب ك ل ال لل) and plural, dual, feminine or nisba endings.

Exit status: 0 success, 1 failure, 2 bad flags, arguments or query,
3 finished but some inputs failed (each was reported on stderr).`,
		Example: `  arsearch index ./corpus
  arsearch query "العراق سوريا"
  arsearch serve
  arsearch analyze "وبالعراق"`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flagError{err} })
	defaultDir, err := index.DefaultDir()
	if err != nil {
		defaultDir = ""
	}
	root.PersistentFlags().String("index", defaultDir,
		"index directory (also $ARSEARCH_INDEX)")
	root.PersistentFlags().String("color", "auto", "bold marks: auto (on a terminal, unless $NO_COLOR is set), always or never")
	root.Version = version()
	root.SetVersionTemplate("arsearch {{.Version}}\n")
	root.AddCommand(newAnalyzeCmd(), newIndexCmd(), newQueryCmd(), newServeCmd(), newEvalCmd(), newShowCmd(), newStatsCmd())
	return root
}
