package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	arindex "github.com/arsearch/arsearch/index"
)

// Suggestions complete what a reader is typing: title words that start
// with the last word typed, the most frequent first, in a form as written
// in a title, and the titles that hold them best (by score).
type Suggestions struct {
	Words  []string          `json:"words"`
	Titles []TitleSuggestion `json:"titles"`
}

// TitleSuggestion is one article offered by its title.
type TitleSuggestion struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// MinSuggestRunes is the shortest last word Suggest completes: two
// letters (ال, half of all words) match too many words to help, and
// reading their part of the dictionary was most of the slowest
// suggestions on 30,000 articles (BENCHMARKS.md).
const MinSuggestRunes = 3

// maxSuggestTerms bounds the dictionary terms Suggest reads for a prefix.
const maxSuggestTerms = 20000

// Suggest returns up to n completions of the last word of typed (its
// normalized form is the prefix of title words), most frequent first, and
// up to n titles that hold one of them. A last word shorter than
// MinSuggestRunes gives none.
func Suggest(ctx context.Context, ix *arindex.Index, typed string, n int) (*Suggestions, error) {
	out := &Suggestions{Words: []string{}, Titles: []TitleSuggestion{}}
	fields := strings.Fields(typed)
	if n <= 0 || len(fields) == 0 || !utf8.ValidString(typed) {
		return out, nil
	}
	last := exactAnalyzer.Terms(fields[len(fields)-1])
	if len(last) != 1 || utf8.RuneCountInString(last[0]) < MinSuggestRunes {
		return out, nil
	}
	prefix := last[0]
	dict, err := ix.Bleve().FieldDictPrefix(arindex.FieldTitleExact, []byte(prefix))
	if err != nil {
		return nil, fmt.Errorf("suggest: %v", arindex.FirstLine(err))
	}
	type term struct {
		t     string
		count uint64
	}
	var terms []term
	for i := 0; i < maxSuggestTerms; i++ {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return nil, fmt.Errorf("suggest: %v", arindex.FirstLine(err))
		}
		if e == nil {
			break
		}
		terms = append(terms, term{e.Term, e.Count})
	}
	dict.Close()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].count != terms[j].count {
			return terms[i].count > terms[j].count
		}
		return terms[i].t < terms[j].t
	})
	terms = terms[:min(len(terms), n)]
	if len(terms) == 0 {
		return out, nil
	}
	// Titles holding the most frequent completions, and through them the
	// words as written (the index keeps only normalized forms).
	var qs []query.Query
	for _, t := range terms {
		tq := query.NewTermQuery(t.t)
		tq.SetField(arindex.FieldTitleExact)
		qs = append(qs, tq)
	}
	sr := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), 4*n, 0, false)
	sr.Fields = []string{arindex.FieldTitle}
	// By score, not by date: sorting by date read the date of every title
	// holding a frequent word, ten times the median time.
	res, err := ix.Bleve().SearchInContext(ctx, sr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("suggest: %v", arindex.FirstLine(err))
	}
	written := map[string]string{} // normalized -> as written
	for _, h := range res.Hits {
		title, _ := h.Fields[arindex.FieldTitle].(string)
		if title == "" {
			continue
		}
		if len(out.Titles) < n {
			out.Titles = append(out.Titles, TitleSuggestion{ID: h.ID, Title: title})
		}
		exactAnalyzer.Visit([]byte(title), func(start, end int, normalized, _ []byte) {
			if _, ok := written[string(normalized)]; !ok {
				written[string(normalized)] = title[start:end]
			}
		})
	}
	for _, t := range terms {
		if w, ok := written[t.t]; ok {
			out.Words = append(out.Words, w)
		}
	}
	return out, nil
}
