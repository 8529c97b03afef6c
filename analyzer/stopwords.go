package analyzer

import (
	"strings"
	"sync"
)

// defaultStopWords are Modern Standard Arabic function words: prepositions,
// conjunctions, particles, pronouns, demonstratives, relatives, auxiliaries
// and question words, with their common attached-conjunction forms. They are
// written as people write them (hamza, alef maqsura, teh marbuta) and
// normalized once by NewStopSet, so "إلى", "الى" and "إِلَى" are all caught.
const defaultStopWords = `
في وفي ففي من ومن فمن منه منها منهم عن وعن عنه عنها على وعلى عليه عليها عليهم
إلى وإلى اليه إليه إليها إليهم مع ومع معه معها لدى لدي عند وعند عندما حتى وحتى
منذ ومنذ خلال وخلال بين وبين بينما ضمن حول وحول نحو دون ضد عبر
و ف ب ك ل ثم وثم أو أم بل لكن ولكن لكنه إن أن وأن وإن فإن بأن لأن كأن إنه أنه
إنها أنها إذا وإذا إذ لو ولو لولا كي لكي قد وقد لقد فقد لم ولم لن ولن لا ولا
ما وما فما كما مما بما إلا الا سوف سوى غير كل وكل بعض جميع أي أيضا أيضاً
هو وهو فهو هي وهي فهي هم وهم هما هن أنا نحن أنت أنتم أنتما
هذا وهذا هذه وهذه ذلك وذلك تلك وتلك هؤلاء أولئك هنا هناك
الذي والذي التي والتي الذين واللذين اللذين اللتين اللاتي اللواتي
كان وكان كانت وكانت يكون تكون ليس ليست
بعد وبعد قبل وقبل عندئذ حين حيث وحيث الآن
ماذا متى أين لماذا هل وهل كم
`

// StopSet is an immutable set of normalized stop words.
type StopSet struct {
	words map[string]struct{}
}

// NewStopSet normalizes each word once and returns the set. Words are split
// on white space; empty input gives an empty set.
func NewStopSet(words string) *StopSet {
	s := &StopSet{words: make(map[string]struct{})}
	for _, w := range strings.Fields(words) {
		if n := Normalize(w); n != "" {
			s.words[n] = struct{}{}
		}
	}
	return s
}

// DefaultStopSet returns the built-in Arabic stop words. The set is built
// once and shared; it is safe for concurrent use.
func DefaultStopSet() *StopSet {
	return defaultStopSet()
}

var defaultStopSet = sync.OnceValue(func() *StopSet { return NewStopSet(defaultStopWords) })

// Contains reports whether the normalized term is a stop word.
func (s *StopSet) Contains(term []byte) bool {
	_, ok := s.words[string(term)]
	return ok
}

// Len is the number of distinct normalized stop words.
func (s *StopSet) Len() int { return len(s.words) }
