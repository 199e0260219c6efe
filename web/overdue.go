package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// overdueGroup is a unit with its overdue counts, as GET /api/v1/overdue
// answers.
type overdueGroup struct {
	Unit      unit             `json:"unit"`
	Total     int64            `json:"total"`
	ByProcess map[string]int64 `json:"by_process"`
	ByAge     map[string]int64 `json:"by_age"`
}

type overdueAnswer struct {
	overdueGroup
	Children   []overdueGroup `json:"children"`
	Own        *overdueGroup  `json:"own"`
	Tasks      []task         `json:"tasks"`
	NextCursor string         `json:"next_cursor"`
}

// ageBuckets are the API's age buckets, youngest first.
var ageBuckets = []string{"1-3", "4-7", "8-30", ">30"}

type overduePage struct {
	overdueAnswer
	Ages      []string
	Processes []string
	Up, Mine  string
	More      string
	// Chart is the last 30 days; Export the query of the export links.
	Chart  *chart
	Export string
}

// handleOverdue shows a leader what is overdue below them: the unit's
// counts by age and by kind of work, the units directly below with theirs
// (each a link one level down), and the longest-overdue tasks.
func (h *Handler) handleOverdue(w http.ResponseWriter, r *http.Request, u *user) {
	q := url.Values{}
	if id, err := strconv.ParseUint(r.URL.Query().Get("unit"), 10, 32); err == nil && id > 0 {
		q.Set("unit", strconv.FormatUint(id, 10))
	}
	if c := r.URL.Query().Get("cursor"); c != "" {
		q.Set("cursor", c)
	}
	var ans overdueAnswer
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/overdue?" + q.Encode()}, &ans); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page := overduePage{overdueAnswer: ans, Ages: ageBuckets}
	for _, k := range processKinds {
		if ans.ByProcess[k] > 0 {
			page.Processes = append(page.Processes, k)
		}
	}
	if u.Unit != nil && ans.Unit.ID != u.Unit.ID {
		page.Mine = "/overdue"
		if ans.Unit.ParentID != nil && *ans.Unit.ParentID != u.Unit.ID {
			page.Up = "/overdue?unit=" + uintString(*ans.Unit.ParentID)
		}
	}
	if ans.NextCursor != "" {
		next := url.Values{"unit": {uintString(ans.Unit.ID)}, "cursor": {ans.NextCursor}}
		page.More = "/overdue?" + next.Encode()
	}
	page.Chart = h.overdueChart(r, ans.Unit.ID)
	page.Export = "?unit=" + uintString(ans.Unit.ID)
	v := h.view(w, r, u, "web.overdue.title")
	v.Page = page
	h.render(w, http.StatusOK, "overdue", v)
}
