package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"dsflow/testenv"
)

func TestCreateTask(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	leader := env.Login(t, leaderLongBien)
	ngocLam, boDe, longBien := env.UnitID(t, unitNgocLam), env.UnitID(t, unitBoDe), env.UnitID(t, unitLongBien)
	count := func() int {
		t.Helper()
		return len(listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks?limit=200", leader, nil)))
	}

	t.Run("to a role at a ward", func(t *testing.T) {
		task := createTask(t, env, leader, taskTo("Kế hoạch tháng", ngocLam, "officer", 0))
		due, _ := task["due_at"].(string)
		if task["status"] != "open" || task["candidate_role"] != "officer" || num(task, "unit_id") != int(ngocLam) ||
			num(task, "revision") != 1 || !strings.HasSuffix(due, "T23:59:59+07:00") {
			t.Fatalf("task %v", task)
		}
		// The creator reads their own write.
		if got := getTask(t, env, leader, task["id"].(string)); got["status"] != "open" {
			t.Fatalf("read back: %v", got)
		}
		// Its host started, so the sweep has nothing left to start.
		if pending, err := env.Store.PendingHostStarts(context.Background(), time.Now().Add(time.Hour), 10); err != nil || len(pending) != 0 {
			t.Fatalf("pending host starts after a confirmed start: %+v %v", pending, err)
		}
	})
	t.Run("to a person", func(t *testing.T) {
		id := env.UserID(t, officerNgocLam)
		task := createTask(t, env, env.Login(t, leaderNgocLam), taskTo("Báo cáo nhanh", ngocLam, "", id))
		if num(task, "assignee_id") != int(id) || task["candidate_role"] != nil {
			t.Fatalf("task %v", task)
		}
		// A date alone, as people write it, means the end of that day in Vietnam.
		body := taskTo("Hạn theo ngày", ngocLam, "", id)
		body["due"] = map[string]any{"at": "31/12/2027"}
		if due := createTask(t, env, leader, body)["due_at"]; due != "2027-12-31T23:59:59+07:00" {
			t.Fatalf("due 31/12/2027: %v", due)
		}
		mine := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks?assignee=me", env.Login(t, officerNgocLam), nil))
		if !contains(mine, task["id"].(string)) {
			t.Fatalf("assignee=me: %v", mine)
		}
	})

	t.Run("bad input is 422 with the field, and creates nothing", func(t *testing.T) {
		before := count()
		with := func(edit func(b map[string]any)) map[string]any {
			b := taskTo("Lỗi", ngocLam, "officer", 0)
			edit(b)
			return b
		}
		cases := []struct {
			name        string
			body        any
			field, rule string // field "" means a body-level error
		}{
			{"missing title.vi", with(func(b map[string]any) { b["title"] = map[string]any{"en": "only English"} }), "title.vi", "required"},
			{"both assignee and role", with(func(b map[string]any) { b["assignee_id"] = env.UserID(t, officerNgocLam) }), "assignee_id", "exclusive"},
			{"neither assignee nor role", with(func(b map[string]any) { delete(b, "candidate_role") }), "assignee_id", "required"},
			{"unknown role", with(func(b map[string]any) { b["candidate_role"] = "chief" }), "candidate_role", "oneof"},
			{"a role that cannot act on tasks", with(func(b map[string]any) { b["candidate_role"] = "admin" }), "candidate_role", "oneof"},
			{"after with an absolute due", with(func(b map[string]any) {
				b["due"] = map[string]any{"at": "31/12/2027", "after": "2027-01-01T00:00:00+07:00"}
			}), "due.at", "excluded_with"},
			{"assignee elsewhere", with(func(b map[string]any) { delete(b, "candidate_role"); b["assignee_id"] = env.UserID(t, officerBoDe) }), "assignee_id", "user"},
			{"due in the past", with(func(b map[string]any) { b["due"] = dueIn(-time.Hour) }), "due", "future"},
			{"due unreadable", with(func(b map[string]any) { b["due"] = map[string]any{"at": "ngày mai"} }), "due.at", "datetime"},
			{"no due", with(func(b map[string]any) { delete(b, "due") }), "due", "required"},
			{"bad form spec", with(func(b map[string]any) {
				b["form"] = map[string]any{"fields": []any{map[string]any{"name": "x", "type": "colour", "label": map[string]any{"vi": "X"}}}}
			}), "form.fields[0].type", "oneof"},
			{"sign-off by a sibling ward", with(func(b map[string]any) {
				b["sign_off"] = []any{map[string]any{"unit_id": boDe, "role": "leader"}}
			}), "sign_off[0].unit_id", "unit"},
			{"sign-off below the task's unit", with(func(b map[string]any) {
				b["unit_id"] = longBien
				b["sign_off"] = []any{map[string]any{"unit_id": ngocLam, "role": "leader"}}
			}), "sign_off[0].unit_id", "unit"},
			{"sign-off by an officer", with(func(b map[string]any) {
				b["sign_off"] = []any{map[string]any{"unit_id": ngocLam, "role": "officer"}}
			}), "sign_off[0].role", "oneof"},
			{"unit out of scope", with(func(b map[string]any) { b["unit_id"] = env.UnitID(t, unitCongVi) }), "unit_id", "unit"},
			{"unit of the wrong type", with(func(b map[string]any) { b["unit_id"] = "Ngọc Lâm" }), "unit_id", "type"},
			{"bad priority", with(func(b map[string]any) { b["priority"] = "asap" }), "priority", "priority"},
			{"unknown field", with(func(b map[string]any) { b["colour"] = "red" }), "colour", "unknown"},
			{"malformed JSON", `{"title": {"vi": "x"`, "", ""},
			{"two JSON values", `{"title": {"vi": "x"}} {}`, "", ""},
			{"empty body", "", "", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := env.Request(t, http.MethodPost, "/api/v1/tasks", leader, c.body)
				fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
				if c.field != "" && !hasField(fields, c.field, c.rule) {
					t.Fatalf("fields %v, want %s:%s", fields, c.field, c.rule)
				}
				if strings.Contains(string(r.Body), "json:") || strings.Contains(string(r.Body), "unexpected EOF") {
					t.Fatalf("decoder text reaches the client: %s", r.Body)
				}
			})
		}
		if after := count(); after != before {
			t.Fatalf("%d tasks before, %d after", before, after)
		}
	})

	t.Run("Idempotency-Key", func(t *testing.T) {
		before := count()
		body := taskTo("Một lần thôi", boDe, "officer", 0)
		first := env.Request(t, http.MethodPost, "/api/v1/tasks", leader, body, "Idempotency-Key", "giao-viec-1")
		wantStatus(t, first, http.StatusCreated)
		second := env.Request(t, http.MethodPost, "/api/v1/tasks", leader, body, "Idempotency-Key", "giao-viec-1")
		wantStatus(t, second, http.StatusCreated)
		if first.JSON["id"] != second.JSON["id"] || second.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("first %v, second %v (replayed %q)", first.JSON["id"], second.JSON["id"], second.Header.Get("Idempotent-Replayed"))
		}
		if first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatal("the first answer says it is a replay")
		}
		if after := count(); after != before+1 {
			t.Fatalf("%d tasks before, %d after two identical posts", before, after)
		}
		// One workflow, the task's host.
		if _, err := env.Client.DescribeWorkflowExecution(context.Background(), first.JSON["process_id"].(string), ""); err != nil {
			t.Fatalf("host workflow: %v", err)
		}
		// The same key with another body is refused and creates nothing.
		body["title"] = map[string]any{"vi": "Khác"}
		r := env.Request(t, http.MethodPost, "/api/v1/tasks", leader, body, "Idempotency-Key", "giao-viec-1")
		checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
		// Another user may use the same key for their own request.
		other := env.Request(t, http.MethodPost, "/api/v1/tasks", env.Login(t, secretaryLB), body, "Idempotency-Key", "giao-viec-1")
		wantStatus(t, other, http.StatusCreated)
		if other.JSON["id"] == first.JSON["id"] {
			t.Fatal("two users' keys collide")
		}
		if after := count(); after != before+2 {
			t.Fatalf("%d tasks before, %d after", before, after)
		}
	})

	t.Run("a rejected request does not use up its key", func(t *testing.T) {
		bad := taskTo("", ngocLam, "officer", 0)
		checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/tasks", leader, bad, "Idempotency-Key", "k-2"), http.StatusUnprocessableEntity, "invalid")
		good := env.Request(t, http.MethodPost, "/api/v1/tasks", leader, taskTo("Sửa rồi", ngocLam, "officer", 0), "Idempotency-Key", "k-2")
		wantStatus(t, good, http.StatusCreated)
	})

	t.Run("an over-long key is refused", func(t *testing.T) {
		r := env.Request(t, http.MethodPost, "/api/v1/tasks", leader, taskTo("x", ngocLam, "officer", 0), "Idempotency-Key", strings.Repeat("k", 201))
		if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, "Idempotency-Key", "max") {
			t.Fatalf("fields %v", fields)
		}
	})
}
