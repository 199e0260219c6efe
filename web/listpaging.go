package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
)

// The API answers at most apiPageSize items a request. Forms that need a
// whole level of units (a select) fetch it page by page, up to
// maxListedUnits: far more than a country's communes (3,321 in Vietnam),
// but a bound, so a runaway subtree cannot make a page take minutes. A form
// that reaches it says so.
const (
	apiPageSize    = 500
	maxListedUnits = 10000
	// browsePageSize is how many rows a browsing page (the users, a unit's
	// children) shows at a time.
	browsePageSize = 100
)

// allUnits fetches every unit GET /api/v1/units answers for query, page by
// page, and reports whether it stopped at maxListedUnits with more left.
func (h *Handler) allUnits(r *http.Request, query url.Values) ([]unit, bool, *problem) {
	var all []unit
	for offset := 0; ; offset += apiPageSize {
		if offset >= maxListedUnits {
			return all, true, nil
		}
		q := cloneValues(query)
		q.Set("limit", strconv.Itoa(apiPageSize))
		q.Set("offset", strconv.Itoa(offset))
		var list struct {
			Items []unit `json:"items"`
		}
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/units?" + q.Encode()}, &list); p != nil {
			return nil, false, p
		}
		all = append(all, list.Items...)
		if len(list.Items) < apiPageSize {
			return all, false, nil
		}
	}
}

// pager is the previous and next links of a browsing page ("" when there
// is none), plain links so they work without JS.
type pager struct {
	Prev, Next string
	From, To   int // the rows shown, counted from 1
}

// pageOffset reads ?offset=, the first row a browsing page shows; one
// that is not a number, negative or past any list (which would overflow
// the next page's) starts at the first row.
func pageOffset(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("offset"))
	if err != nil || n < 0 || n > math.MaxInt32 {
		return 0
	}
	return n
}

// newPager builds the links of a page at offset that got got rows when
// browsePageSize+1 were asked for (the extra row says a next page exists).
// The links keep the query's keep parameters (the list's filters), not
// the one-off ones such as a done message.
func newPager(r *http.Request, offset, got int, keep ...string) pager {
	link := func(o int) string {
		q := url.Values{}
		for _, k := range keep {
			if v := r.URL.Query().Get(k); v != "" {
				q.Set(k, v)
			}
		}
		if o > 0 {
			q.Set("offset", strconv.Itoa(o))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	pg := pager{From: offset + 1, To: offset + min(got, browsePageSize)}
	if got == 0 {
		pg.From = 0
	}
	if offset > 0 {
		pg.Prev = link(max(offset-browsePageSize, 0))
	}
	if got > browsePageSize {
		pg.Next = link(offset + browsePageSize)
	}
	return pg
}
