package web

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"time"
)

// Admission control. A search costs about its words times the depth of
// the page it asks for (page × size): every word's postings are scored and
// that many hits are kept and sorted. Three rules keep heavy searches from
// starving the rest:
//   - a search costing more than maxSearchCost is refused with a 400 that
//     says what to change;
//   - at most Options.MaxSearches searches run at once (the core count by
//     default); the others queue for at most Options.QueueWait, then get
//     a 503;
//   - heavy searches (costing more than heavySearchCost) also take a slot
//     of their own lane, half the slots, so light searches always find one
//     free.
const (
	maxSearchCost   = 100_000
	heavySearchCost = 2_000
	defaultWait     = 2 * time.Second
)

// admission holds the slots of the searches in flight.
type admission struct {
	all   chan struct{} // every search holds one while it runs
	heavy chan struct{} // heavy searches hold one of these as well
	wait  time.Duration
}

// newAdmission returns slots for n searches at once (n <= 0: the core
// count) that queue for at most wait (<= 0: two seconds).
func newAdmission(n int, wait time.Duration) *admission {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if wait <= 0 {
		wait = defaultWait
	}
	return &admission{
		all:   make(chan struct{}, n),
		heavy: make(chan struct{}, max(1, n/2)),
		wait:  wait,
	}
}

// searchCost is the cost of p: its words times the depth of its page.
func searchCost(p params) int {
	words := max(1, len(strings.Fields(p.Query)))
	return words * p.Page * p.Size
}

// admit checks p's cost and waits for a slot. It returns the function
// that frees the slot, or a problem: a 400 for a search too costly, a 503
// when no slot came free in time.
func (a *admission) admit(ctx context.Context, p params) (release func(), err error) {
	cost := searchCost(p)
	if cost > maxSearchCost {
		words := max(1, len(strings.Fields(p.Query)))
		return nil, &problem{status: http.StatusBadRequest, code: "too_costly",
			msg: fmt.Sprintf("search too costly: %d words × %d results deep (page %d × size %d) is over %d; use fewer words or an earlier page",
				words, p.Page*p.Size, p.Page, p.Size, maxSearchCost),
			ar: "البحث أثقل من المسموح: كلمات كثيرة أو صفحة بعيدة جدًا؛ قلّل الكلمات أو اطلب صفحة أقرب."}
	}
	timer := time.NewTimer(a.wait)
	defer timer.Stop()
	heavy := cost > heavySearchCost
	if heavy {
		if err := a.take(ctx, a.heavy, timer); err != nil {
			return nil, err
		}
	}
	if err := a.take(ctx, a.all, timer); err != nil {
		if heavy {
			<-a.heavy
		}
		return nil, err
	}
	return func() {
		<-a.all
		if heavy {
			<-a.heavy
		}
	}, nil
}

// take waits for a slot of lane until the timer fires or ctx ends.
func (a *admission) take(ctx context.Context, lane chan struct{}, timer *time.Timer) error {
	select {
	case lane <- struct{}{}:
		return nil
	case <-timer.C:
		return &problem{status: http.StatusServiceUnavailable, code: "busy",
			msg: fmt.Sprintf("busy: %d searches are running and none finished within %s; retry in a moment", cap(a.all), a.wait),
			ar:  "الخادم مشغول بعمليات بحث أخرى؛ أعد المحاولة بعد لحظة."}
	case <-ctx.Done():
		return ctx.Err()
	}
}
