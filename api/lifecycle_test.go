package api_test

import (
	"net/http"
	"strings"
	"testing"

	"dsflow/testenv"
)

// TestTaskLifecycle takes one task through its whole life against the real
// server: a two-level sign-off, a bad submit, a return, a resubmit and both
// approvals, then checks its history, its audit trail and who saw it
// waiting when.
func TestTaskLifecycle(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ngocLam, longBien := env.UnitID(t, unitNgocLam), env.UnitID(t, unitLongBien)
	district, ward, officer := env.Login(t, leaderLongBien), env.Login(t, leaderNgocLam), env.Login(t, officerNgocLam)
	officerID := env.UserID(t, officerNgocLam)

	body := taskTo("Báo cáo quý I", ngocLam, "officer", 0)
	body["sign_off"] = []any{map[string]any{"unit_id": ngocLam, "role": "leader"}, map[string]any{"unit_id": longBien, "role": "leader"}}
	task := createTask(t, env, district, body)
	id := task["id"].(string)
	pending := func(token string) bool {
		t.Helper()
		return contains(listIDs(t, env.Request(t, http.MethodGet, "/api/v1/signoffs?pending=me", token, nil)), id)
	}
	step := func(token, cmd string, body any, wantStatus string) map[string]any {
		t.Helper()
		r := command(t, env, token, id, cmd, body)
		if r.Status != http.StatusOK || r.JSON["status"] != wantStatus {
			t.Fatalf("%s: %d %s, want status %s", cmd, r.Status, r.Body, wantStatus)
		}
		return r.JSON
	}

	if pending(ward) || pending(district) {
		t.Fatal("an open task waits for a sign-off")
	}
	claimed := step(officer, "claim", nil, "claimed")
	if num(claimed, "claimed_by") != int(officerID) || num(claimed, "revision") != 2 {
		t.Fatalf("claimed: %v", claimed)
	}

	t.Run("bad data is 422 with the form field and records nothing", func(t *testing.T) {
		for _, c := range []struct {
			data        map[string]any
			field, rule string
		}{
			{map[string]any{"births": -1}, "data.births", "min"},
			{map[string]any{"births": 2.5}, "data.births", "type"},
			{map[string]any{"third": 1}, "data.births", "required"},
			{map[string]any{"births": 3, "third": 5}, "data.third", "le"},
			{map[string]any{"births": 3, "colour": "red"}, "data.colour", "unknown"},
		} {
			r := command(t, env, officer, id, "submit", map[string]any{"data": c.data})
			if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, c.field, c.rule) {
				t.Errorf("data %v: fields %v, want %s:%s", c.data, fields, c.field, c.rule)
			}
		}
		if got := getTask(t, env, officer, id); num(got, "revision") != 2 || got["status"] != "claimed" {
			t.Fatalf("after bad submits: %v", got)
		}
	})

	first := step(officer, "submit", map[string]any{"data": map[string]any{"births": 12, "third": 1, "note": " Tổ 7 "}}, "submitted")
	hash1, _ := first["content_hash"].(string)
	if len(hash1) != 64 {
		t.Fatalf("content hash %q", hash1)
	}
	if !pending(ward) || pending(district) {
		t.Fatalf("at level 1: ward leader sees it %v, district leader %v", pending(ward), pending(district))
	}
	checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/signoffs?pending=me", officer, nil), http.StatusForbidden, "forbidden")

	t.Run("a return needs a reason", func(t *testing.T) {
		r := command(t, env, ward, id, "return", map[string]any{"reason": "  "})
		if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, "reason", "required") {
			t.Fatalf("fields %v", fields)
		}
	})
	t.Run("the officer cannot approve their own work", func(t *testing.T) {
		checkProblem(t, command(t, env, officer, id, "approve", nil), http.StatusForbidden, "forbidden")
	})

	returned := step(ward, "return", map[string]any{"reason": "Thiếu số liệu tổ 8"}, "returned")
	if returned["return_reason"] != "Thiếu số liệu tổ 8" || pending(ward) {
		t.Fatalf("returned: %v", returned)
	}
	second := step(officer, "submit", map[string]any{"data": map[string]any{"births": 14, "third": 1}}, "submitted")
	hash2 := second["content_hash"].(string)
	if hash2 == hash1 || !pending(ward) || pending(district) {
		t.Fatalf("resubmitted: hash %s (was %s), pending ward %v district %v", hash2, hash1, pending(ward), pending(district))
	}
	mid := step(ward, "approve", map[string]any{"comment": "Đồng ý"}, "submitted")
	if num(mid, "sign_off_step") != 1 || pending(ward) || !pending(district) {
		t.Fatalf("after level 1: %v; pending ward %v district %v", mid, pending(ward), pending(district))
	}
	t.Run("approving content one did not see is 409 with the state", func(t *testing.T) {
		r := command(t, env, district, id, "approve", map[string]any{"expected_hash": strings.Repeat("ab", 32)})
		checkProblem(t, r, http.StatusConflict, "conflict")
		state, _ := r.JSON["state"].(map[string]any)
		_, internal := state["host_id"]
		if state["content_hash"] != hash2 || state["status"] != "submitted" || state["process"] != "adhoc" || internal {
			t.Fatalf("state %v", r.JSON["state"])
		}
	})
	done := step(district, "approve", map[string]any{"expected_hash": hash2}, "approved")
	if done["completed_at"] == nil || pending(district) {
		t.Fatalf("approved: %v", done)
	}

	t.Run("decisions and history", func(t *testing.T) {
		got := getTask(t, env, district, id)
		decisions, _ := got["decisions"].([]any)
		want := []struct {
			decision, hash string
			level          int
		}{{"return", hash1, 0}, {"approve", hash2, 0}, {"approve", hash2, 1}}
		if len(decisions) != len(want) {
			t.Fatalf("decisions %v", decisions)
		}
		for i, w := range want {
			d := decisions[i].(map[string]any)
			if d["decision"] != w.decision || d["content_hash"] != w.hash || num(d, "level") != w.level || d["at"] == nil || num(d, "actor_id") == 0 {
				t.Errorf("decision %d: %v, want %+v", i, d, w)
			}
		}
		var events []string
		for _, h := range got["history"].([]any) {
			events = append(events, h.(map[string]any)["event"].(string))
		}
		wantEvents := "created claimed submitted returned submitted approved approved"
		if strings.Join(events, " ") != wantEvents {
			t.Fatalf("history %v, want %s", events, wantEvents)
		}
		data, _ := got["data"].(map[string]any)
		if data["births"] != float64(14) || data["note"] != nil {
			t.Fatalf("data %v", data)
		}
	})
	t.Run("the audit log lists each step", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/audit?entity=task:"+id, district, nil)
		wantStatus(t, r, http.StatusOK)
		var actions []string
		for _, it := range r.JSON["items"].([]any) {
			actions = append(actions, it.(map[string]any)["action"].(string))
		}
		want := "task.created task.claimed task.submitted task.returned task.submitted task.approved task.approved"
		if strings.Join(actions, " ") != want {
			t.Fatalf("audit %v, want %s", actions, want)
		}
		// The ward leader may read it too; the audit of another ward's task is hidden.
		wantStatus(t, env.Request(t, http.MethodGet, "/api/v1/audit?entity=task:"+id, ward, nil), http.StatusOK)
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/audit?entity=task:nope", ward, nil), http.StatusNotFound, "not_found")
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/audit?entity=unit:1", ward, nil), http.StatusUnprocessableEntity, "invalid")
	})
	t.Run("commands on the approved task are 409", func(t *testing.T) {
		for _, c := range []struct {
			token, cmd string
			body       any
		}{
			{officer, "submit", map[string]any{"data": map[string]any{"births": 99}}},
			{officer, "claim", nil},
			{district, "approve", nil},
			{ward, "return", map[string]any{"reason": "muộn"}},
			{district, "extend", map[string]any{"due": map[string]any{"days": 30}, "reason": "muộn"}},
			{district, "cancel", map[string]any{"reason": "muộn"}},
		} {
			r := command(t, env, c.token, id, c.cmd, c.body)
			checkProblem(t, r, http.StatusConflict, "conflict")
			if state, _ := r.JSON["state"].(map[string]any); state["status"] != "approved" {
				t.Errorf("%s: state %v", c.cmd, r.JSON["state"])
			}
		}
		if got := getTask(t, env, district, id); got["status"] != "approved" || num(got, "revision") != num(done, "revision") {
			t.Fatalf("after refused commands: %v", got)
		}
	})
	t.Run("an unknown command is 404", func(t *testing.T) {
		checkProblem(t, command(t, env, officer, id, "delete", nil), http.StatusNotFound, "not_found")
	})
}
