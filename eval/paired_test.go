package eval

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// TestComparePairedHand checks the tests on inputs small enough to compute
// by hand: with 2 and 3 queries the t distribution has closed forms (df 1:
// p = 1 - 2/π·atan|t|; df 2: p = 1 - |t|/sqrt(t²+2)), and the exact
// randomization test counts sign assignments.
func TestComparePairedHand(t *testing.T) {
	for _, c := range []struct {
		name                string
		x, y                []float64
		wins, losses, ties  int
		pT, pRand, mean, bm float64
	}{
		// d = 1, 2, 3: mean 2, sd 1, t = 2·sqrt(3), df 2. Of the 8 sign
		// assignments, only +++ and --- reach |sum| 6.
		{"three wins", []float64{1, 2, 3}, []float64{0, 0, 0}, 3, 0, 0,
			1 - 2*math.Sqrt(3)/math.Sqrt(14), 2.0 / 8, 2, 0},
		// d = 1, 3: mean 2, sd sqrt(2), t = 2, df 1. Sums ±1±3: 4, 2, -2, -4.
		{"two wins", []float64{1, 1}, []float64{0, -2}, 2, 0, 0,
			1 - 2/math.Pi*math.Atan(2), 2.0 / 4, 1, -1},
		// d = 0, -0.5, 1: mean 1/6, sd = sqrt(((1/6)²+(2/3)²+(5/6)²)/2) = sqrt(7/12),
		// t = (1/6)/(sqrt(7/12)/sqrt(3)) = sqrt(1/7), df 2. Sums of ±0 ±0.5 ±1:
		// |sum| >= 0.5 always (8 of 8).
		{"a tie", []float64{0.5, 0.5, 1}, []float64{0.5, 1, 0}, 1, 1, 1,
			1 - math.Sqrt(1.0/7)/math.Sqrt(1.0/7+2), 1, 2.0 / 3, 0.5},
		{"the same run", []float64{0.2, 1}, []float64{0.2, 1}, 0, 0, 2, 1, 1, 0.6, 0.6},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := ComparePaired(c.x, c.y, 1000, 1)
			if p.Wins != c.wins || p.Losses != c.losses || p.Ties != c.ties {
				t.Errorf("wins/losses/ties = %d/%d/%d, want %d/%d/%d", p.Wins, p.Losses, p.Ties, c.wins, c.losses, c.ties)
			}
			if !near(p.PT, c.pT, 1e-9) {
				t.Errorf("PT = %.12f, want %.12f", p.PT, c.pT)
			}
			if !near(p.PRandomization, c.pRand, 1e-12) || p.RandomizationRounds != 0 {
				t.Errorf("PRandomization = %v (rounds %d), want %v exact", p.PRandomization, p.RandomizationRounds, c.pRand)
			}
			if !near(p.Mean, c.mean, 1e-12) || !near(p.BaselineMean, c.bm, 1e-12) || !near(p.Diff(), c.mean-c.bm, 1e-12) {
				t.Errorf("means %v, %v, want %v, %v", p.Mean, p.BaselineMean, c.mean, c.bm)
			}
		})
	}
}

// TestComparePairedTiesIgnored: ties do not change the randomization
// test, so 3 differing queries among 40 are still enumerated exactly.
func TestComparePairedTiesIgnored(t *testing.T) {
	x, y := make([]float64, 40), make([]float64, 40)
	x[3], x[17], x[30] = 1, 2, 3
	p := ComparePaired(x, y, 1000, 1)
	if p.PRandomization != 0.25 || p.RandomizationRounds != 0 || p.Ties != 37 {
		t.Errorf("p = %v (rounds %d, ties %d), want exact 0.25 with 37 ties", p.PRandomization, p.RandomizationRounds, p.Ties)
	}
}

// TestComparePairedSampled: above 16 queries the randomization test
// samples sign assignments: the same seed gives the same p, a clear
// difference gets the smallest p the rounds allow, and no difference at
// all gets 1.
func TestComparePairedSampled(t *testing.T) {
	x, y := make([]float64, 200), make([]float64, 200)
	for i := range x {
		x[i] = 0.5 + 0.01*float64(i%7)
		y[i] = 0.5
	}
	p := ComparePaired(x, y, 999, 42)
	if p.RandomizationRounds != 999 || p.PRandomization != 1.0/1000 {
		t.Errorf("clear win: p = %v after %d rounds, want 1/1000 after 999", p.PRandomization, p.RandomizationRounds)
	}
	if p.PT > 1e-10 {
		t.Errorf("clear win: t-test p = %g, want tiny", p.PT)
	}
	// Alternate small wins and losses: no difference overall.
	for i := range x {
		x[i] = 0.5 + 0.1*float64(1-2*(i%2))
	}
	p1, p2 := ComparePaired(x, y, 500, 7), ComparePaired(x, y, 500, 7)
	if p1 != p2 {
		t.Errorf("same seed, different results: %+v, %+v", p1, p2)
	}
	if p1.PRandomization != 1 || p1.PT != 1 || p1.Wins != 100 || p1.Losses != 100 {
		t.Errorf("balanced: %+v, want p 1 and 100 wins, 100 losses", p1)
	}
	// A p-value near 0.5 varies with the seed but stays near the t-test's.
	for i := range x {
		x[i] = 0.5 + 0.3*math.Sin(float64(i)) + 0.02
	}
	p = ComparePaired(x, y, 20000, 3)
	if !near(p.PRandomization, p.PT, 0.03) {
		t.Errorf("randomization p %v far from t-test p %v", p.PRandomization, p.PT)
	}
}

// TestIncompleteBeta checks known values: I_x(1, 1) = x, I_x(a, 1) = x^a,
// I_0.5(a, a) = 1/2, and the t-test's normal limit (t = 1.96, df 10000:
// two-sided p 0.05).
func TestIncompleteBeta(t *testing.T) {
	for _, c := range []struct{ a, b, x, want float64 }{
		{1, 1, 0.3, 0.3},
		{3, 1, 0.5, 0.125},
		{2.5, 2.5, 0.5, 0.5},
		{40, 40, 0.5, 0.5},
	} {
		if got := incompleteBeta(c.a, c.b, c.x); !near(got, c.want, 1e-12) {
			t.Errorf("I_%v(%v, %v) = %.15f, want %v", c.x, c.a, c.b, got, c.want)
		}
	}
	df, tt := 10000.0, 1.959964
	if p := incompleteBeta(df/2, 0.5, df/(df+tt*tt)); !near(p, 0.05, 2e-4) {
		t.Errorf("p(t=1.96, df=10000) = %v, want about 0.05", p)
	}
}

// TestCompareAlignsQueries pairs per-query scores by id, a query missing
// on one side scoring 0 there.
func TestCompareAlignsQueries(t *testing.T) {
	run := []PerQuery{{QueryID: "q1", Scores: Scores{MRR10: 1}}, {QueryID: "q2", Scores: Scores{MRR10: 0.5}}}
	base := []PerQuery{{QueryID: "q2", Scores: Scores{MRR10: 1}}, {QueryID: "q3", Scores: Scores{MRR10: 0.25}}}
	p := Compare(run, base, MRR10, 100, 1)
	if p.Queries != 3 || p.Wins != 1 || p.Losses != 2 || !near(p.Mean, 0.5, 1e-12) || !near(p.BaselineMean, 1.25/3, 1e-12) {
		t.Errorf("Compare = %+v, want 3 queries, 1 win, 2 losses, means 0.5 and 0.4167", p)
	}
	if _, err := ParseMetric("MRR"); err == nil {
		t.Error(`ParseMetric("MRR"): no error`)
	}
	if m, err := ParseMetric("nDCG@10"); err != nil || m.Of(Scores{NDCG10: 0.7}) != 0.7 {
		t.Errorf(`ParseMetric("nDCG@10") = %q, %v`, m, err)
	}
}
