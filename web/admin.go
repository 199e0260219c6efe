package web

import (
	"net/http"
	"strings"

	"dsflow/authz"
)

// The profile and the administration pages: units, users, the holiday
// calendar, and the editors of process and checklist templates. Each is
// shown to the roles the API lets do its job; the API still decides on
// every call.
func init() {
	pageNames = append(pageNames, "profile", "admin", "admin_units", "admin_users", "admin_calendar",
		"admin_templates", "admin_template")
}

func (h *Handler) routesAdmin(m *http.ServeMux) {
	m.HandleFunc("GET /profile", h.signedIn(h.handleProfile))
	m.HandleFunc("GET /admin", h.signedIn(h.handleAdmin))
	m.HandleFunc("GET /admin/units", h.signedIn(h.handleAdminUnits))
	m.HandleFunc("POST /admin/units/import", h.signedIn(h.handleUnitsImport))
	m.HandleFunc("GET /admin/users", h.signedIn(h.handleAdminUsers))
	m.HandleFunc("POST /admin/users", h.signedIn(h.handleCreateUser))
	m.HandleFunc("GET /admin/users/{id}", h.signedIn(h.handleAdminUser))
	m.HandleFunc("POST /admin/users/{id}", h.signedIn(h.handleUpdateUser))
	m.HandleFunc("GET /admin/calendar", h.signedIn(h.handleAdminCalendar))
	m.HandleFunc("POST /admin/calendar", h.signedIn(h.handleCalendarChange))
	h.routesAdminTemplates(m)
}

// adminArea is one part of the administration and who may use it.
type adminArea struct {
	Href, Key, Hint string
	perm            authz.Permission
}

var adminAreas = []adminArea{
	{"/admin/units", "web.admin.units", "web.admin.units_hint", authz.ManageUnits},
	{"/admin/users", "web.admin.users", "web.admin.users_hint", authz.ManageUsers},
	{"/admin/calendar", "web.admin.calendar", "web.admin.calendar_hint", authz.EditCalendar},
	{"/admin/templates", "web.admin.templates", "web.admin.templates_hint", authz.ManageTemplates},
}

// areasFor are the parts of the administration roles may use.
func areasFor(roles []string) []adminArea {
	var out []adminArea
	for _, a := range adminAreas {
		if authz.Allowed(roles, a.perm) {
			out = append(out, a)
		}
	}
	return out
}

// CanAdmin says whether the header links to the administration: the user
// may use some part of it.
func (v *view) CanAdmin() bool { return v.User != nil && len(areasFor(v.User.Roles)) > 0 }

// InAdmin says whether the page is part of the administration.
func (v *view) InAdmin() bool {
	return v.Here == "/admin" || strings.HasPrefix(v.Here, "/admin/") || strings.HasPrefix(v.Here, "/admin?")
}

// handleAdmin lists the parts of the administration the user may use.
func (h *Handler) handleAdmin(w http.ResponseWriter, r *http.Request, u *user) {
	areas := areasFor(u.Roles)
	if len(areas) == 0 {
		h.renderProblem(w, r, u, &problem{Status: http.StatusForbidden})
		return
	}
	v := h.view(w, r, u, "web.admin.title")
	v.Page = areas
	h.render(w, http.StatusOK, "admin", v)
}

// formErrors sorts an API refusal's field messages: those a form has an
// input for (named by input) beside it, the others in loose.
func formErrors(p *problem, input func(field string) string) (map[string]string, []string) {
	errs := map[string]string{}
	var loose []string
	for _, f := range p.Errors {
		if name := input(f.Field); name != "" {
			if errs[name] == "" {
				errs[name] = f.Message
			}
			continue
		}
		loose = append(loose, f.Message)
	}
	return errs, loose
}

// commandOK checks a command form's CSRF token and Idempotency-Key.
func (h *Handler) commandOK(r *http.Request, key string) bool {
	return h.checkCSRF(r, sessionBinding(h.sessionToken(r))) && keyPattern.MatchString(key)
}
