package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dsflow/models"
)

// routesInspection registers the inspection pages this file and
// inspectionplan.go serve.
func (h *Handler) routesInspection(m *http.ServeMux) {
	m.HandleFunc("GET /inspections/new", h.signedIn(h.handlePlanPage))
	m.HandleFunc("POST /inspections/new", h.signedIn(h.handlePlan))
	m.HandleFunc("POST /inspections/{id}/findings", h.signedIn(h.handleAddFinding))
	m.HandleFunc("POST /inspections/{id}/sign", h.signedIn(h.handleSign))
	m.HandleFunc("GET /inspections/{id}/evidence/{task}/{file}", h.signedIn(h.handleEvidence))
}

// findingForm is the form that adds a finding, as typed.
type findingForm struct {
	Units      []unitRef
	Items      []itemRef // the checklist's items, to link the finding to
	Severities []string
	Values     map[string]string
	// SaveID is the API's retry key for the finding: a form sent twice
	// adds one.
	SaveID  string
	Errors  map[string]string
	Message string
}

type unitRef struct {
	ID   uint
	Name string
}

type itemRef struct{ Key, Label string }

// remediation is a finding's remediation task as its verifier sees it:
// what the unit reported, its evidence, and the forms to decide.
type remediation struct {
	Finding     string
	Unit        string
	Task        task
	Report      []shown
	Evidence    []string // links to the files
	Approve     string   // the forms' Idempotency-Keys
	Return      string
	ReturnError string
}

var severities = []string{"high", "medium", "low"}

// offerWork adds to an inspection's page the forms open to u: a finding
// (a member of the team, before the signature), the signature (the lead,
// before it) and the remediations waiting for an inspector of the
// inspecting unit. Presentation only: the API decides on each.
func (h *Handler) offerWork(r *http.Request, u *user, page *inspectionPage) {
	onTeam := slices.ContainsFunc(page.Team, func(m teamMember) bool { return m.UserID == u.ID })
	if page.Status == models.InspectionPlanned && onTeam {
		f := &findingForm{Severities: severities, Values: map[string]string{"severity": "medium", "due_days": "30", "working_days": "1"},
			SaveID: newKey(), Errors: map[string]string{}}
		for _, un := range page.Units {
			f.Units = append(f.Units, unitRef{ID: un.ID, Name: un.Name})
		}
		if len(f.Units) > 0 {
			f.Values["unit"] = uintString(f.Units[0].ID)
		}
		f.Items = h.checklistItems(r, page)
		page.Finding = f
		if page.LeadID == u.ID {
			page.Sign = newKey()
		}
	}
	if u.Unit == nil || u.Unit.ID != page.UnitID || !slices.Contains(u.Roles, models.RoleInspector) {
		return
	}
	for _, f := range page.Findings {
		if f.TaskID == "" || f.Status != models.StatusSubmitted {
			continue
		}
		var t task
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks/" + url.PathEscape(f.TaskID)}, &t); p != nil {
			continue // not the user's to see: the list shows its status
		}
		rem := remediation{Finding: f.Description, Unit: page.UnitName(f.UnitID), Task: t, Approve: newKey(), Return: newKey()}
		lang := langOf(r)
		for _, fd := range t.Form.Fields {
			if fd.Type != models.FieldFile {
				continue
			}
			if id, ok := t.Data[fd.Name].(string); ok && id != "" {
				rem.Evidence = append(rem.Evidence, "/inspections/"+url.PathEscape(page.ID)+"/evidence/"+url.PathEscape(t.ID)+"/"+url.PathEscape(id))
			}
		}
		for _, s := range shownData(lang, t.Form, t.Data) {
			if !slices.ContainsFunc(t.Form.Fields, func(fd models.FormField) bool { return fd.Type == models.FieldFile && fd.Label.In(lang) == s.Label }) {
				rem.Report = append(rem.Report, s)
			}
		}
		page.Verify = append(page.Verify, rem)
	}
}

// handleAddFinding adds a finding from the inspection's page, with the
// form's save_id (sent twice, it adds one); a refusal shows the page again
// with the form as typed and the API's messages beside its fields.
func (h *Handler) handleAddFinding(w http.ResponseWriter, r *http.Request, u *user) {
	page, p := h.loadInspection(r, u)
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if page.Finding == nil {
		h.renderProblem(w, r, u, &problem{Status: http.StatusForbidden})
		return
	}
	f := page.Finding
	for _, k := range []string{"unit", "item", "severity", "description", "due_days", "working_days"} {
		f.Values[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	f.SaveID = r.PostFormValue("save_id")
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(f.SaveID) {
		f.SaveID, f.Message = newKey(), h.t(r, "web.csrf")
		h.renderInspection(w, r, u, http.StatusForbidden, page)
		return
	}
	var days any = f.Values["due_days"]
	if n, err := strconv.Atoi(f.Values["due_days"]); err == nil {
		days = n
	}
	body := map[string]any{"save_id": f.SaveID, "unit": f.Values["unit"], "item": f.Values["item"], "severity": f.Values["severity"],
		"description": f.Values["description"], "due_days": days, "working_days": f.Values["working_days"] == "1"}
	p = h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/inspections/" + url.PathEscape(page.ID) + "/findings", body: body}, nil)
	if p == nil {
		http.Redirect(w, r, "/inspections/"+url.PathEscape(page.ID)+"?done=finding#findings", http.StatusSeeOther)
		return
	}
	var loose []string
	for _, fp := range p.Errors {
		if _, ok := f.Values[fp.Field]; ok {
			f.Errors[fp.Field] = fp.Message
		} else {
			loose = append(loose, fp.Message)
		}
	}
	f.Message = h.formMessage(r, p, loose)
	h.renderInspection(w, r, u, p.Status, page)
}

// handleSign signs the minutes (the lead), with the form's
// Idempotency-Key: a retry attaches to the first signature. The
// confirmation box must be ticked: a signature makes the answers and the
// findings final.
func (h *Handler) handleSign(w http.ResponseWriter, r *http.Request, u *user) {
	page, p := h.loadInspection(r, u)
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	key := r.PostFormValue(fieldKey)
	switch {
	case !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(key):
		page.SignError = h.t(r, "web.csrf")
		h.renderInspection(w, r, u, http.StatusForbidden, page)
		return
	case r.PostFormValue("confirm") != "1":
		page.Sign, page.SignError = key, h.t(r, "web.inspection.sign_confirm_needed")
		h.renderInspection(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	p = h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/inspections/" + url.PathEscape(page.ID) + "/sign", body: map[string]any{}, idempotencyKey: key}, nil)
	if p == nil {
		http.Redirect(w, r, "/inspections/"+url.PathEscape(page.ID)+"?done=sign", http.StatusSeeOther)
		return
	}
	if page.Sign != "" {
		page.Sign = key
	}
	page.SignError = h.formMessage(r, p, nil)
	h.renderInspection(w, r, u, p.Status, page)
}

// handleEvidence passes on a remediation's evidence file: the API's route
// wants the bearer token, which only the session cookie holds.
func (h *Handler) handleEvidence(w http.ResponseWriter, r *http.Request, u *user) {
	h.passFile(w, r, u, "/api/v1/tasks/"+url.PathEscape(r.PathValue("task"))+"/attachments/"+url.PathEscape(r.PathValue("file")))
}

// checklistItems are the items of the inspection's checklist, read from
// the user's own checklist (none when the user has none to read).
func (h *Handler) checklistItems(r *http.Request, page *inspectionPage) []itemRef {
	if len(page.Mine) == 0 {
		return nil
	}
	var sh sheet
	path := "/api/v1/inspections/" + url.PathEscape(page.ID) + "/checklists/" + uintString(page.Mine[0])
	if h.call(r, apiCall{method: http.MethodGet, path: path}, &sh) != nil || sh.Checklist == nil {
		return nil
	}
	lang := langOf(r)
	var out []itemRef
	for _, sec := range sh.Checklist.Sections {
		for _, it := range sec.Items {
			out = append(out, itemRef{Key: it.Key, Label: sec.Title.In(lang) + ": " + it.Text.In(lang)})
		}
	}
	return out
}
