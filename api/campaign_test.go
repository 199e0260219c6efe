package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dsflow/models"
	"dsflow/testenv"
)

// campaignBody launches the built-in SRH/FP campaign over Long Biên's
// wards, starting today, with targets of new IUD users.
func campaignBody(name string, startIn, days int) map[string]any {
	start := time.Now().In(ictZone).AddDate(0, 0, startIn)
	return map[string]any{
		"template": "campaign-srh-fp", "name": name, "root_unit": unitLongBien, "level": "commune",
		"window":  map[string]string{"start": start.Format("2006-01-02"), "end": start.AddDate(0, 0, days).Format("2006-01-02")},
		"targets": map[string]any{"new_iud": map[string]float64{"*": 10, unitNgocLam: 20}},
	}
}

var ictZone = time.FixedZone("ICT", 7*3600)

// tasksOf lists the tasks of a process as token's user, by kind and unit.
func tasksOf(t *testing.T, env *testenv.Env, token, processID string) map[string]map[string]any {
	t.Helper()
	r := env.Request(t, http.MethodGet, "/api/v1/tasks?limit=200&process_id="+processID, token, nil)
	wantStatus(t, r, http.StatusOK)
	out := map[string]map[string]any{}
	for _, it := range r.JSON["items"].([]any) {
		m := it.(map[string]any)
		out[fmt.Sprintf("%s@%d", m["kind"], num(m, "unit_id"))] = m
	}
	return out
}

// doTask claims, uploads files for and submits a task as token's user.
func doTask(t *testing.T, env *testenv.Env, token string, task map[string]any, data map[string]any, files ...string) {
	t.Helper()
	id := task["id"].(string)
	wantStatus(t, command(t, env, token, id, "claim", nil), http.StatusOK)
	for _, f := range files {
		r := upload(t, env, token, id, f+".pdf", []byte("%PDF-1.4\n"+f))
		wantStatus(t, r, http.StatusCreated)
		data[f] = r.JSON["id"]
	}
	wantStatus(t, command(t, env, token, id, "submit", map[string]any{"data": data}), http.StatusOK)
}

// TestCampaignEndToEnd: a district's secretary launches the built-in
// campaign; every ward's tasks are there at once; officers report; the
// district's consolidation shows the wards' figures prefilled; the
// figures roll up against the targets at each level; the leader signs off
// and the campaign completes with its figures frozen; the report is a
// workbook with a sheet per level.
func TestCampaignEndToEnd(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	secretary, leader := env.Login(t, secretaryLB), env.Login(t, leaderLongBien)
	ngocLam, boDe, wardLeader := env.Login(t, officerNgocLam), env.Login(t, officerBoDe), env.Login(t, leaderNgocLam)
	nl, bd, lb := env.UnitID(t, unitNgocLam), env.UnitID(t, unitBoDe), env.UnitID(t, unitLongBien)

	r := env.Request(t, http.MethodPost, "/api/v1/campaigns", secretary, campaignBody("Chiến dịch CSSKSS/KHHGĐ 2026", 0, 20), "Idempotency-Key", "launch-1")
	wantStatus(t, r, http.StatusCreated)
	id := r.JSON["id"].(string)
	if r.JSON["status"] != "scheduled" || r.Header.Get("Location") != "/api/v1/campaigns/"+id {
		t.Fatalf("launch: %s", r.Body)
	}
	again := env.Request(t, http.MethodPost, "/api/v1/campaigns", secretary, campaignBody("Chiến dịch CSSKSS/KHHGĐ 2026", 0, 20), "Idempotency-Key", "launch-1")
	if again.Status != http.StatusCreated || again.JSON["id"] != id {
		t.Fatalf("a retried launch: %d %s", again.Status, again.Body)
	}
	var tasks map[string]map[string]any
	testenv.Eventually(t, 30*time.Second, "every ward's tasks are listed", func() bool {
		tasks = tasksOf(t, env, secretary, id)
		return len(tasks) == 10 // per ward plan, launch, progress, final report; the district's summary and consolidation
	})
	for _, k := range []string{"plan", "launch", "progress", "final_report"} {
		for _, u := range []uint{nl, bd} {
			if tasks[fmt.Sprintf("%s@%d", k, u)] == nil {
				t.Fatalf("no %s for unit %d: %v", k, u, tasks)
			}
		}
	}
	testenv.Eventually(t, 30*time.Second, "the campaign runs (its window opened today)", func() bool {
		return getProcess(t, env, secretary, id, "")["status"] == "running"
	})

	// A ward sends its plan; the ward's leader signs it off.
	plan := tasks[fmt.Sprintf("plan@%d", nl)]
	doTask(t, env, ngocLam, plan, map[string]any{"service_points": 3}, "plan_doc")
	wantStatus(t, command(t, env, wardLeader, plan["id"].(string), "approve", map[string]any{}), http.StatusOK)
	// Both wards send their final reports, signed off by their leaders.
	for _, w := range []struct {
		token string
		unit  uint
		iud   int
	}{{ngocLam, nl, 12}, {boDe, bd, 4}} {
		final := tasks[fmt.Sprintf("final_report@%d", w.unit)]
		doTask(t, env, w.token, final, map[string]any{"new_iud": w.iud, "new_pill": 7, "results": "Đạt kế hoạch"}, "report_doc")
	}
	// Bồ Đề has no leader user in the demo: a district leader signs off.
	wantStatus(t, command(t, env, wardLeader, tasks[fmt.Sprintf("final_report@%d", nl)]["id"].(string), "approve", map[string]any{}), http.StatusOK)

	// The district's consolidation shows the wards prefilled.
	consolidation := getTask(t, env, secretary, tasks[fmt.Sprintf("district_summary@%d", lb)]["id"].(string))["consolidation"].(map[string]any)
	children := consolidation["children"].([]any)
	if consolidation["step"] != "final_report" || len(children) != 2 {
		t.Fatalf("consolidation: %v", consolidation)
	}
	for _, ch := range children {
		m := ch.(map[string]any)
		if m["status"] != "submitted" || figure(m["figures"], "new_iud")["actual"] == nil {
			t.Fatalf("a ward in the consolidation: %v", m)
		}
	}

	// Figures against targets: the district sums its wards' (12 + 4 of a
	// 20 + 10 target); a ward sees its own.
	detail := getProcess(t, env, secretary, id, "")
	iud := figure(detail["figures"].(map[string]any)["figures"], "new_iud")
	if iud["actual"] != 16.0 || iud["target"] != 30.0 {
		t.Fatalf("district new_iud: %v", iud)
	}
	if n := len(detail["figures"].(map[string]any)["children"].([]any)); n != 2 {
		t.Fatalf("the district's children: %d", n)
	}
	mine := getProcess(t, env, ngocLam, id, "")
	if u := mine["figures"].(map[string]any)["unit"].(map[string]any); num(u, "id") != int(nl) {
		t.Fatalf("a ward's officer sees figures at unit %v", u["id"])
	}
	if got := figure(mine["figures"].(map[string]any)["figures"], "new_iud"); got["actual"] != 12.0 || got["target"] != 20.0 {
		t.Fatalf("the ward's new_iud: %v", got)
	}
	if steps := detail["steps"].([]any); len(steps) < 4 {
		t.Fatalf("steps: %v", steps)
	}
	checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/campaigns/"+id, env.Login(t, officerCongVi), nil), http.StatusNotFound, "not_found")

	// The report: a sheet per level, a row per unit.
	rep := env.Request(t, http.MethodGet, "/api/v1/campaigns/"+id+"/report.xlsx", secretary, nil)
	wantStatus(t, rep, http.StatusOK)
	book, err := excelize.OpenReader(bytes.NewReader(rep.Body))
	if err != nil {
		t.Fatalf("report.xlsx: %v", err)
	}
	if sheets := book.GetSheetList(); len(sheets) != 2 || sheets[0] != "Quận, huyện" || sheets[1] != "Xã, phường" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, _ := book.GetRows("Xã, phường")
	if len(rows) != 3 || !strings.Contains(rows[0][2], "Người mới đặt dụng cụ tử cung") {
		t.Fatalf("communes sheet: %v", rows)
	}

	// The district consolidates and the root's summary is signed off: the
	// campaign completes and its figures freeze.
	doTask(t, env, secretary, tasks[fmt.Sprintf("district_summary@%d", lb)], map[string]any{"new_iud": 16, "results": "Tổng hợp"}, "report_doc")
	wantStatus(t, command(t, env, leader, tasks[fmt.Sprintf("district_summary@%d", lb)]["id"].(string), "approve", map[string]any{}), http.StatusOK)
	doTask(t, env, secretary, tasks[fmt.Sprintf("summary@%d", lb)], map[string]any{"new_iud": 16, "results": "Hoàn thành"}, "report_doc")
	wantStatus(t, command(t, env, leader, tasks[fmt.Sprintf("summary@%d", lb)]["id"].(string), "approve", map[string]any{}), http.StatusOK)
	testenv.Eventually(t, 30*time.Second, "the campaign completes once the leader signs off", func() bool {
		return getProcess(t, env, secretary, id, "")["status"] == "completed"
	})
	// Bồ Đề's report, still waiting for sign-off, is returned and sent
	// again with other figures: the frozen figures do not move.
	bdFinal := tasks[fmt.Sprintf("final_report@%d", bd)]["id"].(string)
	wantStatus(t, command(t, env, leader, bdFinal, "return", map[string]any{"reason": "Sai số liệu"}), http.StatusOK)
	resend := map[string]any{"new_iud": 40, "results": "Sửa", "report_doc": getTask(t, env, boDe, bdFinal)["data"].(map[string]any)["report_doc"]}
	wantStatus(t, command(t, env, boDe, bdFinal, "submit", map[string]any{"data": resend}), http.StatusOK)
	if got := figure(getProcess(t, env, secretary, id, "")["figures"].(map[string]any)["figures"], "new_iud"); got["actual"] != 16.0 {
		t.Fatalf("frozen figures moved: %v", got)
	}
}

// TestCampaignBadInput: a bad launch is 422 naming the field, and records
// nothing; an officer cannot launch; a cancelled campaign cancels what is
// outstanding, keeps what was submitted, and cannot be cancelled again.
func TestCampaignBadInput(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	secretary := env.Login(t, secretaryLB)
	count := func() int {
		return len(listIDs(t, env.Request(t, http.MethodGet, "/api/v1/campaigns", secretary, nil)))
	}
	before := count()
	for _, c := range []struct {
		name, field string
		edit        func(b map[string]any)
	}{
		{"a window that ends before it starts", "window.end", func(b map[string]any) {
			b["window"] = map[string]string{"start": "2026-06-30", "end": "2026-05-01"}
		}},
		{"a date that is no date", "window.start", func(b map[string]any) { b["window"] = map[string]string{"start": "31/02/2026", "end": "2026-05-01"} }},
		{"an unknown unit", "root_unit", func(b map[string]any) { b["root_unit"] = "KHONG-CO" }},
		{"a unit outside the caller's subtree", "root_unit", func(b map[string]any) { b["root_unit"] = "79" }},
		{"an ID reference of no unit", "root_unit", func(b map[string]any) { b["root_unit"] = "id:999999" }},
		{"an ID reference outside the caller's subtree", "root_unit", func(b map[string]any) {
			b["root_unit"] = models.UnitIDRef(env.UnitID(t, unitCongVi))
		}},
		{"an unknown template", "template", func(b map[string]any) { b["template"] = "khong-co" }},
		{"an unknown indicator", "targets.khong_co", func(b map[string]any) { b["targets"] = map[string]any{"khong_co": map[string]float64{"*": 1}} }},
		{"a target at a unit outside", "targets.new_iud.DEMO-CONGVI", func(b map[string]any) {
			b["targets"] = map[string]any{"new_iud": map[string]float64{unitCongVi: 1}}
		}},
		{"a negative target", "targets.new_iud.*", func(b map[string]any) { b["targets"] = map[string]any{"new_iud": map[string]float64{"*": -1}} }},
		{"a level with no units", "level", func(b map[string]any) { b["level"] = "province" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := campaignBody("Sai", 0, 10)
			c.edit(b)
			fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/campaigns", secretary, b), http.StatusUnprocessableEntity, "invalid")
			if !hasField(fields, c.field, "") {
				t.Fatalf("fields %v, want %s", fields, c.field)
			}
		})
	}
	if n := count(); n != before {
		t.Fatalf("a bad launch recorded a campaign: %d, was %d", n, before)
	}
	checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/campaigns", env.Login(t, officerNgocLam), campaignBody("X", 0, 10)), http.StatusForbidden, "forbidden")

	// A page sends the unit it picked as "id:N" (models.UnitIDRef), never
	// read as a code.
	body := campaignBody("Sẽ hủy", 2, 30)
	lb := env.UnitID(t, unitLongBien)
	body["root_unit"] = models.UnitIDRef(lb)
	r := env.Request(t, http.MethodPost, "/api/v1/campaigns", secretary, body)
	wantStatus(t, r, http.StatusCreated)
	id := r.JSON["id"].(string)
	if got := num(r.JSON, "root_unit_id"); got != int(lb) {
		t.Fatalf("launched over unit %d, want Long Biên %d", got, lb)
	}
	var tasks map[string]map[string]any
	testenv.Eventually(t, 30*time.Second, "the tasks are listed", func() bool {
		tasks = tasksOf(t, env, secretary, id)
		return len(tasks) >= 8
	})
	nl := env.UnitID(t, unitNgocLam)
	plan := tasks[fmt.Sprintf("plan@%d", nl)]
	doTask(t, env, env.Login(t, officerNgocLam), plan, map[string]any{}, "plan_doc")
	wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/campaigns/"+id+"/cancel", secretary, map[string]any{"reason": "Đổi kế hoạch"}), http.StatusOK)
	testenv.Eventually(t, 30*time.Second, "the outstanding tasks are cancelled", func() bool {
		open := 0
		for _, task := range tasksOf(t, env, secretary, id) {
			if task["status"] == "open" {
				open++
			}
		}
		return open == 0
	})
	if got := getTask(t, env, secretary, plan["id"].(string)); got["status"] != "submitted" {
		t.Fatalf("the submitted plan: %v", got["status"])
	}
	if got := getProcess(t, env, secretary, id, ""); got["status"] != "cancelled" {
		t.Fatalf("status %v", got["status"])
	}
	checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/campaigns/"+id+"/cancel", secretary, map[string]any{}), http.StatusConflict, "conflict")
}

// getProcess reads GET /campaigns/{id} (with ?unit=).
func getProcess(t *testing.T, env *testenv.Env, token, id, unit string) map[string]any {
	t.Helper()
	path := "/api/v1/campaigns/" + id
	if unit != "" {
		path += "?unit=" + unit
	}
	r := env.Request(t, http.MethodGet, path, token, nil)
	wantStatus(t, r, http.StatusOK)
	return r.JSON
}

// figure picks an indicator out of a figures list.
func figure(list any, key string) map[string]any {
	for _, f := range list.([]any) {
		if m := f.(map[string]any); m["indicator"] == key {
			return m
		}
	}
	return nil
}
