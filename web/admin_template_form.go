package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dsflow/models"
	tpl "dsflow/templates"
)

// The process template editor edits a template's own settings and its
// first step, with the step's form as rows of fields. A new version starts
// from the newest one: the steps after the first, the indicators and the
// escalation are kept as they were.

// templateInputs are the editor's single inputs.
var templateInputs = []string{"key", "kind", "period", "title_vi", "title_en", "desc_vi", "desc_en", "late_policy", "grace_days", "default_level",
	"step_key", "step_title_vi", "step_title_en", "step_instr_vi", "step_instr_en", "step_level", "step_role",
	"due_anchor", "due_days", "due_working", "signoff_at", "signoff_role"}

// fieldInputs are the inputs of a field row.
var fieldInputs = []string{"name", "type", "label_vi", "label_en", "required", "unit", "choices"}

// fieldTypes are the types a field row offers (an upload has its own
// control on a task's page).
var fieldTypes = []string{models.FieldCount, models.FieldNumber, models.FieldPercent, models.FieldText, models.FieldDate, models.FieldYesNo, models.FieldChoice}

type templateEditor struct {
	Base  *templateView // the version a new version starts from; nil for a new template
	Form  editorForm
	Key   string
	Lists map[string][]string
	// Keep says how much of the base the editor does not show.
	KeptSteps            int
	FormError, RequestID string
}

// IsChecklist tells the editors' page which editor it shows.
func (e *templateEditor) IsChecklist() bool { return false }

func (h *Handler) newTemplateEditor() *templateEditor {
	return &templateEditor{Lists: map[string][]string{
		"kind": models.TemplateKinds, "period": append([]string{""}, tpl.Periods...), "late_policy": {models.LateAccept, models.LateRefuse},
		"default_level": append([]string{""}, unitLevels...),
		"step_level":    append([]string{models.StepLevelParticipant, models.StepLevelRoot}, unitLevels...),
		"step_role":     {models.RoleOfficer, models.RoleSecretary, models.RoleLeader, models.RoleInspector},
		"due_anchor":    {models.AnchorEnd, models.AnchorStart}, "signoff_at": {"", models.SignOffSelf, models.SignOffParent, models.SignOffRoot},
		"signoff_role": {models.RoleLeader, models.RoleSecretary, models.RoleInspector}, "type": fieldTypes,
	}}
}

// handleTemplateEditor shows the editor: empty for a new template, filled
// from version {id} for the next version of its key.
func (h *Handler) handleTemplateEditor(w http.ResponseWriter, r *http.Request, u *user) {
	ed := h.newTemplateEditor()
	ed.Key = newKey()
	ed.Form = editorForm{Values: map[string]string{"kind": models.TemplateCampaign, "late_policy": models.LateAccept, "step_level": models.StepLevelParticipant,
		"step_role": models.RoleOfficer, "due_anchor": models.AnchorEnd, "due_days": "0", "step_key": "report"}, Rows: emptyRows(editorRows), Errors: map[string]string{}}
	if p := h.loadBase(r, ed); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if ed.Base != nil {
		fillTemplateForm(&ed.Form, ed.Base.Definition)
	}
	h.renderTemplateEditor(w, r, u, http.StatusOK, ed)
}

// loadBase reads the version a new version starts from, when the path
// names one.
func (h *Handler) loadBase(r *http.Request, ed *templateEditor) *problem {
	id := r.PathValue("id")
	if id == "" {
		return nil
	}
	if _, err := strconv.ParseUint(id, 10, 32); err != nil {
		return &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")}
	}
	ed.Base = &templateView{}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/templates/" + id}, ed.Base); p != nil {
		return p
	}
	ed.KeptSteps = max(len(ed.Base.Definition.Steps)-1, 0)
	return nil
}

// fillTemplateForm puts a definition's settings and first step in the form.
func fillTemplateForm(f *editorForm, def models.TemplateDef) {
	v := f.Values
	v["kind"], v["period"], v["title_vi"], v["title_en"] = def.Kind, def.Period, def.Title.Vi, def.Title.En
	v["desc_vi"], v["desc_en"], v["late_policy"], v["default_level"] = def.Description.Vi, def.Description.En, def.Late.Policy, def.DefaultLevel
	if def.Late.GraceDays != 0 {
		v["grace_days"] = strconv.Itoa(def.Late.GraceDays)
	}
	if len(def.Steps) == 0 {
		return
	}
	s := def.Steps[0]
	v["step_key"], v["step_title_vi"], v["step_title_en"], v["step_instr_vi"], v["step_instr_en"] = s.Key, s.Title.Vi, s.Title.En, s.Instructions.Vi, s.Instructions.En
	v["step_level"], v["step_role"], v["due_anchor"], v["due_days"] = s.Level, s.Role, s.Due.Anchor, strconv.Itoa(s.Due.Days)
	if s.Due.WorkingDays {
		v["due_working"] = "1"
	}
	if len(s.SignOff) > 0 {
		v["signoff_at"], v["signoff_role"] = s.SignOff[0].At, s.SignOff[0].Role
	}
	f.Rows = nil
	for _, fd := range s.Form.Fields {
		row := map[string]string{"name": fd.Name, "type": fd.Type, "label_vi": fd.Label.Vi, "label_en": fd.Label.En, "unit": fd.Unit,
			"choices": strings.Join(fd.Choices, "; ")}
		if fd.Required {
			row["required"] = "1"
		}
		f.Rows = append(f.Rows, row)
	}
	f.Rows = append(f.Rows, emptyRows(editorRows)...)
}

// handleTemplateSave saves the editor's template (a new key, or the next
// version of the base's key) with the form's Idempotency-Key; "add rows"
// shows the form again with more rows, saving nothing.
func (h *Handler) handleTemplateSave(w http.ResponseWriter, r *http.Request, u *user) {
	ed := h.newTemplateEditor()
	more := r.PostFormValue("op") == "more"
	ed.Key = r.PostFormValue(fieldKey)
	ed.Form = editorForm{Values: readValues(r, templateInputs), Rows: readRows(r, "f", fieldInputs, more), Errors: map[string]string{}}
	if p := h.loadBase(r, ed); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if !h.commandOK(r, ed.Key) {
		ed.Key, ed.FormError = newKey(), h.t(r, "web.csrf")
		h.renderTemplateEditor(w, r, u, http.StatusForbidden, ed)
		return
	}
	if more {
		h.renderTemplateEditor(w, r, u, http.StatusOK, ed)
		return
	}
	var base models.TemplateDef
	if ed.Base != nil {
		base = ed.Base.Definition
	}
	def, sent := h.buildTemplate(r, &ed.Form, base)
	if len(ed.Form.Errors) > 0 {
		ed.FormError = h.t(r, "web.task.fix")
		h.renderTemplateEditor(w, r, u, http.StatusUnprocessableEntity, ed)
		return
	}
	c := apiCall{method: http.MethodPost, path: "/api/v1/templates", body: map[string]any{"key": ed.Form.V("key"), "definition": def}, idempotencyKey: ed.Key}
	if ed.Base != nil {
		c.path, c.body = "/api/v1/templates/"+uintString(ed.Base.ID)+"/versions", map[string]any{"definition": def}
	}
	var saved templateSummary
	p := h.call(r, c, &saved)
	if p == nil {
		http.Redirect(w, r, "/admin/templates?saved="+url.QueryEscape(saved.Key)+"&version="+strconv.Itoa(saved.Version), http.StatusSeeOther)
		return
	}
	var loose []string
	ed.Form.Errors, loose = formErrors(p, func(f string) string { return templateInput(f, sent) })
	ed.FormError, ed.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.renderTemplateEditor(w, r, u, p.Status, ed)
}

// buildTemplate makes the definition the form says over base, noting in
// the form's errors what cannot be read; sent maps each field sent to its
// row.
func (h *Handler) buildTemplate(r *http.Request, f *editorForm, base models.TemplateDef) (models.TemplateDef, []int) {
	v := f.Values
	def := base
	def.Kind, def.Period, def.DefaultLevel = v["kind"], v["period"], v["default_level"]
	def.Title, def.Description = text(v["title_vi"], v["title_en"]), text(v["desc_vi"], v["desc_en"])
	def.Late = models.LateRule{Policy: v["late_policy"]}
	whole := func(name string) int {
		if v[name] == "" {
			return 0
		}
		n, err := strconv.Atoi(v[name])
		if err != nil {
			f.Errors[name] = h.t(r, "web.admin.whole_number")
		}
		return n
	}
	def.Late.GraceDays = whole("grace_days")
	var step models.StepDef
	if len(base.Steps) > 0 {
		step = base.Steps[0]
	}
	step.Key, step.Title, step.Instructions = v["step_key"], text(v["step_title_vi"], v["step_title_en"]), text(v["step_instr_vi"], v["step_instr_en"])
	step.Level, step.Role = v["step_level"], v["step_role"]
	step.Due = models.DueRule{Anchor: v["due_anchor"], Days: whole("due_days"), WorkingDays: v["due_working"] == "1"}
	step.SignOff = nil
	if v["signoff_at"] != "" {
		step.SignOff = []models.SignOffRule{{At: v["signoff_at"], Role: v["signoff_role"]}}
	}
	step.Form.Fields = nil
	var sent []int
	for i, row := range f.Rows {
		if blank(row, "name", "label_vi", "label_en", "unit", "choices") {
			continue
		}
		fd := models.FormField{Name: row["name"], Type: row["type"], Label: text(row["label_vi"], row["label_en"]), Required: row["required"] == "1", Unit: row["unit"],
			Choices: splitChoices(row["choices"])}
		step.Form.Fields = append(step.Form.Fields, fd)
		sent = append(sent, i)
	}
	def.Steps = append([]models.StepDef{step}, base.Steps[min(1, len(base.Steps)):]...)
	return def, sent
}

// templateInput is the editor's input for a field the API names ("" when
// the editor has none: it shows with the form's message).
func templateInput(field string, sent []int) string {
	switch field {
	case "key":
		return "key"
	}
	f, ok := strings.CutPrefix(field, "definition.")
	if !ok {
		return ""
	}
	top := map[string]string{"kind": "kind", "period": "period", "title.vi": "title_vi", "title.en": "title_en", "description.vi": "desc_vi",
		"description.en": "desc_en", "late.policy": "late_policy", "late.grace_days": "grace_days", "default_level": "default_level"}
	if name, ok := top[f]; ok {
		return name
	}
	s, ok := strings.CutPrefix(f, "steps[0].")
	if !ok {
		return ""
	}
	step := map[string]string{"key": "step_key", "title.vi": "step_title_vi", "title.en": "step_title_en", "instructions.vi": "step_instr_vi",
		"instructions.en": "step_instr_en", "level": "step_level", "role": "step_role", "due.anchor": "due_anchor", "due.days": "due_days",
		"sign_off[0].at": "signoff_at", "sign_off[0].role": "signoff_role"}
	if name, ok := step[s]; ok {
		return name
	}
	if m := indexPath.FindStringSubmatch(strings.TrimPrefix(s, "form.")); m != nil && m[1] == "fields" {
		i, _ := strconv.Atoi(m[2])
		col := map[string]string{"name": "name", "type": "type", "label.vi": "label_vi", "label.en": "label_en", "unit": "unit", "choices": "choices"}[m[3]]
		if strings.HasPrefix(m[3], "choices") {
			col = "choices"
		}
		if i < len(sent) && col != "" {
			return "f" + strconv.Itoa(sent[i]) + "_" + col
		}
	}
	return ""
}

func (h *Handler) renderTemplateEditor(w http.ResponseWriter, r *http.Request, u *user, status int, ed *templateEditor) {
	v := h.view(w, r, u, "web.admin.tpl_new")
	if ed.Base != nil {
		v.Title = h.t(r, "web.admin.tpl_version", ed.Base.Key, ed.Base.Version+1)
	}
	v.Page = ed
	h.render(w, status, "admin_template", v)
}
