package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"dsflow/testenv"
)

// Demo users (demo.Seed) and the units they belong to.
const (
	officerNgocLam  = "canbo.ngoclam"   // officer at DEMO-NGOCLAM
	officerBoDe     = "canbo.bode"      // officer at DEMO-BODE
	officerCongVi   = "canbo.congvi"    // officer at DEMO-CONGVI (another district)
	leaderNgocLam   = "lanhdao.ngoclam" // leader at DEMO-NGOCLAM
	leaderLongBien  = "lanhdao.longbien"
	secretaryLB     = "thuky.longbien"
	inspectorHaNoi  = "kiemtra.hanoi" // inspector at Hà Nội "01"
	adminUser       = "admin"         // admin at the root
	unitNgocLam     = "DEMO-NGOCLAM"
	unitBoDe        = "DEMO-BODE"
	unitCongVi      = "DEMO-CONGVI"
	unitLongBien    = "DEMO-LONGBIEN"
	unitTanPhu      = "DEMO-TANPHU"
	problemJSONType = "application/problem+json"
)

// checkProblem asserts r is a problem document with status and code, and
// returns its field errors as "field:rule" strings.
func checkProblem(t *testing.T, r *testenv.Response, status int, code string) []string {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, problemJSONType) {
		t.Fatalf("Content-Type %q, want %s", ct, problemJSONType)
	}
	p := r.JSON
	if p == nil || p["code"] != code || p["title"] == "" || p["title"] == nil || p["request_id"] == "" || p["request_id"] == nil {
		t.Fatalf("problem %s: want code %q with a title and a request_id", r.Body, code)
	}
	if n, _ := p["status"].(float64); int(n) != status {
		t.Fatalf("problem status %v, want %d", p["status"], status)
	}
	if rid := r.Header.Get("X-Request-ID"); rid != p["request_id"] {
		t.Fatalf("X-Request-ID %q differs from the problem's request_id %v", rid, p["request_id"])
	}
	var out []string
	errs, _ := p["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		out = append(out, m["field"].(string)+":"+m["rule"].(string))
		if m["message"] == "" || m["message"] == nil {
			t.Errorf("field error %v has no message", m)
		}
		// Only a type error may read "wrong type": any other rule needs its
		// own message in the catalogue.
		if wrongType := map[any]bool{"Sai kiểu dữ liệu": true, "Wrong type": true}; wrongType[m["message"]] && m["rule"] != "type" {
			t.Errorf("field error %v: rule %q has no message of its own", m, m["rule"])
		}
	}
	return out
}

// hasField reports whether the problem's field errors name field (with
// rule, when rule is not empty).
func hasField(fields []string, field, rule string) bool {
	for _, f := range fields {
		name, r, _ := strings.Cut(f, ":")
		if name == field && (rule == "" || r == rule) {
			return true
		}
	}
	return false
}

// wantStatus fails the test unless r has the status.
func wantStatus(t *testing.T, r *testenv.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
}

// births is the form of the tasks the tests hand out.
var births = map[string]any{"fields": []any{
	map[string]any{"name": "births", "type": "count", "label": map[string]any{"vi": "Số trẻ sinh ra"}, "required": true},
	map[string]any{"name": "third", "type": "count", "label": map[string]any{"vi": "Sinh con thứ 3 trở lên"}},
	map[string]any{"name": "note", "type": "text", "label": map[string]any{"vi": "Ghi chú"}},
}, "rules": []any{map[string]any{"left": "third", "op": "le", "right": "births"}}}

// taskTo builds a create-task body for a candidate role (role != "") or a
// person (assignee != 0) at unit, due in days working days.
func taskTo(title string, unit uint, role string, assignee uint) map[string]any {
	b := map[string]any{
		"title": map[string]any{"vi": title, "en": "Report " + title}, "unit_id": unit, "form": births,
		"due": map[string]any{"days": 5, "working_days": true},
	}
	if role != "" {
		b["candidate_role"] = role
	}
	if assignee != 0 {
		b["assignee_id"] = assignee
	}
	return b
}

// createTask posts body as token's user and returns the new task.
func createTask(t *testing.T, env *testenv.Env, token string, body map[string]any, headers ...string) map[string]any {
	t.Helper()
	r := env.Request(t, http.MethodPost, "/api/v1/tasks", token, body, headers...)
	wantStatus(t, r, http.StatusCreated)
	if id, _ := r.JSON["id"].(string); id == "" {
		t.Fatalf("created task has no id: %s", r.Body)
	}
	if loc := r.Header.Get("Location"); loc != "/api/v1/tasks/"+r.JSON["id"].(string) {
		t.Errorf("Location %q", loc)
	}
	return r.JSON
}

// command posts a task command and returns the answer.
func command(t *testing.T, env *testenv.Env, token, id, cmd string, body any, headers ...string) *testenv.Response {
	t.Helper()
	return env.Request(t, http.MethodPost, "/api/v1/tasks/"+id+"/"+cmd, token, body, headers...)
}

// getTask reads a task through the API as token's user.
func getTask(t *testing.T, env *testenv.Env, token, id string) map[string]any {
	t.Helper()
	r := env.Request(t, http.MethodGet, "/api/v1/tasks/"+id, token, nil)
	wantStatus(t, r, http.StatusOK)
	return r.JSON
}

// listIDs returns the "id" of each item of a list answer.
func listIDs(t *testing.T, r *testenv.Response) []string {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	var out []string
	items, ok := r.JSON["items"].([]any)
	if !ok {
		t.Fatalf("no items in %s", r.Body)
	}
	for _, it := range items {
		switch id := it.(map[string]any)["id"].(type) {
		case string:
			out = append(out, id)
		case float64:
			out = append(out, strconv.FormatFloat(id, 'f', -1, 64))
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// num reads a JSON number field as an int.
func num(m map[string]any, key string) int {
	f, _ := m[key].(float64)
	return int(f)
}

// dueIn returns an absolute due time d from now, RFC 3339.
func dueIn(d time.Duration) map[string]any {
	return map[string]any{"at": time.Now().Add(d).UTC().Format(time.RFC3339)}
}
