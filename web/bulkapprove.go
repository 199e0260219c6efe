package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"
)

// maxBulk is how many tasks one bulk form approves: the sign-off list
// shows at most 200, and each approval is one call to the workflow.
const maxBulk = 50

// bulkResult is what became of one task of a bulk approval.
type bulkResult struct {
	TaskID, Title string
	OK            bool
	Message       string
}

// bulkKey derives a task's Idempotency-Key from the bulk form's key: the
// same form sent again (a double tap, a retry after a lost answer) sends
// every task the key it had the first time, so nothing is approved twice,
// while two tasks of one form never share a key.
func bulkKey(formKey, taskID string) string {
	return derivedKey("bulk-approve", formKey, taskID)
}

// handleBulkApprove approves each ticked task with one approve command,
// each with its own key derived from the form's, and shows what became of
// each: a refusal of one (its content changed, a rule forbids it) does
// not stop the others.
func (h *Handler) handleBulkApprove(w http.ResponseWriter, r *http.Request, u *user) {
	key := r.PostFormValue(fieldKey)
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(key) {
		h.renderSignOffsAfter(w, r, u, http.StatusForbidden, nil, h.t(r, "web.csrf"), r.PostForm["task"])
		return
	}
	ids := slices.Compact(slices.Sorted(slices.Values(r.PostForm["task"])))
	switch {
	case len(ids) == 0:
		h.renderSignOffsAfter(w, r, u, http.StatusUnprocessableEntity, nil, h.t(r, "web.signoffs.none_ticked"), nil)
		return
	case len(ids) > maxBulk:
		h.renderSignOffsAfter(w, r, u, http.StatusUnprocessableEntity, nil, h.t(r, "web.signoffs.too_many", maxBulk), ids)
		return
	}
	results := make([]bulkResult, 0, len(ids))
	failed := 0
	for _, id := range ids {
		res := bulkResult{TaskID: id, Title: r.PostFormValue("title_" + id)}
		body := map[string]string{"expected_hash": r.PostFormValue("hash_" + id)}
		p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/tasks/" + url.PathEscape(id) + "/approve", body: body, idempotencyKey: bulkKey(key, id)}, nil)
		if p != nil && p.Status == http.StatusUnauthorized {
			h.setCookie(w, r, cookieSession, "", time.Time{})
			http.Redirect(w, r, "/login?expired=1&next="+url.QueryEscape("/signoffs"), http.StatusSeeOther)
			return
		}
		if p == nil {
			res.OK, res.Message = true, h.t(r, "web.done.approve")
		} else {
			failed++
			res.Message = h.formMessage(r, p, fieldMessages(p))
		}
		results = append(results, res)
	}
	status := http.StatusOK
	if failed == len(results) {
		status = http.StatusConflict
	}
	h.renderSignOffsAfter(w, r, u, status, results, "", nil)
}

// fieldMessages are a problem's field messages, for a form without fields.
func fieldMessages(p *problem) []string {
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Message)
	}
	return out
}

// renderSignOffsAfter shows the sign-off list again after a bulk form:
// with each task's result, or with a message about the whole form and the
// boxes ticked as they were.
func (h *Handler) renderSignOffsAfter(w http.ResponseWriter, r *http.Request, u *user, status int, results []bulkResult, msg string, ticked []string) {
	page, p := h.signOffsPage(r, u)
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page.Results = results
	for i := range page.Items {
		page.Items[i].Checked = slices.Contains(ticked, page.Items[i].Task.ID)
	}
	v := h.view(w, r, u, "web.signoffs.title")
	v.Page, v.Message = page, msg
	h.render(w, status, "signoffs", v)
}
