package analyzer

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// defaultStopWords are Modern Standard Arabic function words: prepositions,
// conjunctions, particles, pronouns, demonstratives, relatives, auxiliaries
// and question words, with their common attached-conjunction forms. They are
// written in their standard spelling; NewStopSet adds the spellings writers
// commonly use for the same word (see StopSet), so "إلى", "الى" and
// "إِلَى" are all caught, but not the name "علي".
const defaultStopWords = `
في وفي ففي من ومن فمن منه منها منهم عن وعن عنه عنها على وعلى عليه عليها عليهم
إلى وإلى اليه إليه إليها إليهم إلينا إليكم إليهما علينا عليكم عليهما مع ومع معه معها لدى لدي عند وعند عندما حتى وحتى
منذ ومنذ خلال وخلال بين وبين بينما ضمن حول وحول نحو دون ضد عبر
و ف ب ك ل ثم وثم أو أم بل لكن ولكن لكنه إن أن وأن وإن فإن بأن لأن كأن إنه أنه
إنها أنها إذا وإذا إذ لو ولو لولا كي لكي قد وقد لقد فقد لم ولم لن ولن لا ولا
ما وما فما كما مما بما إلا الا سوف سوى غير كل وكل بعض جميع أي أيضا أيضاً
هو وهو فهو هي وهي فهي هم وهم هما هن أنا نحن أنت أنتم أنتما
هذا وهذا هذه وهذه ذلك وذلك تلك وتلك هؤلاء هاؤلاء هولاء أولئك هنا هناك
الذي والذي التي والتي الذين واللذين اللذين اللتين اللاتي اللواتي
كان وكان كانت وكانت يكون تكون ليس ليست
بعد وبعد قبل وقبل عندئذ حين حيث وحيث الآن
ماذا متى أين لماذا هل وهل كم
`

// StopSet is an immutable set of stop words, matched on their spelling
// (see AppendSpelling): علي, the name, is not على, the preposition, and
// آلية is not إليه, though each pair normalizes to one form. A listed word
// also matches with the hamza of its first alef left out (إذا as اذا, وإن
// as وان) and with a medial madda left out (الآن as الان), the way
// writers commonly drop them; no other fold applies.
type StopSet struct {
	spell map[string]struct{} // accepted spellings
	norm  map[string]struct{} // their normalized forms: the candidates
}

// NewStopSet returns the set of the given words, split on white space;
// empty input gives an empty set.
func NewStopSet(words string) *StopSet {
	s := &StopSet{spell: map[string]struct{}{}, norm: map[string]struct{}{}}
	for _, w := range strings.Fields(words) {
		sp := appendSpelling(nil, []byte(w))
		if len(sp) == 0 {
			continue
		}
		bare := bareHamza(sp)
		for _, v := range [][]byte{sp, bare, finalMaksura(sp), finalMaksura(bare)} {
			s.spell[string(v)] = struct{}{}
			s.norm[Normalize(string(v))] = struct{}{}
		}
	}
	return s
}

// bareHamza returns the spelling sp with the hamza left out where writers
// commonly drop it: on the first alef, or the second after a one-letter
// proclitic (إذا → اذا, وإن → وان), and a madda not at the start (الآن →
// الان). آلان, the name, and هنأ, the verb, keep theirs.
func bareHamza(sp []byte) []byte {
	out := make([]byte, 0, len(sp))
	i := 0
	for k := 0; i < len(sp); k++ {
		r, n := utf8.DecodeRune(sp[i:])
		switch {
		case (r == AlefHamzaAbove || r == AlefHamzaBelow) && (k == 0 || k == 1 && isProcliticLetter(sp)):
			r = Alef
		case r == AlefMaddaAbove && k > 0:
			r = Alef
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}

// finalMaksura returns sp with a final ي written ى, as many writers do
// (فى, التى, الذى); the other way (علي for على) is a name.
func finalMaksura(sp []byte) []byte {
	if len(sp) < 2*letterLen || string(sp[len(sp)-letterLen:]) != sYeh {
		return sp
	}
	return append(sp[:len(sp)-letterLen:len(sp)-letterLen], string(AlefMaksura)...)
}

// isProcliticLetter reports whether sp starts with a one-letter proclitic.
func isProcliticLetter(sp []byte) bool {
	switch r, _ := utf8.DecodeRune(sp); r {
	case Waw, Feh, Beh, Lam, Kaf:
		return true
	}
	return false
}

// DefaultStopSet returns the built-in Arabic stop words. The set is built
// once and shared; it is safe for concurrent use.
func DefaultStopSet() *StopSet {
	return defaultStopSet()
}

var defaultStopSet = sync.OnceValue(func() *StopSet { return NewStopSet(defaultStopWords) })

// Contains reports whether word, as written (marks and tatweel are
// ignored), is a stop word.
func (s *StopSet) Contains(word []byte) bool {
	if _, ok := s.spell[string(word)]; ok {
		return true
	}
	var buf [64]byte
	if len(word) > len(buf) {
		return false
	}
	sp := appendSpelling(buf[:0], word)
	_, ok := s.spell[string(sp)]
	return ok
}

// ContainsNormalized reports whether a normalized term is the normalized
// form of a stop word: whether its spelling needs to be looked at.
func (s *StopSet) ContainsNormalized(term []byte) bool {
	_, ok := s.norm[string(term)]
	return ok
}

// Len is the number of accepted spellings.
func (s *StopSet) Len() int { return len(s.spell) }

// spellings returns the accepted spellings (for the gauges).
func (s *StopSet) spellings() map[string]bool {
	m := make(map[string]bool, len(s.spell))
	for w := range s.spell {
		m[w] = true
	}
	return m
}
