package article_test

import (
	"fmt"

	"github.com/arsearch/arsearch/article"
)

func ExampleParseText() {
	text := `ورحب السوداني بتشكيل الحكومة السورية الجديدة

ورحب السوداني بتشكيل الحكومة السورية الجديدة، وأكد دعم أمن سوريا وسيادتها.
بالمقابل أكد الشرع على احترامه لسيادة العراق.
“الخارجية” تدين الاعتداء على سوريين في العراق
اذا كنت تعتقد/تعتقدين أن المقال يحوي معلومات خاطئة أو لديك تفاصيل إضافية
أرسل/أرسلي تصحيحًا
مرتبط
المصدر: عنب بلدي
`
	a, err := article.ParseText("example.txt", []byte(text))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("title: ", a.Title)
	fmt.Println("source:", a.Source)
	fmt.Println(a.Body)
	// Output:
	// title:  ورحب السوداني بتشكيل الحكومة السورية الجديدة
	// source: عنب بلدي
	// ورحب السوداني بتشكيل الحكومة السورية الجديدة، وأكد دعم أمن سوريا وسيادتها.
	// بالمقابل أكد الشرع على احترامه لسيادة العراق.
}

func ExampleDupTracker() {
	var dups article.DupTracker
	fmt.Println(dups.Add("JA-culture-1-20170120", "corpus/a.jsonl", 3))
	fmt.Println(dups.Add("JA-culture-1-20170120", "corpus/b.jsonl", 9))
	// Output:
	// <nil>
	// duplicate id "JA-culture-1-20170120": corpus/a.jsonl line 3 and corpus/b.jsonl line 9
}
