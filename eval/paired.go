package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Metric names one of the metrics of [Scores], as treceval.py labels it
// ("MAP", "MRR@10", "nDCG@10", "Recall@10", "Recall@100", "P@10").
type Metric string

// MRR10 is the metric the ranking protocol compares runs on.
const MRR10 Metric = "MRR@10"

// Of returns the metric's value in s. It panics on a name that is not a
// metric; [ParseMetric] checks names that come from users.
func (m Metric) Of(s Scores) float64 {
	i := slices.Index(metricNames[:], string(m))
	if i < 0 {
		panic("eval: unknown metric " + string(m))
	}
	return s.values()[i]
}

// ParseMetric returns the metric named name.
func ParseMetric(name string) (Metric, error) {
	if slices.Contains(metricNames[:], name) {
		return Metric(name), nil
	}
	return "", fmt.Errorf("unknown metric %q (want one of %v)", name, metricNames)
}

// Paired compares a run's per-query scores with a baseline's on the same
// queries, as IR evaluation libraries (ranx, ir_measures) report it: the
// two means, per-query wins and losses, and two-sided p-values of a
// randomization test and a paired t-test.
type Paired struct {
	Queries             int
	Mean, BaselineMean  float64
	Wins, Losses, Ties  int     // queries where the run scores above, below, equal to the baseline
	PRandomization, PT  float64 // two-sided p-values; 1 when the runs never differ
	RandomizationRounds int     // 0: every sign assignment was enumerated (exact test)
}

// Diff is the run's mean minus the baseline's.
func (p Paired) Diff() float64 { return p.Mean - p.BaselineMean }

// exactLimit is the number of differing queries up to which the
// randomization test enumerates all 2^n sign assignments instead of
// sampling them.
const exactLimit = 16

// Compare pairs run and baseline by query id on metric m: a query missing
// from one side (both come from [Evaluate] on the same qrels, so normally
// none) scores 0 there. The randomization test flips the sign of each
// query's difference at random, rounds times, with a generator seeded by
// seed, and counts the flips whose mean difference is at least as far from
// 0 as the observed one; when at most 16 queries differ it enumerates every
// flip instead (an exact test).
func Compare(run, baseline []PerQuery, m Metric, rounds int, seed uint64) Paired {
	a, b := map[string]float64{}, map[string]float64{}
	var ids []string
	for _, q := range run {
		a[q.QueryID] = m.Of(q.Scores)
		ids = append(ids, q.QueryID)
	}
	for _, q := range baseline {
		if _, ok := a[q.QueryID]; !ok {
			ids = append(ids, q.QueryID)
		}
		b[q.QueryID] = m.Of(q.Scores)
	}
	slices.Sort(ids)
	x, y := make([]float64, len(ids)), make([]float64, len(ids))
	for i, id := range ids {
		x[i], y[i] = a[id], b[id]
	}
	return ComparePaired(x, y, rounds, seed)
}

// ComparePaired is [Compare] on two aligned slices of per-query scores:
// x[i] and y[i] are the run's and the baseline's score on query i.
func ComparePaired(x, y []float64, rounds int, seed uint64) Paired {
	p := Paired{Queries: len(x)}
	d := make([]float64, len(x))
	for i := range x {
		p.Mean += x[i]
		p.BaselineMean += y[i]
		d[i] = x[i] - y[i]
		switch {
		case d[i] > 0:
			p.Wins++
		case d[i] < 0:
			p.Losses++
		default:
			p.Ties++
		}
	}
	if n := float64(len(x)); n > 0 {
		p.Mean /= n
		p.BaselineMean /= n
	}
	p.PT = pairedT(d)
	p.PRandomization, p.RandomizationRounds = randomization(d, rounds, seed)
	return p
}

// pairedT is the two-sided p-value of the paired t-test on differences d:
// t = mean / (sd / sqrt(n)) with n - 1 degrees of freedom.
func pairedT(d []float64) float64 {
	n := float64(len(d))
	if len(d) < 2 {
		return 1
	}
	var mean float64
	for _, v := range d {
		mean += v
	}
	mean /= n
	var ss float64
	for _, v := range d {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	if sd == 0 {
		if mean == 0 {
			return 1
		}
		return 0
	}
	t := mean / (sd / math.Sqrt(n))
	df := n - 1
	// P(|T| >= t) = I_{df/(df+t²)}(df/2, 1/2).
	return incompleteBeta(df/2, 0.5, df/(df+t*t))
}

// randomization is the two-sided p-value of the paired randomization
// (sign-flip) test on differences d, and the rounds sampled (0: exact).
func randomization(d []float64, rounds int, seed uint64) (float64, int) {
	var obs float64
	for _, v := range d {
		obs += v
	}
	obs = math.Abs(obs)
	if obs == 0 {
		return 1, 0
	}
	// Sums equal to the observed one up to rounding count as "as far".
	tol := 1e-9 * max(obs, 1)
	// A tie flips to itself: only the queries that differ matter.
	var nz []float64
	for _, v := range d {
		if v != 0 {
			nz = append(nz, v)
		}
	}
	d = nz
	if len(d) <= exactLimit {
		n := 1 << len(d)
		count := 0
		for mask := range n {
			var s float64
			for i, v := range d {
				if mask&(1<<i) != 0 {
					s -= v
				} else {
					s += v
				}
			}
			if math.Abs(s) >= obs-tol {
				count++
			}
		}
		return float64(count) / float64(n), 0
	}
	rounds = max(rounds, 1)
	rng := rand.New(rand.NewPCG(seed, 0x15))
	count := 0
	for range rounds {
		var s float64
		for _, v := range d {
			if rng.Uint64()&1 == 1 {
				s -= v
			} else {
				s += v
			}
		}
		if math.Abs(s) >= obs-tol {
			count++
		}
	}
	// The observed assignment is one of the possible ones: (count+1)/(rounds+1)
	// never reports 0 from a finite sample.
	return float64(count+1) / float64(rounds+1), rounds
}

// incompleteBeta is the regularized incomplete beta function I_x(a, b),
// by the continued fraction of Numerical Recipes (betacf), using the
// symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges
// slowly.
func incompleteBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(a)
	lc, _ := math.Lgamma(b)
	front := math.Exp(la - lb - lc + a*math.Log(x) + b*math.Log(1-x))
	if x < (a+1)/(a+b+2) {
		return front * betaFraction(a, b, x) / a
	}
	return 1 - front*betaFraction(b, a, 1-x)/b
}

// betaFraction evaluates the continued fraction of the incomplete beta
// function by the modified Lentz method.
func betaFraction(a, b, x float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		aa := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}
