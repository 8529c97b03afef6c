package index

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// TestMergePlanReachesBleve: the bound on background merges (maxMergeDocs)
// is the plan bleve's merger runs with, for an index created and for one
// opened again, and the rest of the plan is bleve's default. bleve keeps
// the plan in an unexported field, read here by reflection; a bleve that
// renames it fails this test rather than silently dropping the setting.
func TestMergePlanReachesBleve(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkMergePlan(t, "created", ix)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	checkMergePlan(t, "opened", ix)
}

func checkMergePlan(t *testing.T, what string, ix *Index) {
	t.Helper()
	adv, err := ix.b.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		t.Fatalf("%s: not a scorch index: %T", what, adv)
	}
	f := reflect.ValueOf(sc).Elem().FieldByName("mergePlannerOptions")
	if !f.IsValid() || f.IsNil() {
		t.Fatalf("%s: scorch.Scorch has no mergePlannerOptions", what)
	}
	plan := f.Elem()
	def := mergeplan.DefaultMergePlanOptions
	if got := plan.FieldByName("MaxSegmentSize").Int(); got != maxMergeDocs {
		t.Errorf("%s: MaxSegmentSize %d, want %d", what, got, maxMergeDocs)
	}
	if got := plan.FieldByName("SegmentsPerMergeTask").Int(); got != int64(def.SegmentsPerMergeTask) {
		t.Errorf("%s: SegmentsPerMergeTask %d, want bleve's %d", what, got, def.SegmentsPerMergeTask)
	}
	if got := plan.FieldByName("MaxSegmentsPerTier").Int(); got != int64(def.MaxSegmentsPerTier) {
		t.Errorf("%s: MaxSegmentsPerTier %d, want bleve's %d", what, got, def.MaxSegmentsPerTier)
	}
}
