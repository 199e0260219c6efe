package web

import (
	"net/http"
	"net/url"
)

// routesBriefing registers the briefing cycle's deletion.
func (h *Handler) routesBriefing(m *http.ServeMux) {
	m.HandleFunc("POST /briefings/schedules/{id}/delete", h.signedIn(h.handleDeleteSchedule))
}

// handleDeleteSchedule deletes a briefing cycle once the user confirmed
// it: no further periods are launched (those launched go on), and it
// cannot be undone.
func (h *Handler) handleDeleteSchedule(w http.ResponseWriter, r *http.Request, u *user) {
	page := &briefingsPage{Values: map[string]string{}, Errors: map[string]string{}, Key: newKey()}
	switch {
	case !h.checkCSRF(r, sessionBinding(h.sessionToken(r))):
		page.Message = h.t(r, "web.csrf")
		h.showBriefings(w, r, u, http.StatusForbidden, page)
		return
	case r.PostFormValue("confirm") != "1":
		page.Message = h.t(r, "web.briefings.delete_confirm_needed")
		h.showBriefings(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	if p := h.call(r, apiCall{method: http.MethodDelete, path: "/api/v1/schedules/" + url.PathEscape(r.PathValue("id"))}, nil); p != nil {
		page.Message = h.formMessage(r, p, nil)
		h.showBriefings(w, r, u, p.Status, page)
		return
	}
	http.Redirect(w, r, "/briefings?done=delete", http.StatusSeeOther)
}
