package api_test

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"dsflow/templates"
	"dsflow/testenv"
)

// reviewDef is a small valid template body: a commune report and the
// root's consolidation, with a sum and a ratio indicator.
func reviewDef(title string) map[string]any {
	field := func(name, typ, vi string) map[string]any {
		return map[string]any{"name": name, "type": typ, "label": map[string]any{"vi": vi}}
	}
	form := map[string]any{"fields": []any{field("screened", "count", "Số được sàng lọc"), field("expected", "count", "Số dự kiến"),
		field("note", "text", "Ghi chú")}}
	return map[string]any{
		"kind":  "review",
		"title": map[string]any{"vi": title, "en": "Screening review"},
		"steps": []any{
			map[string]any{"key": "report", "title": map[string]any{"vi": "Báo cáo xã"}, "level": "participant", "role": "officer",
				"form": form, "due": map[string]any{"anchor": "end", "days": 5, "working_days": true}},
			map[string]any{"key": "summary", "title": map[string]any{"vi": "Tổng hợp"}, "level": "root", "role": "secretary",
				"form": form, "due": map[string]any{"anchor": "end", "days": 10}, "consolidates": "report", "freezes": true,
				"sign_off": []any{map[string]any{"at": "self", "role": "leader"}}},
		},
		"indicators": []any{
			map[string]any{"key": "screened", "title": map[string]any{"vi": "Được sàng lọc"}, "step": "report", "field": "screened", "rollup": "sum"},
			map[string]any{"key": "expected", "title": map[string]any{"vi": "Dự kiến"}, "step": "report", "field": "expected", "rollup": "sum"},
			map[string]any{"key": "coverage", "title": map[string]any{"vi": "Tỷ lệ"}, "numerator": "screened", "denominator": "expected", "rollup": "ratio", "target": 78},
		},
		"late": map[string]any{"policy": "accept"},
	}
}

// templateKeys lists the keys of a template list answer, in order.
func templateKeys(t *testing.T, r *testenv.Response) []string {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	var out []string
	for _, it := range r.JSON["items"].([]any) {
		out = append(out, it.(map[string]any)["key"].(string))
	}
	return out
}

func TestTemplates(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	secretary, leader, officer := env.Login(t, secretaryLB), env.Login(t, leaderLongBien), env.Login(t, officerNgocLam)
	builtins := len(templates.Builtins())

	t.Run("list shows the built-ins", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/templates", leader, nil)
		keys := templateKeys(t, r)
		for key := range templates.Builtins() {
			if !contains(keys, key) {
				t.Errorf("built-in %s is not listed: %v", key, keys)
			}
		}
		for _, it := range r.JSON["items"].([]any) {
			m := it.(map[string]any)
			title, _ := m["title"].(map[string]any)
			if m["built_in"] != true || num(m, "version") != 1 || num(m, "id") == 0 || m["kind"] == "" || title["vi"] == "" || title["en"] == "" {
				t.Errorf("item %v", m)
			}
			if _, ok := m["definition"]; ok {
				t.Errorf("a list carries no definition: %v", m)
			}
		}
		if keys := templateKeys(t, env.Request(t, http.MethodGet, "/api/v1/templates?kind=briefing", leader, nil)); !reflect.DeepEqual(keys, []string{templates.KeyBriefingQuarterly}) {
			t.Errorf("kind=briefing: %v", keys)
		}
		fields := checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/templates?kind=party", leader, nil), http.StatusUnprocessableEntity, "invalid")
		if !reflect.DeepEqual(fields, []string{"kind:oneof"}) {
			t.Errorf("kind=party: %v", fields)
		}
	})

	t.Run("get shows the whole definition", func(t *testing.T) {
		camp, err := env.Store.LatestTemplate(t.Context(), templates.KeyCampaignSRHFP)
		if err != nil {
			t.Fatal(err)
		}
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/templates/%d", camp.ID), leader, nil)
		wantStatus(t, r, http.StatusOK)
		def, _ := r.JSON["definition"].(map[string]any)
		steps, _ := def["steps"].([]any)
		window, _ := def["window"].(map[string]any)
		if r.JSON["key"] != templates.KeyCampaignSRHFP || def["kind"] != "campaign" || len(steps) != 6 || num(window, "start_month") != 5 ||
			num(r.JSON, "latest_version") != 1 {
			t.Fatalf("campaign %s", r.Body)
		}
		for _, bad := range []string{"999999", "abc", "0"} {
			checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/templates/"+bad, leader, nil), http.StatusNotFound, "not_found")
		}
	})

	t.Run("a bad template names every bad field and saves nothing", func(t *testing.T) {
		def := reviewDef("")
		steps := def["steps"].([]any)
		steps[1].(map[string]any)["due"] = map[string]any{"anchor": "end", "days": 400}
		steps[0].(map[string]any)["form"] = map[string]any{"fields": []any{map[string]any{"name": "screened", "type": "photo", "label": map[string]any{"vi": "Ảnh"}}}}
		def["indicators"].([]any)[2].(map[string]any)["numerator"] = "tested"
		r := env.Request(t, http.MethodPost, "/api/v1/templates", secretary, map[string]any{"key": "Bad Key", "definition": def})
		fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
		want := []string{
			"key:format",
			"definition.title.vi:required",
			"definition.steps[0].form.fields[0].type:oneof",
			"definition.steps[1].due.days:max",
			// The report's form now holds a photo where the sum wants a
			// number, and lost the expected field the other sum named.
			"definition.indicators[0].field:type",
			"definition.indicators[1].field:unknown",
			"definition.indicators[2].numerator:indicator",
		}
		if !reflect.DeepEqual(fields, want) {
			t.Fatalf("fields\n got  %v\n want %v", fields, want)
		}
		if n := len(templateKeys(t, env.Request(t, http.MethodGet, "/api/v1/templates", secretary, nil))); n != builtins {
			t.Fatalf("%d templates after a refused one, want %d", n, builtins)
		}
		// A typo in a field name is refused, not dropped.
		def = reviewDef("Sơ kết sàng lọc")
		def["steps"].([]any)[0].(map[string]any)["deu"] = 5
		r = env.Request(t, http.MethodPost, "/api/v1/templates", secretary, map[string]any{"key": "typo", "definition": def})
		checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
		if _, err := env.Store.LatestTemplate(t.Context(), "typo"); err == nil {
			t.Fatal("a refused template was saved")
		}
		fields = checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/templates", secretary, map[string]any{"key": "empty"}),
			http.StatusUnprocessableEntity, "invalid")
		if !reflect.DeepEqual(fields, []string{"definition:required"}) {
			t.Fatalf("no definition: %v", fields)
		}
	})

	t.Run("units told on escalation are the saver's own", func(t *testing.T) {
		// Long Biên's secretary may name Ngọc Lâm, not a unit of another
		// province nor one that does not exist, in a new template or a
		// new version.
		ngocLam, tanPhu := env.UnitID(t, unitNgocLam), env.UnitID(t, unitTanPhu)
		def := reviewDef("Sơ kết có báo cáo vượt cấp")
		def["escalation"] = map[string]any{"escalate_after_days": 1, "notify_units": []uint{ngocLam, tanPhu, 999999}}
		def["steps"].([]any)[0].(map[string]any)["escalation"] = map[string]any{"escalate_after_days": 1, "notify_units": []uint{tanPhu}}
		fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/templates", secretary, map[string]any{"key": "vuot-cap", "definition": def}),
			http.StatusUnprocessableEntity, "invalid")
		want := []string{"definition.escalation.notify_units[1]:unit", "definition.escalation.notify_units[2]:unit", "definition.steps[0].escalation.notify_units[0]:unit"}
		if !reflect.DeepEqual(fields, want) {
			t.Fatalf("fields\n got  %v\n want %v", fields, want)
		}
		if _, err := env.Store.LatestTemplate(t.Context(), "vuot-cap"); err == nil {
			t.Fatal("a template naming another province's unit was saved")
		}
		def["escalation"] = map[string]any{"escalate_after_days": 1, "notify_units": []uint{ngocLam}}
		def["steps"].([]any)[0].(map[string]any)["escalation"] = map[string]any{"escalate_after_days": 1, "notify_units": []uint{ngocLam}}
		r := env.Request(t, http.MethodPost, "/api/v1/templates", secretary, map[string]any{"key": "vuot-cap", "definition": def})
		wantStatus(t, r, http.StatusCreated)
		def["steps"].([]any)[0].(map[string]any)["escalation"] = map[string]any{"escalate_after_days": 1, "notify_units": []uint{ngocLam, tanPhu}}
		fields = checkProblem(t, env.Request(t, http.MethodPost, fmt.Sprintf("/api/v1/templates/%d/versions", num(r.JSON, "id")), secretary,
			map[string]any{"definition": def}), http.StatusUnprocessableEntity, "invalid")
		if !reflect.DeepEqual(fields, []string{"definition.steps[0].escalation.notify_units[1]:unit"}) {
			t.Fatalf("a new version naming another province's unit: %v", fields)
		}
		if tpl, err := env.Store.LatestTemplate(t.Context(), "vuot-cap"); err != nil || tpl.Version != 1 {
			t.Fatalf("after a refused version: %+v %v", tpl, err)
		}
	})

	t.Run("only secretaries and admins save templates", func(t *testing.T) {
		body := map[string]any{"key": "so-ket-sang-loc", "definition": reviewDef("Sơ kết sàng lọc")}
		for _, tok := range []string{officer, leader} {
			checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/templates", tok, body), http.StatusForbidden, "forbidden")
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/templates", officer, nil), http.StatusForbidden, "forbidden")
		if _, err := env.Store.LatestTemplate(t.Context(), "so-ket-sang-loc"); err == nil {
			t.Fatal("a forbidden create saved the template")
		}
	})

	t.Run("a new version keeps the old one readable, unchanged", func(t *testing.T) {
		body := map[string]any{"key": "so-ket-sang-loc", "definition": reviewDef("Sơ kết sàng lọc")}
		r := env.Request(t, http.MethodPost, "/api/v1/templates", secretary, body, "Idempotency-Key", "tpl-create-1")
		wantStatus(t, r, http.StatusCreated)
		v1 := r.JSON
		if v1["key"] != "so-ket-sang-loc" || num(v1, "version") != 1 || v1["built_in"] != false || r.Header.Get("Location") != fmt.Sprintf("/api/v1/templates/%d", num(v1, "id")) {
			t.Fatalf("created %s (Location %q)", r.Body, r.Header.Get("Location"))
		}
		// A retry gets the first answer; no second template.
		again := env.Request(t, http.MethodPost, "/api/v1/templates", secretary, body, "Idempotency-Key", "tpl-create-1")
		if again.Status != http.StatusCreated || again.Header.Get("Idempotent-Replayed") != "true" || num(again.JSON, "id") != num(v1, "id") {
			t.Fatalf("retry: %d %s", again.Status, again.Body)
		}
		fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/templates", secretary, body), http.StatusUnprocessableEntity, "invalid")
		if !reflect.DeepEqual(fields, []string{"key:unique"}) {
			t.Fatalf("taken key: %v", fields)
		}
		before := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/templates/%d", num(v1, "id")), leader, nil)
		wantStatus(t, before, http.StatusOK)

		path := fmt.Sprintf("/api/v1/templates/%d/versions", num(v1, "id"))
		next := map[string]any{"definition": reviewDef("Sơ kết sàng lọc, sửa đổi")}
		r = env.Request(t, http.MethodPost, path, secretary, next, "Idempotency-Key", "tpl-version-1")
		wantStatus(t, r, http.StatusCreated)
		v2 := r.JSON
		if num(v2, "version") != 2 || v2["key"] != "so-ket-sang-loc" || num(v2, "id") == num(v1, "id") || v2["title"].(map[string]any)["vi"] != "Sơ kết sàng lọc, sửa đổi" {
			t.Fatalf("version 2: %s", r.Body)
		}
		if again := env.Request(t, http.MethodPost, path, secretary, next, "Idempotency-Key", "tpl-version-1"); num(again.JSON, "version") != 2 {
			t.Fatalf("a retried version: %s", again.Body)
		}
		after := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/templates/%d", num(v1, "id")), leader, nil)
		wantStatus(t, after, http.StatusOK)
		if !reflect.DeepEqual(after.JSON["definition"], before.JSON["definition"]) || num(after.JSON, "version") != 1 || num(after.JSON, "latest_version") != 2 {
			t.Fatalf("version 1 changed:\nbefore %s\nafter  %s", before.Body, after.Body)
		}
		list := env.Request(t, http.MethodGet, "/api/v1/templates", leader, nil)
		for _, it := range list.JSON["items"].([]any) {
			if m := it.(map[string]any); m["key"] == "so-ket-sang-loc" && num(m, "version") != 2 {
				t.Errorf("the list shows version %d", num(m, "version"))
			}
		}
		// Versions are checked like new templates, and need the same right.
		bad := reviewDef("Sơ kết")
		bad["late"] = map[string]any{"policy": "sometimes"}
		fields = checkProblem(t, env.Request(t, http.MethodPost, path, secretary, map[string]any{"definition": bad}), http.StatusUnprocessableEntity, "invalid")
		if !reflect.DeepEqual(fields, []string{"definition.late.policy:oneof"}) {
			t.Fatalf("bad version: %v", fields)
		}
		checkProblem(t, env.Request(t, http.MethodPost, path, leader, next), http.StatusForbidden, "forbidden")
		checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/templates/999999/versions", secretary, next), http.StatusNotFound, "not_found")
		if latest, _ := env.Store.LatestTemplate(t.Context(), "so-ket-sang-loc"); latest.Version != 2 {
			t.Fatalf("refused versions were saved: latest is v%d", latest.Version)
		}
	})
}
