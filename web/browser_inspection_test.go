package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dsflow/calendar"
	"dsflow/testenv"
)

// TestBrowserInspection drives chromium on a phone against a real dsflow:
// Hà Nội's lead inspector plans an inspection of Ngọc Lâm through the plan
// form, fills the checklist (fillShortChecklist), adds a finding and
// signs the minutes; the ward's officer completes the remediation on the
// task page (claim, a photo from the camera input, the report); the inspector verifies
// it from the inspection's page. Then Ngọc Lâm's health officer sees a
// case's next step and deadline in the list and moves the case to Bồ Đề,
// whose health officer finds it with its step in their list.
// Screenshots go to $DSFLOW_ARTIFACTS/web (names 38-… to 52-…).
func TestBrowserInspection(t *testing.T) {
	s := startBrowserSite(t, browserSiteOptions{})
	createShortChecklist(t, s.env)

	t.Run("an inspector plans, inspects, finds, signs and verifies", func(t *testing.T) {
		inspectorPlansToVerification(t, s)
	})
	t.Run("a health officer sees the next step and moves a case", func(t *testing.T) {
		nurseTransfers(t, s)
	})
}

func inspectorPlansToVerification(t *testing.T, s *browserSite) {
	const name = "Kiểm tra công tác DS-KHHGĐ phường Ngọc Lâm"
	ngocLam := s.env.UnitID(t, "DEMO-NGOCLAM")
	p := s.phone(t, "lead inspector")
	p.login("truongdoan.hanoi")
	p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/inspections"]`)), http.StatusOK)
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/inspections/new"]`)), http.StatusOK)
	p.contains("Lập kế hoạch kiểm tra", "Phường Ngọc Lâm", "Trưởng đoàn kiểm tra Hà Nội")
	p.a11y("inspections, plan")
	plan := chromedp.Click(chromedp.CSS(`form[action="/inspections/new"] button[type=submit]`))
	// Without a unit: the API's message beside the units, the name kept.
	p.do(chromedp.SendKeys(chromedp.CSS(`#name`), name), chromedp.SetValue(chromedp.CSS(`#checklist`), "kiem-tra-nhanh"))
	p.follow(plan, http.StatusUnprocessableEntity)
	if msg := p.text(`#units-err`); msg == "" {
		t.Fatal("no message beside the units")
	}
	if v := p.value(`#name`); v != name {
		t.Fatalf("the name typed is kept: %q", v)
	}
	p.do(chromedp.SetValue(chromedp.CSS(`#checklist`), "kiem-tra-nhanh"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="units"][value="%d"]`, ngocLam))))
	p.fitsWidth()
	p.labelled()
	p.a11y("38-inspector-plan-form")
	p.shot("38-inspector-plan-form")
	p.follow(plan, http.StatusOK)
	p.contains("Đã lập kế hoạch kiểm tra", name, "Điền bảng kiểm: Phường Ngọc Lâm")
	p.a11y("39-inspector-planned")
	p.shot("39-inspector-planned")
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimPrefix(strings.Split(strings.TrimPrefix(loc, s.url), "?")[0], "/inspections/")

	fillShortChecklist(t, s.env, p, fmt.Sprintf("/inspections/%s/checklists/%d", id, ngocLam), "4")
	p.follow(chromedp.Navigate(s.url+"/inspections/"+id), http.StatusOK)
	p.do(chromedp.SendKeys(chromedp.CSS(`#f-description`), "Kế hoạch năm chưa được phê duyệt: trình phê duyệt"),
		chromedp.SetValue(chromedp.CSS(`#f-item`), "annual_plan"), chromedp.Click(chromedp.CSS(`input[name="severity"][value="high"]`)),
		chromedp.Clear(chromedp.CSS(`#f-due_days`)), chromedp.SendKeys(chromedp.CSS(`#f-due_days`), "10"))
	p.labelled()
	p.follow(chromedp.Click(chromedp.CSS(`#add-finding button[type=submit]`)), http.StatusOK)
	p.contains("Đã ghi tồn tại, hạn chế", "Kế hoạch năm chưa được phê duyệt: trình phê duyệt", "Nghiêm trọng", "Hạn: 10 ngày làm việc sau khi ký")
	p.a11y("45-inspector-finding")
	p.shot("45-inspector-finding")

	sign := chromedp.Click(chromedp.CSS(`#sign button[type=submit]`))
	p.follow(sign, http.StatusUnprocessableEntity)
	p.contains("Hãy đánh dấu xác nhận trước khi ký")
	p.do(chromedp.Click(chromedp.CSS(`#confirm-sign`)))
	p.follow(sign, http.StatusOK)
	p.contains("Đã ký biên bản", "Tải biên bản (PDF)")
	p.fitsWidth()
	p.a11y("46-inspector-signed")
	p.shot("46-inspector-signed")

	if f := s.env.Request(t, http.MethodGet, "/api/v1/inspections/"+id, s.env.Login(t, "truongdoan.hanoi"), nil).JSON["findings"].([]any); len(f) != 1 || f[0].(map[string]any)["item"] != "annual_plan" {
		t.Fatalf("the finding, linked to its item: %v", f)
	}
	// The ward's officer remediates on their phone: claims the task, takes
	// a photo of the approved plan, and sends it with the report.
	officer := s.env.Login(t, "canbo.ngoclam")
	var task string
	for _, f := range s.env.Request(t, http.MethodGet, "/api/v1/inspections/"+id, officer, nil).JSON["findings"].([]any) {
		task, _ = f.(map[string]any)["task_id"].(string)
	}
	if task == "" {
		t.Fatal("the finding has no remediation task")
	}
	photo := filepath.Join(t.TempDir(), "so-ke-hoach.png")
	if err := os.WriteFile(photo, append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...), 0o644); err != nil {
		t.Fatal(err)
	}
	o := s.phone(t, "ward officer")
	o.login("canbo.ngoclam")
	o.follow(chromedp.Navigate(s.url+"/tasks/"+task), http.StatusOK)
	o.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/`+task+`/claim"] button`)), http.StatusOK)
	o.do(chromedp.SetUploadFiles(chromedp.CSS(`#photo`), []string{photo}))
	o.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/`+task+`/attachments"] button[type=submit]`)), http.StatusOK)
	o.contains("so-ke-hoach.png")
	o.do(chromedp.SendKeys(chromedp.CSS(`#f_report`), "Đã trình UBND phường phê duyệt kế hoạch năm"))
	if _, err := chromedp.Run(o.ctx, chromedp.Evaluate[int](`document.querySelector("#f_evidence").selectedIndex = 1`)); err != nil {
		t.Fatal(err)
	}
	o.fitsWidth()
	o.a11y("remediation task")
	o.shot("46b-officer-remediation")
	o.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/`+task+`/submit"] button[type=submit]`)), http.StatusOK)
	o.contains("Đã nộp", "Đã trình UBND phường phê duyệt kế hoạch năm")
	if status, _, _ := s.env.Task(t, task); status != "submitted" {
		t.Fatalf("the remediation is %s after the officer's submit", status)
	}
	o.noProblems()

	p.follow(chromedp.Reload(), http.StatusOK)
	p.contains("Kết quả khắc phục chờ xác nhận", "Đã trình UBND phường phê duyệt kế hoạch năm", "Minh chứng 1")
	p.fitsWidth()
	p.labelled()
	p.a11y("47-inspector-verify")
	p.shot("47-inspector-verify")
	evidence, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`fetch(document.querySelector('#verify a[href*="/evidence/"]').href)
		.then(r => r.status + " " + r.headers.get("Content-Type"))`, chromedp.EvalAwaitPromise))
	if err != nil || evidence != "200 image/png" {
		t.Errorf("the evidence link: %q (%v)", evidence, err)
	}
	p.follow(chromedp.Click(chromedp.CSS(`#verify form[action="/tasks/`+task+`/approve"] button`)), http.StatusOK)
	p.contains("Đã xác nhận kết quả khắc phục")
	p.a11y("48-inspector-verified")
	p.shot("48-inspector-verified")
	if status, _, _ := s.env.Task(t, task); status != "approved" {
		t.Fatalf("the remediation is %s after the verification", status)
	}
	testenv.Eventually(t, 30*time.Second, "the inspection closes", func() bool {
		return s.env.Request(t, http.MethodGet, "/api/v1/inspections/"+id, officer, nil).JSON["status"] == "closed"
	})
	p.noProblems()
}

func nurseTransfers(t *testing.T, s *browserSite) {
	nurse := s.env.Login(t, "yte.ngoclam")
	screened := time.Now().In(calendar.Location()).AddDate(0, 0, -1).Format("2006-01-02")
	created := s.env.Request(t, http.MethodPost, "/api/v1/screening/cases", nurse, map[string]any{
		"type": "prenatal", "unit_id": s.env.UnitID(t, "DEMO-NGOCLAM"), "result": "positive", "protocol": "prenatal-followup", "screened_on": screened,
		"person": map[string]any{"full_name": "Lê Thị Hồng", "date_of_birth": "1994-08-20", "phone": "0987654321"}})
	id, _ := created.JSON["id"].(string)
	if created.Status != http.StatusCreated || id == "" {
		t.Fatalf("record a case: %d %s", created.Status, created.Body)
	}
	steps := s.env.Request(t, http.MethodGet, "/api/v1/screening/cases/"+id, nurse, nil).JSON["steps"].([]any)
	step := steps[0].(map[string]any)["title"].(string)
	due, _ := time.Parse(time.RFC3339, steps[0].(map[string]any)["due_at"].(string))

	p := s.phone(t, "nurse")
	p.login("yte.ngoclam")
	p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/screening"]`)), http.StatusOK)
	p.contains(id, step, "("+due.In(calendar.Location()).Format("02/01/2006")+")")
	p.fitsWidth()
	p.a11y("49-nurse-cases-next-step")
	p.shot("49-nurse-cases-next-step")
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/screening/cases/`+id+`"]`)), http.StatusOK)
	p.a11y("case")
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/screening/cases/`+id+`/transfer"]`)), http.StatusOK)
	p.do(chromedp.SendKeys(chromedp.CSS(`#q`), "bo de"))
	p.follow(chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)), http.StatusOK)
	p.contains("Phường Bồ Đề", "Quận Long Biên")
	p.do(chromedp.SendKeys(chromedp.CSS(`#reason`), "Chuyển về nhà chồng ở Bồ Đề"))
	p.fitsWidth()
	p.labelled()
	p.a11y("50-nurse-transfer")
	p.shot("50-nurse-transfer")
	p.follow(chromedp.Click(chromedp.CSS(`#transfer button[type=submit]`)), http.StatusOK)
	p.contains("Đã chuyển hồ sơ " + id)
	p.a11y("51-nurse-transferred")
	p.shot("51-nurse-transferred")
	p.noProblems()

	bd := s.env.Login(t, "yte.bode")
	var moved string
	testenv.Eventually(t, 30*time.Second, "Bồ Đề's station has the moved step", func() bool {
		for _, it := range s.env.Request(t, http.MethodGet, "/api/v1/screening/cases", bd, nil).JSON["items"].([]any) {
			if c := it.(map[string]any); c["id"] == id {
				if cur, ok := c["current_step"].(map[string]any); ok {
					moved, _ = cur["title"].(string)
				}
			}
		}
		return moved != ""
	})
	q := s.phone(t, "nurse at Bồ Đề")
	q.login("yte.bode")
	q.follow(chromedp.Click(chromedp.CSS(`nav a[href="/screening"]`)), http.StatusOK)
	q.contains(id, moved, "Phường Bồ Đề")
	q.a11y("52-nurse-bode-cases")
	q.shot("52-nurse-bode-cases")
	q.noProblems()
}
