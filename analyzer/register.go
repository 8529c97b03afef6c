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
	// custom analyzer type it takes the booleans "stem" and "stop" and the
	// word list "stem_exclusion" (see newFromConfig).
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
			return New(WithStemming(false), WithStopWords(false), WithHandoff()), nil
		}))
	must(registry.RegisterAnalyzer(NoStopName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return New(WithStopWords(false)), nil
		}))
}

// Config keys of the arsearch analyzer as a bleve custom analyzer.
const (
	ConfigStem          = "stem"           // bool: light stemming (default true)
	ConfigStop          = "stop"           // bool: drop the default stop words (default true)
	ConfigStemExclusion = "stem_exclusion" // list of words never stemmed
)

// newFromConfig builds the analyzer from a bleve custom-analyzer config:
// {"type": "arsearch", "stem": false, "stop": false, "stem_exclusion":
// ["البنك"]}. Any other key is an error, so a misspelt option is not
// silently ignored.
func newFromConfig(config map[string]interface{}, _ *registry.Cache) (analysis.Analyzer, error) {
	var opts []Option
	for key, v := range config {
		switch key {
		case "type":
		case ConfigStem, ConfigStop:
			on, isBool := v.(bool)
			if !isBool {
				return nil, fmt.Errorf("analyzer %s: option %q: want true or false, got %v", Name, key, v)
			}
			if key == ConfigStem {
				opts = append(opts, WithStemming(on))
			} else {
				opts = append(opts, WithStopWords(on))
			}
		case ConfigStemExclusion:
			words, err := stringList(v)
			if err != nil {
				return nil, fmt.Errorf("analyzer %s: option %q: %v", Name, key, err)
			}
			opts = append(opts, WithStemExclusion(words...))
		default:
			return nil, fmt.Errorf("analyzer %s: unknown option %q (the options are %q, %q and %q)",
				Name, key, ConfigStem, ConfigStop, ConfigStemExclusion)
		}
	}
	return New(append(opts, WithHandoff())...), nil
}

// stringList accepts a JSON list of strings as bleve decodes it.
func stringList(v interface{}) ([]string, error) {
	switch l := v.(type) {
	case []string:
		return l, nil
	case []interface{}:
		out := make([]string, len(l))
		for i, x := range l {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("want a list of words, item %d is %v", i+1, x)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list of words, got %v", v)
}
