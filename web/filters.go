package web

import (
	"net/http"
	"net/url"
	"time"
)

// savedTaskFilters are My tasks' filters as GET/PUT /api/v1/me/filters
// carry them.
type savedTaskFilters struct {
	Show    string `json:"show"`
	Whose   string `json:"whose"`
	Process string `json:"process"`
	Q       string `json:"q"`
	Overdue bool   `json:"overdue"`
}

type savedFilters struct {
	Tasks savedTaskFilters `json:"tasks"`
}

// query writes the filters as My tasks' query.
func (f savedTaskFilters) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"show": f.Show, "whose": f.Whose, "process": f.Process, "q": f.Q} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Overdue {
		q.Set("overdue", "1")
	}
	return q
}

// savedQuery is the user's saved filters of My tasks as a query (nil when
// none are saved, or they cannot be read: the page then shows its
// defaults).
func (h *Handler) savedQuery(r *http.Request) url.Values {
	var f savedFilters
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/me/filters"}, &f); p != nil {
		return nil
	}
	if q := f.Tasks.query(); len(q) > 0 {
		return q
	}
	return nil
}

// handleSaveFilters saves the filters My tasks shows now as the user's
// own (or clears them), in the API, so they follow the user to any
// phone; then shows My tasks with them.
func (h *Handler) handleSaveFilters(w http.ResponseWriter, r *http.Request, u *user) {
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) {
		v := h.view(w, r, u, "web.tasks.title")
		v.Message = v.T("web.csrf")
		h.render(w, http.StatusForbidden, "error", v)
		return
	}
	f := savedTaskFilters{Show: r.PostFormValue("show"), Whose: r.PostFormValue("whose"), Process: r.PostFormValue("process"),
		Q: r.PostFormValue("q"), Overdue: r.PostFormValue("overdue") == "1"}
	reset := r.PostFormValue("action") == "clear"
	if reset {
		f = savedTaskFilters{}
	}
	p := h.call(r, apiCall{method: http.MethodPut, path: "/api/v1/me/filters", body: savedFilters{Tasks: f}}, nil)
	if p != nil {
		if p.Status == http.StatusUnauthorized {
			h.setCookie(w, r, cookieSession, "", time.Time{})
			http.Redirect(w, r, "/login?expired=1&next="+url.QueryEscape("/tasks"), http.StatusSeeOther)
			return
		}
		v := h.view(w, r, u, "web.tasks.title")
		v.Message, v.RequestID = h.formMessage(r, p, fieldMessages(p)), p.RequestID
		h.render(w, p.Status, "error", v)
		return
	}
	q := f.query()
	q.Set("saved", map[bool]string{true: "cleared", false: "saved"}[reset])
	http.Redirect(w, r, "/tasks?"+q.Encode(), http.StatusSeeOther)
}
