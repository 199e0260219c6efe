package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

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

// recurringKinds are the template kinds a cycle may run (the API's).
var recurringKinds = []string{models.TemplateBriefing, models.TemplateReview, models.TemplateDataUpdate, models.TemplateAnnualPlan}

// cadences are a cycle's periods.
var cadences = []string{"month", "quarter", "half", "year"}

// briefingsPage lists the cycles and the briefings they launched, with the
// form that creates a cycle.
type briefingsPage struct {
	Schedules []schedule
	Periods   []process
	Done      string
	// Message is a refusal of a pause or a resume.
	Message string
	// The create form.
	Templates []templateSummary
	Units     *unitPicker
	// roots name the cycles' root units.
	roots                map[uint]string
	Levels, Cadences     []string
	Values               map[string]string
	Key                  string
	Errors               map[string]string
	FormError, RequestID string
}

// handleBriefings lists the briefing cycles (schedules) with their next
// runs, to pause or resume, and the briefings they launched.
func (h *Handler) handleBriefings(w http.ResponseWriter, r *http.Request, u *user) {
	page := &briefingsPage{Values: map[string]string{"level": models.LevelCommune, "cadence": "quarter"}, Errors: map[string]string{}, Key: newKey()}
	if u.Unit != nil {
		page.Values["root_unit"] = uintString(u.Unit.ID)
	}
	if d := r.URL.Query().Get("done"); d == "pause" || d == "resume" || d == "create" || d == "delete" {
		page.Done = h.t(r, "web.briefings.done."+d)
	}
	h.showBriefings(w, r, u, http.StatusOK, page)
}

func (h *Handler) showBriefings(w http.ResponseWriter, r *http.Request, u *user, status int, page *briefingsPage) {
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
	var tpls struct {
		Items []templateSummary `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/templates"}, &tpls); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	for _, t := range tpls.Items {
		if slices.Contains(recurringKinds, t.Kind) {
			page.Templates = append(page.Templates, t)
		}
	}
	page.Schedules, page.Periods, page.Levels, page.Cadences = scheds.Items, list.Items, unitLevels, cadences
	page.Units = h.unitPickerOr(r, "root_unit", pickOne, page.Values["root_unit"])
	page.roots = h.rootNames(r, page.Units, page.Schedules)
	v := h.view(w, r, u, "web.briefings.title")
	v.Page = page
	h.render(w, status, "briefings", v)
}

// handleCreateSchedule creates a cycle with the form's Idempotency-Key.
func (h *Handler) handleCreateSchedule(w http.ResponseWriter, r *http.Request, u *user) {
	page := &briefingsPage{Values: map[string]string{}, Errors: map[string]string{}, Key: r.PostFormValue(fieldKey)}
	for _, f := range []string{"template", "name", "root_unit", "level", "cadence", "catch_up", "start_now"} {
		page.Values[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	if searchingUnits(r) {
		h.showBriefings(w, r, u, http.StatusOK, page)
		return
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(page.Key) {
		page.Key, page.FormError = newKey(), h.t(r, "web.csrf")
		h.showBriefings(w, r, u, http.StatusForbidden, page)
		return
	}
	val := page.Values
	body := map[string]any{"template": val["template"], "name": val["name"], "root_unit": apiUnitRef(val["root_unit"]), "level": val["level"],
		"cadence": val["cadence"], "catch_up": val["catch_up"] == "1", "start_now": val["start_now"] == "1"}
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/schedules", body: body, idempotencyKey: page.Key}, nil)
	if p == nil {
		http.Redirect(w, r, "/briefings?done=create", http.StatusSeeOther)
		return
	}
	var loose []string
	for _, f := range p.Errors {
		if _, ok := val[f.Field]; ok {
			page.Errors[f.Field] = f.Message
		} else {
			loose = append(loose, f.Message)
		}
	}
	page.FormError, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.showBriefings(w, r, u, p.Status, page)
}

// handleScheduleAction pauses or resumes a cycle.
func (h *Handler) handleScheduleAction(w http.ResponseWriter, r *http.Request, u *user) {
	action := r.PathValue("action")
	if action != "pause" && action != "resume" {
		h.handleNotFound(w, r)
		return
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) {
		page := &briefingsPage{Values: map[string]string{}, Errors: map[string]string{}, Key: newKey(), Message: h.t(r, "web.csrf")}
		h.showBriefings(w, r, u, http.StatusForbidden, page)
		return
	}
	path := "/api/v1/schedules/" + url.PathEscape(r.PathValue("id")) + "/" + action
	if p := h.call(r, apiCall{method: http.MethodPost, path: path}, nil); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	http.Redirect(w, r, "/briefings?done="+action, http.StatusSeeOther)
}

// Cadence names a cycle's cadence.
func (v *view) Cadence(s string) string { return v.T("web.cadence." + s) }

// rootNames name the cycles' root units: from the picker when it offers
// them, else each looked up (a cycle over a commune, on a large subtree).
func (h *Handler) rootNames(r *http.Request, pk *unitPicker, scheds []schedule) map[uint]string {
	names := map[uint]string{}
	for _, s := range scheds {
		id := s.RootUnitID
		if _, ok := names[id]; ok {
			continue
		}
		if names[id] = pk.unitName(id); names[id] != "" {
			continue
		}
		var un unit
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/units/" + uintString(id)}, &un); p == nil {
			names[id] = un.Name
		}
	}
	return names
}

// Unit names a unit of the user's subtree ("#id" when unknown).
func (p briefingsPage) Unit(id uint) string {
	if name := p.roots[id]; name != "" {
		return name
	}
	return "#" + uintString(id)
}
