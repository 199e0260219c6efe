package web

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"dsflow/models"
	tpl "dsflow/templates"
)

// TestTemplateEditorShowsEveryBuiltin: every built-in template put in the
// editor, rendered, and read back from what a browser would send of the
// page is the same definition, with nothing to start from: the editor
// shows every setting, the rules between a form's fields too. (The real
// stack's TestAdminForms saves them through the API.)
func TestTemplateEditorShowsEveryBuiltin(t *testing.T) {
	h := &Handler{pages: mustParsePages()}
	for key, def := range tpl.Builtins() {
		t.Run(key, func(t *testing.T) {
			ed := h.newTemplateEditor()
			ed.Form = editorForm{Values: map[string]string{}, Errors: map[string]string{}}
			ed.Key = newKey()
			fillTemplateForm(ed, def)
			form := EditorFormValues(renderEditor(t, h, ed))
			got, errs := readBack(t, h, form, nil)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if !reflect.DeepEqual(got, def) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(def)
				t.Errorf("read back:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

// TestTemplateEditorForm: the new controls read as the model says, and
// what cannot be read is named beside its input: a window, sign-off
// levels (an empty one left out, one without a role kept for the API to
// refuse), units told on escalation (one not in the list refused), a
// field's bounds, the rules between fields (an empty one left out, one
// over a text field kept for the API to refuse), an indicator's source;
// the API's names of their faults lead to the rows they came from.
func TestTemplateEditorForm(t *testing.T) {
	h := &Handler{}
	form := url.Values{"kind": {"campaign"}, "title_vi": {"Mẫu"}, "late_policy": {"accept"}, "steps": {"2"},
		"win_start_day": {"1"}, "win_start_month": {"5"}, "win_end_day": {"30"}, "win_end_month": {"6"},
		"urows": {"2"}, "u0_unit": {"7"}, "u1_unit": {""},
		"s0_key": {"report"}, "s0_title_vi": {"Báo cáo"}, "s0_level": {"participant"}, "s0_role": {"officer"}, "s0_due_anchor": {"end"}, "s0_due_days": {"0"},
		"s0frows": {"2"}, "s0f0_name": {"screened"}, "s0f0_type": {"count"}, "s0f0_label_vi": {"Số"}, "s0f0_min": {"0"}, "s0f0_max": {"1,5"},
		"s0f1_name": {"note"}, "s0f1_type": {"text"}, "s0f1_label_vi": {"Ghi chú"}, "s0f1_max_len": {"500"},
		"s0orows": {"3"}, "s0o0_at": {""}, "s0o0_role": {""}, "s0o1_at": {"self"}, "s0o1_role": {"leader"}, "s0o2_at": {"root"}, "s0o2_role": {""},
		"s0rrows": {"3"}, "s0r0_left": {""}, "s0r0_op": {""}, "s0r0_right": {""}, "s0r1_left": {"screened"}, "s0r1_op": {"le"}, "s0r1_right": {"note"},
		"s0r2_left": {"screened"}, "s0r2_op": {"ge"}, "s0r2_right": {""},
		"s1_key": {"approve"}, "s1_title_vi": {"Duyệt"}, "s1_level": {"root"}, "s1_role": {"leader"}, "s1_due_anchor": {"end"}, "s1_due_days": {"3"},
		"s1urows": {"1"}, "s1u0_unit": {"9"}, "s1_esc_after": {"2"},
		"nrows": {"1"}, "n0_key": {"screened"}, "n0_title_vi": {"Đã sàng lọc"}, "n0_rollup": {"sum"}, "n0_source": {"report.screened"}}
	known := []unitOption{{ID: 7}, {ID: 9}}
	def, errs := readBack(t, h, form, known)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	lo, hi := 0.0, 1.5
	want := models.TemplateDef{Kind: "campaign", Title: models.Text{Vi: "Mẫu"}, Late: models.LateRule{Policy: "accept"},
		Window:     &models.WindowDefault{StartDay: 1, StartMonth: 5, EndDay: 30, EndMonth: 6},
		Escalation: &models.Escalation{NotifyUnits: []uint{7}},
		Steps: []models.StepDef{
			{Key: "report", Title: models.Text{Vi: "Báo cáo"}, Level: "participant", Role: "officer", Due: models.DueRule{Anchor: "end"},
				Form: models.FormSpec{Fields: []models.FormField{
					{Name: "screened", Type: "count", Label: models.Text{Vi: "Số"}, Min: &lo, Max: &hi},
					{Name: "note", Type: "text", Label: models.Text{Vi: "Ghi chú"}, MaxLen: 500}},
					Rules: []models.FormRule{{Left: "screened", Op: "le", Right: "note"}, {Left: "screened", Op: "ge"}}},
				SignOff: []models.SignOffRule{{At: "self", Role: "leader"}, {At: "root"}}},
			{Key: "approve", Title: models.Text{Vi: "Duyệt"}, Level: "root", Role: "leader", Due: models.DueRule{Anchor: "end", Days: 3},
				Escalation: &models.Escalation{EscalateAfterDays: 2, NotifyUnits: []uint{9}}}},
		Indicators: []models.IndicatorDef{{Key: "screened", Title: models.Text{Vi: "Đã sàng lọc"}, Rollup: "sum", Step: "report", Field: "screened"}}}
	if !reflect.DeepEqual(def, want) {
		g, _ := json.Marshal(def)
		t.Fatalf("read:\n%s", g)
	}

	t.Run("the API's faults lead to their rows", func(t *testing.T) {
		ed := &templateEditor{}
		readTemplateForm(postOf(form), ed, "save")
		ed.Units = known
		_, sent := h.buildTemplate(postOf(form), ed, models.TemplateDef{})
		for field, input := range map[string]string{
			"definition.window.start_day":                        "win_start_day",
			"definition.window.end_month":                        "win_end_month",
			"definition.steps[0].sign_off[1].role":               "s0o2_role",
			"definition.steps[0].sign_off[0].at":                 "s0o1_at",
			"definition.steps[0].form.fields[1].max_len":         "s0f1_max_len",
			"definition.steps[0].form.fields[0].min":             "s0f0_min",
			"definition.indicators[0].field":                     "n0_source",
			"definition.indicators[0].step":                      "n0_source",
			"definition.steps[1].escalation.escalate_after_days": "s1_esc_after",
			"definition.steps[0].form.rules[0].right":            "s0r1_right",
			"definition.steps[0].form.rules[1].right":            "s0r2_right",
			"definition.steps[0].form.rules[1].op":               "s0r2_op",
			"definition.steps[0].form.rules[2].left":             "",
		} {
			if got := sent.input(field); got != input {
				t.Errorf("%s: %q, want %q", field, got, input)
			}
		}
	})

	t.Run("what cannot be read is named beside it", func(t *testing.T) {
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("win_start_day", "ba mươi")
		bad.Set("u0_unit", "8")
		bad.Set("s1u0_unit", "x")
		bad.Set("s0f0_max", "nhiều")
		bad.Set("s0f1_max_len", "1,5")
		_, errs := readBack(t, h, bad, known)
		for _, input := range []string{"win_start_day", "u0_unit", "s1u0_unit", "s0f0_max", "s0f1_max_len"} {
			if errs[input] == "" {
				t.Errorf("no error beside %s: %v", input, errs)
			}
		}
		if errs["u0_unit"] != "Đơn vị này không có trong danh sách đơn vị" {
			t.Errorf("the unknown unit: %q", errs["u0_unit"])
		}
	})

	t.Run("sign-off levels are added and removed", func(t *testing.T) {
		ed := &templateEditor{}
		readTemplateForm(postOf(form), ed, "more_signoff_0")
		if n := len(ed.Steps[0].SignOffs); n != 4 {
			t.Errorf("after adding: %d levels", n)
		}
		ed = &templateEditor{}
		readTemplateForm(postOf(form), ed, "drop_signoff_0_1")
		if got := ed.Steps[0].SignOffs; len(got) != 2 || got[1]["at"] != "root" || len(ed.Steps[1].SignOffs) != 1 {
			t.Errorf("after removing the second: %v", got)
		}
		full := url.Values{"steps": {"1"}, "s0orows": {"5"}}
		ed = &templateEditor{}
		readTemplateForm(postOf(full), ed, "more_rule_0")
		if n := len(ed.Steps[0].Rules); n != 2 {
			t.Errorf("a rule added to none: %d rows", n)
		}
		ed = &templateEditor{}
		readTemplateForm(postOf(full), ed, "more_signoff_0")
		if n := len(ed.Steps[0].SignOffs); n != tpl.MaxSignOff {
			t.Errorf("more than the most: %d levels", n)
		}
	})

	t.Run("rules are added and removed", func(t *testing.T) {
		ed := &templateEditor{}
		readTemplateForm(postOf(form), ed, "more_rule_0")
		if got := ed.Steps[0].Rules; len(got) != 4 || got[1]["right"] != "note" || len(ed.Steps[1].Rules) != 1 {
			t.Errorf("after adding: %v", got)
		}
		ed = &templateEditor{}
		readTemplateForm(postOf(form), ed, "drop_rule_0_1")
		if got := ed.Steps[0].Rules; len(got) != 2 || got[1]["op"] != "ge" {
			t.Errorf("after removing the second: %v", got)
		}
		ed = &templateEditor{}
		readTemplateForm(postOf(url.Values{"steps": {"1"}, "s0rrows": {"1"}, "s0r0_left": {"a"}}), ed, "drop_rule_0_0")
		if got := ed.Steps[0].Rules; len(got) != 1 || !allBlank(got) {
			t.Errorf("after removing the only one, an empty row to fill: %v", got)
		}
	})

	t.Run("a rule's sides are picked among the step's numeric fields", func(t *testing.T) {
		h := &Handler{pages: mustParsePages()}
		ed := h.newTemplateEditor()
		readTemplateForm(postOf(form), ed, "refresh")
		page := renderEditor(t, h, ed)
		_, picker, _ := strings.Cut(page, `<select id="s0r1_left"`)
		picker, _, _ = strings.Cut(picker, `</select>`)
		if !strings.Contains(picker, `<option value="screened" selected>Số (screened)</option>`) || strings.Contains(picker, `value="note"`) {
			t.Errorf("the left side offers: %s", picker)
		}
		// A side naming a field that is not numeric stays picked, for
		// the API to name the fault beside it.
		sent := EditorFormValues(page)
		if sent.Get("s0r1_right") != "note" || sent.Get("s0r1_op") != "le" || !strings.Contains(page, `<option value="le" selected>≤ không lớn hơn</option>`) {
			t.Errorf("the first rule's operator and right side: %v", sent)
		}
		if strings.Contains(page, "không có trên trang này") {
			t.Error("the editor still says it keeps the rules unseen")
		}
	})
}

// readBack reads form as the editor's POST of a new template, over units
// it may tell, and builds its definition.
func readBack(t *testing.T, h *Handler, form url.Values, units []unitOption) (models.TemplateDef, map[string]string) {
	t.Helper()
	form.Set("op", "save")
	ed := &templateEditor{Units: units}
	readTemplateForm(postOf(form), ed, "save")
	def, _ := h.buildTemplate(postOf(form), ed, models.TemplateDef{})
	return def, ed.Form.Errors
}

// postOf is a POST of form.
func postOf(form url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/admin/templates/new", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// renderEditor is the editor's page of ed.
func renderEditor(t *testing.T, h *Handler, ed *templateEditor) string {
	t.Helper()
	var buf bytes.Buffer
	v := &view{Lang: "vi", Title: "editor", Page: ed}
	if err := h.pages.byName["admin_template"].Execute(&buf, v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var (
	inputTag  = regexp.MustCompile(`<input [^>]*>`)
	attrOf    = regexp.MustCompile(`([a-z-]+)(="([^"]*)")?`)
	selectTag = regexp.MustCompile(`(?s)<select [^>]*name="([^"]*)"[^>]*>(.*?)</select>`)
	optionTag = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
)

// EditorFormValues is what a browser sends of a page's administration
// form (the first form posting to /admin/): its inputs, the boxes checked,
// each select's selected option (or its first); no button. It is nil
// when the page has no such form. The web_test package's tests use it
// too.
func EditorFormValues(page string) url.Values {
	start := strings.Index(page, `<form method="post" action="/admin/`)
	if start < 0 {
		return nil
	}
	page = page[start:]
	if end := strings.Index(page, "</form>"); end >= 0 {
		page = page[:end]
	}
	out := url.Values{}
	for _, tag := range inputTag.FindAllString(page, -1) {
		a := map[string]string{}
		for _, m := range attrOf.FindAllStringSubmatch(strings.TrimSuffix(strings.TrimPrefix(tag, "<input "), ">"), -1) {
			a[m[1]] = html.UnescapeString(m[3])
			if m[2] == "" {
				a[m[1]] = "present"
			}
		}
		if a["type"] == "checkbox" && a["checked"] == "" {
			continue
		}
		out.Add(a["name"], a["value"])
	}
	for _, m := range selectTag.FindAllStringSubmatch(page, -1) {
		opts := optionTag.FindAllStringSubmatch(m[2], -1)
		if len(opts) == 0 {
			continue
		}
		value := opts[0][1]
		for _, o := range opts {
			if o[2] != "" {
				value = o[1]
			}
		}
		out.Add(m[1], html.UnescapeString(value))
	}
	return out
}
