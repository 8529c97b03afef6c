package search

import "fmt"

// QueryError is a mistake in a request that callers may want to explain
// in their own words: Code names its kind and never changes (programs and
// translations branch on it), Arg is the part of the request at fault.
// It wraps ErrQuery, and its Error text is the English message.
type QueryError struct {
	Code string
	Arg  string
	msg  string
}

// The codes of QueryError.
const (
	CodeBadLimit       = "bad_limit"
	CodeBadOffset      = "bad_offset"
	CodeEmptyDateRange = "empty_date_range"
	CodeBadSort        = "bad_sort"
)

func (e *QueryError) Error() string { return ErrQuery.Error() + ": " + e.msg }

// Unwrap makes errors.Is(err, ErrQuery) true.
func (e *QueryError) Unwrap() error { return ErrQuery }

// queryError returns a QueryError with the English message format.
func queryError(code, arg, format string, args ...any) error {
	return &QueryError{Code: code, Arg: arg, msg: fmt.Sprintf(format, args...)}
}
