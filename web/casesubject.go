package web

import (
	"net/http"
	"net/url"
	"strings"

	"dsflow/authz"
	"dsflow/models"
)

// personForm is the correction of a case's person (a data subject's
// request), as typed.
type personForm struct {
	Values  map[string]string
	Errors  map[string]string
	Message string
}

// personFields are the correction's inputs; the API names them person.*.
var personFields = []string{"full_name", "date_of_birth", "phone", "address", "guardian_name"}

// newPersonForm fills the correction form with the person as read.
func newPersonForm(p *models.Person) *personForm {
	f := &personForm{Values: map[string]string{}, Errors: map[string]string{}}
	if p != nil {
		f.Values = map[string]string{"full_name": p.FullName, "date_of_birth": p.DateOfBirth, "phone": p.Phone,
			"address": p.Address, "guardian_name": p.GuardianName}
		if d, ok := parseDay(p.DateOfBirth); ok {
			f.Values["date_of_birth"] = d[8:10] + "/" + d[5:7] + "/" + d[0:4]
		}
	}
	return f
}

// CanSubject says whether to offer the data subjects' requests (the API
// decides on each).
func (v *view) CanSubject() bool {
	return v.User != nil && authz.Allowed(v.User.Roles, authz.ReadHealthData)
}

// CanAccessLog says whether to offer the access log.
func (v *view) CanAccessLog() bool {
	return v.User != nil && authz.Allowed(v.User.Roles, authz.ReadAccessLog)
}

// CanTargets says whether to offer the targets' entry.
func (v *view) CanTargets() bool {
	return v.User != nil && authz.Allowed(v.User.Roles, authz.SetScreeningTargets)
}

// handleCorrectPerson corrects the case's person at the data subject's
// request, once the user confirmed it; a refusal shows the case with the
// form as typed and the API's messages beside its fields.
func (h *Handler) handleCorrectPerson(w http.ResponseWriter, r *http.Request, u *user) {
	f := &personForm{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range personFields {
		f.Values[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	page := &casePage{Correct: f}
	switch {
	case !h.checkCSRF(r, sessionBinding(h.sessionToken(r))):
		f.Message = h.t(r, "web.csrf")
		h.showCase(w, r, u, page, http.StatusForbidden)
		return
	case r.PostFormValue("confirm") != "1":
		f.Message = h.t(r, "web.subject.confirm_needed")
		h.showCase(w, r, u, page, http.StatusUnprocessableEntity)
		return
	}
	dob, ok := parseDay(f.Values["date_of_birth"])
	if !ok {
		f.Errors["date_of_birth"], f.Message = h.t(r, "web.launch.date_format"), h.t(r, "web.task.fix")
		h.showCase(w, r, u, page, http.StatusUnprocessableEntity)
		return
	}
	person := map[string]string{"full_name": f.Values["full_name"], "date_of_birth": dob, "phone": f.Values["phone"],
		"address": f.Values["address"], "guardian_name": f.Values["guardian_name"]}
	id := r.PathValue("id")
	p := h.call(r, apiCall{method: http.MethodPut, path: "/api/v1/screening/cases/" + url.PathEscape(id) + "/person", body: map[string]any{"person": person}}, nil)
	if p == nil {
		http.Redirect(w, r, "/screening/cases/"+url.PathEscape(id)+"?done=correct", http.StatusSeeOther)
		return
	}
	var loose []string
	for _, fp := range p.Errors {
		if name := strings.TrimPrefix(fp.Field, "person."); name != fp.Field {
			f.Errors[name] = fp.Message
		} else {
			loose = append(loose, fp.Message)
		}
	}
	f.Message = h.formMessage(r, p, loose)
	h.showCase(w, r, u, page, p.Status)
}

// handleErasePerson erases the case's personal data at the data subject's
// request, once the user confirmed it: it cannot be undone.
func (h *Handler) handleErasePerson(w http.ResponseWriter, r *http.Request, u *user) {
	page := &casePage{}
	switch {
	case !h.checkCSRF(r, sessionBinding(h.sessionToken(r))):
		page.EraseError = h.t(r, "web.csrf")
		h.showCase(w, r, u, page, http.StatusForbidden)
		return
	case r.PostFormValue("confirm") != "1":
		page.EraseError = h.t(r, "web.subject.confirm_needed")
		h.showCase(w, r, u, page, http.StatusUnprocessableEntity)
		return
	}
	id := r.PathValue("id")
	p := h.call(r, apiCall{method: http.MethodDelete, path: "/api/v1/screening/cases/" + url.PathEscape(id) + "/person"}, nil)
	if p == nil {
		http.Redirect(w, r, "/screening/cases/"+url.PathEscape(id)+"?done=erase", http.StatusSeeOther)
		return
	}
	page.EraseError = h.formMessage(r, p, nil)
	h.showCase(w, r, u, page, p.Status)
}

// subjectsPage is a data subject's request to see their data: their
// cases, found by phone number, each read logged with the purpose.
type subjectsPage struct {
	Phone, Purpose string
	Errors         map[string]string
	Message        string
	Cases          []caseRow
	Searched       bool
}

func (h *Handler) handleSubjectsPage(w http.ResponseWriter, r *http.Request, u *user) {
	h.renderSubjects(w, r, u, http.StatusOK, &subjectsPage{Errors: map[string]string{}})
}

// handleSubjectExport reads the cases of a phone number with their
// personal data (a POST: the phone and the purpose stay out of addresses).
func (h *Handler) handleSubjectExport(w http.ResponseWriter, r *http.Request, u *user) {
	page := &subjectsPage{Phone: strings.TrimSpace(r.PostFormValue("phone")), Purpose: strings.TrimSpace(r.PostFormValue("purpose")), Errors: map[string]string{}}
	switch {
	case !h.checkCSRF(r, sessionBinding(h.sessionToken(r))):
		page.Message = h.t(r, "web.csrf")
		h.renderSubjects(w, r, u, http.StatusForbidden, page)
		return
	case r.PostFormValue("confirm") != "1":
		page.Message = h.t(r, "web.subject.confirm_needed")
		h.renderSubjects(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	var list struct {
		Items []screeningCase `json:"items"`
	}
	q := url.Values{"phone": {page.Phone}, "purpose": {page.Purpose}}
	p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/screening/subjects?" + q.Encode()}, &list)
	if p != nil {
		var loose []string
		for _, f := range p.Errors {
			if f.Field == "phone" || f.Field == "purpose" {
				page.Errors[f.Field] = f.Message
			} else {
				loose = append(loose, f.Message)
			}
		}
		page.Message = h.formMessage(r, p, loose)
		h.renderSubjects(w, r, u, p.Status, page)
		return
	}
	names := h.caseUnitNames(r, list.Items)
	for _, c := range list.Items {
		page.Cases = append(page.Cases, caseRow{screeningCase: c, Unit: names[c.UnitID]})
	}
	page.Searched = true
	h.renderSubjects(w, r, u, http.StatusOK, page)
}

func (h *Handler) renderSubjects(w http.ResponseWriter, r *http.Request, u *user, status int, page *subjectsPage) {
	v := h.view(w, r, u, "web.subject.title")
	v.Page = page
	h.render(w, status, "subjects", v)
}

// PersonFields are the correction form's inputs, in order.
func (c *casePage) PersonFields() []string { return personFields }
