package api_test

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"dsflow/checklists"
	"dsflow/testenv"
)

// checklistDef is a small valid checklist body: a yes/no item that needs
// evidence when it fails, a score, and a choice in a second section.
func checklistDef(title string) map[string]any {
	text := func(vi string) map[string]any { return map[string]any{"vi": vi} }
	return map[string]any{
		"title": map[string]any{"vi": title, "en": "Commune inspection"},
		"sections": []any{
			map[string]any{"key": "planning", "title": text("Kế hoạch, chỉ đạo"), "items": []any{
				map[string]any{"key": "annual_plan", "text": text("Có kế hoạch năm"), "answer": "yesno", "required": true,
					"weight": 2, "require_on_fail": "evidence"},
				map[string]any{"key": "advice", "text": text("Chất lượng tham mưu"), "answer": "score", "max_score": 5},
			}},
			map[string]any{"key": "services", "title": text("Dịch vụ CSSKSS/KHHGĐ"), "items": []any{
				map[string]any{"key": "equipment", "text": text("Trang thiết bị"), "answer": "choice", "choices": []any{"Đầy đủ", "Thiếu"}},
			}},
		},
	}
}

// checklistKeys lists the keys of a checklist list answer, in order.
func checklistKeys(t *testing.T, r *testenv.Response) []string {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	var out []string
	for _, it := range r.JSON["items"].([]any) {
		out = append(out, it.(map[string]any)["key"].(string))
	}
	return out
}

func TestChecklists(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	secretary, inspector, officer, admin := env.Login(t, secretaryLB), env.Login(t, inspectorHaNoi), env.Login(t, officerNgocLam), env.Login(t, adminUser)

	t.Run("inspectors see the built-in", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/checklists", inspector, nil)
		if keys := checklistKeys(t, r); !reflect.DeepEqual(keys, []string{checklists.KeyInspection}) {
			t.Fatalf("keys %v", keys)
		}
		m := r.JSON["items"].([]any)[0].(map[string]any)
		title, _ := m["title"].(map[string]any)
		if m["built_in"] != true || num(m, "version") != 1 || num(m, "id") == 0 || title["vi"] != "Kiểm tra công tác Dân số - KHHGĐ" || title["en"] == "" {
			t.Errorf("item %v", m)
		}
		if _, ok := m["definition"]; ok {
			t.Errorf("a list carries no definition: %v", m)
		}

		r = env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/checklists/%d", num(m, "id")), inspector, nil)
		wantStatus(t, r, http.StatusOK)
		def, _ := r.JSON["definition"].(map[string]any)
		sections, _ := def["sections"].([]any)
		first, _ := sections[0].(map[string]any)
		if r.JSON["key"] != checklists.KeyInspection || len(sections) != 9 || first["key"] != "planning" || num(r.JSON, "latest_version") != 1 {
			t.Fatalf("built-in %s", r.Body)
		}
		for _, bad := range []string{"999999", "abc", "0"} {
			checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/checklists/"+bad, inspector, nil), http.StatusNotFound, "not_found")
		}
	})

	t.Run("a bad checklist names every bad field and saves nothing", func(t *testing.T) {
		def := checklistDef("")
		sections := def["sections"].([]any)
		planning := sections[0].(map[string]any)["items"].([]any)
		planning[1].(map[string]any)["max_score"] = 101
		planning = append(planning, map[string]any{"key": "notes", "text": map[string]any{"vi": "Ghi chú"}, "answer": "text",
			"require_on_fail": "comment"})
		sections[0].(map[string]any)["items"] = planning
		services := sections[1].(map[string]any)["items"].([]any)
		services[0].(map[string]any)["key"] = "annual_plan"
		services[0].(map[string]any)["choices"] = []any{"Đầy đủ"}
		r := env.Request(t, http.MethodPost, "/api/v1/checklists", secretary, map[string]any{"key": "Kiểm tra", "definition": def})
		fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
		want := []string{
			"key:format",
			"definition.title.vi:required",
			"definition.sections[0].items[1].max_score:max",
			"definition.sections[0].items[2].require_on_fail:not_for_answer",
			"definition.sections[1].items[0].key:unique",
			"definition.sections[1].items[0].choices:min_items",
		}
		if !reflect.DeepEqual(fields, want) {
			t.Fatalf("fields\n got  %v\n want %v", fields, want)
		}
		// A typo in a field name is refused, not dropped.
		def = checklistDef("Kiểm tra xã")
		def["sections"].([]any)[0].(map[string]any)["items"].([]any)[0].(map[string]any)["requried"] = true
		checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/checklists", secretary, map[string]any{"key": "typo", "definition": def}),
			http.StatusUnprocessableEntity, "invalid")
		fields = checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/checklists", secretary, map[string]any{"key": "empty"}),
			http.StatusUnprocessableEntity, "invalid")
		if !reflect.DeepEqual(fields, []string{"definition:required"}) {
			t.Fatalf("no definition: %v", fields)
		}
		if keys := checklistKeys(t, env.Request(t, http.MethodGet, "/api/v1/checklists", secretary, nil)); len(keys) != 1 {
			t.Fatalf("refused checklists were saved: %v", keys)
		}
	})

	t.Run("only secretaries and admins save checklists; officers do not read them", func(t *testing.T) {
		body := map[string]any{"key": "kiem-tra-xa", "definition": checklistDef("Kiểm tra xã")}
		for _, tok := range []string{officer, inspector, env.Login(t, leaderLongBien)} {
			checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/checklists", tok, body), http.StatusForbidden, "forbidden")
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/checklists", officer, nil), http.StatusForbidden, "forbidden")
		if _, err := env.Store.LatestChecklist(t.Context(), "kiem-tra-xa"); err == nil {
			t.Fatal("a forbidden create saved the checklist")
		}
		r := env.Request(t, http.MethodPost, "/api/v1/checklists", admin, map[string]any{"key": "giam-sat", "definition": checklistDef("Giám sát")})
		wantStatus(t, r, http.StatusCreated)
	})

	t.Run("a new version keeps the old one readable, unchanged", func(t *testing.T) {
		body := map[string]any{"key": "kiem-tra-xa", "definition": checklistDef("Kiểm tra xã")}
		r := env.Request(t, http.MethodPost, "/api/v1/checklists", secretary, body, "Idempotency-Key", "chk-create-1")
		wantStatus(t, r, http.StatusCreated)
		v1 := r.JSON
		if v1["key"] != "kiem-tra-xa" || num(v1, "version") != 1 || v1["built_in"] != false || num(v1, "created_by") == 0 ||
			r.Header.Get("Location") != fmt.Sprintf("/api/v1/checklists/%d", num(v1, "id")) {
			t.Fatalf("created %s (Location %q)", r.Body, r.Header.Get("Location"))
		}
		// A retry gets the first answer; no second checklist.
		again := env.Request(t, http.MethodPost, "/api/v1/checklists", secretary, body, "Idempotency-Key", "chk-create-1")
		if again.Status != http.StatusCreated || again.Header.Get("Idempotent-Replayed") != "true" || num(again.JSON, "id") != num(v1, "id") {
			t.Fatalf("retry: %d %s", again.Status, again.Body)
		}
		fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/checklists", secretary, body), http.StatusUnprocessableEntity, "invalid")
		if !reflect.DeepEqual(fields, []string{"key:unique"}) {
			t.Fatalf("taken key: %v", fields)
		}
		before := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/checklists/%d", num(v1, "id")), inspector, nil)
		wantStatus(t, before, http.StatusOK)

		path := fmt.Sprintf("/api/v1/checklists/%d/versions", num(v1, "id"))
		next := map[string]any{"definition": checklistDef("Kiểm tra xã, sửa đổi")}
		r = env.Request(t, http.MethodPost, path, secretary, next, "Idempotency-Key", "chk-version-1")
		wantStatus(t, r, http.StatusCreated)
		v2 := r.JSON
		if num(v2, "version") != 2 || v2["key"] != "kiem-tra-xa" || num(v2, "id") == num(v1, "id") || v2["title"].(map[string]any)["vi"] != "Kiểm tra xã, sửa đổi" {
			t.Fatalf("version 2: %s", r.Body)
		}
		if again := env.Request(t, http.MethodPost, path, secretary, next, "Idempotency-Key", "chk-version-1"); num(again.JSON, "version") != 2 {
			t.Fatalf("a retried version: %s", again.Body)
		}
		after := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/checklists/%d", num(v1, "id")), inspector, nil)
		wantStatus(t, after, http.StatusOK)
		if !reflect.DeepEqual(after.JSON["definition"], before.JSON["definition"]) || num(after.JSON, "version") != 1 || num(after.JSON, "latest_version") != 2 {
			t.Fatalf("version 1 changed:\nbefore %s\nafter  %s", before.Body, after.Body)
		}
		list := env.Request(t, http.MethodGet, "/api/v1/checklists", inspector, nil)
		if keys := checklistKeys(t, list); !reflect.DeepEqual(keys, []string{"giam-sat", checklists.KeyInspection, "kiem-tra-xa"}) {
			t.Fatalf("list %v", keys)
		}
		for _, it := range list.JSON["items"].([]any) {
			if m := it.(map[string]any); m["key"] == "kiem-tra-xa" && num(m, "version") != 2 {
				t.Errorf("the list shows version %d", num(m, "version"))
			}
		}
		// Versions are checked like new checklists, and need the same right.
		bad := checklistDef("Kiểm tra xã")
		bad["sections"].([]any)[1].(map[string]any)["items"] = []any{}
		fields = checkProblem(t, env.Request(t, http.MethodPost, path, secretary, map[string]any{"definition": bad}), http.StatusUnprocessableEntity, "invalid")
		if !reflect.DeepEqual(fields, []string{"definition.sections[1].items:required"}) {
			t.Fatalf("bad version: %v", fields)
		}
		checkProblem(t, env.Request(t, http.MethodPost, path, officer, next), http.StatusForbidden, "forbidden")
		checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/checklists/999999/versions", secretary, next), http.StatusNotFound, "not_found")
		if latest, _ := env.Store.LatestChecklist(t.Context(), "kiem-tra-xa"); latest.Version != 2 {
			t.Fatalf("refused versions were saved: latest is v%d", latest.Version)
		}
	})
}
