package eval

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestMetricsJSON: arsearch eval --json writes snake_case names, as the
// other commands' JSON does.
func TestMetricsJSON(t *testing.T) {
	data, err := json.Marshal(Metrics{Scores: Scores{MAP: 0.5, MRR10: 0.25}, Queries: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"map":0.5`, `"mrr_at_10":0.25`, `"ndcg_at_10"`, `"recall_at_100"`, `"p_at_10"`, `"queries":3`, `"missing_excluded"`} {
		if !strings.Contains(string(data), k) {
			t.Errorf("Metrics JSON %s lacks %s", data, k)
		}
	}
}
