package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"dsflow/authz"
)

// inspection is an inspection as GET /api/v1/inspections lists it.
type inspection struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Status      string     `json:"status"`
	Number      string     `json:"number"`
	Checklist   string     `json:"checklist"`
	UnitID      uint       `json:"unit_id"`
	LeadID      uint       `json:"lead_id"`
	WindowStart time.Time  `json:"window_start"`
	WindowEnd   time.Time  `json:"window_end"`
	SignedAt    *time.Time `json:"signed_at"`
}

// inspectionDetail is GET /api/v1/inspections/{id}.
type inspectionDetail struct {
	inspection
	Units []struct {
		ID   uint   `json:"id"`
		Name string `json:"name"`
	} `json:"units"`
	Team       []teamMember   `json:"team"`
	Checklists []sheetSummary `json:"checklists"`
	Findings   []struct {
		ID          uint       `json:"id"`
		UnitID      uint       `json:"unit_id"`
		Severity    string     `json:"severity"`
		Description string     `json:"description"`
		DueDays     int        `json:"due_days"`
		WorkingDays bool       `json:"working_days"`
		DueAt       *time.Time `json:"due_at"`
		TaskID      string     `json:"task_id"`
		Status      string     `json:"status"`
		Overdue     bool       `json:"overdue"`
	} `json:"findings"`
}

type teamMember struct {
	UserID uint   `json:"user_id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
}

type sheetSummary struct {
	UnitID      uint      `json:"unit_id"`
	InspectorID uint      `json:"inspector_id"`
	TaskID      string    `json:"task_id"`
	TaskStatus  string    `json:"task_status"`
	Version     int       `json:"version"`
	Submitted   bool      `json:"submitted"`
	Score       *float64  `json:"score"`
	MaxScore    *float64  `json:"max_score"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// UnitName names one of the inspected units.
func (d inspectionDetail) UnitName(id uint) string {
	for _, u := range d.Units {
		if u.ID == id {
			return u.Name
		}
	}
	return ""
}

// MemberName names one of the team.
func (d inspectionDetail) MemberName(id uint) string {
	for _, m := range d.Team {
		if m.UserID == id {
			return m.Name
		}
	}
	return ""
}

func (h *Handler) handleInspections(w http.ResponseWriter, r *http.Request, u *user) {
	var list struct {
		Items []inspection `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/inspections"}, &list); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	v := h.view(w, r, u, "web.inspections.title")
	v.Page = list.Items
	h.render(w, http.StatusOK, "inspections", v)
}

// CanPlan says whether to offer the plan form (the API decides on it).
func (v *view) CanPlan() bool {
	return v.User != nil && authz.Allowed(v.User.Roles, authz.PlanInspections)
}

type inspectionPage struct {
	inspectionDetail
	// Mine are the units whose checklist is the user's to fill.
	Mine    []uint
	Sheets  []sheetRow
	Minutes string
	Done    string
	// Finding is the form that adds a finding (team members, before the
	// signature); nil when the user may not add one.
	Finding *findingForm
	// Sign is the lead's signature form's key ("" when not the lead's).
	Sign, SignError string
	// Verify are the remediations waiting for the user's verification.
	Verify []remediation
}

type sheetRow struct {
	sheetSummary
	Unit, Inspector string
}

// handleInspection shows an inspection: the units, the team, where each
// checklist stands with its score, the findings; the user's own
// checklists to open; the forms open to the user (a finding, the
// signature, the verification of remediations); the signed minutes.
func (h *Handler) handleInspection(w http.ResponseWriter, r *http.Request, u *user) {
	page, p := h.loadInspection(r, u)
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if done := r.URL.Query().Get("done"); slices.Contains([]string{"plan", "finding", "sign", "approve", "return"}, done) {
		page.Done = h.t(r, "web.inspection.done."+done)
	}
	h.renderInspection(w, r, u, http.StatusOK, page)
}

// loadInspection reads the inspection and builds its page for u.
func (h *Handler) loadInspection(r *http.Request, u *user) (*inspectionPage, *problem) {
	var d inspectionDetail
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/inspections/" + url.PathEscape(r.PathValue("id"))}, &d); p != nil {
		return nil, p
	}
	page := &inspectionPage{inspectionDetail: d}
	for _, sh := range d.Checklists {
		page.Sheets = append(page.Sheets, sheetRow{sheetSummary: sh, Unit: d.UnitName(sh.UnitID), Inspector: d.MemberName(sh.InspectorID)})
		if sh.InspectorID == u.ID && !slices.Contains(page.Mine, sh.UnitID) {
			page.Mine = append(page.Mine, sh.UnitID)
		}
	}
	if d.Status != "planned" {
		page.Minutes = "/inspections/" + url.PathEscape(d.ID) + "/minutes.pdf"
	}
	h.offerWork(r, u, page)
	return page, nil
}

func (h *Handler) renderInspection(w http.ResponseWriter, r *http.Request, u *user, status int, page *inspectionPage) {
	v := h.view(w, r, u, "web.inspections.title")
	v.Title = page.Name
	v.Page = page
	h.render(w, status, "inspection", v)
}

// handleMinutes passes on the signed minutes (PDF).
func (h *Handler) handleMinutes(w http.ResponseWriter, r *http.Request, u *user) {
	h.passFile(w, r, u, "/api/v1/inspections/"+url.PathEscape(r.PathValue("id"))+"/minutes.pdf")
}

// IStatus names an inspection status.
func (v *view) IStatus(s string) string { return v.T("web.istatus." + s) }

// Score writes a score out of its maximum.
func (v *view) Score(score, max *float64) string {
	if score == nil || max == nil {
		return "–"
	}
	return v.Fig(score) + "/" + v.Fig(max)
}
