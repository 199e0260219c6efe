package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// routesScreening registers the screening pages added beside the cases
// list and a case's page: the transfer, the access log, the data
// subjects' requests and the targets.
func (h *Handler) routesScreening(m *http.ServeMux) {
	m.HandleFunc("GET /screening/cases/{id}/transfer", h.signedIn(h.handleTransferPage))
	m.HandleFunc("POST /screening/cases/{id}/transfer", h.signedIn(h.handleTransfer))
	m.HandleFunc("POST /screening/cases/{id}/person", h.signedIn(h.handleCorrectPerson))
	m.HandleFunc("POST /screening/cases/{id}/erase", h.signedIn(h.handleErasePerson))
	m.HandleFunc("GET /screening/access-log", h.signedIn(h.handleAccessLog))
	m.HandleFunc("GET /screening/subjects", h.signedIn(h.handleSubjectsPage))
	m.HandleFunc("POST /screening/subjects", h.signedIn(h.handleSubjectExport))
	m.HandleFunc("GET /screening/targets", h.signedIn(h.handleTargetsPage))
	m.HandleFunc("POST /screening/targets", h.signedIn(h.handlePutTargets))
	m.HandleFunc("POST /screening/targets/import", h.signedIn(h.handleImportTargets))
}

// destination is a commune a case may move to (GET
// /api/v1/screening/destinations).
type destination struct {
	ID     uint   `json:"id"`
	Name   string `json:"name"`
	Parent string `json:"parent"`
}

// transferPage finds the commune the person moved to (a search by name,
// anywhere in the country) and moves the case there with a reason.
type transferPage struct {
	Case               screeningCase
	Query, Picked      string
	Found              []destination
	Searched           bool
	Reason, Key        string
	Errors             map[string]string
	Message, RequestID string
	SearchError        string
}

// handleTransferPage shows the case and, with ?q=, the communes found.
func (h *Handler) handleTransferPage(w http.ResponseWriter, r *http.Request, u *user) {
	page := &transferPage{Query: strings.TrimSpace(r.URL.Query().Get("q")), Key: newKey(), Errors: map[string]string{}}
	h.showTransfer(w, r, u, http.StatusOK, page)
}

// handleTransfer moves the case with the form's Idempotency-Key (a double
// tap moves it once). The case leaves the user's commune: the list shows
// that it went.
func (h *Handler) handleTransfer(w http.ResponseWriter, r *http.Request, u *user) {
	page := &transferPage{Query: strings.TrimSpace(r.PostFormValue("q")), Picked: r.PostFormValue("unit_id"),
		Reason: strings.TrimSpace(r.PostFormValue("reason")), Key: r.PostFormValue(fieldKey), Errors: map[string]string{}}
	switch {
	case !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(page.Key):
		page.Key, page.Message = newKey(), h.t(r, "web.csrf")
		h.showTransfer(w, r, u, http.StatusForbidden, page)
		return
	case page.Picked == "":
		page.Errors["unit_id"] = h.t(r, "web.transfer.pick")
	}
	if page.Reason == "" {
		page.Errors["reason"] = h.t(r, "web.transfer.reason_required")
	}
	if len(page.Errors) > 0 {
		page.Message = h.t(r, "web.task.fix")
		h.showTransfer(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	id := r.PathValue("id")
	var unitID any = page.Picked
	if n, err := strconv.ParseUint(page.Picked, 10, 32); err == nil {
		unitID = n
	}
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/screening/cases/" + url.PathEscape(id) + "/transfer",
		body: map[string]any{"unit_id": unitID, "reason": page.Reason}, idempotencyKey: page.Key}, nil)
	if p == nil {
		http.Redirect(w, r, "/screening?done=transfer&case="+url.QueryEscape(id), http.StatusSeeOther)
		return
	}
	var loose []string
	for _, f := range p.Errors {
		if f.Field == "unit_id" || f.Field == "reason" {
			page.Errors[f.Field] = f.Message
		} else {
			loose = append(loose, f.Message)
		}
	}
	page.Message, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.showTransfer(w, r, u, p.Status, page)
}

// showTransfer reads the case and the communes the query finds, and
// renders the page.
func (h *Handler) showTransfer(w http.ResponseWriter, r *http.Request, u *user, status int, page *transferPage) {
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/screening/cases/" + url.PathEscape(r.PathValue("id"))}, &page.Case); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if page.Query != "" {
		var list struct {
			Items []destination `json:"items"`
		}
		p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/screening/destinations?q=" + url.QueryEscape(page.Query)}, &list)
		switch {
		case p != nil && p.Status == http.StatusUnprocessableEntity:
			page.SearchError = h.t(r, "web.transfer.search_short")
		case p != nil:
			h.renderProblem(w, r, u, p)
			return
		}
		page.Found, page.Searched = list.Items, p == nil
		if len(page.Found) == 1 && page.Picked == "" {
			page.Picked = uintString(page.Found[0].ID)
		}
	}
	v := h.view(w, r, u, "web.transfer.title")
	v.Title = v.T("web.transfer.title") + " " + page.Case.ID
	v.Page = page
	h.render(w, status, "case_transfer", v)
}
