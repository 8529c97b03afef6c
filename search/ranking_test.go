package search

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	arindex "github.com/arsearch/arsearch/index"
)

// rankingQueries are everyday news searches, some with spelling variants.
// TestRankingGolden shows how their top hits move when ranking changes.
var rankingQueries = []string{
	"العراق سوريا", "الانتخابات البلدية", "الإنتخابات", `"وزير الخارجية"`, "كأس العالم",
	"النادي الإفريقي", "الترجي الرياضي", "الإرهاب", "داعش", "أسعار النفط",
	"البنك المركزي", "الحرس الوطني", "قفصة", "صفاقس", "الهجرة غير الشرعية",
	"اتحاد الشغل", "الحكومة التونسية", "مجلس نواب الشعب", "ترامب", "فلسطين",
	"الأمطار", "حوادث المرور", "وزارة الصحة", "التعليم العالي", "السياحة",
	"الفسفاط", "المهرجان", "السينما", "كرة اليد", "الباكالوريا", "ليبيا",
	"التونسيّين", "+تونس +الجزائر", "title:الفيفا", "المنتخب -اليد",
	"من هو وزير الصحة؟", "متى تنطلق امتحانات الباكالوريا؟",
}

// TestRankingGolden writes, for each query, its terms and top five hits
// (id, rounded score, title) over the first 2,000 ANT articles and the
// seed, and compares with testdata/ranking.golden (-update rewrites it).
func TestRankingGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-article index")
	}
	root := filepath.Join(t.TempDir(), "corpus")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	writeANTSample(t, filepath.Join(root, "ant.jsonl"), 2000)
	seed, err := os.ReadFile("../testdata/seed/enab-baladi-syria-iraq.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "seed.txt"), seed, 0o644)
	ix, err := arindex.Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st, err := ix.Build(t.Context(), root, arindex.BuildOptions{Workers: 1}); err != nil || st.Failed > 0 {
		t.Fatalf("Build: %+v, %v", st, err)
	}
	var b strings.Builder
	for _, q := range rankingQueries {
		res := doSearch(t, ix, Request{Query: q, Limit: 5, NoSnippets: true})
		fmt.Fprintf(&b, "## %s  [%s]  %d hits\n", q, strings.Join(res.Terms, " "), res.Total)
		for i, h := range res.Hits {
			fmt.Fprintf(&b, "%d. %.3f %s %s\n", i+1, h.Score, h.ID, h.Title.Text)
		}
	}
	golden := "../testdata/ranking.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./index -run TestRankingGolden -update)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("ranking moved (line %d):\n got: %s\nwant: %s\nrun with -update if the change is intended, and review the diff of %s", i+1, gl[i], wl[i], golden)
			}
		}
		t.Fatalf("ranking golden has %d lines, got %d", len(wl), len(gl))
	}
}

// writeANTSample copies the first n articles of the bundled ANT corpus.
func writeANTSample(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Open("../corpus/antcorpus-v1.1.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 16<<20)
	for i := 0; i < n && sc.Scan(); i++ {
		out.Write(sc.Bytes())
		out.Write([]byte{'\n'})
	}
}

func TestParseRanking(t *testing.T) {
	r, err := ParseRanking("title=0.2, exact=0,length=1.5,bm25f=1,idf=1.5,idfgrowth=0.5,rawtf=1,k1=2,titlecover=1", DefaultRanking)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultRanking
	want.TitleBoost, want.ExactBoost, want.LengthScale, want.FieldedBM25 = 0.2, 0, 1.5, true
	want.IDFPower, want.IDFGrowth, want.RawTF, want.K1, want.TitleCoverage = 1.5, 0.5, true, 2, 1
	if r != want {
		t.Errorf("ParseRanking = %+v, want %+v", r, want)
	}
	if back, err := ParseRanking(r.String(), Ranking{}); err != nil || back != r {
		t.Errorf("ParseRanking(%q) = %+v, %v; want %+v", r.String(), back, err, r)
	}
	// Passage evidence is on by default; passage=0 turns it off.
	if DefaultRanking.PassageWeight == 0 {
		t.Error("DefaultRanking has no passage evidence")
	}
	if off, err := ParseRanking("passage=0", DefaultRanking); err != nil || off.PassageWeight != 0 || off.TitleBoost != DefaultRanking.TitleBoost {
		t.Errorf(`ParseRanking("passage=0") = %+v, %v; want the default without passage evidence`, off, err)
	}
	for _, bad := range []string{"title", "title=x", "tilte=1", "exact=-1", "length=NaN", "related=Inf", "bm25f=0.5", "rawtf=2"} {
		if _, err := ParseRanking(bad, DefaultRanking); err == nil {
			t.Errorf("ParseRanking(%q): no error", bad)
		}
	}
}
