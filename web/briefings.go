package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"dsflow/authz"
	"dsflow/models"
)

// schedule is a briefing cycle as GET /api/v1/schedules lists it.
type schedule struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Template   string      `json:"template"`
	RootUnitID uint        `json:"root_unit_id"`
	Level      string      `json:"level"`
	Cadence    string      `json:"cadence"`
	Paused     bool        `json:"paused"`
	NextRuns   []time.Time `json:"next_runs"`
	State      string      `json:"state"`
}

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

type briefingsPage struct {
	Schedules []schedule
	Periods   []process
	Units     map[uint]string
	Done      string
}

// handleBriefings lists the briefing cycles (schedules) with their next
// runs, to pause or resume, and the briefings they launched.
func (h *Handler) handleBriefings(w http.ResponseWriter, r *http.Request, u *user) {
	h.showBriefings(w, r, u, http.StatusOK, "")
}

func (h *Handler) showBriefings(w http.ResponseWriter, r *http.Request, u *user, status int, msg string) {
	page := briefingsPage{Units: map[uint]string{}}
	var scheds struct {
		Items []schedule `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/schedules"}, &scheds); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	var list struct {
		Items []process `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/campaigns?kind=" + models.TemplateBriefing + "&limit=50"}, &list); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page.Schedules, page.Periods = scheds.Items, list.Items
	units, _ := h.unitsAboveVillages(r)
	for _, o := range units {
		page.Units[o.ID] = o.Label
	}
	if d := r.URL.Query().Get("done"); d == "pause" || d == "resume" {
		page.Done = h.t(r, "web.briefings.done."+d)
	}
	v := h.view(w, r, u, "web.briefings.title")
	v.Message = msg
	v.Page = page
	h.render(w, status, "briefings", v)
}

// handleScheduleAction pauses or resumes a cycle.
func (h *Handler) handleScheduleAction(w http.ResponseWriter, r *http.Request, u *user) {
	action := r.PathValue("action")
	if action != "pause" && action != "resume" {
		h.handleNotFound(w, r)
		return
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) {
		h.showBriefings(w, r, u, http.StatusForbidden, h.t(r, "web.csrf"))
		return
	}
	path := "/api/v1/schedules/" + url.PathEscape(r.PathValue("id")) + "/" + action
	if p := h.call(r, apiCall{method: http.MethodPost, path: path}, nil); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	http.Redirect(w, r, "/briefings?done="+action, http.StatusSeeOther)
}

type briefingPage struct {
	agenda
	CanConclude bool
	Units       []unitOption
	Roles       []string
	// The conclusion form, as typed.
	Text, Due, Role      string
	Chosen               []string
	Key                  string
	Errors               map[string]string
	FormError, RequestID string
	Done                 bool
}

// Picked says whether a unit is chosen in the form.
func (p briefingPage) Picked(id uint) bool { return slices.Contains(p.Chosen, uintString(id)) }

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
		page.Units, _ = h.unitsAboveVillages(r)
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
	units := page.Chosen
	if units == nil {
		units = []string{}
	}
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

// Cadence names a cycle's cadence; KStatus a conclusion's status.
func (v *view) Cadence(s string) string { return v.T("web.cadence." + s) }
func (v *view) KStatus(s string) string { return v.T("web.kstatus." + s) }

// Unit names a unit of the user's subtree ("#id" when unknown).
func (p briefingsPage) Unit(id uint) string {
	if n, ok := p.Units[id]; ok {
		return n
	}
	return "#" + strconv.FormatUint(uint64(id), 10)
}
