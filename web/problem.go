package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/arsearch/arsearch/index"
	"github.com/arsearch/arsearch/search"
)

// problem is what a client is told about a request that failed: the
// status, a stable code for programs, the English message of the JSON
// API's error, and the Arabic message of the page with the user's text it
// is about (shown isolated, so the bidi algorithm cannot reorder its
// quotes and punctuation into the sentence).
type problem struct {
	status int
	code   string
	msg    string // English
	ar     string // Arabic
	arg    string // the user's text the message is about; "" none
}

func (p *problem) Error() string { return p.msg }

// paramError is a 400 about a request parameter.
func paramError(code, arg, msg, ar string) error {
	return &problem{status: http.StatusBadRequest, code: code, msg: msg, ar: ar, arg: arg}
}

// statusCodes are the codes and Arabic messages of errors that carry
// only a status: the page shows the Arabic, the API the English.
var statusCodes = map[int]struct{ code, ar string }{
	http.StatusBadRequest:            {"bad_request", "الطلب غير صالح."},
	http.StatusUnauthorized:          {"unauthorized", "هذا الطلب يحتاج إلى رمز دخول صحيح."},
	http.StatusForbidden:             {"forbidden", "هذا الطلب غير مسموح به."},
	http.StatusNotFound:              {"not_found", "لا توجد صفحة بهذا العنوان."},
	http.StatusMethodNotAllowed:      {"method_not_allowed", "هذه الطريقة غير مسموحة هنا؛ استعمل GET."},
	http.StatusRequestEntityTooLarge: {"too_large", "الطلب أكبر من المسموح."},
	http.StatusUnsupportedMediaType:  {"unsupported_media_type", "نوع المحتوى غير مقبول."},
	http.StatusTooManyRequests:       {"too_many_requests", "الطلبات كثيرة الآن؛ أعد المحاولة بعد قليل."},
	http.StatusInternalServerError:   {"internal", "حدث خطأ داخلي في الخادم؛ التفاصيل في سجلّه."},
	http.StatusServiceUnavailable:    {"unavailable", "الخدمة مشغولة الآن؛ أعد المحاولة بعد قليل."},
}

// statusTitles are the headings of the error page.
var statusTitles = map[int]string{
	http.StatusBadRequest:          "طلب غير صالح",
	http.StatusNotFound:            "غير موجود",
	http.StatusMethodNotAllowed:    "طريقة غير مسموحة",
	http.StatusInternalServerError: "خطأ في الخادم",
	http.StatusServiceUnavailable:  "الخدمة غير متاحة مؤقتًا",
}

// statusTitle is the Arabic heading for status.
func statusTitle(status int) string {
	if t, ok := statusTitles[status]; ok {
		return t
	}
	return "تعذّر إتمام الطلب"
}

// fromStatus is the problem of an error that has only a status and an
// English message.
func fromStatus(status int, msg string) *problem {
	p := &problem{status: status, code: "error", msg: msg, ar: "تعذّر إتمام الطلب."}
	if c, ok := statusCodes[status]; ok {
		p.code, p.ar = c.code, c.ar
	}
	return p
}

// indexCodes are the Arabic messages of search.QueryError codes; %s is
// replaced by nothing (the argument is shown apart).
var indexCodes = map[string]string{
	search.CodeBadLimit:       "عدد النتائج المطلوب خارج الحدود.",
	search.CodeBadOffset:      "الصفحة المطلوبة أبعد مما يمكن عرضه.",
	search.CodeEmptyDateRange: "نطاق التاريخ فارغ: البداية بعد النهاية.",
	search.CodeBadSort:        "طريقة الترتيب غير معروفة.",
}

// queryMessages translate the parser's errors, which are plain
// ErrQuery errors: a piece of the English message gives the code and the
// Arabic (the first that matches wins); when the Arabic ends with a colon,
// the quoted part of the English message follows it, isolated.
var queryMessages = []struct{ needle, code, ar string }{
	{"unbalanced quote", "unbalanced_quote", "علامة التنصيص في الاستعلام غير مغلقة؛ أغلقها أو احذفها:"},
	{"unknown field", "unknown_field", "اسم حقل غير معروف؛ الحقول المتاحة title وbody وsource وcategory:"},
	{"has no value", "empty_field", "اسم الحقل بلا كلمة بعده؛ اكتب مثلًا title:العراق."},
	{`a "(" is not closed`, "unclosed_parenthesis", "في الاستعلام قوس «(» لم يُغلق؛ أضف «)» أو ضع النص بين علامتي تنصيص."},
	{`a ")" closes nothing`, "unopened_parenthesis", "في الاستعلام قوس «)» لا يقابله «(»؛ احذفه أو ضع النص بين علامتي تنصيص."},
	{"needs a word before it", "operator_without_word", "قبل AND أو OR يجب أن تأتي كلمة؛ وللبحث عن الكلمة نفسها اكتبها بحروف صغيرة أو بين علامتي تنصيص."},
	{"at the end: write a word after it", "operator_at_end", "بعد AND أو OR أو NOT يجب أن تأتي كلمة."},
	{"NOT NOT", "double_not", "كُتبت NOT مرتين متتاليتين؛ اكتبها مرة واحدة."},
	{"nested more than", "too_deep", "الأقواس متداخلة أكثر من المسموح."},
	{"no searchable words", "no_searchable_words", "لا كلمات يُبحث بها في الاستعلام: كله كلمات شائعة أو علامات ترقيم."},
	{"too long", "query_too_long", "الاستعلام أطول من المسموح."},
	{"not valid UTF-8", "invalid_utf8", "في الاستعلام رموز غير صالحة."},
	{"empty", "empty_query", "الاستعلام فارغ."},
}

// fromQueryError is the problem of an index error caused by the request.
func fromQueryError(err error) *problem {
	p := &problem{status: http.StatusBadRequest, code: "bad_query", msg: err.Error(),
		ar: "تعذّر فهم الاستعلام؛ راجع طريقة كتابته أدناه."}
	var qe *search.QueryError
	if errors.As(err, &qe) {
		p.code, p.arg = qe.Code, qe.Arg
		if ar, ok := indexCodes[qe.Code]; ok {
			p.ar = ar
		}
		return p
	}
	detail := strings.TrimPrefix(err.Error(), search.ErrQuery.Error()+": ")
	for _, m := range queryMessages {
		if strings.Contains(detail, m.needle) {
			p.code, p.ar = m.code, m.ar
			if strings.HasSuffix(m.ar, ":") {
				p.arg = quoted(detail)
			}
			break
		}
	}
	return p
}

// quoted returns the Go-quoted string in msg, unquoted, or "".
func quoted(msg string) string {
	i := strings.IndexByte(msg, '"')
	if i < 0 {
		return ""
	}
	var s string
	if _, err := fmt.Sscanf(msg[i:], "%q", &s); err != nil {
		return ""
	}
	return s
}

// classify maps an error from the Searcher (or the request parsing) to
// what the client sees. Only errors caused by the request are shown; the
// others are logged and reported as a bare 500 (or 503 on timeout).
func (srv *server) classify(r *http.Request, err error) *problem {
	var p *problem
	var he *httpError
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &he):
		return fromStatus(he.status, he.msg)
	case errors.Is(err, search.ErrQuery):
		return fromQueryError(err)
	case errors.Is(err, index.ErrNotFound):
		p := fromStatus(http.StatusNotFound, notFoundMsg)
		p.ar = "لا توجد مقالة بهذا المعرّف."
		return p
	case errors.Is(err, context.DeadlineExceeded):
		srv.log.Warn("search timed out", "url", r.URL.String())
		p := fromStatus(http.StatusServiceUnavailable, "the search took too long; try a narrower query")
		p.code, p.ar = "timeout", "استغرق البحث وقتًا أطول من المسموح؛ جرّب استعلامًا أضيق."
		return p
	case errors.Is(err, context.Canceled):
		p := fromStatus(http.StatusServiceUnavailable, "the request was cancelled")
		p.code, p.ar = "cancelled", "أُلغي الطلب."
		return p
	}
	srv.log.Error("request failed", "url", r.URL.String(), "err", err)
	return fromStatus(http.StatusInternalServerError, "internal error; the server log has the details")
}
