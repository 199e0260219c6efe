package api_test

import (
	"net/http"
	"strings"
	"testing"

	"dsflow/testenv"
)

func TestCalendar(t *testing.T) {
	env := testenv.Start(t, testenv.Options{SQLite: true})
	admin, officer := env.Login(t, adminUser), env.Login(t, officerNgocLam)
	days := func(r *testenv.Response, key string) map[string]map[string]any {
		t.Helper()
		wantStatus(t, r, http.StatusOK)
		out := map[string]map[string]any{}
		for _, d := range r.JSON[key].([]any) {
			m := d.(map[string]any)
			out[m["date"].(string)] = m
		}
		return out
	}

	t.Run("2026 lists Tết", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/calendar/2026", officer, nil)
		got := days(r, "days")
		// Tết Bính Ngọ: the lunar new year falls on 17 February 2026.
		tet := got["2026-02-17"]
		if tet == nil || tet["kind"] != "holiday" || !strings.Contains(tet["name_vi"].(string), "Tết") {
			t.Fatalf("17/02/2026: %v", tet)
		}
		if r.JSON["time_zone"] != "Asia/Ho_Chi_Minh" || num(r.JSON, "year") != 2026 {
			t.Fatalf("calendar %s", r.Body[:200])
		}
		for _, bad := range []string{"1000", "abc", "99999", "2026x"} {
			checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/calendar/"+bad, officer, nil), http.StatusNotFound, "not_found")
		}
	})
	t.Run("bad overrides are 422", func(t *testing.T) {
		cases := []struct {
			days        []any
			field, rule string
		}{
			{[]any{map[string]any{"date": "2025-12-31", "kind": "holiday"}}, "days[0].date", "oneof"},
			{[]any{map[string]any{"date": "2026-13-01", "kind": "holiday"}}, "days[0].date", "datetime"},
			{[]any{map[string]any{"date": "2026-03-09", "kind": "party"}}, "days[0].kind", "oneof"},
			{[]any{map[string]any{"date": "2026-03-09", "kind": "holiday"}, map[string]any{"date": "2026-03-09", "kind": "workday"}}, "days[1].date", "unique"},
		}
		for _, c := range cases {
			r := env.Request(t, http.MethodPut, "/api/v1/calendar/2026", admin, map[string]any{"days": c.days})
			if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, c.field, c.rule) {
				t.Errorf("%v: fields %v, want %s:%s", c.days, fields, c.field, c.rule)
			}
		}
		if got := days(env.Request(t, http.MethodGet, "/api/v1/calendar/2026", admin, nil), "overrides"); len(got) != 0 {
			t.Fatalf("a refused PUT stored %v", got)
		}
	})
	t.Run("only an admin may edit", func(t *testing.T) {
		body := map[string]any{"days": []any{map[string]any{"date": "2026-03-09", "kind": "holiday"}}}
		checkProblem(t, env.Request(t, http.MethodPut, "/api/v1/calendar/2026", officer, body), http.StatusForbidden, "forbidden")
		checkProblem(t, env.Request(t, http.MethodPut, "/api/v1/calendar/2026", env.Login(t, leaderLongBien), body), http.StatusForbidden, "forbidden")
	})
	t.Run("an override shows and moves new deadlines", func(t *testing.T) {
		ngocLam := env.UnitID(t, unitNgocLam)
		leader := env.Login(t, leaderNgocLam)
		// One working day after Friday 5 March 2027 is Monday the 8th…
		body := taskTo("Trước", ngocLam, "officer", 0)
		body["due"] = map[string]any{"days": 1, "working_days": true, "after": "2027-03-05T10:00:00+07:00"}
		if due := createTask(t, env, leader, body)["due_at"]; due != "2027-03-08T23:59:59+07:00" {
			t.Fatalf("before the override: due %v", due)
		}
		put := map[string]any{"days": []any{map[string]any{"date": "2027-03-08", "kind": "holiday", "name_vi": "Nghỉ bù", "name_en": "Day off in lieu"}}}
		r := env.Request(t, http.MethodPut, "/api/v1/calendar/2027", admin, put)
		if got := days(r, "overrides"); got["2027-03-08"] == nil {
			t.Fatalf("PUT answer: %s", r.Body)
		}
		got := days(env.Request(t, http.MethodGet, "/api/v1/calendar/2027", officer, nil), "days")
		if d := got["2027-03-08"]; d == nil || d["kind"] != "holiday" || d["name_vi"] != "Nghỉ bù" {
			t.Fatalf("GET after PUT: %v", d)
		}
		// …and once the admin makes it a day off, Tuesday the 9th.
		body["title"] = map[string]any{"vi": "Sau"}
		if due := createTask(t, env, leader, body)["due_at"]; due != "2027-03-09T23:59:59+07:00" {
			t.Fatalf("after the override: due %v", due)
		}
		// The change is audited.
		r = env.Request(t, http.MethodGet, "/api/v1/audit", admin, nil)
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(string(r.Body), `"action":"calendar.put"`) {
			t.Fatal("no calendar.put in the audit log")
		}
	})
}
