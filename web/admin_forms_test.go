package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"dsflow/models"
	"dsflow/testenv"
	"dsflow/web"
)

// TestAdminForms: the administration's forms over the real API, without a
// browser. The unit import speaks English after the switch; a user is
// edited and deactivated; a day of the calendar is removed; the checklist
// editor keeps what was typed when it adds rows, shows the API's refusal
// beside the item, and saves sections and items; a template's new version
// starts from the newest one.
func TestAdminForms(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	site := httptest.NewServer(web.New(web.Deps{API: env.API.Handler()}))
	t.Cleanup(site.Close)
	admin := signIn(t, site.URL, "admin", "dsflow2026")
	token := env.Login(t, "admin")

	t.Run("import errors in English", func(t *testing.T) {
		_, page := admin.get("/admin/units")
		if status, _ := admin.post("/lang", url.Values{"csrf": {formValue(t, page, "csrf")}, "lang": {"en"}, "back": {"/admin/units"}}); status != http.StatusSeeOther {
			t.Fatalf("switch: %d", status)
		}
		_, page = admin.get("/admin/units")
		status, body := admin.post("/admin/units/import", url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
			"csv": {"T-A,Xã A,xã,01\nT-A,Xã A lần hai,xã,01\n"}})
		body = html.UnescapeString(body)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Line 2") || !strings.Contains(body, "(code): This code is already on line 1") {
			t.Errorf("English line errors: %d", status)
		}
		_, page = admin.get("/admin/units")
		admin.post("/lang", url.Values{"csrf": {formValue(t, page, "csrf")}, "lang": {"vi"}, "back": {"/admin/units"}})
	})

	t.Run("a user is edited and deactivated", func(t *testing.T) {
		id := env.UserID(t, "canbo.bode")
		_, page := admin.get(fmt.Sprintf("/admin/users/%d", id))
		if !strings.Contains(page, "canbo.bode") || !strings.Contains(page, `name="active" value="1" checked`) {
			t.Fatalf("edit page: %s", page)
		}
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "full_name": {"Cán bộ Bồ Đề mới"}, "unit_id": {fmt.Sprint(env.UnitID(t, "DEMO-BODE"))},
			"roles": {"officer", "secretary"}}
		status, _ := admin.post(fmt.Sprintf("/admin/users/%d", id), form)
		if status != http.StatusSeeOther {
			t.Fatalf("save: %d", status)
		}
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/users/%d", id), token, nil)
		if r.JSON["active"] != false || r.JSON["full_name"] != "Cán bộ Bồ Đề mới" || len(r.JSON["roles"].([]any)) != 2 {
			t.Errorf("after the edit: %s", r.Body)
		}
		// No role: the API's message beside the roles.
		form.Del("roles")
		status, body := admin.post(fmt.Sprintf("/admin/users/%d", id), form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="roles-err"`) || !strings.Contains(body, "Cán bộ Bồ Đề mới") {
			t.Errorf("without roles: %d", status)
		}
	})

	t.Run("a calendar day is added and removed", func(t *testing.T) {
		_, page := admin.get("/admin/calendar?year=2028")
		csrf := formValue(t, page, "csrf")
		status, body := admin.post("/admin/calendar", url.Values{"csrf": {csrf}, "year": {"2028"}, "action": {"add"}, "date": {"31/02/2028"}, "kind": {"holiday"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="date-err"`) || !strings.Contains(body, `value="31/02/2028"`) {
			t.Errorf("a bad date: %d", status)
		}
		if status, _ := admin.post("/admin/calendar", url.Values{"csrf": {csrf}, "year": {"2028"}, "action": {"add"}, "date": {"06/03/2028"}, "kind": {"workday"}, "name_vi": {"Làm bù"}}); status != http.StatusSeeOther {
			t.Fatalf("add: %d", status)
		}
		if _, body := admin.get("/admin/calendar?year=2028"); !strings.Contains(body, "06/03/2028 · Làm bù") {
			t.Error("the day is not listed")
		}
		if status, _ := admin.post("/admin/calendar", url.Values{"csrf": {csrf}, "year": {"2028"}, "action": {"remove"}, "remove": {"2028-03-06"}}); status != http.StatusSeeOther {
			t.Fatalf("remove: %d", status)
		}
		if r := env.Request(t, http.MethodGet, "/api/v1/calendar/2028", token, nil); len(r.JSON["overrides"].([]any)) != 0 {
			t.Errorf("after the removal: %s", r.Body)
		}
	})

	t.Run("the checklist editor", func(t *testing.T) {
		_, page := admin.get("/admin/checklists/new")
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
			"key": {"kiem-tra-thu"}, "title_vi": {"Bảng kiểm thử"}, "srows": {"2"}, "irows": {"3"},
			"s0_key": {"chung"}, "s0_title_vi": {"Phần chung"}, "s1_key": {"so_lieu"}, "s1_title_vi": {"Số liệu"},
			"i0_section": {"0"}, "i0_key": {"ke_hoach"}, "i0_text_vi": {"Có kế hoạch năm"}, "i0_answer": {"yesno"}, "i0_required": {"1"},
			"i0_weight": {"-2"}, "i0_fail": {"both"},
			"i1_section": {"1"}, "i1_key": {"so_ca"}, "i1_text_vi": {"Số ca"}, "i1_answer": {"number"}, "i1_min": {"10"}, "i1_max": {"1,5"},
			"i2_section": {"1"}, "i2_key": {"diem"}, "i2_text_vi": {"Chất lượng số liệu"}, "i2_answer": {"score"}}
		form.Set("op", "more")
		status, body := admin.post("/admin/checklists/new", form)
		if status != http.StatusOK || !strings.Contains(body, `name="i5_key"`) || strings.Contains(body, `name="i6_key"`) || !strings.Contains(body, `value="Chất lượng số liệu"`) {
			t.Fatalf("more rows: %d", status)
		}
		// A score item needs its top score: the API's message beside it.
		form.Set("op", "save")
		status, body = admin.post("/admin/checklists/new", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="i2_max_score-err"`) || !strings.Contains(body, `id="i0_weight-err"`) || !strings.Contains(body, `id="i1_max-err"`) ||
			!strings.Contains(body, `value="-2"`) || !strings.Contains(body, `<option value="both" selected>`) {
			t.Fatalf("without a top score, a negative weight: %d %s", status, body)
		}
		form.Set("i2_max_score", "5")
		form.Set("i0_weight", "2,5")
		form.Set("i1_max", "100,5")
		if status, _ := admin.post("/admin/checklists/new", form); status != http.StatusSeeOther {
			t.Fatalf("save: %d", status)
		}
		items, _ := env.Request(t, http.MethodGet, "/api/v1/checklists", token, nil).JSON["items"].([]any)
		var id any
		for _, it := range items {
			if m := it.(map[string]any); m["key"] == "kiem-tra-thu" {
				id = m["id"]
			}
		}
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/checklists/%v", id), token, nil)
		sections, _ := r.JSON["definition"].(map[string]any)["sections"].([]any)
		if len(sections) != 2 || len(sections[0].(map[string]any)["items"].([]any)) != 1 || len(sections[1].(map[string]any)["items"].([]any)) != 2 {
			t.Fatalf("saved checklist: %s", r.Body)
		}
		if it := sections[0].(map[string]any)["items"].([]any)[0].(map[string]any); it["weight"] != 2.5 || it["require_on_fail"] != "both" {
			t.Errorf("the weighted item: %v", it)
		}
		if it := sections[1].(map[string]any)["items"].([]any)[0].(map[string]any); it["min"] != 10.0 || it["max"] != 100.5 {
			t.Errorf("the bounded item: %v", it)
		}
		// Its next version starts from it.
		if _, body := admin.get(fmt.Sprintf("/admin/checklists/%v/version", id)); !strings.Contains(body, `value="Chất lượng số liệu"`) || !strings.Contains(body, `value="2,5"`) || !strings.Contains(body, `value="100,5"`) || !strings.Contains(body, "kiem-tra-thu v1") {
			t.Error("the new version's editor is not filled from the newest")
		}
	})

	t.Run("a template with two steps, indicators and reminders", func(t *testing.T) { templateRoundTrip(t, env, admin, token) })

	t.Run("every built-in template is saved unchanged by the editor", func(t *testing.T) { builtinsRoundTrip(t, env, admin, token) })

	t.Run("the rules between a form's fields are edited", func(t *testing.T) { templateRules(t, env, admin, token) })

	t.Run("a template's new version starts from the newest", func(t *testing.T) {
		items, _ := env.Request(t, http.MethodGet, "/api/v1/templates", token, nil).JSON["items"].([]any)
		first := items[0].(map[string]any)
		status, body := admin.get(fmt.Sprintf("/admin/templates/%v/version", first["id"]))
		if status != http.StatusOK || !strings.Contains(body, fmt.Sprintf("%v v%v", first["key"], first["version"])) {
			t.Fatalf("version editor %d", status)
		}
		// A bad key on a new template shows beside the key.
		_, page := admin.get("/admin/templates/new")
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
			"op": {"save"}, "key": {"Không Hợp Lệ"}, "kind": {"campaign"}, "title_vi": {"Mẫu"}, "late_policy": {"accept"}, "steps": {"1"}, "s0_key": {"report"},
			"s0_title_vi": {"Nộp"}, "s0_level": {"participant"}, "s0_role": {"officer"}, "s0_due_anchor": {"end"}, "s0_due_days": {"0"}, "s0frows": {"2"},
			"s0f0_name": {"so"}, "s0f0_type": {"count"}, "s0f0_label_vi": {"Số"},
			"s0f1_name": {"muc_do"}, "s0f1_type": {"choice"}, "s0f1_label_vi": {"Mức độ"}, "s0f1_choices": {"tốt; khá; kém"}}
		status, body = admin.post("/admin/templates/new", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="key-err"`) || !strings.Contains(body, `value="Không Hợp Lệ"`) {
			t.Errorf("a bad key: %d", status)
		}
		form.Set("key", "mau-lua-chon")
		if status, _ := admin.post("/admin/templates/new", form); status != http.StatusSeeOther {
			t.Fatalf("save: %d", status)
		}
		items, _ = env.Request(t, http.MethodGet, "/api/v1/templates", token, nil).JSON["items"].([]any)
		for _, it := range items {
			if m := it.(map[string]any); m["key"] == "mau-lua-chon" {
				r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/templates/%v", m["id"]), token, nil)
				if !strings.Contains(string(r.Body), `"choices":["tốt","khá","kém"]`) {
					t.Errorf("the choice field: %s", r.Body)
				}
				return
			}
		}
		t.Error("the template is not listed")
	})
}

// templateRoundTrip: a template of two steps, three indicators, a default
// window, two sign-off levels and reminders telling further units,
// typed in the editor, is saved as typed. A negative delay, a field named
// twice, an unknown step to consolidate, an indicator of a field no step
// has, the 31st of February, a sign-off level with no role, a window
// ending before it starts and a unit that is none come back beside their
// inputs with what was typed; "add a step" shows one more step and keeps
// the rest, a sign-off level is added and removed; the next version's
// editor shows it all.
func templateRoundTrip(t *testing.T, env *testenv.Env, admin *browserless, token string) {
	_, page := admin.get("/admin/templates/new")
	form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")}, "op": {"more_step"},
		"key": {"mau-hai-buoc"}, "kind": {"campaign"}, "title_vi": {"Chiến dịch hai bước"}, "late_policy": {"refuse"}, "grace_days": {"3"},
		"esc_remind": {"7; 2"}, "esc_after": {"3"}, "esc_up": {"5"}, "steps": {"1"},
		"s0_key": {"report"}, "s0_title_vi": {"Báo cáo kết quả"}, "s0_level": {"participant"}, "s0_role": {"officer"}, "s0_due_anchor": {"end"},
		"s0_due_days": {"-2"}, "s0_due_working": {"1"}, "s0_repeat_days": {"14"}, "s0frows": {"3"},
		"s0f0_name": {"screened"}, "s0f0_type": {"count"}, "s0f0_label_vi": {"Số được sàng lọc"}, "s0f0_required": {"1"}, "s0f0_unit": {"người"},
		"s0f1_name": {"screened"}, "s0f1_type": {"count"}, "s0f1_label_vi": {"Số cần sàng lọc"},
		"nrows":  {"3"},
		"n0_key": {"screened"}, "n0_title_vi": {"Đã sàng lọc"}, "n0_rollup": {"sum"}, "n0_source": {"report.screened"}, "n0_unit": {"người"},
		"n1_key": {"expected"}, "n1_title_vi": {"Cần sàng lọc"}, "n1_rollup": {"sum"}, "n1_source": {"report.expected"},
		"win_start_day": {"31"}, "win_start_month": {"2"}, "win_end_day": {"30"}, "win_end_month": {"6"},
		"n2_key": {"coverage"}, "n2_title_vi": {"Tỉ lệ sàng lọc"}, "n2_rollup": {"ratio"}, "n2_numerator": {"screened"}, "n2_denominator": {"expected"},
		"n2_unit": {"%"}, "n2_target": {"78,5"}}
	status, body := admin.post("/admin/templates/new", form)
	if status != http.StatusOK || !strings.Contains(body, `name="s1_key"`) || strings.Contains(body, `name="s2_key"`) ||
		!strings.Contains(body, `value="Số cần sàng lọc"`) || !strings.Contains(body, `value="78,5"`) {
		t.Fatalf("add a step: %d", status)
	}
	form.Set("steps", "2")
	for k, v := range map[string]string{"s1_key": "approve", "s1_title_vi": "Phê duyệt", "s1_level": "root", "s1_role": "leader", "s1_due_anchor": "end",
		"s1_due_days": "5", "s1orows": "2", "s1o0_at": "self", "s1o0_role": "leader", "s1o1_at": "parent", "s1o1_role": "",
		"s1_esc_after": "-1", "s1frows": "3",
		"s1_consolidates": "khong_co", "s1_freezes": "1", "s0_priority": "high"} {
		form.Set(k, v)
	}
	form.Set("op", "save")
	status, body = admin.post("/admin/templates/new", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="s1_esc_after-err"`) || !strings.Contains(body, `id="s0f1_name-err"`) ||
		!strings.Contains(body, `value="-1"`) || !strings.Contains(body, `value="Phê duyệt"`) || !strings.Contains(body, `id="s1_consolidates-err"`) ||
		!strings.Contains(body, `id="n1_source-err"`) || strings.Contains(body, `id="s0f0_name-err"`) {
		t.Fatalf("a negative delay and a field named twice: %d %s", status, body)
	}
	// The 31st of February and a level without its role, beside them in
	// Vietnamese, what was typed kept; the indicator's field no step has
	// stays picked.
	if !containsAll(body, `<p class="err" id="win_start_day-err">Ngày này không có trong tháng ở mọi năm</p>`, `name="win_start_day" type="text" inputmode="numeric" value="31"`,
		`<p class="err" id="s1o1_role-err">`, `<option value="report.expected" selected>`) || !selected(body, "s1o1_at", "parent") ||
		!selected(body, "win_start_month", "2") || strings.Contains(body, `id="s1o0_role-err"`) {
		t.Fatalf("the 31st of February, a level without a role: %s", body)
	}
	form.Set("s1_esc_after", "2")
	form.Set("s0f1_name", "expected")
	form.Set("s1_consolidates", "report")
	form.Set("s1o1_role", "secretary")
	form.Set("win_start_day", "1")
	form.Set("win_start_month", "7")
	// A window ending before it starts.
	status, body = admin.post("/admin/templates/new", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="err" id="win_end_month-err">Ngày kết thúc phải sau ngày bắt đầu</p>`) || !selected(body, "win_start_month", "7") {
		t.Fatalf("a window ending before it starts: %d %s", status, body)
	}
	form.Set("win_start_month", "5")
	// A third sign-off level is offered, and the first removed, saving nothing.
	more := cloneForm(form)
	more.Set("op", "more_signoff_1")
	if status, body := admin.post("/admin/templates/new", more); status != http.StatusOK || !strings.Contains(body, `name="s1o2_at"`) || !selected(body, "s1o1_role", "secretary") {
		t.Errorf("another sign-off level: %d", status)
	}
	more.Set("op", "drop_signoff_1_0")
	if status, body := admin.post("/admin/templates/new", more); status != http.StatusOK || strings.Contains(body, `name="s1o1_at"`) ||
		!selected(body, "s1o0_at", "parent") || !selected(body, "s1o0_role", "secretary") {
		t.Errorf("the first sign-off level removed: %d", status)
	}
	// A unit to tell that is no unit.
	haNoi, hcm := env.UnitID(t, "01"), env.UnitID(t, "79")
	// The units offered are the overseeing ones, not the communes (a
	// national admin's 3,321 would make every picker ~180 KB).
	_, picker, _ := strings.Cut(body, `<select id="u0_unit"`)
	picker, _, _ = strings.Cut(picker, `</select>`)
	if opt := func(id uint) string { return fmt.Sprintf(`<option value="%d"`, id) }; !strings.Contains(picker, opt(haNoi)) ||
		strings.Contains(picker, opt(env.UnitID(t, "DEMO-NGOCLAM"))) || strings.Contains(picker, opt(env.UnitID(t, "DEMO-BODE"))) {
		t.Errorf("the units told on escalation should offer Hà Nội and no commune: %s", picker)
	}
	form.Set("urows", "1")
	form.Set("u0_unit", "999999")
	status, body = admin.post("/admin/templates/new", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="err" id="u0_unit-err">Đơn vị này không có trong danh sách đơn vị</p>`) ||
		!selected(body, "u0_unit", "999999") {
		t.Fatalf("an unknown unit to tell: %d %s", status, body)
	}
	form.Set("u0_unit", fmt.Sprint(haNoi))
	form.Set("s1urows", "2")
	form.Set("s1u1_unit", fmt.Sprint(hcm))
	if status, body := admin.post("/admin/templates/new", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", status, body)
	}
	items, _ := env.Request(t, http.MethodGet, "/api/v1/templates", token, nil).JSON["items"].([]any)
	var id any
	for _, it := range items {
		if m := it.(map[string]any); m["key"] == "mau-hai-buoc" {
			id = m["id"]
		}
	}
	var saved struct {
		Definition models.TemplateDef `json:"definition"`
	}
	if err := json.Unmarshal(env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/templates/%v", id), token, nil).Body, &saved); err != nil {
		t.Fatal(err)
	}
	target := 78.5
	want := models.TemplateDef{Kind: "campaign", Title: models.Text{Vi: "Chiến dịch hai bước"}, Late: models.LateRule{Policy: "refuse", GraceDays: 3},
		Window:     &models.WindowDefault{StartDay: 1, StartMonth: 5, EndDay: 30, EndMonth: 6},
		Escalation: &models.Escalation{RemindDaysBefore: []int{7, 2}, EscalateAfterDays: 3, EscalateUpAfterDays: 5, NotifyUnits: []uint{haNoi}},
		Steps: []models.StepDef{
			{Key: "report", Title: models.Text{Vi: "Báo cáo kết quả"}, Level: "participant", Role: "officer", Priority: "high",
				Due: models.DueRule{Anchor: "end", Days: -2, WorkingDays: true}, Repeat: &models.RepeatRule{EveryDays: 14},
				Form: models.FormSpec{Fields: []models.FormField{
					{Name: "screened", Type: "count", Label: models.Text{Vi: "Số được sàng lọc"}, Required: true, Unit: "người"},
					{Name: "expected", Type: "count", Label: models.Text{Vi: "Số cần sàng lọc"}}}}},
			{Key: "approve", Title: models.Text{Vi: "Phê duyệt"}, Level: "root", Role: "leader", Due: models.DueRule{Anchor: "end", Days: 5},
				SignOff:      []models.SignOffRule{{At: "self", Role: "leader"}, {At: "parent", Role: "secretary"}},
				Escalation:   &models.Escalation{EscalateAfterDays: 2, NotifyUnits: []uint{hcm}},
				Consolidates: "report", Freezes: true}},
		Indicators: []models.IndicatorDef{
			{Key: "screened", Title: models.Text{Vi: "Đã sàng lọc"}, Unit: "người", Step: "report", Field: "screened", Rollup: "sum"},
			{Key: "expected", Title: models.Text{Vi: "Cần sàng lọc"}, Step: "report", Field: "expected", Rollup: "sum"},
			{Key: "coverage", Title: models.Text{Vi: "Tỉ lệ sàng lọc"}, Unit: "%", Rollup: "ratio", Numerator: "screened", Denominator: "expected", Target: &target}}}
	if !reflect.DeepEqual(saved.Definition, want) {
		got, _ := json.Marshal(saved.Definition)
		t.Fatalf("saved definition:\n%s", got)
	}
	// The next version's editor shows it all.
	_, body = admin.get(fmt.Sprintf("/admin/templates/%v/version", id))
	if !containsAll(body, `name="s1_key" type="text" value="approve"`, `name="s1_esc_after" type="text" inputmode="numeric" value="2"`,
		`name="s0_repeat_days" type="text" inputmode="numeric" value="14"`, `name="esc_remind" type="text" value="7; 2"`,
		`name="n2_target" type="text" value="78,5"`, `name="s0f1_name" type="text" value="expected"`, `name="s1_freezes" value="1" checked`, `<option value="high" selected>`,
		`name="win_end_day" type="text" inputmode="numeric" value="30"`) || !selected(body, "win_start_month", "5") || !selected(body, "s1o1_at", "parent") ||
		!selected(body, "s1o1_role", "secretary") || !selected(body, "u0_unit", fmt.Sprint(haNoi)) || !selected(body, "s1u0_unit", fmt.Sprint(hcm)) ||
		!selected(body, "n1_source", "report.expected") || !selected(body, "n2_numerator", "screened") || !selected(body, "n2_denominator", "expected") {
		t.Errorf("the next version's editor: %s", body)
	}
	// The field lists offer what exists: the report's count fields, the
	// sum indicators.
	if !strings.Contains(body, `<option value="report.screened">`) || strings.Contains(body, `<option value="coverage"`) {
		t.Errorf("the lists of fields and indicators: %s", body)
	}
}

// builtinsRoundTrip: every built-in template, opened in the editor and
// saved as it is shown, is saved unchanged as its next version; saved as
// a new template, with nothing to start from, it is the same too, the
// rules between its form's fields included. Both catch any setting the
// editor would drop.
func builtinsRoundTrip(t *testing.T, env *testenv.Env, admin *browserless, token string) {
	items, _ := env.Request(t, http.MethodGet, "/api/v1/templates", token, nil).JSON["items"].([]any)
	builtins := 0
	for _, it := range items {
		m := it.(map[string]any)
		if m["built_in"] != true {
			continue
		}
		builtins++
		key := m["key"].(string)
		t.Run(key, func(t *testing.T) {
			original := templateDef(t, env, token, m["id"])
			_, page := admin.get(fmt.Sprintf("/admin/templates/%v/version", m["id"]))
			// The editor's pages are the largest there are: a browser that
			// takes gzip gets them under the 200 KB first-load budget.
			wire := web.FirstLoadOnWire(t, admin.fetch, fmt.Sprintf("/admin/templates/%v/version", m["id"]))
			t.Logf("editor: %d bytes, %d on the wire", len(page), wire)
			if wire > 200<<10 {
				t.Errorf("editor's first load %d bytes on the wire", wire)
			}
			form := formOf(t, page)
			form.Set("op", "save")
			if status, body := admin.post(fmt.Sprintf("/admin/templates/%v/version", m["id"]), form); status != http.StatusSeeOther {
				t.Fatalf("save unchanged: %d %s", status, body)
			}
			next := templateDef(t, env, token, newestTemplate(t, env, token, key))
			if !reflect.DeepEqual(next, original) {
				got, _ := json.Marshal(next)
				was, _ := json.Marshal(original)
				t.Errorf("saved unchanged:\n%s\nwas:\n%s", got, was)
			}
			_, fresh := admin.get("/admin/templates/new")
			form.Set("idempotency_key", formValue(t, fresh, "idempotency_key"))
			form.Set("key", key+"-ban-sao")
			if status, body := admin.post("/admin/templates/new", form); status != http.StatusSeeOther {
				t.Fatalf("save as a new template: %d %s", status, body)
			}
			copied := templateDef(t, env, token, newestTemplate(t, env, token, key+"-ban-sao"))
			if !reflect.DeepEqual(copied, original) {
				got, _ := json.Marshal(copied)
				was, _ := json.Marshal(original)
				t.Errorf("saved as a new template:\n%s\nwas:\n%s", got, was)
			}
		})
	}
	if builtins < 5 {
		t.Errorf("%d built-in templates listed", builtins)
	}
}

// templateRules: the rules between a step's form fields in the editor,
// over the real API. A template's rules (a built-in's) show picked; a rule
// comparing a field with itself, over a field removed or over a field
// that is no longer numeric comes back beside its input in the API's
// words and saves nothing; a rule's operator changed and a rule added are
// saved, and a rule removed is gone from the next version.
func templateRules(t *testing.T, env *testenv.Env, admin *browserless, token string) {
	key, k := "", -1
	items, _ := env.Request(t, http.MethodGet, "/api/v1/templates", token, nil).JSON["items"].([]any)
	for _, it := range items {
		if m := it.(map[string]any); k < 0 {
			for i, s := range templateDef(t, env, token, m["id"]).Steps {
				if len(s.Form.Rules) > 0 && k < 0 {
					key, k = m["key"].(string), i
				}
			}
		}
	}
	if k < 0 {
		t.Fatal("no template has rules between its fields")
	}
	id := newestTemplate(t, env, token, key)
	def := templateDef(t, env, token, id)
	step := def.Steps[k]
	rule := step.Form.Rules[0]
	path := fmt.Sprintf("/admin/templates/%v/version", id)
	_, page := admin.get(path)
	rp, fp := fmt.Sprintf("s%dr", k), fmt.Sprintf("s%df", k)
	if !selected(page, rp+"0_left", rule.Left) || !selected(page, rp+"0_op", rule.Op) || !selected(page, rp+"0_right", rule.Right) {
		t.Fatalf("%s's rule %v is not shown picked: %v", key, rule, formOf(t, page))
	}
	fieldRow := func(name string) string {
		for i, f := range step.Form.Fields {
			if f.Name == name {
				return fp + strconv.Itoa(i) + "_"
			}
		}
		t.Fatalf("no field %s", name)
		return ""
	}
	form := formOf(t, page)
	form.Set("op", "save")
	for _, c := range []struct {
		name       string
		set        map[string]string
		input, msg string
	}{
		{"a field compared with itself", map[string]string{rp + "0_right": rule.Left}, rp + "0_right", "Phải là trường khác với trường bên trái"},
		{"a field removed", map[string]string{fieldRow(rule.Left) + "name": "", fieldRow(rule.Left) + "label_vi": "", fieldRow(rule.Left) + "label_en": "",
			fieldRow(rule.Left) + "unit": "", fieldRow(rule.Left) + "min": "", fieldRow(rule.Left) + "max": ""}, rp + "0_left", "Trường không có trong biểu mẫu"},
		{"a field no longer numeric", map[string]string{fieldRow(rule.Right) + "type": "text", fieldRow(rule.Right) + "min": "", fieldRow(rule.Right) + "max": ""},
			rp + "0_right", "Phải là trường kiểu số (số, số đếm hoặc phần trăm)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := cloneForm(form)
			for name, v := range c.set {
				bad.Set(name, v)
			}
			status, body := admin.post(path, bad)
			if want := `<p class="err" id="` + c.input + `-err">` + c.msg + `</p>`; status != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Errorf("%d, want 422 and %s: %s", status, want, body)
			}
			if now := newestTemplate(t, env, token, key); now != id {
				t.Errorf("a refused rule saved version %v", now)
			}
		})
	}

	// Another rule, over two other numeric fields.
	var others []string
	for _, f := range step.Form.Fields {
		if (f.Type == models.FieldCount || f.Type == models.FieldNumber || f.Type == models.FieldPercent) && f.Name != rule.Left && f.Name != rule.Right {
			others = append(others, f.Name)
		}
	}
	if len(others) < 2 {
		t.Fatalf("step %d of %s has too few numeric fields: %v", k, key, others)
	}
	more := cloneForm(form)
	more.Set("op", "more_rule_"+strconv.Itoa(k))
	status, body := admin.post(path, more)
	n := len(step.Form.Rules)
	added := fmt.Sprintf("%s%d_", rp, n)
	if status != http.StatusOK || !strings.Contains(body, `<select id="`+added+`left"`) || !strings.Contains(body, `<option value="`+others[0]+`">`) {
		t.Fatalf("add a rule (%d): %s", status, body)
	}
	form = formOf(t, body)
	form.Set("op", "save")
	form.Set(rp+"0_op", models.RuleLT)
	form.Set(added+"left", others[0])
	form.Set(added+"op", models.RuleGE)
	form.Set(added+"right", others[1])
	if status, body := admin.post(path, form); status != http.StatusSeeOther {
		t.Fatalf("save the rules: %d %s", status, body)
	}
	id = newestTemplate(t, env, token, key)
	want := append([]models.FormRule{{Left: rule.Left, Op: models.RuleLT, Right: rule.Right}}, step.Form.Rules[1:]...)
	want = append(want, models.FormRule{Left: others[0], Op: models.RuleGE, Right: others[1]})
	saved := templateDef(t, env, token, id)
	if got := saved.Steps[k].Form.Rules; !reflect.DeepEqual(got, want) {
		t.Fatalf("saved rules %v, want %v", got, want)
	}
	def.Steps[k].Form.Rules = want
	if !reflect.DeepEqual(saved, def) {
		got, _ := json.Marshal(saved)
		t.Errorf("the rules' edit changed more than the rules:\n%s", got)
	}

	// The first rule removed.
	path = fmt.Sprintf("/admin/templates/%v/version", id)
	_, page = admin.get(path)
	drop := formOf(t, page)
	drop.Set("op", "drop_rule_"+strconv.Itoa(k)+"_0")
	status, body = admin.post(path, drop)
	if status != http.StatusOK || !selected(body, rp+"0_left", want[1].Left) {
		t.Fatalf("remove the first rule (%d): %v", status, formOf(t, body))
	}
	form = formOf(t, body)
	form.Set("op", "save")
	if status, body := admin.post(path, form); status != http.StatusSeeOther {
		t.Fatalf("save without the first rule: %d %s", status, body)
	}
	if got := templateDef(t, env, token, newestTemplate(t, env, token, key)).Steps[k].Form.Rules; !reflect.DeepEqual(got, want[1:]) {
		t.Errorf("after removing the first rule: %v, want %v", got, want[1:])
	}
}

// templateDef is the definition of template version id, from the API.
func templateDef(t *testing.T, env *testenv.Env, token string, id any) models.TemplateDef {
	t.Helper()
	var v struct {
		Definition models.TemplateDef `json:"definition"`
	}
	r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/templates/%v", id), token, nil)
	if err := json.Unmarshal(r.Body, &v); err != nil || r.Status != http.StatusOK {
		t.Fatalf("template %v: %d %v", id, r.Status, err)
	}
	return v.Definition
}

// newestTemplate is the ID of key's newest version.
func newestTemplate(t *testing.T, env *testenv.Env, token, key string) any {
	t.Helper()
	items, _ := env.Request(t, http.MethodGet, "/api/v1/templates", token, nil).JSON["items"].([]any)
	for _, it := range items {
		if m := it.(map[string]any); m["key"] == key {
			return m["id"]
		}
	}
	t.Fatalf("template %s is not listed", key)
	return nil
}

// selected says whether the select named name has value selected.
func selected(page, name, value string) bool {
	v, ok := web.EditorFormValues(page)[name]
	return ok && len(v) == 1 && v[0] == value
}

// cloneForm is a copy of form to change.
func cloneForm(form url.Values) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// formOf is what a browser sends of a page's editor form.
func formOf(t *testing.T, page string) url.Values {
	t.Helper()
	form := web.EditorFormValues(page)
	if form == nil {
		t.Fatalf("no editor form: %s", page)
	}
	return form
}
