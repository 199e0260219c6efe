package api_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"dsflow/testenv"
)

// TestOverdue lets a real due timer fire: a task due 5 s ahead becomes
// overdue in the read model, shows in the district leader's roll-up under
// its ward and in the lists, and drops out when the officer submits.
func TestOverdue(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ngocLam := env.UnitID(t, unitNgocLam)
	district, ward, officer := env.Login(t, leaderLongBien), env.Login(t, leaderNgocLam), env.Login(t, officerNgocLam)
	body := taskTo("Sắp quá hạn", ngocLam, "", env.UserID(t, officerNgocLam))
	body["due"] = dueIn(5 * time.Second)
	task := createTask(t, env, ward, body)
	id := task["id"].(string)
	if task["overdue"] != false {
		t.Fatalf("new task is overdue: %v", task)
	}
	due, err := time.Parse(time.RFC3339, task["due_at"].(string))
	if err != nil {
		t.Fatalf("due_at %v: %v", task["due_at"], err)
	}
	// Nothing may count the task overdue before its due time. A wall-clock
	// window of seconds is no proof on a slow machine (under -race the
	// check could run after the due time), so the read model is held
	// still: with the worker stopped no timer is handled, and if it
	// stopped before the due time the roll-up must not count the task.
	env.StopWorker()
	if stopped := time.Now(); stopped.Before(due) {
		if got := env.Request(t, http.MethodGet, "/api/v1/overdue", district, nil); num(got.JSON, "total") != 0 {
			t.Fatalf("overdue before the due time: %s", got.Body)
		}
	} else {
		t.Logf("the worker stopped %v after the due time: the roll-up before it cannot be observed on this run", stopped.Sub(due))
	}
	env.StartWorker(t)
	testenv.Eventually(t, 40*time.Second, "the task becomes overdue", func() bool {
		return getTask(t, env, officer, id)["overdue"] == true
	})

	t.Run("the district leader's roll-up", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/overdue", district, nil)
		wantStatus(t, r, http.StatusOK)
		if num(r.JSON, "total") != 1 {
			t.Fatalf("total: %s", r.Body)
		}
		children, _ := r.JSON["children"].([]any)
		if len(children) != 1 {
			t.Fatalf("children %v", children)
		}
		g := children[0].(map[string]any)
		unit := g["unit"].(map[string]any)
		byAge, byProcess := g["by_age"].(map[string]any), g["by_process"].(map[string]any)
		if num(unit, "id") != int(ngocLam) || num(g, "total") != 1 || byAge["1-3"] != float64(1) || byProcess["adhoc"] != float64(1) {
			t.Fatalf("group %v", g)
		}
		if ids := listIDs(t, &testenv.Response{Status: 200, JSON: map[string]any{"items": r.JSON["tasks"]}}); len(ids) != 1 || ids[0] != id {
			t.Fatalf("overdue tasks %v", ids)
		}
	})
	t.Run("the roll-up alone", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/overdue?view=rollup", district, nil)
		wantStatus(t, r, http.StatusOK)
		tasks, _ := r.JSON["tasks"].([]any)
		if num(r.JSON, "total") != 1 || len(tasks) != 0 {
			t.Fatalf("view=rollup: %s", r.Body)
		}
	})
	t.Run("the ward's own tasks", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/overdue?unit=%d", ngocLam), district, nil)
		wantStatus(t, r, http.StatusOK)
		own, _ := r.JSON["own"].(map[string]any)
		if num(r.JSON, "total") != 1 || num(own, "total") != 1 {
			t.Fatalf("drill-down %s", r.Body)
		}
		if got := env.Request(t, http.MethodGet, "/api/v1/overdue", ward, nil); num(got.JSON, "total") != 1 {
			t.Fatalf("ward leader: %s", got.Body)
		}
	})
	t.Run("in the task list", func(t *testing.T) {
		ids := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks?overdue=true", district, nil))
		if len(ids) != 1 || ids[0] != id {
			t.Fatalf("overdue=true: %v", ids)
		}
		if ids := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks?overdue=false", district, nil)); contains(ids, id) {
			t.Fatalf("overdue=false lists it: %v", ids)
		}
	})
	t.Run("CSV", func(t *testing.T) {
		rows := overdueCSV(t, env, "/api/v1/overdue", district)
		if strings.Join(rows[0], ",") != "unit_id,unit_code,unit_name,process,age_days,count" {
			t.Fatalf("header %v", rows[0])
		}
		if len(rows) != 2 || rows[1][1] != unitNgocLam || rows[1][2] != "Phường Ngọc Lâm" || rows[1][4] != "1-3" || rows[1][5] != "1" {
			t.Fatalf("rows %v", rows)
		}
		tasks := overdueCSV(t, env, "/api/v1/overdue?view=tasks", district)
		if len(tasks) != 2 || tasks[0][0] != "task_id" || tasks[1][0] != id {
			t.Fatalf("task rows %v", tasks)
		}
	})
	t.Run("submitting clears it", func(t *testing.T) {
		wantStatus(t, command(t, env, officer, id, "submit", map[string]any{"data": map[string]any{"births": 3}}), http.StatusOK)
		r := env.Request(t, http.MethodGet, "/api/v1/overdue", district, nil)
		if num(r.JSON, "total") != 0 || len(r.JSON["children"].([]any)) != 0 || len(r.JSON["tasks"].([]any)) != 0 {
			t.Fatalf("after submit: %s", r.Body)
		}
		if rows := overdueCSV(t, env, "/api/v1/overdue", district); len(rows) != 1 {
			t.Fatalf("CSV after submit: %v", rows)
		}
		if got := getTask(t, env, officer, id); got["overdue"] != false {
			t.Fatalf("task after submit: %v", got)
		}
	})
}

// overdueCSV fetches the overdue view as CSV and parses it.
func overdueCSV(t *testing.T, env *testenv.Env, path, token string) [][]string {
	t.Helper()
	r := env.Request(t, http.MethodGet, path, token, nil, "Accept", "text/csv")
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("Content-Type %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(r.Body), "\ufeff"))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("CSV %q: %v", r.Body, err)
	}
	return rows
}
