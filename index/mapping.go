package index

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/arsearch/arsearch/analyzer"
)

// Field names in the bleve index.
const (
	FieldTitle      = "title"       // stemmed, stored: what plain words match
	FieldTitleExact = "title_exact" // normalized only: exact forms and phrases
	FieldBody       = "body"        // stemmed, not stored: the text is FieldBodyText
	FieldBodyExact  = "body_exact"  // normalized only: exact forms (phrases checked against the text)
	FieldBodyText   = "body_text"   // stored only: the body, encoded by storedtext; read it with StoredBody
	FieldSource     = "source"      // keyword: filters and facets
	FieldCategory   = "category"    // keyword: filters and facets
	FieldDate       = "date"        // datetime: ranges, sorting
	FieldMonth      = "month"       // keyword "2006-01" of the date: date facets
	FieldURL        = "url"         // stored only
	FieldRoot       = "root"        // keyword: the absolute folder an article was indexed from
	FieldFile       = "file"        // keyword: its file below that folder
	FieldOrigin     = "origin"      // keyword: that file's absolute path, links resolved: who holds the id
	FieldHash       = "hash"        // keyword: content hash of its record (incremental runs)
)

// The dates the index can hold, and so a date filter may name. bleve keeps dates as nanoseconds in an
// int64, which reach from 1677-09-21 to 2262-04-11; whole years inside that
// span are accepted.
var (
	MinDate = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxDate = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC) // excluded
)

// storedTwin names, for each exact view, the stored field whose text it
// indexes: phrases in the view are checked against that text. The body's
// is encoded (StoredBody decodes it); the title's is plain.
var storedTwin = map[string]string{FieldTitleExact: FieldTitle, FieldBodyExact: FieldBodyText}

// StoredTwin returns the stored field whose text the exact view field
// indexes (FieldBody for FieldBodyExact), and false for any other field:
// phrases in such a view are checked against that text.
func StoredTwin(field string) (string, bool) {
	stored, ok := storedTwin[field]
	return stored, ok
}

// KeepsPositions reports whether field is indexed with term vectors in
// every index: only the title's exact view, which is small. Phrases there
// are bleve's own, and its dictionary counts are right (see
// docTermPairs); suggestions rank completions by them. An index created
// with MappingOptions.PhrasePositions keeps them on the body's exact view
// too (HasPositions).
func KeepsPositions(field string) bool { return field == FieldTitleExact }

// MappingOptions choose what an index keeps beyond the default mapping,
// once, when it is created (CreateWith); its later runs keep them.
type MappingOptions struct {
	// PhrasePositions keeps term vectors (positions) on the body's exact
	// view, as formats before 5 did: quoted phrases in the body are then
	// answered from the postings, as fast as single words, instead of
	// reading each candidate's stored body; the index is about half as
	// big again (BENCHMARKS.md §4).
	PhrasePositions bool
}

// HasPositions reports whether field is indexed with term vectors in an
// index with mapping m (the one it was created with).
func HasPositions(m mapping.IndexMapping, field string) bool {
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok || im.TypeMapping[docType] == nil {
		return false
	}
	for _, p := range im.TypeMapping[docType].Properties {
		for _, f := range p.Fields {
			if f.Name == field {
				return f.IncludeTermVectors
			}
		}
	}
	return false
}

// docType is the bleve type mapping every document uses. A type mapping
// (not the default mapping) is needed for the *_exact fields to be queried
// with their own analyzer.
const docType = "article"

// NewMapping returns the index mapping: each text property indexed twice,
// stemmed and exact, from one stored value. Create uses it; it is exported
// for tests that build a bleve index of their own to compare with (the
// search package's phrase tests).
func NewMapping() mapping.IndexMapping { return NewMappingWith(MappingOptions{}) }

// NewMappingWith returns the index mapping with the options o.
func NewMappingWith(o MappingOptions) mapping.IndexMapping {
	// Term vectors (positions and offsets) only on the title's exact view:
	// on the body's they were a third of the index on disk, and phrases in
	// the body are checked against the stored text (verifiedPhraseQuery).
	// Highlights come from analyzing the stored text again.
	text := func(name, an string, store bool) *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Name = name
		fm.Analyzer = an
		fm.Store = store
		fm.IncludeTermVectors = KeepsPositions(name) || o.PhrasePositions && name == FieldBodyExact
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	keyword := func(index, store, docValues bool) *mapping.FieldMapping {
		fm := bleve.NewKeywordFieldMapping()
		fm.Index = index
		fm.Store = store
		fm.DocValues = docValues
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		return fm
	}

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("title",
		text(FieldTitle, analyzer.Name, true),
		text(FieldTitleExact, analyzer.ExactName, false))
	// The body's text is stored in a field of its own, packed and
	// zstd-compressed (storedtext): bleve's own snappy left it at half its
	// size, 52 of the 136 MB of the 30k SaudiNewsNet index.
	dm.AddFieldMappingsAt("body",
		text(FieldBody, analyzer.Name, false),
		text(FieldBodyExact, analyzer.ExactName, false))
	dm.AddFieldMappingsAt(FieldBodyText, keyword(false, true, false))
	dm.AddFieldMappingsAt(FieldSource, keyword(true, true, true))
	dm.AddFieldMappingsAt(FieldCategory, keyword(true, true, true))
	dm.AddFieldMappingsAt(FieldURL, keyword(false, true, false))
	// Date facets count months (one term per article) and add them up into
	// years: a date-range facet matched each of a date's several indexed
	// terms against every range, the most of a faceted search's time.
	dm.AddFieldMappingsAt(FieldMonth, keyword(true, false, true))
	// Where an article came from is read back from doc values (see
	// manifest in build.go), so these are indexed but not stored.
	dm.AddFieldMappingsAt(FieldRoot, keyword(true, false, true))
	dm.AddFieldMappingsAt(FieldFile, keyword(true, false, true))
	dm.AddFieldMappingsAt(FieldOrigin, keyword(true, false, true))
	dm.AddFieldMappingsAt(FieldHash, keyword(true, false, true))
	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	date.DocValues = true
	date.IncludeInAll = false
	dm.AddFieldMappingsAt(FieldDate, date)
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	im.AddDocumentMapping(docType, dm)
	im.DefaultType = docType
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.DefaultAnalyzer = analyzer.Name
	im.DefaultField = FieldBody
	im.ScoringModel = "bm25"
	return im
}

// document is what is handed to bleve for one article. Its Type method
// selects the type mapping.
type document struct {
	Title    string `json:"title"`
	Body     string `json:"body"`      // indexed, not stored
	BodyText string `json:"body_text"` // the body as storedtext.Encode writes it: stored, not indexed
	Source   string `json:"source,omitempty"`
	Category string `json:"category,omitempty"`
	Date     string `json:"date,omitempty"`
	Month    string `json:"month,omitempty"`
	URL      string `json:"url,omitempty"`
	Root     string `json:"root,omitempty"`
	File     string `json:"file,omitempty"`
	Origin   string `json:"origin,omitempty"`
	Hash     string `json:"hash,omitempty"`
}

// BleveType implements bleve's Classifier.
func (document) BleveType() string { return docType }
