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

// screeningCase is a case as GET /api/v1/screening/cases{,/{id}} gives it:
// pseudonymous, with the person, result and outcome only after a purpose.
type screeningCase struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	UnitID     uint       `json:"unit_id"`
	Protocol   string     `json:"protocol"`
	Version    int        `json:"protocol_version"`
	ScreenedOn string     `json:"screened_on"`
	Status     string     `json:"status"`
	Step       int        `json:"step"`
	Attempt    int        `json:"attempt"`
	ClosedAt   *time.Time `json:"closed_at"`
	Steps      []caseStep `json:"steps"`
	// CurrentStep is the step under way, as the list gives it.
	CurrentStep *caseStep      `json:"current_step"`
	Person      *models.Person `json:"person"`
	Result      string         `json:"result"`
	Outcome     string         `json:"outcome"`
	// StepData is what the stations recorded on the steps (with a purpose).
	StepData []struct {
		TaskID string         `json:"task_id"`
		Data   map[string]any `json:"data"`
	} `json:"step_records"`
}

type caseStep struct {
	TaskID  string    `json:"task_id"`
	UnitID  uint      `json:"unit_id"`
	Title   string    `json:"title"`
	TitleEn string    `json:"title_en"`
	Status  string    `json:"status"`
	DueAt   time.Time `json:"due_at"`
	Overdue bool      `json:"overdue"`
}

// Text is the step's title in lang.
func (s caseStep) Text() models.Text { return models.Text{Vi: s.Title, En: s.TitleEn} }

// casesPerPage is a page of the cases list.
const casesPerPage = 25

type casesPage struct {
	Items               []caseRow
	Status, Type, After string
	Overdue             bool
	Next                string
	Done                string
	Statuses, Types     []string
}

type caseRow struct {
	screeningCase
	Unit string
}

// handleCases lists the cases of the user's subtree, without personal
// data, with each open case's current step and its deadline.
func (h *Handler) handleCases(w http.ResponseWriter, r *http.Request, u *user) {
	q := r.URL.Query()
	page := casesPage{Status: q.Get("status"), Type: q.Get("type"), Overdue: q.Get("overdue") == "1", After: q.Get("after"),
		Statuses: []string{models.CaseOpen, models.CaseClosed},
		Types:    []string{models.ScreeningPrenatal, models.ScreeningNewborn}}
	if q.Get("done") == "transfer" {
		page.Done = h.t(r, "web.transfer.done", q.Get("case"))
	}
	// Filters the page does not offer are dropped, not sent to be refused.
	if !slices.Contains(page.Statuses, page.Status) {
		page.Status = ""
	}
	if !slices.Contains(page.Types, page.Type) {
		page.Type = ""
	}
	api := url.Values{"limit": {strconv.Itoa(casesPerPage)}}
	for k, v := range map[string]string{"status": page.Status, "type": page.Type, "after": page.After} {
		if v != "" {
			api.Set(k, v)
		}
	}
	if page.Overdue {
		api.Set("overdue", "true")
	}
	var list struct {
		Items []screeningCase `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/screening/cases?" + api.Encode()}, &list); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	names := h.caseUnitNames(r, list.Items)
	for _, c := range list.Items {
		page.Items = append(page.Items, caseRow{screeningCase: c, Unit: names[c.UnitID]})
	}
	if len(list.Items) == casesPerPage {
		next := url.Values{"after": {list.Items[len(list.Items)-1].ID}}
		for k, v := range map[string]string{"status": page.Status, "type": page.Type} {
			if v != "" {
				next.Set(k, v)
			}
		}
		if page.Overdue {
			next.Set("overdue", "1")
		}
		page.Next = "/screening?" + next.Encode()
	}
	v := h.view(w, r, u, "web.screening.title")
	v.Page = page
	h.render(w, http.StatusOK, "screening", v)
}

// communes are the communes of the user's subtree, where cases are
// recorded, and whether they were cut short at maxListedUnits.
func (h *Handler) communes(r *http.Request) ([]unit, bool, *problem) {
	return h.allUnits(r, url.Values{"level": {models.LevelCommune}})
}

// caseUnitNames names the communes of cases.
func (h *Handler) caseUnitNames(r *http.Request, cases []screeningCase) map[uint]string {
	ids := make([]uint, 0, len(cases))
	for _, c := range cases {
		ids = append(ids, c.UnitID)
	}
	return h.unitNames(r, ids)
}

type casePage struct {
	screeningCase
	Unit string
	// Purpose is what the user said they read the personal data for;
	// Personal that the API gave it.
	Purpose, PurposeError string
	Personal              bool
	Denied                string
	Done                  string
	ProtocolTitle         models.Text
	// Correct is the correction form of the person (shown with the
	// personal data, or again after a refusal); EraseError the erasure's.
	Correct    *personForm
	EraseError string
}

// handleCase shows a case: its steps and where they stand, without
// personal data.
func (h *Handler) handleCase(w http.ResponseWriter, r *http.Request, u *user) {
	page := &casePage{}
	switch r.URL.Query().Get("done") {
	case "record":
		page.Done = h.t(r, "web.case.recorded")
	case "correct":
		page.Done = h.t(r, "web.subject.corrected")
	case "erase":
		page.Done = h.t(r, "web.subject.erased")
	}
	h.showCase(w, r, u, page, http.StatusOK)
}

// handleCasePurpose is the purpose form: the case again, asked of the API
// with the purpose, so the personal data shows and the read is logged. A
// POST (with its CSRF token): the read is an act, and the purpose stays
// out of addresses and histories.
func (h *Handler) handleCasePurpose(w http.ResponseWriter, r *http.Request, u *user) {
	page := &casePage{Purpose: strings.TrimSpace(r.PostFormValue("purpose"))}
	switch {
	case !h.checkCSRF(r, sessionBinding(h.sessionToken(r))):
		page.PurposeError = h.t(r, "web.csrf")
		h.showCase(w, r, u, page, http.StatusForbidden)
		return
	case page.Purpose == "":
		page.PurposeError = h.t(r, "web.case.purpose_required")
		h.showCase(w, r, u, page, http.StatusUnprocessableEntity)
		return
	}
	path := "/api/v1/screening/cases/" + url.PathEscape(r.PathValue("id"))
	p := h.call(r, apiCall{method: http.MethodGet, path: path + "?purpose=" + url.QueryEscape(page.Purpose)}, &page.screeningCase)
	switch {
	case p == nil:
		page.Personal = page.Person != nil
		page.Correct = newPersonForm(page.Person)
		page.Unit = h.unitNames(r, []uint{page.UnitID})[page.UnitID]
		h.renderCase(w, r, u, http.StatusOK, page)
		return
	case p.Status == http.StatusForbidden:
		page.Denied = h.t(r, "web.case.denied")
		h.showCase(w, r, u, page, http.StatusOK)
		return
	case p.Status == http.StatusUnprocessableEntity:
		for _, f := range p.Errors {
			page.PurposeError = f.Message
		}
		if page.PurposeError == "" {
			page.PurposeError = p.Title
		}
		h.showCase(w, r, u, page, http.StatusUnprocessableEntity)
		return
	}
	h.renderProblem(w, r, u, p)
}

// showCase reads the case without a purpose and renders it.
func (h *Handler) showCase(w http.ResponseWriter, r *http.Request, u *user, page *casePage, status int) {
	page.screeningCase = screeningCase{}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/screening/cases/" + url.PathEscape(r.PathValue("id"))}, &page.screeningCase); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page.Unit = h.unitNames(r, []uint{page.UnitID})[page.UnitID]
	h.renderCase(w, r, u, status, page)
}

func (h *Handler) renderCase(w http.ResponseWriter, r *http.Request, u *user, status int, page *casePage) {
	var list struct {
		Items []protocolSummary `json:"items"`
	}
	if h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/screening/protocols"}, &list) == nil {
		for _, p := range list.Items {
			if p.Key == page.Protocol && p.Version == page.Version {
				page.ProtocolTitle = p.Title
			}
		}
	}
	v := h.view(w, r, u, "web.case.title")
	v.Title = v.T("web.case.title") + " " + page.ID
	v.Page = page
	h.render(w, status, "case", v)
}

// SType names a screening type; CStatus a case status; Result a screening
// result; Outcome a case's outcome.
func (v *view) SType(s string) string   { return v.T("web.stype." + s) }
func (v *view) CStatus(s string) string { return v.T("web.cstatus." + s) }
func (v *view) Result(s string) string  { return v.T("web.result." + s) }
func (v *view) Outcome(s string) string { return v.T("web.outcome." + s) }

// CanRecord says whether to show the link to the record form (the API
// decides on the form itself).
func (v *view) CanRecord() bool {
	return v.User != nil && authz.Allowed(v.User.Roles, authz.RecordScreening)
}

// StepRecord writes what a station recorded on a step (with a purpose):
// whether the person was reached, what came of it, the note.
func (v *view) StepRecord(c *casePage, taskID string) []shown {
	var out []shown
	for _, r := range c.StepData {
		if r.TaskID != taskID {
			continue
		}
		for _, f := range []string{models.StepFieldReached, models.StepFieldOutcome, models.StepFieldNote} {
			s := ""
			switch x := r.Data[f].(type) {
			case bool:
				s = v.T(map[bool]string{true: "web.task.yes", false: "web.task.no"}[x])
			case string:
				s = x
				if f == models.StepFieldOutcome {
					s = v.Outcome(x)
				}
			}
			if s != "" {
				out = append(out, shown{Label: v.T("field.step." + f), Value: s})
			}
		}
	}
	return out
}
