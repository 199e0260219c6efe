package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"dsflow/calendar"
	"dsflow/testenv"
)

func TestTaskCommands(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ngocLam := env.UnitID(t, unitNgocLam)
	district, ward, officer := env.Login(t, leaderLongBien), env.Login(t, leaderNgocLam), env.Login(t, officerNgocLam)
	officerID := env.UserID(t, officerNgocLam)

	t.Run("two submits at once: one wins, the other is 409 with the state", func(t *testing.T) {
		for round := range 3 {
			id := createTask(t, env, ward, taskTo(fmt.Sprintf("Đua %d", round), ngocLam, "", officerID))["id"].(string)
			var wg sync.WaitGroup
			answers := make([]*testenv.Response, 2)
			for i := range answers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := env.Send(http.MethodPost, "/api/v1/tasks/"+id+"/submit", officer, map[string]any{"data": map[string]any{"births": 10 + i}},
						"Idempotency-Key", fmt.Sprintf("race-%d-%d", round, i))
					if err != nil {
						r = &testenv.Response{Body: []byte(err.Error())}
					}
					answers[i] = r
				}()
			}
			wg.Wait()
			won, lost := answers[0], answers[1]
			if lost.Status == http.StatusOK {
				won, lost = lost, won
			}
			wantStatus(t, won, http.StatusOK)
			checkProblem(t, lost, http.StatusConflict, "conflict")
			state, _ := lost.JSON["state"].(map[string]any)
			if state["status"] != "done" || state["id"] != id || state["content_hash"] != won.JSON["content_hash"] {
				t.Fatalf("round %d: the loser's state %v, the winner %s", round, lost.JSON["state"], won.Body)
			}
			if got := getTask(t, env, officer, id); got["status"] != "done" || num(got, "revision") != 2 {
				t.Fatalf("round %d: task after the race %v", round, got)
			}
		}
	})

	t.Run("a repeated command with its key returns the first answer", func(t *testing.T) {
		id := createTask(t, env, ward, taskTo("Lặp", ngocLam, "officer", 0))["id"].(string)
		a := command(t, env, officer, id, "claim", nil, "Idempotency-Key", "claim-once")
		b := command(t, env, officer, id, "claim", nil, "Idempotency-Key", "claim-once")
		wantStatus(t, a, http.StatusOK)
		wantStatus(t, b, http.StatusOK)
		if b.Header.Get("Idempotent-Replayed") != "true" || num(a.JSON, "revision") != num(b.JSON, "revision") {
			t.Fatalf("replay %s after %s", b.Body, a.Body)
		}
		if got := getTask(t, env, officer, id); num(got, "revision") != 2 {
			t.Fatalf("revision %d after a repeated claim", num(got, "revision"))
		}
		// Without a key a second claim is a conflict, not a change.
		checkProblem(t, command(t, env, officer, id, "claim", nil), http.StatusConflict, "conflict")
	})

	t.Run("extend", func(t *testing.T) {
		task := createTask(t, env, district, taskTo("Gia hạn", ngocLam, "officer", 0))
		id := task["id"].(string)
		due, err := time.Parse(time.RFC3339, task["due_at"].(string))
		if err != nil {
			t.Fatal(err)
		}
		r := command(t, env, ward, id, "extend", map[string]any{"due": map[string]any{"days": 3, "working_days": true}})
		if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, "reason", "required") {
			t.Fatalf("without a reason: %v", fields)
		}
		checkProblem(t, command(t, env, env.Login(t, secretaryLB), id, "extend",
			map[string]any{"due": map[string]any{"days": 3}, "reason": "x"}), http.StatusForbidden, "forbidden")
		r = command(t, env, ward, id, "extend", map[string]any{"due": map[string]any{"at": due.Add(-24 * time.Hour).Format(time.RFC3339)}, "reason": "x"})
		if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, "due", "") {
			t.Fatalf("earlier date: %v", fields)
		}
		r = command(t, env, ward, id, "extend", map[string]any{"due": map[string]any{"days": 3, "working_days": true}, "reason": "Chờ số liệu của trạm y tế"})
		wantStatus(t, r, http.StatusOK)
		want := calendar.New(nil).AddWorkingDays(due, 3)
		got, _ := time.Parse(time.RFC3339, r.JSON["due_at"].(string))
		if !got.Equal(want) || got.Weekday() == time.Saturday || got.Weekday() == time.Sunday {
			t.Fatalf("due %v → %v, want %v (3 working days later)", due, got, want)
		}
		hist := getTask(t, env, ward, id)["history"].([]any)
		last := hist[len(hist)-1].(map[string]any)
		if last["event"] != "extended" || last["note"] != "Chờ số liệu của trạm y tế" {
			t.Fatalf("last event %v", last)
		}
	})

	t.Run("reassign, comment and cancel", func(t *testing.T) {
		id := createTask(t, env, ward, taskTo("Giao lại", ngocLam, "officer", 0))["id"].(string)
		r := command(t, env, ward, id, "reassign", map[string]any{"assignee_id": officerID})
		if r.Status != http.StatusOK || num(r.JSON, "assignee_id") != int(officerID) {
			t.Fatalf("reassign: %d %s", r.Status, r.Body)
		}
		r = command(t, env, ward, id, "reassign", map[string]any{"assignee_id": env.UserID(t, officerBoDe)})
		if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, "assignee_id", "user") {
			t.Fatalf("reassign elsewhere: %v", fields)
		}
		wantStatus(t, command(t, env, officer, id, "comment", map[string]any{"text": "Đang làm"}), http.StatusOK)
		checkProblem(t, command(t, env, officer, id, "comment", map[string]any{}), http.StatusUnprocessableEntity, "invalid")
		checkProblem(t, command(t, env, officer, id, "cancel", map[string]any{"reason": "x"}), http.StatusForbidden, "forbidden")
		r = command(t, env, ward, id, "cancel", map[string]any{"reason": "Không cần nữa"})
		if r.Status != http.StatusOK || r.JSON["status"] != "cancelled" {
			t.Fatalf("cancel: %d %s", r.Status, r.Body)
		}
		checkProblem(t, command(t, env, officer, id, "comment", map[string]any{"text": "muộn"}), http.StatusConflict, "conflict")
	})

	t.Run("a command body with a field it does not take is 422", func(t *testing.T) {
		id := createTask(t, env, ward, taskTo("Thừa", ngocLam, "officer", 0))["id"].(string)
		r := command(t, env, officer, id, "claim", map[string]any{"reason": "tôi nhận"})
		if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, "reason", "unknown") {
			t.Fatalf("fields %v", fields)
		}
	})
}
