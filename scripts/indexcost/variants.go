package main

import (
	"github.com/blevesearch/bleve/v2/mapping"
)

// variant is the shipped mapping with one thing switched off (or, for
// "vectors", on). doc, when set, changes each document as handed to bleve
// (a field arsearch does not have), and its CPU counts in the build.
type variant struct {
	name, what string
	apply      func(dm *mapping.DocumentMapping)
	doc        func(d any) any
}

// keywordProps are the properties that are not text: filters, facets,
// dates, the URL and where an article came from.
var keywordProps = []string{"source", "category", "date", "month", "url", "root", "file", "origin", "hash"}

// variants are run in this order; "full" is the shipped mapping.
var variants = []variant{
	{name: "full", what: "nothing (the shipped mapping)", apply: func(*mapping.DocumentMapping) {}},
	{name: "no-store-body", what: "body not stored", apply: func(dm *mapping.DocumentMapping) {
		delete(dm.Properties, "body_text")
	}},
	{name: "plain-body", what: "body stored as plain text by bleve (snappy), as format 6 had it", apply: func(dm *mapping.DocumentMapping) {
		delete(dm.Properties, "body_text")
		field(dm, "body", "body").Store = true
	}},
	{name: "no-store-title", what: "title not stored", apply: func(dm *mapping.DocumentMapping) {
		field(dm, "title", "title").Store = false
	}},
	{name: "no-body-stem", what: "stemmed body view not indexed (still stored)", apply: func(dm *mapping.DocumentMapping) {
		field(dm, "body", "body").Index = false
	}},
	{name: "no-body-exact", what: "exact body view (body_exact) dropped", apply: func(dm *mapping.DocumentMapping) {
		drop(dm, "body", "body_exact")
	}},
	{name: "no-title-stem", what: "stemmed title view not indexed (still stored)", apply: func(dm *mapping.DocumentMapping) {
		field(dm, "title", "title").Index = false
	}},
	{name: "no-title-exact", what: "exact title view (title_exact) dropped", apply: func(dm *mapping.DocumentMapping) {
		drop(dm, "title", "title_exact")
	}},
	{name: "vectors", what: "term vectors (positions) on body_exact too, as format 4 had them", apply: func(dm *mapping.DocumentMapping) {
		field(dm, "body", "body_exact").IncludeTermVectors = true
	}},
	{name: "no-docvalues", what: "no doc values on any field", apply: func(dm *mapping.DocumentMapping) {
		each(dm, func(fm *mapping.FieldMapping) { fm.DocValues = false })
	}},
	{name: "no-keywords", what: "no keyword, date or url fields at all", apply: func(dm *mapping.DocumentMapping) {
		for _, p := range keywordProps {
			delete(dm.Properties, p)
		}
	}},
	{name: "minimal", what: "only the stemmed body: indexed, not stored, no vectors", apply: minimal("")},
	{name: "minimal-ar", what: "minimal, with bleve's own \"ar\" analyzer", apply: minimal("ar")},
}

// field returns the field mapping called name of property prop.
func field(dm *mapping.DocumentMapping, prop, name string) *mapping.FieldMapping {
	for _, fm := range dm.Properties[prop].Fields {
		if fm.Name == name {
			return fm
		}
	}
	panic("indexcost: the shipped mapping has no field " + name) // the variants are out of date
}

// drop removes the field mapping called name from property prop.
func drop(dm *mapping.DocumentMapping, prop, name string) {
	field(dm, prop, name) // panics if it is not there
	p := dm.Properties[prop]
	var keep []*mapping.FieldMapping
	for _, fm := range p.Fields {
		if fm.Name != name {
			keep = append(keep, fm)
		}
	}
	p.Fields = keep
}

// each calls fn with every field mapping of dm.
func each(dm *mapping.DocumentMapping, fn func(*mapping.FieldMapping)) {
	for _, p := range dm.Properties {
		for _, fm := range p.Fields {
			fn(fm)
		}
	}
}

// minimal keeps only the stemmed body view, indexed with the analyzer
// called an ("" keeps arsearch's), not stored, without vectors.
func minimal(an string) func(dm *mapping.DocumentMapping) {
	return func(dm *mapping.DocumentMapping) {
		body := field(dm, "body", "body")
		body.Store, body.IncludeTermVectors, body.DocValues = false, false, false
		if an != "" {
			body.Analyzer = an
		}
		for p := range dm.Properties {
			if p != "body" {
				delete(dm.Properties, p)
			}
		}
		dm.Properties["body"].Fields = []*mapping.FieldMapping{body}
	}
}
