package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"dsflow/authz"
	"dsflow/models"
)

// commands are the task commands pages send, each to
// POST /api/v1/tasks/{id}/{command}.
var commands = []string{"claim", "submit", "approve", "return", "comment"}

// keyPattern is the shape of the Idempotency-Keys pages generate.
var keyPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

type taskPage struct {
	Task                            task
	Inputs                          []input
	Submitted                       []shown
	CanClaim, CanSubmit, CanSign    bool
	CanComment, CanUpload           bool
	Files                           []attachment
	SignLevel, SignLevels           int
	Keys                            map[string]string // an Idempotency-Key per command form
	Comment, Reason, ApproveNote    string
	Errors                          map[string]string // messages beside the page's own fields
	FormError                       map[string]string // a message at the top of a command's form
	Done                            string
	Back                            string
	ExpectedHash, TaskID, RequestID string
}

// handleTaskPage shows one task: what it asks, its form (generated from
// the task's form definition), what was submitted, the actions open to
// the user and its history.
func (h *Handler) handleTaskPage(w http.ResponseWriter, r *http.Request, u *user) {
	var t task
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks/" + url.PathEscape(r.PathValue("id"))}, &t); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page := h.newTaskPage(u, t, savedValues(t.Form, t.Data), nil)
	if done := r.URL.Query().Get("done"); slices.Contains(commands, done) || done == "upload" {
		page.Done = "web.done." + done
	}
	h.renderTask(w, r, u, http.StatusOK, page)
}

func (h *Handler) newTaskPage(u *user, t task, values map[string]string, errs map[string]string) *taskPage {
	page := &taskPage{Task: t, Keys: map[string]string{}, Errors: errs, FormError: map[string]string{}, TaskID: t.ID}
	for _, c := range commands {
		page.Keys[c] = newKey()
	}
	page.Keys["upload"] = newKey()
	mine := func(id *uint) bool { return id != nil && *id == u.ID }
	// What the page offers is presentation; the API decides on each
	// command as it does for any client.
	page.CanClaim = t.ToClaim() && slices.Contains(u.Roles, t.CandidateRole) && u.Unit != nil && u.Unit.ID == t.UnitID
	page.CanSubmit = t.Open() && (mine(t.AssigneeID) || mine(t.ClaimedBy)) && authz.Allowed(u.Roles, authz.ActOnTasks)
	if t.Status == models.StatusSubmitted && t.SignOffStep < len(t.SignOff) && u.Unit != nil {
		lvl := t.SignOff[t.SignOffStep]
		page.CanSign = lvl.UnitID == u.Unit.ID && slices.Contains(u.Roles, lvl.Role) && authz.Allowed(u.Roles, authz.SignOff)
		page.SignLevel, page.SignLevels = t.SignOffStep+1, len(t.SignOff)
	}
	page.CanComment = authz.Allowed(u.Roles, authz.ActOnTasks) && (t.Open() || t.Status == models.StatusSubmitted)
	page.CanUpload = page.CanSubmit || page.CanComment
	page.ExpectedHash = t.ContentHash
	if page.CanSubmit {
		page.Inputs = inputs("", t.Form, values, errs)
	}
	if len(t.Data) > 0 {
		page.Submitted = shownData("", t.Form, t.Data)
	}
	return page
}

func (h *Handler) renderTask(w http.ResponseWriter, r *http.Request, u *user, status int, page *taskPage) {
	v := h.view(w, r, u, "web.tasks.title")
	v.Title = page.Task.Title.In(v.Lang)
	// Labels and values in the page's language.
	if page.CanSubmit {
		page.Inputs = inputs(v.Lang, page.Task.Form, valuesOf(page.Inputs), page.Errors)
	}
	if len(page.Task.Data) > 0 {
		page.Submitted = shownData(v.Lang, page.Task.Form, page.Task.Data)
	}
	page.Files = h.taskFiles(r, page.Task)
	page.Submitted = nameFiles(page.Task, page.Submitted, page.Files)
	v.Page = page
	h.render(w, status, "task", v)
}

func valuesOf(ins []input) map[string]string {
	out := map[string]string{}
	for _, in := range ins {
		out[strings.TrimPrefix(in.Name, formPrefix)] = in.Value
	}
	return out
}

// handleTaskCommand sends one command from a form to the API, with the
// form's Idempotency-Key: a double submit, or a retry after a lost answer,
// applies once. On success it goes back (to the task, or to where the form
// said); on a refusal it shows the task again with the API's messages
// beside the fields.
func (h *Handler) handleTaskCommand(w http.ResponseWriter, r *http.Request, u *user) {
	id, cmd := r.PathValue("id"), r.PathValue("command")
	if !slices.Contains(commands, cmd) {
		h.handleNotFound(w, r)
		return
	}
	key := r.PostFormValue(fieldKey)
	csrfOK := h.checkCSRF(r, sessionBinding(h.sessionToken(r))) && keyPattern.MatchString(key)
	var t task
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks/" + url.PathEscape(id)}, &t); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	values := postedValues(r, t.Form)
	if !csrfOK {
		page := h.newTaskPage(u, t, values, nil)
		page.FormError[cmd] = h.t(r, "web.csrf")
		h.keepPosted(r, page, cmd, "")
		h.renderTask(w, r, u, http.StatusForbidden, page)
		return
	}
	var body any
	switch cmd {
	case "submit":
		// The files ticked in the form go with the submission.
		body = map[string]any{"data": formData(t.Form, values), "attachment_ids": nonNil(r.PostForm["attachment_ids"])}
	case "approve":
		body = map[string]string{"comment": r.PostFormValue("comment"), "expected_hash": r.PostFormValue("expected_hash")}
	case "return":
		body = map[string]string{"reason": r.PostFormValue("reason")}
	case "comment":
		body = map[string]any{"text": r.PostFormValue("text"), "attachment_ids": nonNil(r.PostForm["attachment_ids"])}
	}
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/tasks/" + url.PathEscape(id) + "/" + cmd, body: body, idempotencyKey: key}, nil)
	if p == nil {
		back := localPath(r.PostFormValue("back"), "")
		if back == "" {
			back = "/tasks/" + url.PathEscape(id) + "?done=" + cmd
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	if p.Status == http.StatusUnauthorized {
		h.setCookie(w, r, cookieSession, "", time.Time{})
		http.Redirect(w, r, "/login?expired=1&next="+url.QueryEscape("/tasks/"+id), http.StatusSeeOther)
		return
	}
	// The task as it is now: a conflict may have moved it.
	if rp := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks/" + url.PathEscape(id)}, &t); rp != nil {
		h.renderProblem(w, r, u, rp)
		return
	}
	errs := map[string]string{}
	var loose []string
	for _, f := range p.Errors {
		if isPageField(cmd, f.Field, t.Form) {
			errs[f.Field] = f.Message
		} else {
			loose = append(loose, f.Message)
		}
	}
	page := h.newTaskPage(u, t, values, errs)
	page.FormError[cmd] = h.formMessage(r, p, loose)
	// The same key again: if the first try did go through, a retry of the
	// same form replays its answer instead of applying it twice.
	h.keepPosted(r, page, cmd, key)
	page.RequestID = p.RequestID
	h.renderTask(w, r, u, p.Status, page)
}

// keepPosted puts what the user typed back into the command's form, with
// its key when the same command may be retried as is.
func (h *Handler) keepPosted(r *http.Request, page *taskPage, cmd, key string) {
	if key != "" {
		page.Keys[cmd] = key
	}
	page.Comment, page.Reason, page.ApproveNote = r.PostFormValue("text"), r.PostFormValue("reason"), r.PostFormValue("comment")
	page.Back = localPath(r.PostFormValue("back"), "")
}

// isPageField reports whether a problem's field is an input of cmd's form.
func isPageField(cmd, field string, spec models.FormSpec) bool {
	switch cmd {
	case "submit":
		name, ok := strings.CutPrefix(field, "data.")
		return ok && slices.ContainsFunc(spec.Fields, func(f models.FormField) bool { return f.Name == name })
	case "return":
		return field == "reason"
	case "comment":
		return field == "text"
	case "approve":
		return field == "comment"
	}
	return false
}
