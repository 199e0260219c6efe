package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"dsflow/testenv"
)

// TestProvinceAdmin: an admin below the root manages their own subtree
// only. The audit log lists their subtree's entries and nothing national
// or of another province; the national calendar and other provinces'
// users are out of reach; the root admin keeps both.
func TestProvinceAdmin(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	root := env.Login(t, adminUser)
	haNoi, err := env.Store.UnitByCodeOrID(context.Background(), "01")
	if err != nil {
		t.Fatal(err)
	}
	hcm, tanPhu := env.UnitID(t, "79"), env.UnitID(t, unitTanPhu)
	newUser := func(username string, unit uint, role string) map[string]any {
		return map[string]any{"username": username, "password": "mật-khẩu-dài", "unit_id": unit, "roles": []string{role}}
	}
	wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/users", root, newUser("admin.hanoi", haNoi.ID, "admin")), http.StatusCreated)
	r := env.Request(t, http.MethodPost, "/api/v1/users", root, newUser("canbo.tanphu", tanPhu, "officer"))
	wantStatus(t, r, http.StatusCreated)
	otherProvince := num(r.JSON, "id")
	calendar := map[string]any{"days": []any{map[string]any{"date": "2026-03-09", "kind": "holiday", "name_vi": "Nghỉ bù", "name_en": "Day off in lieu"}}}
	wantStatus(t, env.Request(t, http.MethodPut, "/api/v1/calendar/2026", root, calendar), http.StatusOK)
	env.Login(t, officerNgocLam) // a login inside Hà Nội
	province := env.Relogin(t, "admin.hanoi", "mật-khẩu-dài")

	t.Run("the audit log is the subtree's", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/audit", province, nil)
		wantStatus(t, r, http.StatusOK)
		items, _ := r.JSON["items"].([]any)
		var actions []string
		for _, it := range items {
			e := it.(map[string]any)
			path, _ := e["unit_path"].(string)
			if !strings.HasPrefix(path, haNoi.Path) {
				t.Errorf("the province admin sees %v, outside %s", e, haNoi.Path)
			}
			actions = append(actions, fmt.Sprint(e["action"], ":", e["entity_id"]))
		}
		for _, want := range []string{"user.create:" + fmt.Sprint(env.UserID(t, "admin.hanoi")), "session.login:" + fmt.Sprint(env.UserID(t, officerNgocLam))} {
			if !contains(actions, want) {
				t.Errorf("the province admin's log %v lacks %s", actions, want)
			}
		}
		if body := string(r.Body); strings.Contains(body, "calendar.put") || strings.Contains(body, `"entity_id":"`+fmt.Sprint(otherProvince)+`"`) {
			t.Errorf("the province admin sees national or another province's entries: %s", body)
		}
		// The root admin sees them all.
		all := env.Request(t, http.MethodGet, "/api/v1/audit", root, nil)
		wantStatus(t, all, http.StatusOK)
		if body := string(all.Body); !strings.Contains(body, "calendar.put") || !strings.Contains(body, `"entity_id":"`+fmt.Sprint(otherProvince)+`"`) {
			t.Errorf("the root admin's log lacks the calendar or Tân Phú: %s", body)
		}
		if n := len(all.JSON["items"].([]any)); n <= len(items) {
			t.Errorf("the root admin sees %d entries, the province admin %d", n, len(items))
		}
		checkProblem(t, env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/audit?entity=user:%d", otherProvince), province, nil), http.StatusNotFound, "not_found")
	})
	t.Run("the national calendar is the root's", func(t *testing.T) {
		checkProblem(t, env.Request(t, http.MethodPut, "/api/v1/calendar/2026", province, calendar), http.StatusForbidden, "forbidden")
		wantStatus(t, env.Request(t, http.MethodGet, "/api/v1/calendar/2026", province, nil), http.StatusOK)
		wantStatus(t, env.Request(t, http.MethodPut, "/api/v1/calendar/2026", root, calendar), http.StatusOK)
	})
	t.Run("users of another province are out of reach", func(t *testing.T) {
		checkProblem(t, env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/users/%d", otherProvince), province, nil), http.StatusNotFound, "not_found")
		checkProblem(t, env.Request(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", otherProvince), province, map[string]any{"active": false}), http.StatusNotFound, "not_found")
		if ids := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/users", province, nil)); contains(ids, fmt.Sprint(otherProvince)) || !contains(ids, fmt.Sprint(env.UserID(t, officerNgocLam))) {
			t.Errorf("the province admin lists %v", ids)
		}
		// Nor can a user of Hà Nội be moved out of it.
		officer := env.UserID(t, officerNgocLam)
		fields := checkProblem(t, env.Request(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", officer), province, map[string]any{"unit_id": hcm}),
			http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "unit_id", "unit") {
			t.Fatalf("fields %v", fields)
		}
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/users/%d", officer), root, nil)
		if unit, _ := r.JSON["unit"].(map[string]any); unit["code"] != unitNgocLam {
			t.Fatalf("after a refused move: %s", r.Body)
		}
	})
}
