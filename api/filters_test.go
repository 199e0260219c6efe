package api_test

import (
	"net/http"
	"strings"
	"testing"

	"dsflow/testenv"
)

// TestSavedFilters: each user saves My tasks' filters for themselves (on
// PostgreSQL and on SQLite: the table is a migration of each); a value
// outside its list, a search too long or an unknown field is refused and
// saves nothing.
func TestSavedFilters(t *testing.T) {
	for _, db := range []string{"postgres", "sqlite"} {
		t.Run(db, func(t *testing.T) {
			env := testenv.Start(t, testenv.Options{SQLite: db == "sqlite"})
			officer, leader := env.Login(t, officerNgocLam), env.Login(t, leaderNgocLam)
			get := func(token string) map[string]any {
				t.Helper()
				r := env.Request(t, http.MethodGet, "/api/v1/me/filters", token, nil)
				wantStatus(t, r, http.StatusOK)
				tasks, _ := r.JSON["tasks"].(map[string]any)
				return tasks
			}
			if f := get(officer); f["show"] != "" || f["overdue"] != false {
				t.Fatalf("before any save: %v", f)
			}
			saved := map[string]any{"tasks": map[string]any{"show": "all", "whose": "me", "process": "campaign", "q": "sinh con", "overdue": true}}
			wantStatus(t, env.Request(t, http.MethodPut, "/api/v1/me/filters", officer, saved), http.StatusOK)
			if f := get(officer); f["show"] != "all" || f["process"] != "campaign" || f["q"] != "sinh con" || f["overdue"] != true {
				t.Fatalf("after the save: %v", f)
			}
			if f := get(leader); f["show"] != "" {
				t.Fatalf("another user sees the officer's filters: %v", f)
			}
			// Saving again replaces.
			wantStatus(t, env.Request(t, http.MethodPut, "/api/v1/me/filters", officer, map[string]any{"tasks": map[string]any{"show": "wait"}}), http.StatusOK)
			if f := get(officer); f["show"] != "wait" || f["overdue"] != false || f["q"] != "" {
				t.Fatalf("after the second save: %v", f)
			}
			for name, body := range map[string]map[string]any{
				"show":    {"tasks": map[string]any{"show": "everything"}},
				"whose":   {"tasks": map[string]any{"whose": "boss"}},
				"process": {"tasks": map[string]any{"process": "party"}},
				"q":       {"tasks": map[string]any{"q": strings.Repeat("a", 201)}},
				"unknown": {"tasks": map[string]any{"colour": "red"}},
			} {
				r := env.Request(t, http.MethodPut, "/api/v1/me/filters", officer, body)
				if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); name != "unknown" && !strings.Contains(strings.Join(fields, " "), name) {
					t.Errorf("%s: fields %v", name, fields)
				}
			}
			if f := get(officer); f["show"] != "wait" {
				t.Fatalf("a refused save changed the filters: %v", f)
			}
		})
	}
}
