package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"dsflow/testenv"
)

// TestBriefingCycle: a secretary makes a quarterly cycle of the built-in
// briefing; the current quarter launches at once and only once; the cycle
// pauses, resumes and lists its next runs; the agenda shows what is
// overdue, the figures and last quarter's conclusions with whether they
// were done; the meeting's conclusions become tasks tracked like any
// other; bad conclusions change nothing.
func TestBriefingCycle(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ctx := context.Background()
	secretary, officer := env.Login(t, secretaryLB), env.Login(t, officerNgocLam)

	r := env.Request(t, http.MethodPost, "/api/v1/schedules", secretary, map[string]any{
		"template": "briefing-quarterly", "name": "Giao ban quý quận Long Biên", "root_unit": unitLongBien, "start_now": true,
	}, "Idempotency-Key", "cycle-1")
	wantStatus(t, r, http.StatusCreated)
	sid := r.JSON["id"].(string)
	if r.JSON["cadence"] != "quarter" || r.JSON["paused"] != false || len(r.JSON["next_runs"].([]any)) == 0 {
		t.Fatalf("schedule: %s", r.Body)
	}
	var pid string
	testenv.Eventually(t, 30*time.Second, "the current quarter's briefing is launched", func() bool {
		ids := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/campaigns?kind=briefing", secretary, nil))
		if len(ids) == 1 {
			pid = ids[0]
		}
		return len(ids) == 1
	})
	wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/schedules/"+sid+"/trigger", secretary, nil), http.StatusOK)
	testenv.Eventually(t, 20*time.Second, "a second trigger launches nothing new", func() bool {
		return len(listIDs(t, env.Request(t, http.MethodGet, "/api/v1/campaigns?kind=briefing", secretary, nil))) == 1
	})
	if p := env.Request(t, http.MethodPost, "/api/v1/schedules/"+sid+"/pause", secretary, nil); p.Status != http.StatusOK || p.JSON["paused"] != true {
		t.Fatalf("pause: %d %s", p.Status, p.Body)
	}
	if p := env.Request(t, http.MethodPost, "/api/v1/schedules/"+sid+"/resume", secretary, nil); p.Status != http.StatusOK || p.JSON["paused"] != false {
		t.Fatalf("resume: %d %s", p.Status, p.Body)
	}
	checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/schedules/"+sid+"/explode", secretary, nil), http.StatusNotFound, "not_found")
	checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/schedules", officer, nil), http.StatusForbidden, "forbidden")

	// Last quarter's briefing, with a conclusion Ngọc Lâm carried out.
	prev, err := env.Store.PeriodProcess(ctx, sid, time.Now().AddDate(0, -3, 0))
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	k := env.Request(t, http.MethodPost, "/api/v1/briefings/"+prev.ID+"/conclusions", secretary, map[string]any{"conclusions": []any{
		map[string]any{"text": "Rà soát số liệu sinh con thứ 3", "units": []string{unitNgocLam, unitBoDe}, "due": due},
	}})
	wantStatus(t, k, http.StatusCreated)
	var conclusionTask string
	testenv.Eventually(t, 20*time.Second, "the conclusion's tasks are listed", func() bool {
		for _, id := range listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks?process_id="+prev.ID, officer, nil)) {
			conclusionTask = id
		}
		return conclusionTask != ""
	})
	wantStatus(t, command(t, env, officer, conclusionTask, "claim", nil), http.StatusOK)
	wantStatus(t, command(t, env, officer, conclusionTask, "submit", map[string]any{}), http.StatusOK)

	agenda := env.Request(t, http.MethodGet, "/api/v1/briefings/"+pid, secretary, nil)
	wantStatus(t, agenda, http.StatusOK)
	previous, _ := agenda.JSON["previous"].(map[string]any)
	if previous == nil || previous["id"] != prev.ID {
		t.Fatalf("previous period: %v", agenda.JSON["previous"])
	}
	pk := previous["conclusions"].([]any)[0].(map[string]any)
	if num(pk, "tasks") != 2 || num(pk, "done") != 1 || pk["status"] == "done" {
		t.Fatalf("last quarter's conclusion: %v", pk)
	}
	if _, ok := agenda.JSON["overdue_all"].(map[string]any); !ok || agenda.JSON["figures"] == nil || len(agenda.JSON["steps"].([]any)) == 0 {
		t.Fatalf("agenda: %s", agenda.Body)
	}

	// This meeting's conclusions; bad ones are 422 and record nothing.
	bad := []struct{ field, body string }{
		{"conclusions[0].units[0]", `{"conclusions":[{"text":"x","units":["KHONG-CO"],"due":"` + due + `"}]}`},
		{"conclusions[0].due", `{"conclusions":[{"text":"x","units":["` + unitNgocLam + `"],"due":"2020-01-01"}]}`},
		{"conclusions", `{"conclusions":[]}`},
	}
	for _, b := range bad {
		fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/briefings/"+pid+"/conclusions", secretary, b.body), http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, b.field, "") {
			t.Fatalf("%s: fields %v", b.body, fields)
		}
	}
	checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/briefings/"+pid+"/conclusions", officer,
		`{"conclusions":[{"text":"x","units":["`+unitNgocLam+`"],"due":"`+due+`"}]}`), http.StatusForbidden, "forbidden")
	body := `{"conclusions":[{"text":"Tăng cường truyền thông","units":["` + unitBoDe + `"],"due":"` + due + `"}]}`
	ok := env.Request(t, http.MethodPost, "/api/v1/briefings/"+pid+"/conclusions", secretary, body, "Idempotency-Key", "k-1")
	wantStatus(t, ok, http.StatusCreated)
	if items := ok.JSON["items"].([]any); len(items) != 1 || num(items[0].(map[string]any), "seq") != 1 {
		t.Fatalf("conclusions after the bad ones: %s", ok.Body)
	}
	// The answer was lost before it was kept (a 503 half-way): the retry
	// records nothing twice.
	db, _ := env.Store.SQL()
	if _, err := db.Exec("DELETE FROM idempotency_records"); err != nil {
		t.Fatal(err)
	}
	retry := env.Request(t, http.MethodPost, "/api/v1/briefings/"+pid+"/conclusions", secretary, body, "Idempotency-Key", "k-1")
	wantStatus(t, retry, http.StatusCreated)
	if items := retry.JSON["items"].([]any); len(items) != 1 {
		t.Fatalf("a retry recorded the conclusion again: %s", retry.Body)
	}
	if n := len(listIDs(t, env.Request(t, http.MethodGet, "/api/v1/tasks?kind=conclusion-1&process_id="+pid, secretary, nil))); n != 1 {
		t.Fatalf("%d tasks for the conclusion", n)
	}

	if one := env.Request(t, http.MethodGet, "/api/v1/schedules/"+sid, secretary, nil); one.Status != http.StatusOK || one.JSON["state"] != "active" {
		t.Fatalf("GET schedule: %d %s", one.Status, one.Body)
	}
	r = env.Request(t, http.MethodDelete, "/api/v1/schedules/"+sid, secretary, nil)
	wantStatus(t, r, http.StatusNoContent)
	if ids := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/schedules", secretary, nil)); len(ids) != 0 {
		t.Fatalf("schedules after delete: %v", ids)
	}
}
