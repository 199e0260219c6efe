package api_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dsflow/testenv"
)

const (
	leadHaNoi   = "truongdoan.hanoi" // inspector at Hà Nội, leads the team
	leaderHaNoi = "lanhdao.hanoi"    // leader at Hà Nội
)

// inspectionBody plans the built-in checklist's visit to Ngọc Lâm by Hà
// Nội's team.
func inspectionBody(env *testenv.Env, t *testing.T, units ...string) map[string]any {
	today := time.Now().In(ictZone)
	return map[string]any{
		"name": "Kiểm tra công tác Dân số - KHHGĐ 6 tháng đầu năm", "checklist": "inspection-dskhhgd", "units": units,
		"lead": env.UserID(t, leadHaNoi), "members": []uint{env.UserID(t, inspectorHaNoi)},
		"window": map[string]string{"start": today.Format("2006-01-02"), "end": today.AddDate(0, 0, 2).Format("2006-01-02")},
	}
}

// passingAnswers answers every item of a checklist as passing: yes, the top
// score, a number within bounds, a text, the first choice, and for an
// evidence item the file given.
func passingAnswers(checklist map[string]any, file string) map[string]any {
	out := map[string]any{}
	for _, s := range checklist["sections"].([]any) {
		for _, it := range s.(map[string]any)["items"].([]any) {
			item := it.(map[string]any)
			key := item["key"].(string)
			switch item["answer"] {
			case "yesno":
				out[key] = map[string]any{"value": "yes"}
			case "score":
				out[key] = map[string]any{"value": item["max_score"]}
			case "number":
				out[key] = map[string]any{"value": 3}
			case "text":
				out[key] = map[string]any{"value": "Thực hiện tốt"}
			case "choice":
				out[key] = map[string]any{"value": item["choices"].([]any)[0]}
			case "multi":
				out[key] = map[string]any{"value": []any{item["choices"].([]any)[0]}}
			case "evidence":
				out[key] = map[string]any{"files": []string{file}}
			}
		}
	}
	return out
}

// firstItem returns the key of the first item of a type whose failing
// answer requires what (any requirement when what is "").
func firstItem(checklist map[string]any, answer, what string) string {
	for _, s := range checklist["sections"].([]any) {
		for _, it := range s.(map[string]any)["items"].([]any) {
			item := it.(map[string]any)
			req, _ := item["require_on_fail"].(string)
			if item["answer"] == answer && (what == "" || req == what) {
				return item["key"].(string)
			}
		}
	}
	return ""
}

// TestInspectionEndToEnd runs a visit through the API on the real embedded
// server, from plan to closed: bad plans, the checklists saved on a bad
// link (a retried save, a stale one), bad answers, findings, the lead's
// signature (refused to a member and while a checklist is open), the
// minutes, and the remediations: one returned and done again, both past
// their deadline and escalated to the leaders of the ward and of the
// inspecting city. The store's clock runs ten days behind Temporal's, so
// the deadlines counted from the signing have passed when the tasks start.
func TestInspectionEndToEnd(t *testing.T) {
	env := testenv.Start(t, testenv.Options{Now: func() time.Time { return time.Now().Add(-10 * 24 * time.Hour) }})
	lead, member := env.Login(t, leadHaNoi), env.Login(t, inspectorHaNoi)
	officer, wardLeader, cityLeader := env.Login(t, officerNgocLam), env.Login(t, leaderNgocLam), env.Login(t, leaderHaNoi)
	other := env.Login(t, officerCongVi)
	nl := env.UnitID(t, unitNgocLam)
	base := "/api/v1/inspections"

	t.Run("bad plans change nothing", func(t *testing.T) {
		b := inspectionBody(env, t, "DEMO-QUANGAN")
		if f := checkProblem(t, env.Request(t, http.MethodPost, base, lead, b), 422, "invalid"); !hasField(f, "units[0]", "unit") {
			t.Errorf("a unit that does not exist: %v", f)
		}
		b = inspectionBody(env, t, unitNgocLam)
		b["members"] = []uint{env.UserID(t, officerNgocLam)}
		if f := checkProblem(t, env.Request(t, http.MethodPost, base, lead, b), 422, "invalid"); !hasField(f, "members[0]", "team") {
			t.Errorf("an officer of the ward on the team: %v", f)
		}
		b = inspectionBody(env, t, unitNgocLam)
		b["checklist"] = "no-such"
		if f := checkProblem(t, env.Request(t, http.MethodPost, base, lead, b), 422, "invalid"); !hasField(f, "checklist", "checklist") {
			t.Errorf("unknown checklist: %v", f)
		}
		checkProblem(t, env.Request(t, http.MethodPost, base, officer, inspectionBody(env, t, unitNgocLam)), 403, "forbidden")
		if items := env.Request(t, http.MethodGet, base, lead, nil).JSON["items"].([]any); len(items) != 0 {
			t.Fatalf("a refused plan was recorded: %v", items)
		}
	})

	r := env.Request(t, http.MethodPost, base, lead, inspectionBody(env, t, unitNgocLam), "Idempotency-Key", "plan-1")
	wantStatus(t, r, http.StatusCreated)
	id := r.JSON["id"].(string)
	again := env.Request(t, http.MethodPost, base, lead, inspectionBody(env, t, unitNgocLam), "Idempotency-Key", "plan-1")
	if again.Status != http.StatusCreated || again.JSON["id"] != id {
		t.Fatalf("a retried plan: %d %s", again.Status, again.Body)
	}

	t.Run("who sees it", func(t *testing.T) {
		wantStatus(t, env.Request(t, http.MethodGet, base+"/"+id, wardLeader, nil), http.StatusOK)
		checkProblem(t, env.Request(t, http.MethodGet, base+"/"+id, other, nil), 404, "not_found")
		if items := env.Request(t, http.MethodGet, base, other, nil).JSON["items"].([]any); len(items) != 0 {
			t.Errorf("another district's officer lists %v", items)
		}
		testenv.Eventually(t, 20*time.Second, "the ward's leader is told of the visit", func() bool {
			for _, it := range env.Request(t, http.MethodGet, "/api/v1/notifications", wardLeader, nil).JSON["items"].([]any) {
				if it.(map[string]any)["kind"] == "inspection.planned" {
					return true
				}
			}
			return false
		})
	})

	sheetURL := fmt.Sprintf("%s/%s/checklists/%d", base, id, nl)
	sh := env.Request(t, http.MethodGet, sheetURL, lead, nil)
	wantStatus(t, sh, http.StatusOK)
	checklist := sh.JSON["checklist"].(map[string]any)
	leadTask := sh.JSON["task_id"].(string)
	testenv.Eventually(t, 20*time.Second, "the checklist tasks are adopted", func() bool {
		_, _, ok := env.Task(t, leadTask)
		return ok
	})
	up := upload(t, env, lead, leadTask, "so-sach.jpg", []byte("\xff\xd8\xff\xe0 photo"))
	wantStatus(t, up, http.StatusCreated)
	answers := passingAnswers(checklist, up.JSON["id"].(string))

	t.Run("saves on a bad link", func(t *testing.T) {
		save := map[string]any{"save_id": "s1", "base_version": 0, "answers": answers}
		r := env.Request(t, http.MethodPut, sheetURL, lead, save)
		wantStatus(t, r, http.StatusOK)
		if num(r.JSON, "version") != 1 {
			t.Fatalf("first save: %s", r.Body)
		}
		if r := env.Request(t, http.MethodPut, sheetURL, lead, save); r.Status != 200 || num(r.JSON, "version") != 1 {
			t.Fatalf("a retried save: %d %s", r.Status, r.Body)
		}
		stale := env.Request(t, http.MethodPut, sheetURL, lead, map[string]any{"save_id": "s2", "base_version": 0, "answers": map[string]any{}})
		checkProblem(t, stale, 409, "conflict")
		if st := stale.JSON["state"].(map[string]any); num(st, "version") != 1 || len(st["answers"].(map[string]any)) != len(answers) {
			t.Fatalf("a stale save's conflict shows %v", st)
		}
		checkProblem(t, env.Request(t, http.MethodPut, sheetURL, officer, save), 403, "forbidden")
	})

	t.Run("bad answers", func(t *testing.T) {
		score := firstItem(checklist, "score", "")
		bad := map[string]any{"save_id": "s3", "base_version": 1, "answers": map[string]any{score: map[string]any{"value": 9}}}
		f := checkProblem(t, env.Request(t, http.MethodPut, sheetURL, lead, bad), 422, "invalid")
		if len(f) == 0 || !strings.HasPrefix(f[0], "answers."+score) {
			t.Errorf("a score above its maximum: %v", f)
		}
		// A failing item without the evidence it requires saves as a
		// draft but is refused at submission.
		item := firstItem(checklist, "yesno", "evidence")
		if item == "" {
			item = firstItem(checklist, "yesno", "both")
		}
		failing := map[string]any{}
		for k, v := range answers {
			failing[k] = v
		}
		failing[item] = map[string]any{"value": "no", "comment": "Chưa có sổ"}
		wantStatus(t, env.Request(t, http.MethodPut, sheetURL, lead, map[string]any{"save_id": "s4", "base_version": 1, "answers": failing}), 200)
		f = checkProblem(t, env.Request(t, http.MethodPost, sheetURL+"/submit", lead, map[string]any{"version": 2}), 422, "invalid")
		if len(f) == 0 || !strings.HasPrefix(f[0], "answers."+item) {
			t.Errorf("a failing item without its evidence: %v", f)
		}
		wantStatus(t, env.Request(t, http.MethodPut, sheetURL, lead, map[string]any{"save_id": "s5", "base_version": 2, "answers": answers}), 200)
	})

	t.Run("submit", func(t *testing.T) {
		checkProblem(t, command(t, env, lead, leadTask, "submit", map[string]any{"data": map[string]any{"version": 3, "score": 100}}), 409, "conflict")
		r := env.Request(t, http.MethodPost, sheetURL+"/submit", lead, map[string]any{"version": 3}, "Idempotency-Key", "submit-1")
		wantStatus(t, r, http.StatusOK)
		if r.JSON["submitted"] != true || r.JSON["score"] == nil || r.JSON["score"] != r.JSON["max_score"] {
			t.Fatalf("submitted: %s", r.Body)
		}
		if r := env.Request(t, http.MethodPost, sheetURL+"/submit", lead, map[string]any{"version": 3}, "Idempotency-Key", "submit-1"); r.Status != 200 {
			t.Fatalf("a retried submission: %d %s", r.Status, r.Body)
		}
		checkProblem(t, env.Request(t, http.MethodPut, sheetURL, lead, map[string]any{"save_id": "s6", "base_version": 3, "answers": answers}), 409, "conflict")
		if st, _, _ := env.Task(t, leadTask); st != "done" {
			t.Fatalf("the lead's checklist task is %s", st)
		}
	})

	findings := base + "/" + id + "/findings"
	item := firstItem(checklist, "yesno", "")
	f1 := map[string]any{"save_id": "f1", "unit": unitNgocLam, "item": item, "severity": "high", "description": "Sổ theo dõi đối tượng chưa cập nhật", "due_days": 5}
	f2 := map[string]any{"save_id": "f2", "unit": unitNgocLam, "severity": "low", "description": "Thiếu pa-nô tuyên truyền", "due_days": 1, "working_days": false}
	t.Run("findings", func(t *testing.T) {
		r := env.Request(t, http.MethodPost, findings, member, f1)
		wantStatus(t, r, http.StatusCreated)
		if r2 := env.Request(t, http.MethodPost, findings, member, f1); r2.Status != 201 || num(r2.JSON, "id") != num(r.JSON, "id") {
			t.Fatalf("a retried finding: %d %s", r2.Status, r2.Body)
		}
		wantStatus(t, env.Request(t, http.MethodPost, findings, lead, f2), http.StatusCreated)
		bad := map[string]any{"save_id": "f3", "unit": unitNgocLam, "item": "nope", "severity": "high", "description": "x", "due_days": 5}
		hasField(checkProblem(t, env.Request(t, http.MethodPost, findings, lead, bad), 422, "invalid"), "item", "item")
		checkProblem(t, env.Request(t, http.MethodPost, findings, officer, f1), 403, "forbidden")
	})

	sign := base + "/" + id + "/sign"
	t.Run("sign", func(t *testing.T) {
		checkProblem(t, env.Request(t, http.MethodPost, sign, member, nil), 403, "forbidden")
		checkProblem(t, env.Request(t, http.MethodPost, sign, lead, nil), 409, "conflict")
		checkProblem(t, env.Request(t, http.MethodGet, base+"/"+id+"/minutes.pdf", lead, nil), 409, "conflict")
		ms := env.Request(t, http.MethodGet, sheetURL, member, nil)
		mine := passingAnswers(checklist, "")
		for k, a := range mine { // the member brings no photo
			if _, ok := a.(map[string]any)["files"]; ok {
				delete(mine, k)
			}
		}
		saved := env.Request(t, http.MethodPut, sheetURL, member, map[string]any{"save_id": "m1", "base_version": num(ms.JSON, "version"), "answers": mine})
		wantStatus(t, saved, http.StatusOK)
		wantStatus(t, env.Request(t, http.MethodPost, sheetURL+"/submit", member, map[string]any{"version": num(saved.JSON, "version")}), 200)
		r := env.Request(t, http.MethodPost, sign, lead, nil, "Idempotency-Key", "sign-1")
		wantStatus(t, r, http.StatusOK)
		if r.JSON["status"] != "signed" || !strings.HasSuffix(r.JSON["number"].(string), "/BB-KT") {
			t.Fatalf("signed: %s", r.Body)
		}
		if got := r.JSON["findings"].([]any); len(got) != 2 || got[0].(map[string]any)["task_id"] == "" {
			t.Fatalf("findings after signing: %v", got)
		}
		checkProblem(t, env.Request(t, http.MethodPost, sign, lead, nil), 409, "conflict")
		checkProblem(t, env.Request(t, http.MethodPut, sheetURL, member, map[string]any{"save_id": "m2", "base_version": 9, "answers": map[string]any{}}), 409, "conflict")
		f4 := map[string]any{"save_id": "f4", "unit": unitNgocLam, "severity": "low", "description": "Muộn", "due_days": 3}
		checkProblem(t, env.Request(t, http.MethodPost, findings, lead, f4), 409, "conflict")
	})

	t.Run("minutes", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, base+"/"+id+"/minutes.pdf", wardLeader, nil)
		wantStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("minutes content type %q", ct)
		}
		text := pdfText(t, r.Body)
		for _, want := range []string{"BIÊN BẢN KIỂM TRA", "Sổ theo dõi đối tượng chưa cập nhật", "Phường Ngọc Lâm", "Trưởng đoàn kiểm tra Hà Nội", "Độc lập - Tự do - Hạnh phúc"} {
			if !strings.Contains(text, want) {
				t.Errorf("the minutes lack %q:\n%s", want, text)
			}
		}
	})

	t.Run("remediation to closed", func(t *testing.T) {
		got := env.Request(t, http.MethodGet, base+"/"+id, lead, nil).JSON["findings"].([]any)
		t1, t2 := got[0].(map[string]any)["task_id"].(string), got[1].(map[string]any)["task_id"].(string)
		for _, who := range []string{wardLeader, cityLeader} {
			testenv.Eventually(t, 30*time.Second, "an escalation past the deadline reaches "+who, func() bool {
				for _, it := range env.Request(t, http.MethodGet, "/api/v1/notifications", who, nil).JSON["items"].([]any) {
					if m := it.(map[string]any); m["kind"] == "task.escalated" && m["task_id"] == t2 {
						return true
					}
				}
				return false
			})
		}
		doTask(t, env, officer, map[string]any{"id": t1}, map[string]any{"report": "Đã cập nhật sổ"}, "evidence")
		checkProblem(t, command(t, env, officer, t1, "approve", map[string]any{}), 403, "forbidden")
		wantStatus(t, command(t, env, member, t1, "return", map[string]any{"reason": "Thiếu ảnh trang sổ đã cập nhật"}), http.StatusOK)
		up := upload(t, env, officer, t1, "so-moi.jpg", []byte("\xff\xd8\xff\xe0 new photo"))
		wantStatus(t, up, http.StatusCreated)
		wantStatus(t, command(t, env, officer, t1, "submit", map[string]any{"data": map[string]any{"report": "Đã bổ sung ảnh", "evidence": up.JSON["id"]}}), 200)
		wantStatus(t, command(t, env, lead, t1, "approve", map[string]any{}), http.StatusOK)
		if env.Request(t, http.MethodGet, base+"/"+id, lead, nil).JSON["status"] != "signed" {
			t.Fatal("closed with a remediation open")
		}
		doTask(t, env, officer, map[string]any{"id": t2}, map[string]any{"report": "Đã treo pa-nô"}, "evidence")
		wantStatus(t, command(t, env, member, t2, "approve", map[string]any{}), http.StatusOK)
		testenv.Eventually(t, 30*time.Second, "the inspection closes", func() bool {
			return env.Request(t, http.MethodGet, base+"/"+id, wardLeader, nil).JSON["status"] == "closed"
		})
		v := env.Request(t, http.MethodGet, base+"/"+id, wardLeader, nil).JSON
		for _, f := range v["findings"].([]any) {
			if st := f.(map[string]any)["status"]; st != "approved" {
				t.Errorf("finding's remediation is %v", st)
			}
		}
		if len(v["checklists"].([]any)) != 2 || len(v["scores"].([]any)) != 1 {
			t.Errorf("checklists %v scores %v", v["checklists"], v["scores"])
		}
	})
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils, which
// .ci/run installs).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "m.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
