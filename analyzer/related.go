package analyzer

// Related returns the stems of words tied to stem that light stemming
// rightly keeps apart but a searcher usually means too: the nisba adjective
// of a name (عراق → عراقي, تونس → تونسي, سوريا → سوري) and the name of a
// nisba (عراقي → عراق, سوري → سوريا). A candidate counts only when the
// embedded lexicon has seen it at least minRelatedFreq times: a nisba with
// the article, a name bare or with it. stem is a term as Stem returns it.
func Related(stem string) []string {
	if !isArabicWord([]byte(stem)) || letters([]byte(stem)) < 3 {
		return nil
	}
	var candidates []string
	nisba := false
	if base, ok := trimSuffix(stem, sYeh); ok && letters([]byte(base)) >= 3 {
		candidates = []string{base, base + sAlef, base + sYeh + sAlef}
	} else {
		base := stem
		if b, ok := trimSuffix(stem, sYeh+sAlef); ok {
			base = b
		} else if b, ok := trimSuffix(stem, sAlef); ok {
			base = b
		}
		candidates, nisba = []string{base + sYeh}, true
	}
	// A nisba drops a feminine ending too (رياضة → رياضي, دولة → دولي):
	// where the lexicon has the ة noun of the base, the nisba may be its
	// adjective and not the name's (رياضي: sporting, not of Riyadh), so
	// neither is related to the other.
	if freq([]byte(sAl+nisbaBase(stem, nisba)+sHeh)) >= minRelatedFreq {
		return nil
	}
	var out []string
	for _, c := range candidates {
		seen := freq([]byte(sAl + c))
		if !nisba {
			seen += freq([]byte(c))
		}
		// A nisba adjective takes the article (العراقي, التونسي); a form
		// seen only bare is something else (وزيري: two ministers of).
		if seen < minRelatedFreq {
			continue
		}
		if s := StemString(c); s != stem && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// nisbaBase is what a nisba and its name share: the stem without its ي
// (a nisba) or without a final ا or يا (a name).
func nisbaBase(stem string, name bool) string {
	if !name {
		b, _ := trimSuffix(stem, sYeh)
		return b
	}
	if b, ok := trimSuffix(stem, sYeh+sAlef); ok {
		return b
	}
	if b, ok := trimSuffix(stem, sAlef); ok {
		return b
	}
	return stem
}

// minRelatedFreq is how often a related form must occur in the lexicon's
// corpus to be trusted.
const minRelatedFreq = 5

func trimSuffix(s, suffix string) (string, bool) {
	if len(s) > len(suffix) && s[len(s)-len(suffix):] == suffix {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
