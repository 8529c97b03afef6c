package analyzer

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the package registers itself in bleve's registry. They
// differ from bleve's own Arabic names (ar, normalize_ar, stemmer_ar,
// stop_ar), so both can be linked into one binary.
const (
	TokenizerName       = "arsearch_tokenizer"
	NormalizeFilterName = "arsearch_normalize"
	StopFilterName      = "arsearch_stop"
	StemFilterName      = "arsearch_stem"
	// Name is the full analyzer: normalize, drop stop words, stem. As a
	// custom analyzer type it takes the booleans "stem" and "stop".
	Name = "arsearch"
	// ExactName normalizes only: no stemming, stop words kept. It serves
	// the exact view of a field and phrase matching.
	ExactName = "arsearch_exact"
	// NoStopName normalizes and stems but keeps stop words.
	NoStopName = "arsearch_nostop"
)

// The only init in the module: bleve opens an index by the analyzer names
// saved in its mapping, so they must be registered before any Open.
func init() {
	must := func(err error) {
		if err != nil {
			panic(fmt.Sprintf("analyzer: %v", err))
		}
	}
	must(registry.RegisterTokenizer(TokenizerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return Tokenizer{}, nil
		}))
	must(registry.RegisterTokenFilter(NormalizeFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return NormalizeFilter{}, nil
		}))
	must(registry.RegisterTokenFilter(StopFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return StopFilter{Words: DefaultStopSet()}, nil
		}))
	must(registry.RegisterTokenFilter(StemFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return StemFilter{}, nil
		}))
	must(registry.RegisterAnalyzer(Name, newFromConfig))
	must(registry.RegisterAnalyzer(ExactName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return New(WithStemming(false), WithStopWords(false)), nil
		}))
	must(registry.RegisterAnalyzer(NoStopName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return New(WithStopWords(false)), nil
		}))
}

// newFromConfig builds the analyzer from a bleve custom-analyzer config:
// {"type": "arsearch", "stem": false, "stop": false}.
func newFromConfig(config map[string]interface{}, _ *registry.Cache) (analysis.Analyzer, error) {
	var opts []Option
	for _, key := range []string{"stem", "stop"} {
		v, ok := config[key]
		if !ok {
			continue
		}
		on, isBool := v.(bool)
		if !isBool {
			return nil, fmt.Errorf("analyzer %s: option %q: want a boolean, got %v", Name, key, v)
		}
		if key == "stem" {
			opts = append(opts, WithStemming(on))
		} else {
			opts = append(opts, WithStopWords(on))
		}
	}
	return New(opts...), nil
}
