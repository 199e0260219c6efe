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
	// Readers by name where the user may list users (an admin); else by
	// their number.
	var users struct {
		Items []struct {
			ID       uint   `json:"id"`
			FullName string `json:"full_name"`
			Username string `json:"username"`
		} `json:"items"`
	}
	names := map[uint]string{}
	if h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/users?limit=500"}, &users) == nil {
		for _, x := range users.Items {
			names[x.ID] = x.FullName + " (" + x.Username + ")"
		}
	}
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
