package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"dsflow/models"
)

// sheet is an inspector's checklist for a unit, as the API shows it.
type sheet struct {
	sheetSummary
	SaveID    string                   `json:"save_id"`
	Answers   map[string]models.Answer `json:"answers"`
	Checklist *models.ChecklistDef     `json:"checklist"`
}

// checklistPage is one section of a checklist, built for a phone.
type checklistPage struct {
	Inspection, UnitName string
	Base                 string // the checklist's page
	Back                 string // the inspection's
	Sheet                sheet
	Sections             []sectionTab
	Index, Count         int // this section (1-based) of Count
	Title                string
	Items                []answerInput
	// The save's version and save_id, and the submit's Idempotency-Key:
	// a form sent twice applies once.
	Version     int
	SaveID, Key string
	Message     string
	Conflict    bool
	Done        string
	Elsewhere   []elsewhere       // completeness errors in other sections
	All         []readSection     // a submitted checklist, whole, for reading
	Typed       map[string]string // after a conflict: what the user sent, where it differs
	Last        bool
}

type readSection struct {
	Title string
	Items []answerInput
}

type sectionTab struct {
	Index  int
	Title  string
	Errors bool
}

type elsewhere struct {
	Section       int
	Item, Message string
}

func (h *Handler) sheetPath(r *http.Request) string {
	return "/inspections/" + url.PathEscape(r.PathValue("id")) + "/checklists/" + url.PathEscape(r.PathValue("unit"))
}

// loadSheet reads the user's checklist and the inspection's name.
func (h *Handler) loadSheet(r *http.Request, page *checklistPage) *problem {
	var d inspectionDetail
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/inspections/" + url.PathEscape(r.PathValue("id"))}, &d); p != nil {
		return p
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1" + h.sheetPath(r)}, &page.Sheet); p != nil {
		return p
	}
	if page.Sheet.Checklist == nil || len(page.Sheet.Checklist.Sections) == 0 {
		return &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")}
	}
	page.Inspection, page.UnitName, page.Base = d.Name, d.UnitName(page.Sheet.UnitID), h.sheetPath(r)
	page.Back = "/inspections/" + url.PathEscape(d.ID)
	return nil
}

// handleChecklist shows one section (?s=, from 1) of the user's checklist:
// its items with inputs by answer type, and the buttons that save the
// draft and move on. A submitted checklist is shown for reading.
func (h *Handler) handleChecklist(w http.ResponseWriter, r *http.Request, u *user) {
	page := &checklistPage{}
	if p := h.loadSheet(r, page); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	s, _ := strconv.Atoi(r.URL.Query().Get("s"))
	switch r.URL.Query().Get("done") {
	case "save":
		page.Done = h.t(r, "web.checklist.saved")
	case "submit":
		page.Done = h.t(r, "web.checklist.submitted")
	}
	h.renderChecklist(w, r, u, http.StatusOK, page, s-1, page.Sheet.Answers, nil, nil)
}

// handleChecklistPost saves the section's answers with the form's version
// and save_id (PUT: a retry is answered with what the first stored), then
// moves to the section asked for, or submits the checklist at the end.
// A save from an older version shows the stored answers; the API's
// messages show beside the items.
func (h *Handler) handleChecklistPost(w http.ResponseWriter, r *http.Request, u *user) {
	page := &checklistPage{}
	if p := h.loadSheet(r, page); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	def := *page.Sheet.Checklist
	idx, _ := strconv.Atoi(r.PostFormValue("s"))
	idx = min(max(idx-1, 0), len(def.Sections)-1)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	page.SaveID, page.Key, page.Version = r.PostFormValue("save_id"), r.PostFormValue(fieldKey), version
	answers := postedAnswers(r, def.Sections[idx], page.Sheet.Answers)
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(page.SaveID) || !keyPattern.MatchString(page.Key) {
		page.Message = h.t(r, "web.csrf")
		page.SaveID, page.Key, page.Version = newKey(), newKey(), page.Sheet.Version
		h.renderChecklist(w, r, u, http.StatusForbidden, page, idx, answers, nil, nil)
		return
	}
	uploadErrs := h.uploadEvidence(r, page.Sheet.TaskID, page.SaveID, def.Sections[idx], answers)
	var saved sheet
	body := map[string]any{"save_id": page.SaveID, "base_version": version, "answers": answers}
	if p := h.call(r, apiCall{method: http.MethodPut, path: "/api/v1" + page.Base, body: body}, &saved); p != nil {
		h.checklistRefused(w, r, u, page, idx, answers, p)
		return
	}
	if len(uploadErrs) > 0 {
		// The answers and the photos that went are saved; the refused
		// ones are named beside their items, to take again.
		page.Sheet.Version, page.Sheet.Answers = saved.Version, saved.Answers
		page.SaveID, page.Version = newKey(), saved.Version
		page.Message = h.t(r, "web.checklist.photo_refused")
		h.renderChecklist(w, r, u, http.StatusUnprocessableEntity, page, idx, saved.Answers, uploadErrs, nil)
		return
	}
	move := r.PostFormValue("go")
	if move != "submit" {
		next := idx + 1 // sections count from 1 in the URL
		switch move {
		case "prev":
			next--
		case "next":
			next++
		}
		http.Redirect(w, r, page.Base+"?s="+strconv.Itoa(next)+map[bool]string{true: "&done=save"}[move == "save"], http.StatusSeeOther)
		return
	}
	page.Sheet.Version, page.Sheet.Answers = saved.Version, saved.Answers
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1" + page.Base + "/submit", body: map[string]int{"version": saved.Version}, idempotencyKey: page.Key}, nil)
	if p == nil {
		http.Redirect(w, r, page.Base+"?done=submit", http.StatusSeeOther)
		return
	}
	// The answers are saved: the next save starts from their version.
	page.SaveID, page.Version = newKey(), saved.Version
	errs, commentErrs, loose := answerErrors(p)
	if !hasErrorIn(def.Sections[idx], errs, commentErrs) {
		// Show the first section with something to fix.
		for i, sec := range def.Sections {
			if hasErrorIn(sec, errs, commentErrs) {
				idx = i
				break
			}
		}
	}
	page.Message = h.formMessage(r, p, loose)
	if len(errs)+len(commentErrs) > 0 {
		page.Message += ". " + h.t(r, "web.task.fix")
	}
	for i, sec := range def.Sections {
		if i == idx {
			continue
		}
		for _, it := range sec.Items {
			if m := errs[it.Key] + commentErrs[it.Key]; m != "" {
				page.Elsewhere = append(page.Elsewhere, elsewhere{Section: i + 1, Item: it.Text.In(langOf(r)), Message: m})
			}
		}
	}
	h.renderChecklist(w, r, u, p.Status, page, idx, saved.Answers, errs, commentErrs)
}

// checklistRefused shows a refused save: a conflict with the answers as
// stored (and a fresh save from their version), a bad answer beside its
// item with what was typed (the same save_id: nothing was stored).
func (h *Handler) checklistRefused(w http.ResponseWriter, r *http.Request, u *user, page *checklistPage, idx int, answers map[string]models.Answer, p *problem) {
	if p.Status == http.StatusConflict {
		var stored sheet
		if len(p.State) > 0 && json.Unmarshal(p.State, &stored) == nil && stored.Version > 0 {
			page.Sheet.Version, page.Sheet.Answers, page.Sheet.Submitted = stored.Version, stored.Answers, stored.Submitted
		}
		lang, sec := langOf(r), page.Sheet.Checklist.Sections[idx]
		now := answerInputs(lang, sec, page.Sheet.Answers, nil, nil)
		page.Typed = map[string]string{}
		for i, in := range answerInputs(lang, sec, answers, nil, nil) {
			if in.Shown != "" && in.Shown != now[i].Shown {
				page.Typed[in.Key] = in.Shown
			}
		}
		page.Conflict, page.SaveID, page.Version = true, newKey(), page.Sheet.Version
		page.Message = h.t(r, "web.checklist.conflict", page.Sheet.Version) + " (" + p.Title + ")"
		if page.Sheet.Submitted {
			page.Message = p.Title // submitted meanwhile: nothing more to save
		}
		h.renderChecklist(w, r, u, http.StatusConflict, page, idx, page.Sheet.Answers, nil, nil)
		return
	}
	errs, commentErrs, loose := answerErrors(p)
	page.Message = h.formMessage(r, p, loose)
	h.renderChecklist(w, r, u, p.Status, page, idx, answers, errs, commentErrs)
}

func (h *Handler) renderChecklist(w http.ResponseWriter, r *http.Request, u *user, status int, page *checklistPage, idx int,
	answers map[string]models.Answer, errs, commentErrs map[string]string) {
	v := h.view(w, r, u, "web.checklist.title")
	def := *page.Sheet.Checklist
	idx = min(max(idx, 0), len(def.Sections)-1)
	if page.SaveID == "" {
		page.SaveID, page.Key, page.Version = newKey(), newKey(), page.Sheet.Version
	}
	page.Index, page.Count, page.Last = idx+1, len(def.Sections), idx == len(def.Sections)-1
	page.Title = def.Sections[idx].Title.In(v.Lang)
	for i, sec := range def.Sections {
		page.Sections = append(page.Sections, sectionTab{Index: i + 1, Title: sec.Title.In(v.Lang), Errors: hasErrorIn(sec, errs, commentErrs)})
	}
	page.Items = answerInputs(v.Lang, def.Sections[idx], answers, errs, commentErrs)
	if page.Sheet.Submitted {
		for _, sec := range def.Sections {
			page.All = append(page.All, readSection{Title: sec.Title.In(v.Lang), Items: answerInputs(v.Lang, sec, answers, nil, nil)})
		}
	}
	v.Title = page.Title
	v.Page = page
	h.render(w, status, "checklist", v)
}

func hasErrorIn(sec models.SectionDef, errs, commentErrs map[string]string) bool {
	for _, it := range sec.Items {
		if errs[it.Key] != "" || commentErrs[it.Key] != "" {
			return true
		}
	}
	return false
}
