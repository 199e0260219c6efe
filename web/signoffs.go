package web

import (
	"net/http"
	"slices"
	"strconv"

	"dsflow/authz"
)

type signOffItem struct {
	Task                  task
	Data                  []shown
	UnitName              string
	ApproveKey, ReturnKey string
	// Why, when not empty, is the message key of the rule that keeps the
	// task out of a bulk approval; the task's own forms still show.
	Why string
	// Checked keeps a box ticked when the page comes back after a refusal.
	Checked bool
}

type signOffsPage struct {
	Items []signOffItem
	// BulkKey is the bulk form's Idempotency-Key; each task's approval
	// derives its own key from it (see bulkKey).
	BulkKey  string
	Bulkable int
	Results  []bulkResult
}

// handleSignOffs lists the submissions waiting for the user's decision
// (GET /api/v1/signoffs?pending=me), each with what was submitted and the
// approve and return forms, and a box to approve it with others. A refused
// decision shows on the task's page.
func (h *Handler) handleSignOffs(w http.ResponseWriter, r *http.Request, u *user) {
	page, p := h.signOffsPage(r, u)
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	v := h.view(w, r, u, "web.signoffs.title")
	v.Page = page
	if done := r.URL.Query().Get("done"); done == "approve" || done == "return" {
		v.Flash = v.T("web.done." + done)
	}
	h.render(w, http.StatusOK, "signoffs", v)
}

// signOffsPage reads what waits for the user and marks what may be
// approved in bulk.
func (h *Handler) signOffsPage(r *http.Request, u *user) (*signOffsPage, *problem) {
	var list taskList
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/signoffs?pending=me"}, &list); p != nil {
		return nil, p
	}
	lang := langOf(r)
	ids := make([]uint, 0, len(list.Items))
	for _, t := range list.Items {
		ids = append(ids, t.UnitID)
	}
	names := h.unitNames(r, ids)
	page := &signOffsPage{Items: make([]signOffItem, 0, len(list.Items)), BulkKey: newKey()}
	for _, t := range list.Items {
		it := signOffItem{Task: t, Data: shownData(lang, t.Form, t.Data), UnitName: names[t.UnitID], ApproveKey: newKey(), ReturnKey: newKey(),
			Why: bulkRefusal(u, t)}
		if it.Why == "" {
			page.Bulkable++
		}
		page.Items = append(page.Items, it)
	}
	return page, nil
}

// bulkRefusal names the sign-off rule that keeps the user from approving
// t unseen among others ("" when none does): the level is not theirs,
// they did the work themselves (four eyes), or they already decided a
// level of this submission. The API checks the same rules on every
// approval; the page only does not offer what would be refused.
func bulkRefusal(u *user, t task) string {
	if t.SignOffStep >= len(t.SignOff) || u.Unit == nil || !authz.Allowed(u.Roles, authz.SignOff) {
		return "web.signoffs.why.level"
	}
	lvl := t.SignOff[t.SignOffStep]
	if lvl.UnitID != u.Unit.ID || !slices.Contains(u.Roles, lvl.Role) {
		return "web.signoffs.why.level"
	}
	owner := t.AssigneeID
	if owner == nil {
		owner = t.ClaimedBy
	}
	if owner != nil && *owner == u.ID {
		return "web.signoffs.why.own"
	}
	if t.SubmittedAt != nil {
		for _, d := range t.Decisions {
			if d.ActorID == u.ID && !d.At.Before(*t.SubmittedAt) {
				return "web.signoffs.why.decided"
			}
		}
	}
	return ""
}

// unitNames names units by ID, as the user may see them (one in-process
// read each; a page names a few dozen at most).
func (h *Handler) unitNames(r *http.Request, ids []uint) map[uint]string {
	out := map[uint]string{}
	for _, id := range ids {
		if _, ok := out[id]; ok || len(out) >= 50 {
			continue
		}
		var un unit
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/units/" + uintString(id)}, &un); p == nil {
			out[id] = un.Name
		} else {
			out[id] = ""
		}
	}
	return out
}

func uintString(n uint) string { return strconv.FormatUint(uint64(n), 10) }
