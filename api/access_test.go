package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"dsflow/testenv"
)

// TestAccess checks, for each role across two wards of one district (and a
// ward of another), what each may see and do: out of scope is 404 with no
// hint, a role without the right is 403, no token is 401.
func TestAccess(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ngocLam, boDe, congVi := env.UnitID(t, unitNgocLam), env.UnitID(t, unitBoDe), env.UnitID(t, unitCongVi)
	longBien, tanPhu, village := env.UnitID(t, unitLongBien), env.UnitID(t, unitTanPhu), env.UnitID(t, "DEMO-NGOCLAM-07")
	leader := env.Login(t, leaderLongBien)
	taskNL := createTask(t, env, leader, taskTo("Ngọc Lâm", ngocLam, "officer", 0))["id"].(string)
	taskBD := createTask(t, env, leader, taskTo("Bồ Đề", boDe, "", env.UserID(t, officerBoDe)))["id"].(string)
	missing := "t-does-not-exist"
	officerID := env.UserID(t, officerNgocLam)

	cases := []struct {
		user, method, path string
		body               any
		want               int
	}{
		// A ward officer: their ward only.
		{officerNgocLam, "GET", fmt.Sprintf("/api/v1/units/%d", ngocLam), nil, 200},
		{officerNgocLam, "GET", fmt.Sprintf("/api/v1/units/%d", village), nil, 200},
		{officerNgocLam, "GET", fmt.Sprintf("/api/v1/units/%d", boDe), nil, 404},
		{officerNgocLam, "GET", fmt.Sprintf("/api/v1/units/%d", longBien), nil, 404},
		{officerNgocLam, "GET", "/api/v1/tasks/" + taskNL, nil, 200},
		{officerBoDe, "GET", "/api/v1/tasks/" + taskNL, nil, 404},
		{officerBoDe, "GET", "/api/v1/tasks/" + missing, nil, 404},
		{officerBoDe, "POST", "/api/v1/tasks/" + taskNL + "/claim", nil, 404},
		{officerBoDe, "POST", "/api/v1/tasks/" + taskNL + "/comment", map[string]any{"text": "xin chào"}, 404},
		{officerBoDe, "GET", "/api/v1/tasks/" + taskNL + "/attachments/f-x", nil, 404},
		{officerBoDe, "GET", "/api/v1/tasks/" + taskBD, nil, 200},
		{officerCongVi, "GET", "/api/v1/tasks/" + taskNL, nil, 404},
		{officerCongVi, "GET", fmt.Sprintf("/api/v1/units/%d", longBien), nil, 404},
		{officerNgocLam, "POST", "/api/v1/tasks", taskTo("x", ngocLam, "officer", 0), 403},
		{officerNgocLam, "POST", "/api/v1/tasks/" + taskNL + "/approve", nil, 403},
		{officerNgocLam, "POST", "/api/v1/tasks/" + taskNL + "/extend", map[string]any{"due": map[string]any{"days": 3}, "reason": "x"}, 403},
		{officerNgocLam, "GET", "/api/v1/overdue", nil, 403},
		{officerNgocLam, "GET", "/api/v1/audit?entity=task:" + taskNL, nil, 403},
		{officerNgocLam, "GET", "/api/v1/users", nil, 403},
		{officerNgocLam, "GET", fmt.Sprintf("/api/v1/users/%d", officerID), nil, 403},
		{officerNgocLam, "PATCH", fmt.Sprintf("/api/v1/users/%d", officerID), map[string]any{"roles": []string{"admin"}}, 403},
		{officerNgocLam, "PUT", "/api/v1/calendar/2026", map[string]any{"days": []any{}}, 403},
		// A ward leader: their ward, not the sibling.
		{leaderNgocLam, "GET", "/api/v1/tasks/" + taskNL, nil, 200},
		{leaderNgocLam, "GET", "/api/v1/tasks/" + taskBD, nil, 404},
		{leaderNgocLam, "POST", "/api/v1/tasks/" + taskBD + "/extend", map[string]any{"due": map[string]any{"days": 3}, "reason": "x"}, 404},
		{leaderNgocLam, "GET", "/api/v1/users", nil, 403},
		{leaderNgocLam, "GET", fmt.Sprintf("/api/v1/overdue?unit=%d", longBien), nil, 404},
		// The district's secretary may hand out work but not extend it.
		{secretaryLB, "GET", "/api/v1/tasks/" + taskBD, nil, 200},
		{secretaryLB, "POST", "/api/v1/tasks/" + taskNL + "/extend", map[string]any{"due": map[string]any{"days": 3}, "reason": "x"}, 403},
		{secretaryLB, "GET", "/api/v1/users", nil, 403},
		{secretaryLB, "GET", "/api/v1/audit?entity=task:" + taskNL, nil, 403},
		// The district leader sees the whole subtree.
		{leaderLongBien, "GET", "/api/v1/tasks/" + taskNL, nil, 200},
		{leaderLongBien, "GET", "/api/v1/tasks/" + taskBD, nil, 200},
		{leaderLongBien, "GET", fmt.Sprintf("/api/v1/units/%d", village), nil, 200},
		{leaderLongBien, "GET", fmt.Sprintf("/api/v1/units/%d", congVi), nil, 404},
		{leaderLongBien, "GET", "/api/v1/audit?entity=task:" + taskNL, nil, 200},
		{leaderLongBien, "GET", "/api/v1/users", nil, 403},
		{leaderLongBien, "POST", "/api/v1/users", map[string]any{"username": "x.y.z"}, 403},
		// The province's inspector sees Hà Nội only and hands out nothing.
		{inspectorHaNoi, "GET", "/api/v1/tasks/" + taskNL, nil, 200},
		{inspectorHaNoi, "GET", fmt.Sprintf("/api/v1/units/%d", tanPhu), nil, 404},
		{inspectorHaNoi, "POST", "/api/v1/tasks", taskTo("x", ngocLam, "officer", 0), 403},
		{inspectorHaNoi, "GET", "/api/v1/overdue", nil, 403},
		// The admin manages users and the calendar but hands out no tasks.
		{adminUser, "GET", "/api/v1/users", nil, 200},
		{adminUser, "GET", fmt.Sprintf("/api/v1/users/%d", officerID), nil, 200},
		{adminUser, "GET", "/api/v1/tasks/" + taskNL, nil, 200},
		{adminUser, "POST", "/api/v1/tasks", taskTo("x", ngocLam, "officer", 0), 403},
		{adminUser, "POST", "/api/v1/tasks/" + taskNL + "/claim", nil, 403},
		// Nobody.
		{"", "GET", "/api/v1/tasks/" + taskNL, nil, 401},
		{"", "GET", "/api/v1/units", nil, 401},
		{"", "POST", "/api/v1/tasks", taskTo("x", ngocLam, "officer", 0), 401},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %s %s", c.user, c.method, c.path), func(t *testing.T) {
			tok := ""
			if c.user != "" {
				tok = env.Login(t, c.user)
			}
			r := env.Request(t, c.method, c.path, tok, c.body)
			if c.want >= 400 {
				code := map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found"}[c.want]
				checkProblem(t, r, c.want, code)
				return
			}
			wantStatus(t, r, c.want)
		})
	}

	t.Run("an out-of-scope 404 says no more than a missing one", func(t *testing.T) {
		tok := env.Login(t, officerBoDe)
		a := env.Request(t, http.MethodGet, "/api/v1/tasks/"+taskNL, tok, nil)
		b := env.Request(t, http.MethodGet, "/api/v1/tasks/"+missing, tok, nil)
		for _, k := range []string{"title", "detail", "code", "type"} {
			if a.JSON[k] != b.JSON[k] {
				t.Errorf("%s: %v (hidden) vs %v (missing)", k, a.JSON[k], b.JSON[k])
			}
		}
	})

	t.Run("task lists are scoped", func(t *testing.T) {
		all := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks", leader, nil))
		if !contains(all, taskNL) || !contains(all, taskBD) {
			t.Errorf("district leader sees %v", all)
		}
		mine := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks", env.Login(t, officerBoDe), nil))
		if len(mine) != 1 || mine[0] != taskBD {
			t.Errorf("Bồ Đề's officer sees %v", mine)
		}
		other := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks", env.Login(t, officerCongVi), nil))
		if len(other) != 0 {
			t.Errorf("Cống Vị's officer sees %v", other)
		}
		// A unit filter outside the scope is not found, not an empty list.
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/tasks?unit=%d", ngocLam), env.Login(t, officerBoDe), nil)
		checkProblem(t, r, http.StatusNotFound, "not_found")
	})
}
