package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"dsflow/testenv"
)

// TestPickers covers what forms pick from: the inspectors a planner may
// put on a team (its own unit's only), and the communes a screening case
// may move to (anywhere, by name, for health staff only).
func TestPickers(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})

	t.Run("inspectors of the planner's own unit", func(t *testing.T) {
		names := func(token string) map[float64]string {
			r := env.Request(t, http.MethodGet, "/api/v1/inspectors", token, nil)
			wantStatus(t, r, http.StatusOK)
			out := map[float64]string{}
			for _, it := range r.JSON["items"].([]any) {
				m := it.(map[string]any)
				out[m["id"].(float64)] = m["full_name"].(string)
				if len(m) != 2 {
					t.Errorf("an inspector shows more than its ID and name: %v", m)
				}
			}
			return out
		}
		got := names(env.Login(t, leaderHaNoi))
		lead, member := float64(env.UserID(t, leadHaNoi)), float64(env.UserID(t, inspectorHaNoi))
		if len(got) != 2 || got[lead] != "Trưởng đoàn kiểm tra Hà Nội" || got[member] == "" {
			t.Fatalf("Hà Nội's inspectors: %v", got)
		}
		if got := names(env.Login(t, inspectorHaNoi)); len(got) != 2 {
			t.Errorf("an inspector sees the team it may plan with: %v", got)
		}
		// Long Biên's leader plans too, with Long Biên's inspectors (none):
		// never with the city's above it.
		if got := names(env.Login(t, leaderLongBien)); len(got) != 0 {
			t.Errorf("Long Biên's leader is offered inspectors above it: %v", got)
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/inspectors", env.Login(t, officerNgocLam), nil), 403, "forbidden")
	})

	t.Run("communes a case may move to", func(t *testing.T) {
		nurse := env.Login(t, nurseNgocLam)
		find := func(q string) *testenv.Response {
			return env.Request(t, http.MethodGet, "/api/v1/screening/destinations?q="+url.QueryEscape(q), nurse, nil)
		}
		// Ngọc Lâm's nurse sees only Ngọc Lâm in the units list, yet may
		// move a case to Cống Vị in Ba Đình.
		r := find("cong vi")
		wantStatus(t, r, http.StatusOK)
		items := r.JSON["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("found %s", r.Body)
		}
		cv := items[0].(map[string]any)
		if num(cv, "id") != int(env.UnitID(t, unitCongVi)) || cv["name"] != "Phường Cống Vị" || cv["parent"] != "Quận Ba Đình" {
			t.Errorf("Cống Vị: %v", cv)
		}
		for _, it := range find("Phường").JSON["items"].([]any) {
			if n := it.(map[string]any)["name"].(string); n == "Quận Long Biên" || n == "Thành phố Hà Nội" {
				t.Errorf("a unit above a commune is offered: %s", n)
			}
		}
		if n := len(env.Request(t, http.MethodGet, "/api/v1/screening/destinations?q=phuong&limit=3", nurse, nil).JSON["items"].([]any)); n != 3 {
			t.Errorf("limit 3 gave %d", n)
		}
		if f := checkProblem(t, find("c"), 422, "invalid"); !hasField(f, "q", "min") {
			t.Errorf("one letter: %v", f)
		}
		if f := checkProblem(t, find(""), 422, "invalid"); !hasField(f, "q", "required") {
			t.Errorf("no q: %v", f)
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/screening/destinations?q=cong", env.Login(t, officerNgocLam), nil), 403, "forbidden")
	})
}
