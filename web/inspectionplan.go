package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dsflow/calendar"
	"dsflow/models"
)

// checklistSummary is a checklist in GET /api/v1/checklists.
type checklistSummary struct {
	Key     string      `json:"key"`
	Version int         `json:"version"`
	Title   models.Text `json:"title"`
}

// inspector is one a planner may put on the team (GET /api/v1/inspectors).
type inspector struct {
	ID       uint   `json:"id"`
	FullName string `json:"full_name"`
}

// planPage is the form that plans an inspection visit.
type planPage struct {
	Checklists []checklistSummary
	Units      *unitPicker
	Inspectors []inspector
	// The form's values, as typed.
	Values  map[string]string
	Picked  map[string]bool // "m<id>" for the members ticked
	Key     string
	Errors  map[string]string
	Message string
	// RequestID is the failed request's, to quote to support.
	RequestID string
}

// PickedMember says whether a member's box was ticked.
func (p *planPage) PickedMember(id uint) bool { return p.Picked["m"+uintString(id)] }

// loadPlanForm reads what the form offers: the checklists, the units
// below the user's own (above the villages, units ticked) and the user's
// unit's inspectors.
func (h *Handler) loadPlanForm(r *http.Request, u *user, page *planPage, units []string) *problem {
	var lists struct {
		Items []checklistSummary `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/checklists"}, &lists); p != nil {
		return p
	}
	page.Checklists = lists.Items
	var team struct {
		Items []inspector `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/inspectors"}, &team); p != nil {
		return p
	}
	page.Inspectors = team.Items
	var p *problem
	if page.Units, p = h.unitPicker(r, "units", pickBoxes, units...); p != nil {
		return p
	}
	if u.Unit != nil {
		// The inspecting unit is the user's: it does not inspect itself.
		page.Units.without(u.Unit.ID)
	}
	page.Units.NoneNote = h.t(r, "web.plan.no_units")
	return nil
}

// handlePlanPage is the plan form: the user leads, the visit is the next
// few days.
func (h *Handler) handlePlanPage(w http.ResponseWriter, r *http.Request, u *user) {
	today := calendar.DateOf(h.now()).Time(calendar.Location())
	page := &planPage{Values: map[string]string{"lead": uintString(u.ID), "start": today.Format(dateLayout),
		"end": today.AddDate(0, 0, 2).Format(dateLayout)}, Picked: map[string]bool{}, Errors: map[string]string{}, Key: newKey()}
	if p := h.loadPlanForm(r, u, page, nil); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if len(page.Checklists) > 0 {
		page.Values["checklist"] = page.Checklists[0].Key
	}
	h.renderPlan(w, r, u, http.StatusOK, page)
}

// handlePlan plans the inspection with the form's Idempotency-Key (a
// double tap plans once) and opens it; a refusal shows the form again,
// as filled in, with the API's messages beside the fields.
func (h *Handler) handlePlan(w http.ResponseWriter, r *http.Request, u *user) {
	page := &planPage{Values: map[string]string{}, Picked: map[string]bool{}, Errors: map[string]string{}, Key: r.PostFormValue(fieldKey)}
	for _, f := range []string{"name", "checklist", "lead", "start", "end"} {
		page.Values[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	_ = r.ParseForm()
	units, members := r.PostForm["units"], r.PostForm["members"]
	for _, id := range members {
		page.Picked["m"+id] = true
	}
	if p := h.loadPlanForm(r, u, page, units); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if searchingUnits(r) {
		h.renderPlan(w, r, u, http.StatusOK, page)
		return
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(page.Key) {
		page.Key, page.Message = newKey(), h.t(r, "web.csrf")
		h.renderPlan(w, r, u, http.StatusForbidden, page)
		return
	}
	dates := map[string]string{}
	for _, f := range []string{"start", "end"} {
		d, ok := parseDay(page.Values[f])
		if !ok {
			page.Errors[f] = h.t(r, "web.launch.date_format")
		}
		dates[f] = d
	}
	if len(page.Errors) > 0 {
		page.Message = h.t(r, "web.task.fix")
		h.renderPlan(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	lead, _ := strconv.ParseUint(page.Values["lead"], 10, 32)
	team := []uint{}
	for _, m := range members {
		if id, err := strconv.ParseUint(m, 10, 32); err == nil && uint64(id) != lead {
			team = append(team, uint(id))
		}
	}
	body := map[string]any{"name": page.Values["name"], "checklist": page.Values["checklist"], "units": apiUnitRefs(units),
		"lead": lead, "members": team, "window": map[string]string{"start": dates["start"], "end": dates["end"]}}
	var got inspection
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/inspections", body: body, idempotencyKey: page.Key}, &got)
	if p == nil {
		http.Redirect(w, r, "/inspections/"+url.PathEscape(got.ID)+"?done=plan", http.StatusSeeOther)
		return
	}
	var loose []string
	for _, f := range p.Errors {
		if f.Field == "units" && (f.Rule == "required" || f.Rule == "min") {
			// The API's "at least 1" is about a list: say it as one.
			page.Errors["units"] = h.t(r, "web.plan.units_required")
			continue
		}
		if name := planField(f.Field); name != "" {
			page.Errors[name] = f.Message
		} else {
			loose = append(loose, f.Message)
		}
	}
	page.Message, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.renderPlan(w, r, u, p.Status, page)
}

// planField is the form's input for a field the API names ("" when the
// form has none): units[2] is the units' list, members[0] the members'.
func planField(f string) string {
	switch f {
	case "name", "checklist", "lead", "units", "members":
		return f
	case "window.start":
		return "start"
	case "window.end":
		return "end"
	}
	for _, list := range []string{"units", "members"} {
		if strings.HasPrefix(f, list+"[") {
			return list
		}
	}
	return ""
}

// nonNil returns a copy of s that encodes as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clone(s)
}

func (h *Handler) renderPlan(w http.ResponseWriter, r *http.Request, u *user, status int, page *planPage) {
	v := h.view(w, r, u, "web.plan.title")
	v.Page = page
	h.render(w, status, "inspection_new", v)
}
