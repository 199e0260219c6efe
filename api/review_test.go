package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"dsflow/testenv"
)

// TestInputsTheDatabaseWouldRefuse covers what passed validation but failed
// in PostgreSQL: NUL bytes and titles longer together than one column.
func TestInputsTheDatabaseWouldRefuse(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	leader := env.Login(t, leaderLongBien)
	ngocLam := env.UnitID(t, unitNgocLam)

	t.Run("NUL in a body, a query or a path is 422", func(t *testing.T) {
		body := taskTo("Báo cáo\u0000", ngocLam, "officer", 0)
		checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/tasks", leader, body), http.StatusUnprocessableEntity, "invalid")
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/tasks?q=%00", leader, nil), http.StatusUnprocessableEntity, "invalid")
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/tasks/%00", leader, nil), http.StatusUnprocessableEntity, "invalid")
	})
	t.Run("two titles of 300 characters each fit", func(t *testing.T) {
		body := taskTo(strings.Repeat("á", 300), ngocLam, "officer", 0)
		body["title"] = map[string]any{"vi": strings.Repeat("á", 300), "en": strings.Repeat("a", 300)}
		task := createTask(t, env, leader, body)
		testenv.Eventually(t, 20*time.Second, "the task row", func() bool { _, rev, ok := env.Task(t, task["id"].(string)); return ok && rev == 1 })
	})
	t.Run("a finished task's create, replayed, returns it and starts nothing", func(t *testing.T) {
		officer := env.UserID(t, officerNgocLam)
		key := []string{"Idempotency-Key", "finish-then-replay"}
		task := createTask(t, env, leader, taskTo("Xong rồi", ngocLam, "", officer), key...)
		id := task["id"].(string)
		r := command(t, env, env.Login(t, officerNgocLam), id, "submit", map[string]any{"data": map[string]any{"births": 3}})
		wantStatus(t, r, http.StatusOK)
		// The day-long idempotency record is gone; Temporal still knows the run.
		db, _ := env.Store.SQL()
		if _, err := db.Exec(`DELETE FROM idempotency_records`); err != nil {
			t.Fatal(err)
		}
		testenv.Eventually(t, 20*time.Second, "the workflow to finish", func() bool {
			r := command(t, env, leader, id, "comment", map[string]any{"text": "?"})
			return r.Status == http.StatusConflict
		})
		first, err := env.Client.DescribeWorkflowExecution(context.Background(), task["process_id"].(string), "")
		if err != nil {
			t.Fatal(err)
		}
		again := env.Request(t, http.MethodPost, "/api/v1/tasks", leader, taskTo("Xong rồi", ngocLam, "", officer), key...)
		if again.Status >= 300 || again.JSON["id"] != id || again.JSON["status"] != "done" {
			t.Fatalf("replayed create: %d %s", again.Status, again.Body)
		}
		now, err := env.Client.DescribeWorkflowExecution(context.Background(), task["process_id"].(string), "")
		if err != nil {
			t.Fatal(err)
		}
		if a, b := first.WorkflowExecutionInfo.Execution.RunId, now.WorkflowExecutionInfo.Execution.RunId; a != b {
			t.Fatalf("a second run %s started after %s finished", b, a)
		}
	})
	t.Run("forms and their data are capped", func(t *testing.T) {
		body := taskTo("Biểu mẫu lớn", ngocLam, "officer", 0)
		var fields []any
		for i := 0; i < 700; i++ {
			fields = append(fields, map[string]any{"name": fmt.Sprintf("f%d", i), "type": "text", "label": map[string]any{"vi": strings.Repeat("Nhãn ", 20)}})
		}
		body["form"] = map[string]any{"fields": fields}
		r := env.Request(t, http.MethodPost, "/api/v1/tasks", leader, body)
		checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
		if !strings.Contains(string(r.Body), `"field":"form"`) {
			t.Errorf("want the form named: %s", r.Body)
		}
		task := createTask(t, env, leader, taskTo("Dữ liệu lớn", ngocLam, "", env.UserID(t, officerNgocLam)))
		big := map[string]any{"data": map[string]any{"births": 1, "note": strings.Repeat("x", 70000)}}
		r = command(t, env, env.Login(t, officerNgocLam), task["id"].(string), "submit", big)
		checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
		if !strings.Contains(string(r.Body), `"field":"data"`) {
			t.Errorf("want the data named: %s", r.Body)
		}
	})
	t.Run("a retry after the database was away goes through", func(t *testing.T) {
		officer := env.Login(t, officerNgocLam)
		task := createTask(t, env, leader, taskTo("Mất kết nối", ngocLam, "", env.UserID(t, officerNgocLam)))
		db, _ := env.Store.SQL()
		if _, err := db.Exec(`ALTER TABLE task_events RENAME TO task_events_away`); err != nil {
			t.Fatal(err)
		}
		key := []string{"Idempotency-Key", "submit-while-away"}
		body := map[string]any{"data": map[string]any{"births": 2}}
		r := command(t, env, officer, task["id"].(string), "submit", body, key...)
		if _, err := db.Exec(`ALTER TABLE task_events_away RENAME TO task_events`); err != nil {
			t.Fatal(err)
		}
		checkProblem(t, r, http.StatusServiceUnavailable, "unavailable")
		r = command(t, env, officer, task["id"].(string), "submit", body, key...)
		wantStatus(t, r, http.StatusOK)
		if r.JSON["status"] != "done" {
			t.Fatalf("retried submit: %s", r.Body)
		}
	})
	t.Run("admins do not comment on tasks", func(t *testing.T) {
		task := createTask(t, env, leader, taskTo("Góp ý", ngocLam, "officer", 0))
		r := command(t, env, env.Login(t, adminUser), task["id"].(string), "comment", map[string]any{"text": "xem"})
		checkProblem(t, r, http.StatusForbidden, "forbidden")
	})
	t.Run("an empty list of notifications marks none", func(t *testing.T) {
		r := env.Request(t, http.MethodPost, "/api/v1/notifications/read", env.Login(t, officerNgocLam), map[string]any{"ids": []int{}})
		wantStatus(t, r, http.StatusOK)
		if num(r.JSON, "marked") != 0 {
			t.Fatalf("marked %v", r.JSON["marked"])
		}
	})
}
