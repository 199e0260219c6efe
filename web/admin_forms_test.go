package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

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
			"i2_section": {"1"}, "i2_key": {"diem"}, "i2_text_vi": {"Chất lượng số liệu"}, "i2_answer": {"score"}}
		form.Set("op", "more")
		status, body := admin.post("/admin/checklists/new", form)
		if status != http.StatusOK || !strings.Contains(body, `name="i5_key"`) || strings.Contains(body, `name="i6_key"`) || !strings.Contains(body, `value="Chất lượng số liệu"`) {
			t.Fatalf("more rows: %d", status)
		}
		// A score item needs its top score: the API's message beside it.
		form.Set("op", "save")
		status, body = admin.post("/admin/checklists/new", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="i2_max_score-err"`) {
			t.Fatalf("without a top score: %d %s", status, body)
		}
		form.Set("i2_max_score", "5")
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
		if len(sections) != 2 || len(sections[0].(map[string]any)["items"].([]any)) != 1 || len(sections[1].(map[string]any)["items"].([]any)) != 1 {
			t.Fatalf("saved checklist: %s", r.Body)
		}
		// Its next version starts from it.
		if _, body := admin.get(fmt.Sprintf("/admin/checklists/%v/version", id)); !strings.Contains(body, `value="Chất lượng số liệu"`) || !strings.Contains(body, "kiem-tra-thu v1") {
			t.Error("the new version's editor is not filled from the newest")
		}
	})

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
			"op": {"save"}, "key": {"Không Hợp Lệ"}, "kind": {"campaign"}, "title_vi": {"Mẫu"}, "late_policy": {"accept"}, "step_key": {"report"},
			"step_title_vi": {"Nộp"}, "step_level": {"participant"}, "step_role": {"officer"}, "due_anchor": {"end"}, "due_days": {"0"}, "frows": {"2"},
			"f0_name": {"so"}, "f0_type": {"count"}, "f0_label_vi": {"Số"},
			"f1_name": {"muc_do"}, "f1_type": {"choice"}, "f1_label_vi": {"Mức độ"}, "f1_choices": {"tốt; khá; kém"}}
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
