package web

import "net/http"

// handleProfile shows who the user is (GET /api/v1/me, as signedIn read
// it): name, username, unit, roles, and the language switch.
func (h *Handler) handleProfile(w http.ResponseWriter, r *http.Request, u *user) {
	v := h.view(w, r, u, "web.profile.title")
	v.Page = u
	h.render(w, http.StatusOK, "profile", v)
}
