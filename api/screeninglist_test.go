package api_test

import (
	"net/http"
	"testing"
	"time"

	"dsflow/testenv"
)

// TestScreeningListCurrentStep: the cases list carries each open case's
// step under way (both titles, deadline, overdue), none for a closed
// case, and the next step once the first is done; a station beside the
// case's sees neither.
func TestScreeningListCurrentStep(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	nurse, nurseBD := env.Login(t, nurseNgocLam), env.Login(t, nurseBoDe)
	nl := env.UnitID(t, unitNgocLam)
	base := "/api/v1/screening/cases"

	closed := env.Request(t, http.MethodPost, base, nurse, caseBody(nl, "normal", 1))
	wantStatus(t, closed, http.StatusCreated)
	late := env.Request(t, http.MethodPost, base, nurse, caseBody(nl, "positive", 21))
	wantStatus(t, late, http.StatusCreated)
	fresh := env.Request(t, http.MethodPost, base, nurse, caseBody(nl, "positive", 0))
	wantStatus(t, fresh, http.StatusCreated)
	lateID, freshID := late.JSON["id"].(string), fresh.JSON["id"].(string)

	listed := func(token string) map[string]map[string]any {
		t.Helper()
		r := env.Request(t, http.MethodGet, base, token, nil)
		wantStatus(t, r, http.StatusOK)
		out := map[string]map[string]any{}
		for _, it := range r.JSON["items"].([]any) {
			m := it.(map[string]any)
			out[m["id"].(string)] = m
		}
		return out
	}
	current := func(c map[string]any) map[string]any {
		cur, _ := c["current_step"].(map[string]any)
		return cur
	}

	items := listed(nurse)
	if cur := current(items[closed.JSON["id"].(string)]); cur != nil {
		t.Errorf("a closed case has a step under way: %v", cur)
	}
	steps := env.Request(t, http.MethodGet, base+"/"+freshID, nurse, nil).JSON["steps"].([]any)
	first := steps[0].(map[string]any)
	cur := current(items[freshID])
	switch {
	case cur == nil:
		t.Fatalf("an open case without its step: %v", items[freshID])
	case cur["task_id"] != first["task_id"] || cur["title"] != first["title"] || cur["title_en"] != first["title_en"] || cur["due_at"] != first["due_at"]:
		t.Errorf("the listed step %v is not the case's %v", cur, first)
	case cur["title_en"] == "" || cur["title_en"] == cur["title"]:
		t.Errorf("the step's titles: %v / %v", cur["title"], cur["title_en"])
	case cur["overdue"] != false:
		t.Errorf("a step due weeks from now is overdue: %v", cur)
	}
	if due, err := time.Parse(time.RFC3339, cur["due_at"].(string)); err != nil || !due.After(time.Now()) {
		t.Errorf("the fresh case's step is due %v (%v)", cur["due_at"], err)
	}

	testenv.Eventually(t, 30*time.Second, "the late case's step is listed overdue", func() bool {
		cur := current(listed(nurse)[lateID])
		return cur != nil && cur["overdue"] == true
	})
	if got := listed(nurse); len(got) != 3 {
		t.Fatalf("listed %d cases, want 3", len(got))
	}
	over := env.Request(t, http.MethodGet, base+"?overdue=true", nurse, nil).JSON["items"].([]any)
	if len(over) != 1 || current(over[0].(map[string]any))["overdue"] != true {
		t.Errorf("the overdue filter: %v", over)
	}

	t.Run("the next step once the first is done", func(t *testing.T) {
		id := first["task_id"].(string)
		wantStatus(t, command(t, env, nurse, id, "claim", nil), http.StatusOK)
		wantStatus(t, command(t, env, nurse, id, "submit", map[string]any{"data": map[string]any{"reached": true, "outcome": "next"}}), http.StatusOK)
		testenv.Eventually(t, 30*time.Second, "the list shows the second step", func() bool {
			cur := current(listed(nurse)[freshID])
			return cur != nil && cur["task_id"] != id && cur["status"] == "open"
		})
	})

	t.Run("a station beside sees none of it", func(t *testing.T) {
		if got := listed(nurseBD); len(got) != 0 {
			t.Fatalf("Bồ Đề lists Ngọc Lâm's cases: %v", got)
		}
	})
}
