package index

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Summary says what an index holds: arsearch stats prints it.
type Summary struct {
	Path       string       `json:"path"`
	Format     int          `json:"format"`
	Articles   uint64       `json:"articles"`
	Sources    []FacetCount `json:"sources"`    // most articles first; "" for those without one
	Categories []FacetCount `json:"categories"` // likewise
	FirstDate  time.Time    `json:"first_date,omitzero"`
	LastDate   time.Time    `json:"last_date,omitzero"`
	Undated    uint64       `json:"undated"`    // articles without a date
	SizeBytes  int64        `json:"size_bytes"` // the index folder on disk
	// PhrasePositions: created with MappingOptions.PhrasePositions.
	PhrasePositions bool `json:"phrase_positions,omitempty"`
}

// FacetCount is how many articles (or hits of a search) have Value.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// maxSummaryValues bounds the sources and categories a Summary lists.
const maxSummaryValues = 1000

// Summary counts the index's articles by source and category and finds its
// date range and size on disk.
func (ix *Index) Summary(ctx context.Context) (*Summary, error) {
	s := &Summary{Path: ix.dir, Format: Format, PhrasePositions: ix.PhrasePositions()}
	sr := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 0, 0, false)
	sr.AddFacet(FieldSource, bleve.NewFacetRequest(FieldSource, maxSummaryValues))
	sr.AddFacet(FieldCategory, bleve.NewFacetRequest(FieldCategory, maxSummaryValues))
	res, err := ix.b.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("index statistics: %v", FirstLine(err))
	}
	s.Articles = res.Total
	for _, f := range []struct {
		name string
		into *[]FacetCount
	}{{FieldSource, &s.Sources}, {FieldCategory, &s.Categories}} {
		*f.into = []FacetCount{}
		r := res.Facets[f.name]
		if r == nil || r.Terms == nil {
			continue
		}
		for _, t := range r.Terms.Terms() {
			*f.into = append(*f.into, FacetCount{Value: t.Term, Count: t.Count})
		}
	}
	dated := query.NewDateRangeQuery(MinDate, MaxDate)
	dated.SetField(FieldDate)
	for _, order := range []string{FieldDate, "-" + FieldDate} {
		sr := bleve.NewSearchRequestOptions(dated, 1, 0, false)
		sr.Fields = []string{FieldDate}
		sr.SortBy([]string{order, "_id"})
		res, err := ix.b.SearchInContext(ctx, sr)
		if err != nil {
			return nil, fmt.Errorf("index statistics: %v", FirstLine(err))
		}
		s.Undated = s.Articles - res.Total
		if len(res.Hits) == 0 {
			break
		}
		d, _ := res.Hits[0].Fields[FieldDate].(string)
		t, _ := time.Parse(time.RFC3339, d)
		if strings.HasPrefix(order, "-") {
			s.LastDate = t
		} else {
			s.FirstDate = t
		}
	}
	if ix.dir != "" {
		size, err := DiskSize(ix.dir)
		if err != nil {
			return nil, fmt.Errorf("index statistics: %v", err)
		}
		s.SizeBytes = size
	}
	return s, nil
}

// DiskSize is the bytes of the files under dir: an index's size on disk.
// A file that vanishes while it is counted (a merge removing a segment)
// is left out.
func DiskSize(dir string) (int64, error) {
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, ierr := d.Info(); ierr == nil && !d.IsDir() {
			size += info.Size()
		}
		return nil
	})
	return size, err
}
