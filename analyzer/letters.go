package analyzer

// Arabic letters and marks the analyzer treats specially. Logic names these
// constants; it never spells bare code points.
const (
	Hamza               = '\u0621' // ء
	AlefMaddaAbove      = '\u0622' // آ
	AlefHamzaAbove      = '\u0623' // أ
	WawHamzaAbove       = '\u0624' // ؤ
	AlefHamzaBelow      = '\u0625' // إ
	YehHamzaAbove       = '\u0626' // ئ
	Alef                = '\u0627' // ا
	Beh                 = '\u0628' // ب
	TehMarbuta          = '\u0629' // ة
	Teh                 = '\u062A' // ت
	Jeem                = '\u062C' // ج
	Zain                = '\u0632' // ز
	Feh                 = '\u0641' // ف
	Kaf                 = '\u0643' // ك
	Lam                 = '\u0644' // ل
	Meem                = '\u0645' // م
	Noon                = '\u0646' // ن
	Heh                 = '\u0647' // ه
	Waw                 = '\u0648' // و
	AlefMaksura         = '\u0649' // ى
	Yeh                 = '\u064A' // ي
	Tatweel             = '\u0640' // ـ
	MaddahAbove         = '\u0653' // combining madda
	HamzaAbove          = '\u0654' // combining hamza above
	HamzaBelow          = '\u0655' // combining hamza below
	SuperscriptAlef     = '\u0670' // dagger alef
	AlefWasla           = '\u0671' // ٱ
	AlefWavyHamzaAbove  = '\u0672' // ٲ
	AlefWavyHamzaBelow  = '\u0673' // ٳ
	Peh                 = '\u067E' // پ (Persian)
	Tcheh               = '\u0686' // چ (Persian)
	Jeh                 = '\u0698' // ژ (Persian)
	Veh                 = '\u06A4' // ڤ (Maghrebi "v")
	KehehPersian        = '\u06A9' // ک (Persian kaf)
	SwashKaf            = '\u06AA' // ڪ
	Gaf                 = '\u06AF' // گ (Persian)
	HehYehAbove         = '\u06C0' // ۀ
	HehGoal             = '\u06C1' // ہ (Urdu)
	HehGoalHamzaAbove   = '\u06C2' // ۂ
	TehMarbutaGoal      = '\u06C3' // ۃ
	FarsiYeh            = '\u06CC' // ی
	YehE                = '\u06D0' // ې
	YehBarree           = '\u06D2' // ے (Urdu)
	YehBarreeHamzaAbove = '\u06D3' // ۓ
	Ae                  = '\u06D5' // ە
	ArabicIndicZero     = '\u0660' // ٠
	ArabicIndicNine     = '\u0669' // ٩
	ExtendedIndicZero   = '\u06F0' // ۰ (Persian/Urdu digits)
	ExtendedIndicNine   = '\u06F9' // ۹
	ZeroWidthNonJoiner  = '\u200C'
	ZeroWidthJoiner     = '\u200D'
	ByteOrderMark       = '\uFEFF' // also "zero width no-break space"
)
