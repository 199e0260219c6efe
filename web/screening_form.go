package web

import (
	"net/http"
	"net/url"
	"strings"

	"dsflow/calendar"
	"dsflow/models"
)

// protocolSummary is a protocol in GET /api/v1/screening/protocols.
type protocolSummary struct {
	ID      uint        `json:"id"`
	Key     string      `json:"key"`
	Version int         `json:"version"`
	Type    string      `json:"type"`
	Title   models.Text `json:"title"`
}

// recordPage is the form that records a screened person.
type recordPage struct {
	Units     []unitOption
	Protocols []protocolSummary
	Types     []string
	Results   []string
	// The form's values, as typed.
	Values               map[string]string
	Key                  string
	Errors               map[string]string
	FormError, RequestID string
}

// recordFields are the form's inputs; the person's are sent under
// "person" (the API names them person.full_name…).
var recordFields = []string{"type", "unit_id", "full_name", "date_of_birth", "phone", "address", "guardian_name", "screened_on", "result", "protocol"}

func (h *Handler) loadRecordForm(r *http.Request, page *recordPage) *problem {
	page.Types, page.Results = []string{models.ScreeningPrenatal, models.ScreeningNewborn}, models.ScreeningResults
	units, capped, p := h.communes(r)
	if p != nil {
		return p
	}
	page.Units = h.cappedTree(r, units, capped)
	var list struct {
		Items []protocolSummary `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/screening/protocols"}, &list); p != nil {
		return p
	}
	page.Protocols = list.Items
	return nil
}

// handleRecordPage is the record form, screened today at the user's own
// commune.
func (h *Handler) handleRecordPage(w http.ResponseWriter, r *http.Request, u *user) {
	page := &recordPage{Values: map[string]string{"type": models.ScreeningPrenatal, "result": models.ResultNormal,
		"screened_on": calendar.DateOf(h.now()).Time(calendar.Location()).Format(dateLayout)}, Errors: map[string]string{}, Key: newKey()}
	if u.Unit != nil {
		page.Values["unit_id"] = uintString(u.Unit.ID)
	}
	if p := h.loadRecordForm(r, page); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	h.renderRecord(w, r, u, http.StatusOK, page)
}

// handleRecord records the case with the form's Idempotency-Key (a double
// tap records one case) and opens it; a refusal shows the form again, as
// typed, with the API's messages beside the fields.
func (h *Handler) handleRecord(w http.ResponseWriter, r *http.Request, u *user) {
	page := &recordPage{Values: map[string]string{}, Errors: map[string]string{}, Key: r.PostFormValue(fieldKey)}
	for _, f := range recordFields {
		page.Values[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	if p := h.loadRecordForm(r, page); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(page.Key) {
		page.Key, page.FormError = newKey(), h.t(r, "web.csrf")
		h.renderRecord(w, r, u, http.StatusForbidden, page)
		return
	}
	dates := map[string]string{}
	for _, f := range []string{"date_of_birth", "screened_on"} {
		d, ok := parseDay(page.Values[f])
		if !ok {
			page.Errors[f] = h.t(r, "web.launch.date_format")
		}
		dates[f] = d
	}
	if len(page.Errors) > 0 {
		page.FormError = h.t(r, "web.task.fix")
		h.renderRecord(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	val := page.Values
	var unitID any = val["unit_id"]
	if n, ok := parseNumber(val["unit_id"]); ok {
		unitID = n
	}
	body := map[string]any{"type": val["type"], "unit_id": unitID, "screened_on": dates["screened_on"], "result": val["result"],
		"protocol": val["protocol"], "person": map[string]string{"full_name": val["full_name"], "date_of_birth": dates["date_of_birth"],
			"phone": val["phone"], "address": val["address"], "guardian_name": val["guardian_name"]}}
	var got screeningCase
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/screening/cases", body: body, idempotencyKey: page.Key}, &got)
	if p == nil {
		http.Redirect(w, r, "/screening/cases/"+url.PathEscape(got.ID)+"?done=record", http.StatusSeeOther)
		return
	}
	var loose []string
	for _, f := range p.Errors {
		name := strings.TrimPrefix(f.Field, "person.")
		if _, ok := page.Values[name]; ok {
			page.Errors[name] = f.Message
		} else {
			loose = append(loose, f.Message)
		}
	}
	page.FormError, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.renderRecord(w, r, u, p.Status, page)
}

func (h *Handler) renderRecord(w http.ResponseWriter, r *http.Request, u *user, status int, page *recordPage) {
	v := h.view(w, r, u, "web.screening.record")
	v.Page = page
	h.render(w, status, "screening_new", v)
}
