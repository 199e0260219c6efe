package web

import (
	"net/http"
	"strconv"
)

type signOffItem struct {
	Task                  task
	Data                  []shown
	UnitName              string
	ApproveKey, ReturnKey string
}

// handleSignOffs lists the submissions waiting for the user's decision
// (GET /api/v1/signoffs?pending=me), each with what was submitted and the
// approve and return forms. A refused decision shows on the task's page.
func (h *Handler) handleSignOffs(w http.ResponseWriter, r *http.Request, u *user) {
	var list taskList
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/signoffs?pending=me"}, &list); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	lang := langOf(r)
	ids := make([]uint, 0, len(list.Items))
	for _, t := range list.Items {
		ids = append(ids, t.UnitID)
	}
	names := h.unitNames(r, ids)
	items := make([]signOffItem, 0, len(list.Items))
	for _, t := range list.Items {
		items = append(items, signOffItem{Task: t, Data: shownData(lang, t.Form, t.Data), UnitName: names[t.UnitID], ApproveKey: newKey(), ReturnKey: newKey()})
	}
	v := h.view(w, r, u, "web.signoffs.title")
	v.Page = items
	if done := r.URL.Query().Get("done"); done == "approve" || done == "return" {
		v.Flash = v.T("web.done." + done)
	}
	h.render(w, http.StatusOK, "signoffs", v)
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
