package web

import (
	"net/http"
	"net/url"
	"strings"

	"dsflow/authz"
	"dsflow/models"
)

// conclusion is a conclusion of a briefing and how its tasks stand.
type conclusion struct {
	Seq     int    `json:"seq"`
	Text    string `json:"text"`
	DueAt   string `json:"due_at"`
	Tasks   int    `json:"tasks"`
	Done    int    `json:"done"`
	Overdue int    `json:"overdue"`
	Status  string `json:"status"`
}

// agenda is GET /api/v1/briefings/{id}: the period's progress, what is
// overdue, the figures, last period's conclusions and this one's.
type agenda struct {
	processDetail
	OverdueAll struct {
		Total int64 `json:"total"`
	} `json:"overdue_all"`
	Previous *struct {
		process
		Conclusions []conclusion `json:"conclusions"`
	} `json:"previous"`
	Conclusions []conclusion `json:"conclusions"`
}

type briefingPage struct {
	agenda
	CanConclude bool
	Units       *unitPicker
	Roles       []string
	// The conclusion form, as typed.
	Text, Due, Role      string
	Chosen               []string
	Key                  string
	Errors               map[string]string
	FormError, RequestID string
	Done                 bool
}

// handleBriefing shows a briefing's compiled agenda, and to those who may
// record them the form of the meeting's conclusions.
func (h *Handler) handleBriefing(w http.ResponseWriter, r *http.Request, u *user) {
	page := &briefingPage{Errors: map[string]string{}, Key: newKey(), Role: models.RoleOfficer, Done: r.URL.Query().Get("done") == "conclusions"}
	h.showBriefing(w, r, u, http.StatusOK, page)
}

func (h *Handler) showBriefing(w http.ResponseWriter, r *http.Request, u *user, status int, page *briefingPage) {
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/briefings/" + url.PathEscape(r.PathValue("id"))}, &page.agenda); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page.Roles = []string{models.RoleOfficer, models.RoleSecretary, models.RoleLeader}
	if page.CanConclude = authz.Allowed(u.Roles, authz.LaunchProcesses); page.CanConclude {
		page.Units = h.unitPickerOr(r, "units", pickSeveral, page.Chosen...)
	}
	v := h.view(w, r, u, "web.briefings.title")
	v.Title = page.Name
	v.Page = page
	h.render(w, status, "briefing", v)
}

// handleConclusions records a conclusion of the meeting with the form's
// Idempotency-Key; the API's refusals show beside the fields.
func (h *Handler) handleConclusions(w http.ResponseWriter, r *http.Request, u *user) {
	_ = r.ParseForm()
	page := &briefingPage{Errors: map[string]string{}, Key: r.PostFormValue(fieldKey), Text: strings.TrimSpace(r.PostFormValue("text")),
		Due: r.PostFormValue("due"), Role: r.PostFormValue("role"), Chosen: r.PostForm["units"]}
	if searchingUnits(r) {
		h.showBriefing(w, r, u, http.StatusOK, page)
		return
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(page.Key) {
		page.Key, page.FormError = newKey(), h.t(r, "web.csrf")
		h.showBriefing(w, r, u, http.StatusForbidden, page)
		return
	}
	due, ok := parseDay(page.Due)
	if !ok {
		page.Errors["due"] = h.t(r, "web.launch.date_format")
		page.FormError = h.t(r, "web.task.fix")
		h.showBriefing(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	units := apiUnitRefs(page.Chosen)
	body := map[string]any{"conclusions": []any{map[string]any{"text": page.Text, "units": units, "due": due, "role": page.Role}}}
	id := r.PathValue("id")
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/briefings/" + url.PathEscape(id) + "/conclusions", body: body, idempotencyKey: page.Key}, nil)
	if p == nil {
		http.Redirect(w, r, "/briefings/"+url.PathEscape(id)+"?done=conclusions#conclusions", http.StatusSeeOther)
		return
	}
	var loose []string
	for _, f := range p.Errors {
		name, _, _ := strings.Cut(strings.TrimPrefix(f.Field, "conclusions[0]."), "[")
		switch name {
		case "text", "units", "due", "role":
			page.Errors[name] = f.Message
		default:
			loose = append(loose, f.Message)
		}
	}
	page.FormError, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.showBriefing(w, r, u, p.Status, page)
}

// KStatus names a conclusion's status.
func (v *view) KStatus(s string) string { return v.T("web.kstatus." + s) }
