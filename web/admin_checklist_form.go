package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"dsflow/models"
)

// The checklist editor: a checklist's title, its sections as rows, and
// its items as rows, each naming its section. A new version starts from
// the newest one, shown whole.

var (
	checklistInputs = []string{"key", "title_vi", "title_en", "desc_vi", "desc_en"}
	sectionInputs   = []string{"key", "title_vi", "title_en"}
	itemInputs      = []string{"section", "key", "text_vi", "text_en", "answer", "max_score", "choices", "required", "weight", "fail", "min", "max"}
)

// checklistView is GET /api/v1/checklists/{id}.
type checklistView struct {
	ID         uint                `json:"id"`
	Key        string              `json:"key"`
	Version    int                 `json:"version"`
	Definition models.ChecklistDef `json:"definition"`
}

type checklistEditor struct {
	Base                 *checklistView
	Form                 editorForm
	Key                  string
	Lists                map[string][]string
	FormError, RequestID string
}

// IsChecklist tells the editors' page which editor it shows.
func (e *checklistEditor) IsChecklist() bool { return true }

// SectionLabel names section row i in the items' choice of section.
func (e *checklistEditor) SectionLabel(lang string, i int) string {
	if i < len(e.Form.Sections) {
		if t := e.Form.Sections[i]["title_vi"]; t != "" {
			if en := e.Form.Sections[i]["title_en"]; lang == "en" && en != "" {
				return strconv.Itoa(i+1) + ". " + en
			}
			return strconv.Itoa(i+1) + ". " + t
		}
	}
	return strconv.Itoa(i + 1)
}

func (h *Handler) handleChecklistEditor(w http.ResponseWriter, r *http.Request, u *user) {
	ed := &checklistEditor{Key: newKey(), Lists: checklistLists(),
		Form: editorForm{Values: map[string]string{}, Sections: emptyRows(2), Rows: emptyRows(editorRows), Errors: map[string]string{}}}
	if p := h.loadChecklistBase(r, ed); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if ed.Base != nil {
		fillChecklistForm(&ed.Form, ed.Base.Definition)
	}
	h.renderChecklistEditor(w, r, u, http.StatusOK, ed)
}

func (h *Handler) loadChecklistBase(r *http.Request, ed *checklistEditor) *problem {
	id := r.PathValue("id")
	if id == "" {
		return nil
	}
	if _, err := strconv.ParseUint(id, 10, 32); err != nil {
		return &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")}
	}
	ed.Base = &checklistView{}
	return h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/checklists/" + id}, ed.Base)
}

func fillChecklistForm(f *editorForm, def models.ChecklistDef) {
	f.Values["title_vi"], f.Values["title_en"], f.Values["desc_vi"], f.Values["desc_en"] = def.Title.Vi, def.Title.En, def.Description.Vi, def.Description.En
	f.Sections, f.Rows = nil, nil
	for i, s := range def.Sections {
		f.Sections = append(f.Sections, map[string]string{"key": s.Key, "title_vi": s.Title.Vi, "title_en": s.Title.En})
		for _, it := range s.Items {
			row := map[string]string{"section": strconv.Itoa(i), "key": it.Key, "text_vi": it.Text.Vi, "text_en": it.Text.En, "answer": it.Answer,
				"choices": strings.Join(it.Choices, "; ")}
			if it.MaxScore != 0 {
				row["max_score"] = strconv.Itoa(it.MaxScore)
			}
			if it.Required {
				row["required"] = "1"
			}
			if it.Weight != 0 {
				row["weight"] = decimal(it.Weight)
			}
			if it.Min != nil {
				row["min"] = decimal(*it.Min)
			}
			if it.Max != nil {
				row["max"] = decimal(*it.Max)
			}
			row["fail"] = it.RequireOnFail
			f.Rows = append(f.Rows, row)
		}
	}
	f.Sections = append(f.Sections, emptyRows(1)...)
	f.Rows = append(f.Rows, emptyRows(editorRows)...)
}

func (h *Handler) handleChecklistSave(w http.ResponseWriter, r *http.Request, u *user) {
	op := r.PostFormValue("op")
	ed := &checklistEditor{Key: r.PostFormValue(fieldKey), Lists: checklistLists(),
		Form: editorForm{Values: readValues(r, checklistInputs), Sections: readRows(r, "s", sectionInputs, op == "more_sections"),
			Rows: readRows(r, "i", itemInputs, op == "more"), Errors: map[string]string{}}}
	if p := h.loadChecklistBase(r, ed); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if !h.commandOK(r, ed.Key) {
		ed.Key, ed.FormError = newKey(), h.t(r, "web.csrf")
		h.renderChecklistEditor(w, r, u, http.StatusForbidden, ed)
		return
	}
	if op == "more" || op == "more_sections" {
		h.renderChecklistEditor(w, r, u, http.StatusOK, ed)
		return
	}
	def, secRows, itemRows := h.buildChecklist(r, &ed.Form)
	if len(ed.Form.Errors) > 0 {
		ed.FormError = h.t(r, "web.task.fix")
		h.renderChecklistEditor(w, r, u, http.StatusUnprocessableEntity, ed)
		return
	}
	var baseID uint
	if ed.Base != nil {
		baseID = ed.Base.ID
	}
	next, p := h.saveDefinition(r, "checklists", ed.Form.V("key"), ed.Key, baseID, def)
	if p == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	var loose []string
	ed.Form.Errors, loose = formErrors(p, func(f string) string { return checklistInput(f, secRows, itemRows) })
	ed.FormError, ed.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.renderChecklistEditor(w, r, u, p.Status, ed)
}

// buildChecklist makes the definition the form says; secRows maps each
// section sent to its row, itemRows each item sent to its row.
func (h *Handler) buildChecklist(r *http.Request, f *editorForm) (models.ChecklistDef, []int, [][]int) {
	v := f.Values
	def := models.ChecklistDef{Title: text(v["title_vi"], v["title_en"]), Description: text(v["desc_vi"], v["desc_en"])}
	pos := map[int]int{}
	var secRows []int
	for i, row := range f.Sections {
		if blank(row, sectionInputs...) {
			continue
		}
		pos[i] = len(def.Sections)
		def.Sections = append(def.Sections, models.SectionDef{Key: row["key"], Title: text(row["title_vi"], row["title_en"])})
		secRows = append(secRows, i)
	}
	itemRows := make([][]int, len(def.Sections))
	for j, row := range f.Rows {
		if blank(row, "key", "text_vi", "text_en", "choices", "max_score", "weight", "min", "max") {
			continue
		}
		name := func(col string) string { return "i" + strconv.Itoa(j) + "_" + col }
		sec, err := strconv.Atoi(row["section"])
		k, ok := pos[sec]
		if err != nil || !ok {
			f.Errors[name("section")] = h.t(r, "web.admin.no_section")
			continue
		}
		it := models.ItemDef{Key: row["key"], Text: text(row["text_vi"], row["text_en"]), Answer: row["answer"], Required: row["required"] == "1"}
		if row["max_score"] != "" {
			if it.MaxScore, err = strconv.Atoi(row["max_score"]); err != nil {
				f.Errors[name("max_score")] = h.t(r, "web.admin.whole_number")
			}
		}
		it.Choices, it.RequireOnFail = splitChoices(row["choices"]), row["fail"]
		if row["weight"] != "" {
			var ok bool
			if it.Weight, ok = parseNumber(row["weight"]); !ok {
				f.Errors[name("weight")] = h.t(r, "web.admin.a_number")
			}
		}
		for col, into := range map[string]**float64{"min": &it.Min, "max": &it.Max} {
			if row[col] == "" {
				continue
			}
			n, ok := parseNumber(row[col])
			if !ok {
				f.Errors[name(col)] = h.t(r, "web.admin.a_number")
			}
			*into = &n
		}
		def.Sections[k].Items = append(def.Sections[k].Items, it)
		itemRows[k] = append(itemRows[k], j)
	}
	return def, secRows, itemRows
}

// sectionPath matches "sections[1].items[2].text.vi" and "sections[1].title.vi".
var sectionPath = regexp.MustCompile(`^sections\[(\d+)\](?:\.items\[(\d+)\])?(?:\.(.+))?$`)

// checklistInput is the editor's input for a field the API names.
func checklistInput(field string, secRows []int, itemRows [][]int) string {
	if field == "key" {
		return "key"
	}
	f, ok := strings.CutPrefix(field, "definition.")
	if !ok {
		return ""
	}
	top := map[string]string{"title.vi": "title_vi", "title.en": "title_en", "description.vi": "desc_vi", "description.en": "desc_en"}
	if name, ok := top[f]; ok {
		return name
	}
	m := sectionPath.FindStringSubmatch(f)
	if m == nil {
		return ""
	}
	k, _ := strconv.Atoi(m[1])
	if k >= len(secRows) {
		return ""
	}
	if m[2] == "" {
		col := map[string]string{"key": "key", "title.vi": "title_vi", "title.en": "title_en", "items": "title_vi"}[m[3]]
		if col == "" {
			return ""
		}
		return "s" + strconv.Itoa(secRows[k]) + "_" + col
	}
	j, _ := strconv.Atoi(m[2])
	if j >= len(itemRows[k]) {
		return ""
	}
	col := map[string]string{"key": "key", "text.vi": "text_vi", "text.en": "text_en", "answer": "answer", "max_score": "max_score", "choices": "choices",
		"weight": "weight", "require_on_fail": "fail", "min": "min", "max": "max"}[m[3]]
	if col == "" {
		if strings.HasPrefix(m[3], "choices") {
			col = "choices"
		} else {
			return ""
		}
	}
	return "i" + strconv.Itoa(itemRows[k][j]) + "_" + col
}

func (h *Handler) renderChecklistEditor(w http.ResponseWriter, r *http.Request, u *user, status int, ed *checklistEditor) {
	v := h.view(w, r, u, "web.admin.cl_new")
	if ed.Base != nil {
		v.Title = h.t(r, "web.admin.tpl_version", ed.Base.Key, ed.Base.Version+1)
	}
	v.Page = ed
	h.render(w, status, "admin_template", v)
}

// checklistLists are the choices of the checklist editor's lists.
func checklistLists() map[string][]string {
	return map[string][]string{"answer": models.AnswerTypes, "require_on_fail": {"", models.RequireComment, models.RequireEvidence, models.RequireBoth}}
}

// decimal shows a number with a Vietnamese decimal comma.
func decimal(n float64) string {
	return strings.Replace(strconv.FormatFloat(n, 'f', -1, 64), ".", ",", 1)
}
