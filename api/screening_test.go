package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	"dsflow/testenv"
)

const (
	nurseNgocLam = "yte.ngoclam" // health officer at DEMO-NGOCLAM
	nurseBoDe    = "yte.bode"    // health officer at DEMO-BODE
	// What must never be found in the clear outside the sealed columns.
	secretName  = "Nguyễn Thị Hoa Mận"
	secretPhone = "0912345678"
	secretNote  = "Thai phụ lo lắng về kết quả"
)

func caseBody(unit uint, result string, screenedAgo int) map[string]any {
	return map[string]any{
		"type": "prenatal", "unit_id": unit, "result": result, "protocol": "prenatal-followup",
		"screened_on": time.Now().In(ictZone).AddDate(0, 0, -screenedAgo).Format("2006-01-02"),
		"person": map[string]any{"full_name": secretName, "date_of_birth": "1996-04-12", "phone": secretPhone,
			"address": "Số 5 ngõ 12 Ngọc Lâm"},
	}
}

// TestScreeningEndToEnd runs a case through the API on the real embedded
// server: bad input refused, a normal result closed at once, a positive one
// followed up; its first step (screened three weeks ago) overdue and
// escalated; done, then moved to another commune's station, which tries
// three times, cannot reach the person, and loses the case to follow-up.
// Personal data is read only by health officers of the subtree who say
// why, every read is logged, and neither the raw rows of the database nor
// the raw Temporal history holds it in the clear.
func TestScreeningEndToEnd(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	nurse, nurseBD := env.Login(t, nurseNgocLam), env.Login(t, nurseBoDe)
	officer, wardLeader, admin := env.Login(t, officerNgocLam), env.Login(t, leaderNgocLam), env.Login(t, adminUser)
	nl, bd := env.UnitID(t, unitNgocLam), env.UnitID(t, unitBoDe)
	base := "/api/v1/screening/cases"

	t.Run("bad input changes nothing", func(t *testing.T) {
		b := caseBody(nl, "positive", 1)
		b["person"].(map[string]any)["date_of_birth"] = time.Now().AddDate(0, 1, 0).Format("2006-01-02")
		hasField(checkProblem(t, env.Request(t, http.MethodPost, base, nurse, b), 422, "invalid"), "person.date_of_birth", "past")
		b = caseBody(nl, "positive", 1)
		b["protocol"] = "no-such"
		hasField(checkProblem(t, env.Request(t, http.MethodPost, base, nurse, b), 422, "invalid"), "protocol", "protocol")
		b = caseBody(nl, "positive", 1)
		b["person"].(map[string]any)["phone"] = "12345"
		hasField(checkProblem(t, env.Request(t, http.MethodPost, base, nurse, b), 422, "invalid"), "person.phone", "phone_vn")
		checkProblem(t, env.Request(t, http.MethodPost, base, officer, caseBody(nl, "positive", 1)), 403, "forbidden")
		checkProblem(t, env.Request(t, http.MethodPost, base, nurse, caseBody(bd, "positive", 1)), 422, "invalid")
		if items := env.Request(t, http.MethodGet, base, nurse, nil).JSON["items"].([]any); len(items) != 0 {
			t.Fatalf("a refused case was recorded: %v", items)
		}
	})

	normal := env.Request(t, http.MethodPost, base, nurse, caseBody(nl, "normal", 1))
	wantStatus(t, normal, http.StatusCreated)
	if normal.JSON["status"] != "closed" {
		t.Fatalf("a normal result: %s", normal.Body)
	}

	r := env.Request(t, http.MethodPost, base, nurse, caseBody(nl, "positive", 21), "Idempotency-Key", "case-1")
	wantStatus(t, r, http.StatusCreated)
	id := r.JSON["id"].(string)
	if again := env.Request(t, http.MethodPost, base, nurse, caseBody(nl, "positive", 21), "Idempotency-Key", "case-1"); again.JSON["id"] != id {
		t.Fatalf("a retried case: %s", again.Body)
	}
	if strings.Contains(string(r.Body), secretName) {
		t.Fatal("the answer to a create shows the person")
	}

	var first string
	t.Run("who reads what", func(t *testing.T) {
		v := env.Request(t, http.MethodGet, base+"/"+id, wardLeader, nil)
		wantStatus(t, v, http.StatusOK)
		if v.JSON["person"] != nil || strings.Contains(string(v.Body), secretName) {
			t.Fatalf("the ward's leader sees the person: %s", v.Body)
		}
		first = v.JSON["steps"].([]any)[0].(map[string]any)["task_id"].(string)
		if st := v.JSON["steps"].([]any)[0].(map[string]any); st["title_en"] == "" || st["title_en"] == st["title"] {
			t.Errorf("a step's titles: %v / %v", st["title"], st["title_en"])
		}
		types := map[string]any{}
		for _, it := range env.Request(t, http.MethodGet, "/api/v1/screening/protocols", nurse, nil).JSON["items"].([]any) {
			types[it.(map[string]any)["key"].(string)] = it.(map[string]any)["type"]
		}
		if types["prenatal-followup"] != "prenatal" || types["newborn-followup"] != "newborn" {
			t.Errorf("protocols' types: %v", types)
		}
		checkProblem(t, env.Request(t, http.MethodGet, base+"/"+id+"?purpose=xem", officer, nil), 403, "forbidden")
		checkProblem(t, env.Request(t, http.MethodGet, base+"/"+id, nurseBD, nil), 404, "not_found")
		p := env.Request(t, http.MethodGet, base+"/"+id+"?purpose="+url.QueryEscape("Gọi hẹn xét nghiệm"), nurse, nil)
		wantStatus(t, p, http.StatusOK)
		if p.JSON["person"].(map[string]any)["full_name"] != secretName || p.JSON["result"] != "positive" {
			t.Fatalf("the nurse reads %s", p.Body)
		}
		log := env.Request(t, http.MethodGet, "/api/v1/screening/access-log?case="+id, admin, nil)
		wantStatus(t, log, http.StatusOK)
		if items := log.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["purpose"] != "Gọi hẹn xét nghiệm" {
			t.Fatalf("access log %v", items)
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/screening/access-log", nurse, nil), 403, "forbidden")
		// A purpose is up to 200 characters, not bytes: Vietnamese takes
		// two or three bytes a letter.
		long := strings.Repeat("Gọi hẹn ", 25) // 200 characters, 300 bytes
		wantStatus(t, env.Request(t, http.MethodGet, base+"/"+id+"?purpose="+url.QueryEscape(long), nurse, nil), http.StatusOK)
		hasField(checkProblem(t, env.Request(t, http.MethodGet, base+"/"+id+"?purpose="+url.QueryEscape(long+"x"), nurse, nil), 422, "invalid"), "purpose", "maxlen")
	})

	t.Run("a missed step escalates", func(t *testing.T) {
		testenv.Eventually(t, 30*time.Second, "the ward's leader is told the step is overdue", func() bool {
			for _, it := range env.Request(t, http.MethodGet, "/api/v1/notifications", wardLeader, nil).JSON["items"].([]any) {
				if m := it.(map[string]any); m["kind"] == "task.escalated" && m["task_id"] == first {
					return true
				}
			}
			return false
		})
		checkProblem(t, command(t, env, wardLeader, first, "cancel", map[string]any{"reason": "x"}), 409, "conflict")
	})

	step := func(token, taskID string, data map[string]any) {
		t.Helper()
		wantStatus(t, command(t, env, token, taskID, "claim", nil), http.StatusOK)
		wantStatus(t, command(t, env, token, taskID, "submit", map[string]any{"data": data}), http.StatusOK)
	}
	nextStep := func(who, after string) string {
		t.Helper()
		var next string
		testenv.Eventually(t, 30*time.Second, "the next step after "+after, func() bool {
			steps := env.Request(t, http.MethodGet, base+"/"+id, who, nil).JSON["steps"].([]any)
			last := steps[len(steps)-1].(map[string]any)
			if last["task_id"] != after && last["status"] == "open" {
				next = last["task_id"].(string)
			}
			return next != ""
		})
		return next
	}

	step(nurse, first, map[string]any{"reached": true, "outcome": "next", "note": secretNote})
	second := nextStep(nurse, first)

	t.Run("transfer", func(t *testing.T) {
		checkProblem(t, env.Request(t, http.MethodPost, base+"/"+id+"/transfer", nurseBD, map[string]any{"unit_id": bd, "reason": "x"}), 404, "not_found")
		r := env.Request(t, http.MethodPost, base+"/"+id+"/transfer", nurse, map[string]any{"unit_id": bd, "reason": "Chuyển về nhà chồng"}, "Idempotency-Key", "move-1")
		wantStatus(t, r, http.StatusOK)
		if num(r.JSON, "unit_id") != int(bd) {
			t.Fatalf("moved: %s", r.Body)
		}
		checkProblem(t, env.Request(t, http.MethodGet, base+"/"+id, nurse, nil), 404, "not_found")
		// The answer was lost on the way: the retry, whose case is now
		// outside the caller's ward, gets the same answer.
		again := env.Request(t, http.MethodPost, base+"/"+id+"/transfer", nurse, map[string]any{"unit_id": bd, "reason": "Chuyển về nhà chồng"}, "Idempotency-Key", "move-1")
		if again.Status != http.StatusOK || num(again.JSON, "unit_id") != int(bd) {
			t.Fatalf("the retried transfer: %d %s", again.Status, again.Body)
		}
		v := env.Request(t, http.MethodGet, base+"/"+id, nurseBD, nil)
		wantStatus(t, v, http.StatusOK)
		if steps := v.JSON["steps"].([]any); len(steps) != 3 {
			t.Fatalf("the new station sees %d steps, want the history and the moved step: %s", len(steps), v.Body)
		}
	})

	t.Run("moved the moment it is recorded", func(t *testing.T) {
		r := env.Request(t, http.MethodPost, base, nurse, caseBody(nl, "positive", 0))
		wantStatus(t, r, http.StatusCreated)
		moved := env.Request(t, http.MethodPost, base+"/"+r.JSON["id"].(string)+"/transfer", nurse, map[string]any{"unit_id": bd, "reason": "Chuyển nơi ở"})
		if moved.Status != http.StatusOK || num(moved.JSON, "unit_id") != int(bd) {
			t.Fatalf("a transfer right after the case was recorded: %d %s", moved.Status, moved.Body)
		}
	})

	t.Run("lost to follow-up", func(t *testing.T) {
		current := nextStep(nurseBD, second)
		for range 3 {
			step(nurseBD, current, map[string]any{"reached": false, "note": "Không liên lạc được"})
			done := current
			testenv.Eventually(t, 30*time.Second, "the case goes on", func() bool {
				v := env.Request(t, http.MethodGet, base+"/"+id, nurseBD, nil).JSON
				steps := v["steps"].([]any)
				last := steps[len(steps)-1].(map[string]any)
				if v["status"] == "closed" {
					current = ""
					return true
				}
				if last["task_id"] != done && last["status"] == "open" {
					current = last["task_id"].(string)
					return true
				}
				return false
			})
		}
		if current != "" {
			t.Fatalf("still open at %s", current)
		}
		p := env.Request(t, http.MethodGet, base+"/"+id+"?purpose="+url.QueryEscape("Báo cáo ca mất dấu"), nurseBD, nil)
		if p.JSON["status"] != "closed" || p.JSON["outcome"] != "lost" {
			t.Fatalf("the case ends %v %v", p.JSON["status"], p.JSON["outcome"])
		}
	})

	t.Run("no personal data in the clear", func(t *testing.T) {
		sqlDB, err := env.Store.SQL()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			"SELECT person_sealed || result_sealed || outcome_sealed || phone_index FROM screening_cases",
			"SELECT COALESCE(data_json, '') || title_vi || instructions_vi FROM tasks",
			"SELECT COALESCE(data_json, '') || COALESCE(note, '') FROM task_events",
			"SELECT before || after FROM audit_entries",
			"SELECT title_vi || title_en FROM notifications",
		} {
			rows, err := sqlDB.QueryContext(context.Background(), q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				for _, secret := range []string{secretName, secretPhone, secretNote, "positive", "Ngọc Lâm\",\"phone"} {
					if strings.Contains(s, secret) {
						t.Errorf("%q in the clear: %s", secret, q)
					}
				}
			}
			_ = rows.Close()
		}
		for _, wid := range []string{"case-" + id} {
			it := env.Client.GetWorkflowHistory(context.Background(), wid, "", false, 0)
			for it.HasNext() {
				ev, err := it.Next()
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := protojson.Marshal(ev)
				for _, secret := range []string{secretName, secretPhone, secretNote} {
					if strings.Contains(string(raw), secret) {
						t.Errorf("%q in the clear in the history of %s", secret, wid)
					}
				}
			}
		}
	})
}

// TestScreeningCoverage checks coverage against a hand-computed example at
// three levels (Hà Nội, Long Biên, its wards) on 2 July 2026, half the
// year gone: Ngọc Lâm screened 3 of 4 expected (75%, ahead of the 39% pace
// of the 78% default); Bồ Đề 1 of 10 with a target of 90 (10%, behind its
// 45% pace); Long Biên, no denominator of its own, 4 of 14 (28.57%,
// behind 39%); Hà Nội, its own denominator 100, 4% (behind). Units behind
// get one task a month to act on it.
func TestScreeningCoverage(t *testing.T) {
	now := time.Date(2026, 7, 2, 5, 0, 0, 0, time.UTC)
	env := testenv.Start(t, testenv.Options{Now: func() time.Time { return now }})
	nurse, nurseBD, city := env.Login(t, nurseNgocLam), env.Login(t, nurseBoDe), env.Login(t, leaderHaNoi)
	nl, bd := env.UnitID(t, unitNgocLam), env.UnitID(t, unitBoDe)
	for i, who := range []string{nurse, nurse, nurse, nurseBD} {
		unit := nl
		if who == nurseBD {
			unit = bd
		}
		b := caseBody(unit, "normal", 0)
		b["screened_on"] = fmt.Sprintf("2026-0%d-1%d", 3+i%3, i)
		wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/screening/cases", who, b), http.StatusCreated)
	}
	// Last year's screening does not count.
	old := caseBody(nl, "normal", 0)
	old["screened_on"] = "2025-12-31"
	wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/screening/cases", nurse, old), http.StatusCreated)

	bad := "unit,year,type,target,denominator\nDEMO-NGOCLAM,2026,prenatal,,4\nDEMO-BODE,2026,prenatl,90,10\n"
	r := env.Request(t, http.MethodPost, "/api/v1/screening/targets/import", city, []byte(bad), "Content-Type", "text/csv")
	if f := checkProblem(t, r, 422, "invalid"); !hasField(f, "line 3", "format") {
		t.Errorf("a bad line: %v", f)
	}
	dup := "unit,year,type,target,denominator\nDEMO-NGOCLAM,2026,prenatal,,4\nDEMO-BODE,2026,prenatal,90,10\nDEMO-NGOCLAM,2026,prenatal,80,5\n"
	r = env.Request(t, http.MethodPost, "/api/v1/screening/targets/import", city, []byte(dup), "Content-Type", "text/csv")
	if f := checkProblem(t, r, 422, "invalid"); !hasField(f, "line 4", "unique") {
		t.Errorf("a unit twice: %v", f)
	}
	r = env.Request(t, http.MethodPut, "/api/v1/screening/targets", city, map[string]any{"targets": []any{
		map[string]any{"unit": unitNgocLam, "year": 2026, "type": "prenatal", "denominator": 1},
		map[string]any{"unit": unitNgocLam, "year": 2026, "type": "prenatal", "denominator": 2}}})
	if f := checkProblem(t, r, 422, "invalid"); !hasField(f, "targets[1]", "unique") {
		t.Errorf("a unit twice: %v", f)
	}
	huge := "unit,year,type,target,denominator\n" + strings.Repeat("DEMO-NGOCLAM,2026,prenatal,,4\n", 40000)
	checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/screening/targets/import", city, []byte(huge), "Content-Type", "text/csv"), 422, "invalid")
	// As a spreadsheet program saves it: a byte-order mark first.
	good := "\ufeffunit,year,type,target,denominator\nDEMO-NGOCLAM,2026,prenatal,,4\nDEMO-BODE,2026,prenatal,90,10\n01,2026,prenatal,,100\n"
	r = env.Request(t, http.MethodPost, "/api/v1/screening/targets/import", city, []byte(good), "Content-Type", "text/csv")
	wantStatus(t, r, http.StatusOK)
	checkProblem(t, env.Request(t, http.MethodPut, "/api/v1/screening/targets", nurse, map[string]any{
		"targets": []any{map[string]any{"unit": unitNgocLam, "year": 2026, "type": "prenatal", "denominator": 1}}}), 403, "forbidden")

	r = env.Request(t, http.MethodGet, "/api/v1/indicators/screening?unit=01&year=2026&type=prenatal&depth=2", city, nil)
	wantStatus(t, r, http.StatusOK)
	nodes := map[string]map[string]any{}
	var walk func(n map[string]any)
	walk = func(n map[string]any) {
		nodes[n["name"].(string)] = n
		if kids, ok := n["children"].([]any); ok {
			for _, k := range kids {
				walk(k.(map[string]any))
			}
		}
	}
	walk(r.JSON)
	want := map[string][5]any{ // screened, denominator, coverage, gap, behind
		"Thành phố Hà Nội": {4.0, 100.0, 4.0, 74.0, true},
		"Quận Long Biên":   {4.0, 14.0, 28.57, 49.43, true},
		"Phường Ngọc Lâm":  {3.0, 4.0, 75.0, 3.0, false},
		"Phường Bồ Đề":     {1.0, 10.0, 10.0, 80.0, true},
	}
	for name, w := range want {
		n := nodes[name]
		if n == nil {
			t.Errorf("%s missing from %s", name, r.Body)
			continue
		}
		got := [5]any{n["screened"], n["denominator"], n["coverage"], n["gap"], n["behind"]}
		if got != w {
			t.Errorf("%s: %v, want %v", name, got, w)
		}
	}
	first := env.Request(t, http.MethodPost, "/api/v1/indicators/screening/tasks", city, map[string]any{"type": "prenatal", "year": 2026})
	wantStatus(t, first, http.StatusOK)
	again := env.Request(t, http.MethodPost, "/api/v1/indicators/screening/tasks", city, map[string]any{"type": "prenatal", "year": 2026})
	if len(first.JSON["tasks"].([]any)) != 3 || fmt.Sprint(first.JSON["tasks"]) != fmt.Sprint(again.JSON["tasks"]) {
		t.Fatalf("tasks for the units behind: %s then %s", first.Body, again.Body)
	}
	task := first.JSON["tasks"].([]any)[0].(string)
	testenv.Eventually(t, 20*time.Second, "the task is listed", func() bool {
		_, _, ok := env.Task(t, task)
		return ok
	})
}

// TestScreeningSubjectRights: a person's request to see, correct and
// delete their data, served by a health officer of the subtree, audited
// without the data.
func TestScreeningSubjectRights(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	nurse, nurseBD := env.Login(t, nurseNgocLam), env.Login(t, nurseBoDe)
	nl := env.UnitID(t, unitNgocLam)
	r := env.Request(t, http.MethodPost, "/api/v1/screening/cases", nurse, caseBody(nl, "normal", 2))
	wantStatus(t, r, http.StatusCreated)
	id := r.JSON["id"].(string)
	see := "/api/v1/screening/subjects?phone=" + secretPhone + "&purpose=" + url.QueryEscape("Yêu cầu của chủ thể dữ liệu")
	got := env.Request(t, http.MethodGet, see, nurse, nil)
	wantStatus(t, got, http.StatusOK)
	if items := got.JSON["items"].([]any); len(items) != 1 || items[0].(map[string]any)["person"].(map[string]any)["full_name"] != secretName {
		t.Fatalf("export: %s", got.Body)
	}
	if items := env.Request(t, http.MethodGet, see, nurseBD, nil).JSON["items"].([]any); len(items) != 0 {
		t.Fatalf("another ward's nurse finds %v", items)
	}
	checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/screening/subjects?phone=123&purpose=x", nurse, nil), 422, "invalid")

	fixed := map[string]any{"full_name": "Nguyễn Thị Hoa", "date_of_birth": "1996-04-12", "phone": "0987654321"}
	c := env.Request(t, http.MethodPut, "/api/v1/screening/cases/"+id+"/person", nurse, map[string]any{"person": fixed})
	wantStatus(t, c, http.StatusOK)
	if items := env.Request(t, http.MethodGet, see, nurse, nil).JSON["items"].([]any); len(items) != 0 {
		t.Fatal("the old phone still finds the case")
	}
	checkProblem(t, env.Request(t, http.MethodPut, "/api/v1/screening/cases/"+id+"/person", nurseBD, map[string]any{"person": fixed}), 404, "not_found")

	wantStatus(t, env.Request(t, http.MethodDelete, "/api/v1/screening/cases/"+id+"/person", nurse, nil), http.StatusNoContent)
	p := env.Request(t, http.MethodGet, "/api/v1/screening/cases/"+id+"?purpose=check", nurse, nil)
	if strings.Contains(string(p.Body), "Nguyễn") || strings.Contains(string(p.Body), "0987654321") {
		t.Fatalf("erased data still reads: %s", p.Body)
	}
	audit := env.Request(t, http.MethodGet, "/api/v1/audit?entity=case:"+id, env.Login(t, adminUser), nil)
	wantStatus(t, audit, http.StatusOK)
	if strings.Contains(string(audit.Body), "Nguyễn") || !strings.Contains(string(audit.Body), "case.erase") || !strings.Contains(string(audit.Body), "full_name") {
		t.Fatalf("audit: %s", audit.Body)
	}
	for _, it := range audit.JSON["items"].([]any) {
		if e := it.(map[string]any); e["entity_type"] != "case" || e["entity_id"] != id {
			t.Errorf("the case's audit lists %v", e)
		}
	}
	// Another province's admin cannot read it.
	wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/users", env.Login(t, adminUser), map[string]any{
		"username": "admin.hcm", "password": "mật-khẩu-dài", "unit_id": env.UnitID(t, "79"), "roles": []string{"admin"}}), http.StatusCreated)
	checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/audit?entity=case:"+id, env.Relogin(t, "admin.hcm", "mật-khẩu-dài"), nil), 404, "not_found")
}
