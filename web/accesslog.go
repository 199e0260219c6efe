package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// accessEntry is one read of a case's personal data.
type accessEntry struct {
	CaseID  string    `json:"case_id"`
	UserID  uint      `json:"user_id"`
	Purpose string    `json:"purpose"`
	At      time.Time `json:"at"`
	Reader  string    `json:"-"`
}

type accessPage struct {
	Case    string
	Entries []accessEntry
	Error   string
}

// handleAccessLog shows who read which case's personal data, and why,
// newest first (?case= one case's); for those allowed (the API decides).
func (h *Handler) handleAccessLog(w http.ResponseWriter, r *http.Request, u *user) {
	page := accessPage{Case: strings.TrimSpace(r.URL.Query().Get("case"))}
	q := url.Values{"limit": {"200"}}
	if page.Case != "" {
		q.Set("case", page.Case)
	}
	var list struct {
		Items []accessEntry `json:"items"`
	}
	p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/screening/access-log?" + q.Encode()}, &list)
	switch {
	case p != nil && p.Status == http.StatusUnprocessableEntity:
		page.Error = h.formMessage(r, p, nil)
	case p != nil:
		h.renderProblem(w, r, u, p)
		return
	}
	names := h.readerNames(r, list.Items)
	for _, e := range list.Items {
		e.Reader = names[e.UserID]
		if e.Reader == "" {
			e.Reader = "#" + uintString(e.UserID)
		}
		page.Entries = append(page.Entries, e)
	}
	v := h.view(w, r, u, "web.access.title")
	v.Page = page
	status := http.StatusOK
	if p != nil {
		status = p.Status
	}
	h.render(w, status, "access_log", v)
}

// readerNames names the readers of entries, one GET /api/v1/users/{id}
// each (the log's page names a few, the users of a subtree run to tens of
// thousands), where the user may read users (an admin, over their
// subtree); the others stay unnamed.
func (h *Handler) readerNames(r *http.Request, entries []accessEntry) map[uint]string {
	names := map[uint]string{}
	for _, e := range entries {
		if _, done := names[e.UserID]; done {
			continue
		}
		var reader struct {
			FullName string `json:"full_name"`
			Username string `json:"username"`
		}
		names[e.UserID] = ""
		p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/users/" + uintString(e.UserID)}, &reader)
		if p == nil {
			names[e.UserID] = reader.FullName + " (" + reader.Username + ")"
		} else if p.Status == http.StatusForbidden {
			return names // not an admin: no reader will be named
		}
	}
	return names
}
