package search

// confusable holds the pairs of letters Arabic typists swap most: letters
// that sound alike (ض/ظ, ص/س, ط/ت, ذ/ز/ظ, ث/س, ق/ك, ح/ه, د/ذ, ت/ث) and
// letters that differ by their dots (ع/غ, ح/خ/ج). Letters the analyzer
// already folds (alef and hamza forms, ى/ي, ة/ه) never reach it.
var confusable = func() map[[2]rune]bool {
	m := map[[2]rune]bool{}
	for _, p := range []string{"ضظ", "صس", "طت", "ذز", "ذظ", "زظ", "ثس", "قك", "حه", "دذ", "تث", "عغ", "حخ", "حج", "جخ", "ضد", "طظ"} {
		r := []rune(p)
		m[[2]rune{r[0], r[1]}] = true
		m[[2]rune{r[1], r[0]}] = true
	}
	return m
}()

// Costs of arabicCost's edits.
const (
	costEdit       = 1.0  // any letter for any other, one more or one fewer, two swapped
	costConfusable = 0.5  // a confusable letter for the other
	costDoubled    = 0.5  // a letter doubled, or a doubled one typed once
	costLongVowel  = 0.75 // ا, و or ي left out or added
)

// arabicCost is the edit distance from a to b (restricted Damerau-
// Levenshtein) with cheaper edits for the mistakes Arabic typists make.
func arabicCost(a, b string) float64 {
	x, y := []rune(a), []rune(b)
	indel := func(s []rune, i int) float64 {
		switch {
		case i > 0 && s[i-1] == s[i], i+1 < len(s) && s[i+1] == s[i]:
			return costDoubled
		case s[i] == 'ا' || s[i] == 'و' || s[i] == 'ي':
			return costLongVowel
		}
		return costEdit
	}
	d := make([][]float64, len(x)+1)
	for i := range d {
		d[i] = make([]float64, len(y)+1)
	}
	for i := 1; i <= len(x); i++ {
		d[i][0] = d[i-1][0] + indel(x, i-1)
	}
	for j := 1; j <= len(y); j++ {
		d[0][j] = d[0][j-1] + indel(y, j-1)
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			sub := 0.0
			if x[i-1] != y[j-1] {
				sub = costEdit
				if confusable[[2]rune{x[i-1], y[j-1]}] {
					sub = costConfusable
				}
			}
			v := min(d[i-1][j-1]+sub, d[i-1][j]+indel(x, i-1), d[i][j-1]+indel(y, j-1))
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				v = min(v, d[i-2][j-2]+costEdit)
			}
			d[i][j] = v
		}
	}
	return d[len(x)][len(y)]
}
