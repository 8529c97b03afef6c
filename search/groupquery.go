package search

import (
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2/search/query"
)

// errNoWords is the error of a query with nothing to search for.
var errNoWords = fmt.Errorf("%w: no searchable words", ErrQuery)

// groupQuery builds the query of a group in parentheses: its clauses
// combined as a whole query's are, as one clause of the query around it.
// It returns the stems and phrases to mark (none for an excluded group). A
// group with nothing searchable in it matches nothing.
func groupQuery(c Clause, r Ranking) (q query.Query, stems []string, phrases [][]string, err error) {
	q, mk, err := buildQuery(c.Group, r)
	if errors.Is(err, errNoWords) {
		return query.NewMatchNoneQuery(), nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	if c.Occur == MustNot {
		return q, nil, nil, nil
	}
	for t := range mk.stems {
		stems = append(stems, t)
	}
	for t := range mk.single {
		phrases = append(phrases, []string{t})
	}
	return q, stems, append(phrases, mk.phrases...), nil
}
