package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dsflow/models"
)

// maxUserSearch is the longest search GET /api/v1/users takes (q), in
// characters.
const maxUserSearch = 100

// allRoles are the roles an admin gives, in the order the forms list them.
var allRoles = []string{models.RoleOfficer, models.RoleSecretary, models.RoleLeader, models.RoleInspector, models.RoleHealth, models.RoleAdmin}

// account is a user as GET /api/v1/users answers.
type account struct {
	ID       uint     `json:"id"`
	Username string   `json:"username"`
	FullName string   `json:"full_name"`
	Email    string   `json:"email"`
	Roles    []string `json:"roles"`
	Active   bool     `json:"active"`
	Unit     *unit    `json:"unit"`
}

// userForm is the create and edit form, as typed.
type userForm struct {
	Username, FullName, Email, Unit string
	Roles                           []string
	Active                          bool
}

// Has says whether the form gives role.
func (f userForm) Has(role string) bool { return slices.Contains(f.Roles, role) }

type usersPage struct {
	Users     []account
	Units     []unitOption // the list's filter
	Picker    *unitPicker  // the form's unit
	Roles     []string
	Filter    string // the unit the list is filtered by ("" all)
	Pager     pager
	Form      userForm
	Key       string
	Errors    map[string]string
	FormError string
	RequestID string
	Done      string
	Editing   *account // the edit page's user
	Password  bool     // the edit form sets a new password
	// Query is the list's search (part of a username or full name);
	// SearchError says why the API refused it.
	Query, SearchError string
}

// handleAdminUsers lists the users of the admin's subtree (of one unit
// with ?unit=, named like ?q=) and shows the form that creates one.
func (h *Handler) handleAdminUsers(w http.ResponseWriter, r *http.Request, u *user) {
	page := &usersPage{Key: newKey(), Errors: map[string]string{}, Form: userForm{Roles: []string{models.RoleOfficer}}}
	switch r.URL.Query().Get("done") {
	case "create":
		page.Done = h.t(r, "web.admin.user_created", r.URL.Query().Get("username"))
	case "update":
		page.Done = h.t(r, "web.admin.user_updated", r.URL.Query().Get("username"))
	}
	if u.Unit != nil {
		page.Form.Unit = uintString(u.Unit.ID)
	}
	h.showUsers(w, r, u, http.StatusOK, page)
}

func (h *Handler) showUsers(w http.ResponseWriter, r *http.Request, u *user, status int, page *usersPage) {
	page.Roles = allRoles
	// One page of browsePageSize users, and one more to know whether a
	// next page exists.
	offset := pageOffset(r)
	q := url.Values{"limit": {strconv.Itoa(browsePageSize + 1)}, "offset": {strconv.Itoa(offset)}}
	if f := r.URL.Query().Get("unit"); f != "" {
		if _, err := strconv.ParseUint(f, 10, 32); err == nil {
			page.Filter = f
			q.Set("unit_id", f)
		}
	}
	if s := strings.TrimSpace(r.URL.Query().Get("q")); s != "" {
		page.Query = s
		q.Set("q", s)
	}
	var list struct {
		Items []account `json:"items"`
	}
	switch p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/users?" + q.Encode()}, &list); {
	case p != nil && p.Status == http.StatusUnprocessableEntity: // the search is too long
		page.SearchError = h.t(r, "web.admin.users_search_long", maxUserSearch)
	case p != nil:
		h.renderProblem(w, r, u, p)
		return
	}
	page.Pager = newPager(r, offset, len(list.Items), "unit", "q")
	page.Users = list.Items[:min(len(list.Items), browsePageSize)]
	var p *problem
	if page.Picker, p = h.unitPicker(r, "unit_id", pickOne, page.Form.Unit); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if page.Units, p = h.optionsWith(r, page.Picker, page.Filter); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	v := h.view(w, r, u, "web.admin.users")
	v.Page = page
	h.render(w, status, "admin_users", v)
}

// postedUser reads the user form.
func postedUser(r *http.Request) userForm {
	_ = r.ParseForm()
	return userForm{Username: strings.TrimSpace(r.PostFormValue("username")), FullName: strings.TrimSpace(r.PostFormValue("full_name")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Unit: r.PostFormValue("unit_id"), Roles: r.PostForm["roles"],
		Active: r.PostFormValue("active") == "1"}
}

// handleCreateUser creates the form's user with its Idempotency-Key (a
// double tap creates one) and goes back to the list.
func (h *Handler) handleCreateUser(w http.ResponseWriter, r *http.Request, u *user) {
	page := &usersPage{Form: postedUser(r), Key: r.PostFormValue(fieldKey), Errors: map[string]string{}}
	if searchingUnits(r) {
		h.showUsers(w, r, u, http.StatusOK, page)
		return
	}
	if !h.commandOK(r, page.Key) {
		page.Key, page.FormError = newKey(), h.t(r, "web.csrf")
		h.showUsers(w, r, u, http.StatusForbidden, page)
		return
	}
	unitID, _ := strconv.ParseUint(page.Form.Unit, 10, 32)
	roles := page.Form.Roles
	if roles == nil {
		roles = []string{}
	}
	body := map[string]any{"username": page.Form.Username, "password": r.PostFormValue("password"), "full_name": page.Form.FullName,
		"unit_id": unitID, "roles": roles}
	if page.Form.Email != "" {
		body["email"] = page.Form.Email
	}
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/users", body: body, idempotencyKey: page.Key}, nil)
	if p == nil {
		http.Redirect(w, r, "/admin/users?done=create&username="+url.QueryEscape(page.Form.Username), http.StatusSeeOther)
		return
	}
	var loose []string
	page.Errors, loose = formErrors(p, userField)
	page.FormError, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.showUsers(w, r, u, p.Status, page)
}

// userField is the user form's input for a field the API names.
func userField(f string) string {
	switch {
	case slices.Contains([]string{"username", "password", "full_name", "email", "unit_id", "active"}, f):
		return f
	case f == "roles" || strings.HasPrefix(f, "roles["):
		return "roles"
	}
	return ""
}

// handleAdminUser shows the form that edits one user.
func (h *Handler) handleAdminUser(w http.ResponseWriter, r *http.Request, u *user) {
	page := &usersPage{Errors: map[string]string{}}
	h.showUser(w, r, u, http.StatusOK, page, true)
}

// showUser renders the edit page; fill takes the form's values from the
// user as saved.
func (h *Handler) showUser(w http.ResponseWriter, r *http.Request, u *user, status int, page *usersPage, fill bool) {
	id := r.PathValue("id")
	if _, err := strconv.ParseUint(id, 10, 32); err != nil {
		h.renderProblem(w, r, u, &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")})
		return
	}
	page.Editing = &account{}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/users/" + id}, page.Editing); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if fill {
		e := page.Editing
		page.Form = userForm{Username: e.Username, FullName: e.FullName, Email: e.Email, Roles: e.Roles, Active: e.Active}
		if e.Unit != nil {
			page.Form.Unit = uintString(e.Unit.ID)
		}
	}
	page.Roles = allRoles
	var p *problem
	if page.Picker, p = h.unitPicker(r, "unit_id", pickOne, page.Form.Unit); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	v := h.view(w, r, u, "web.admin.user_edit")
	v.Page = page
	h.render(w, status, "admin_users", v)
}

// handleUpdateUser saves the edit form (PATCH: a repeat sets the same
// values again); a new password only when one is typed.
func (h *Handler) handleUpdateUser(w http.ResponseWriter, r *http.Request, u *user) {
	page := &usersPage{Form: postedUser(r), Errors: map[string]string{}}
	if searchingUnits(r) {
		h.showUser(w, r, u, http.StatusOK, page, false)
		return
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) {
		page.FormError = h.t(r, "web.csrf")
		h.showUser(w, r, u, http.StatusForbidden, page, false)
		return
	}
	unitID, _ := strconv.ParseUint(page.Form.Unit, 10, 32)
	roles := page.Form.Roles
	if roles == nil {
		roles = []string{}
	}
	body := map[string]any{"full_name": page.Form.FullName, "unit_id": unitID, "roles": roles, "active": page.Form.Active}
	if page.Form.Email != "" {
		body["email"] = page.Form.Email
	}
	if pw := r.PostFormValue("password"); pw != "" {
		body["password"] = pw
	}
	id := r.PathValue("id")
	var after account
	p := h.call(r, apiCall{method: http.MethodPatch, path: "/api/v1/users/" + url.PathEscape(id), body: body}, &after)
	if p == nil {
		http.Redirect(w, r, "/admin/users?done=update&username="+url.QueryEscape(after.Username), http.StatusSeeOther)
		return
	}
	var loose []string
	page.Errors, loose = formErrors(p, userField)
	page.FormError, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.showUser(w, r, u, p.Status, page, false)
}

// Role names a role.
func (v *view) Role(r string) string { return v.T("web.admin.role." + r) }
