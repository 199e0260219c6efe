package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dsflow/calendar"
	"dsflow/testenv"
)

// secretaryLaunches: Long Biên's secretary launches the built-in SRH/FP
// campaign through the wizard on a phone (a date typed wrong is shown
// beside its field first), lands on its progress page, sees every ward's
// steps there once the workflow has written them, and gets the XLSX
// report through the page's link.
func secretaryLaunches(t *testing.T, s *browserSite) {
	token := s.env.Login(t, "thuky.longbien")
	tpl := ""
	for _, it := range s.env.Request(t, http.MethodGet, "/api/v1/templates", token, nil).JSON["items"].([]any) {
		if m := it.(map[string]any); m["key"] == "campaign-srh-fp" {
			tpl = fmt.Sprint(m["id"])
		}
	}
	if tpl == "" {
		t.Fatal("no built-in campaign template")
	}
	today := time.Now().In(calendar.Location())
	name := "Chiến dịch CSSKSS/KHHGĐ Long Biên " + today.Format("2006")

	p := s.phone(t, "secretary")
	p.login("thuky.longbien")
	p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/campaigns"]`)), http.StatusOK)
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/campaigns/new"]`)), http.StatusOK)
	p.contains("Phát động chiến dịch", "Bước 1/2", "Chiến dịch truyền thông lồng ghép chăm sóc SKSS/KHHGĐ")
	p.a11y("launch, step 1")
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/campaigns/new?template=`+tpl+`"]`)), http.StatusOK)
	p.contains("Bước 2/2", "Đơn vị phát động", "Quận Long Biên")
	p.do(chromedp.Clear(chromedp.CSS(`#name`)), chromedp.SendKeys(chromedp.CSS(`#name`), name),
		chromedp.Clear(chromedp.CSS(`#start`)), chromedp.SendKeys(chromedp.CSS(`#start`), today.Format("02/01/2006")),
		chromedp.Clear(chromedp.CSS(`#end`)), chromedp.SendKeys(chromedp.CSS(`#end`), "31/02/"+today.Format("2006")),
		chromedp.SendKeys(chromedp.CSS(`#t_new_iud`), "10"))
	p.fitsWidth()
	p.labelled()
	p.a11y("08-secretary-launch-form")
	p.shot("08-secretary-launch-form")
	launch := chromedp.Click(chromedp.CSS(`form[action="/campaigns/new"] button[type=submit]`))
	p.follow(launch, http.StatusUnprocessableEntity)
	if msg := p.text(`#end-err`); msg != "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 01/05/2026" {
		t.Fatalf("message beside the end date: %q", msg)
	}
	p.a11y("09-secretary-launch-error")
	p.shot("09-secretary-launch-error")
	p.do(chromedp.Clear(chromedp.CSS(`#end`)), chromedp.SendKeys(chromedp.CSS(`#end`), today.AddDate(0, 0, 20).Format("02/01/2006")))
	p.follow(launch, http.StatusOK)
	p.contains("Đã phát động chiến dịch", name, "Tải báo cáo (XLSX)")

	var id string
	for _, it := range s.env.Request(t, http.MethodGet, "/api/v1/campaigns", token, nil).JSON["items"].([]any) {
		if m := it.(map[string]any); m["name"] == name {
			id = m["id"].(string)
		}
	}
	if id == "" {
		t.Fatal("the campaign was not launched")
	}
	testenv.Eventually(t, 30*time.Second, "the wards' steps are written", func() bool {
		steps, _ := s.env.Request(t, http.MethodGet, "/api/v1/campaigns/"+id, token, nil).JSON["steps"].([]any)
		return len(steps) >= 4
	})
	p.follow(chromedp.Reload(), http.StatusOK)
	p.contains("Tiến độ nộp báo cáo", "Xây dựng kế hoạch chiến dịch của xã/phường", "0/2", "Kết quả so với chỉ tiêu: Quận Long Biên", "Phường Ngọc Lâm")
	p.fitsWidth()
	p.a11y("10-secretary-campaign-progress")
	p.shot("10-secretary-campaign-progress")
	report, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/report.xlsx"]').href)
		.then(r => r.status + " " + r.headers.get("Content-Type"))`, chromedp.EvalAwaitPromise))
	if err != nil || report != "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("the report link: %q (%v)", report, err)
	}
	p.noProblems()
}

// shortChecklist has a section for each kind of answer the page offers.
var shortChecklist = map[string]any{
	"title": map[string]any{"vi": "Kiểm tra nhanh công tác Dân số - KHHGĐ", "en": "Quick inspection"},
	"sections": []any{
		map[string]any{"key": "plan", "title": map[string]any{"vi": "Kế hoạch", "en": "Planning"}, "items": []any{
			map[string]any{"key": "annual_plan", "text": map[string]any{"vi": "Có kế hoạch năm được phê duyệt", "en": "An approved annual plan"},
				"answer": "yesno", "required": true, "require_on_fail": "comment", "weight": 2},
			map[string]any{"key": "advice", "text": map[string]any{"vi": "Chất lượng tham mưu", "en": "Quality of advice"}, "answer": "score", "max_score": 5},
		}},
		map[string]any{"key": "work", "title": map[string]any{"vi": "Kết quả thực hiện", "en": "Results"}, "items": []any{
			map[string]any{"key": "meetings", "text": map[string]any{"vi": "Số cuộc giao ban trong kỳ", "en": "Briefings held"}, "answer": "number", "min": 0},
			map[string]any{"key": "rating", "text": map[string]any{"vi": "Xếp loại chung", "en": "Overall rating"}, "answer": "choice", "choices": []string{"Tốt", "Khá", "Trung bình"}},
			map[string]any{"key": "partners", "text": map[string]any{"vi": "Đoàn thể phối hợp", "en": "Partner bodies"}, "answer": "multi", "choices": []string{"Hội Phụ nữ", "Đoàn Thanh niên", "Trạm y tế"}},
		}},
		map[string]any{"key": "notes", "title": map[string]any{"vi": "Nhận xét chung", "en": "Remarks"}, "items": []any{
			map[string]any{"key": "remarks", "text": map[string]any{"vi": "Nhận xét của đoàn", "en": "The team's remarks"}, "answer": "text"},
			map[string]any{"key": "photos", "text": map[string]any{"vi": "Ảnh sổ sách", "en": "Photos of the registers"}, "answer": "evidence"},
		}},
	},
}

// inspectorFills: Hà Nội's lead inspector fills a checklist for Ngọc Lâm on
// a phone, section by section (going back finds the answers saved), is
// told at submission what a failing item still needs, beside it, adds it
// and submits.
func inspectorFills(t *testing.T, s *browserSite) {
	createShortChecklist(t, s.env)
	lead := s.env.Login(t, "truongdoan.hanoi")
	today := time.Now().In(calendar.Location())
	planned := s.env.Request(t, http.MethodPost, "/api/v1/inspections", lead, map[string]any{
		"name": "Kiểm tra nhanh phường Ngọc Lâm", "checklist": "kiem-tra-nhanh", "units": []string{"DEMO-NGOCLAM"},
		"lead": s.env.UserID(t, "truongdoan.hanoi"), "members": []uint{s.env.UserID(t, "kiemtra.hanoi")},
		"window": map[string]string{"start": today.Format("2006-01-02"), "end": today.AddDate(0, 0, 2).Format("2006-01-02")},
	})
	id, _ := planned.JSON["id"].(string)
	if planned.Status != http.StatusCreated || id == "" {
		t.Fatalf("plan inspection: %d %s", planned.Status, planned.Body)
	}
	sheet := fmt.Sprintf("/inspections/%s/checklists/%d", id, s.env.UnitID(t, "DEMO-NGOCLAM"))

	p := s.phone(t, "inspector")
	p.login("truongdoan.hanoi")
	p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/inspections"]`)), http.StatusOK)
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/inspections/`+id+`"]`)), http.StatusOK)
	p.contains("Kiểm tra nhanh phường Ngọc Lâm", "Điền bảng kiểm: Phường Ngọc Lâm")
	p.a11y("inspection")
	fillShortChecklist(t, s.env, p, sheet, "1")
}

// createShortChecklist adds shortChecklist (key kiem-tra-nhanh) as the admin.
func createShortChecklist(t *testing.T, env *testenv.Env) {
	t.Helper()
	created := env.Request(t, http.MethodPost, "/api/v1/checklists", env.Login(t, "admin"), map[string]any{"key": "kiem-tra-nhanh", "definition": shortChecklist})
	if created.Status != http.StatusCreated {
		t.Fatalf("create checklist: %d %s", created.Status, created.Body)
	}
}

// fillShortChecklist: from the inspection's page, the lead inspector on p
// opens their checklist of shortChecklist at sheet (the page's path) and
// fills it section by section (going back finds the answers saved), is
// told at submission what a failing item still needs, beside it, adds it
// and submits. Screenshots are named <shot>1-… to <shot>3-….
func fillShortChecklist(t *testing.T, env *testenv.Env, p *phone, sheet, shot string) {
	p.follow(chromedp.Click(chromedp.CSS(`a[href="`+sheet+`"]`)), http.StatusOK)
	p.contains("Mục 1/3: Kế hoạch", "Có kế hoạch năm được phê duyệt", "Không áp dụng")
	p.do(chromedp.Click(chromedp.CSS(`input[name="a_annual_plan"][value="no"]`)), chromedp.Click(chromedp.CSS(`input[name="a_advice"][value="4"]`)))
	p.fitsWidth()
	p.labelled()
	p.a11y("1-inspector-section-1")
	p.shot(shot + "1-inspector-section-1")
	next := chromedp.Click(chromedp.CSS(`button[name="go"][value="next"]`))
	p.follow(next, http.StatusOK)
	p.contains("Mục 2/3: Kết quả thực hiện")
	p.do(chromedp.SendKeys(chromedp.CSS(`#a_meetings`), "3"), chromedp.SetValue(chromedp.CSS(`#a_rating`), "Khá"),
		chromedp.Click(chromedp.CSS(`input[name="a_partners"][value="Hội Phụ nữ"]`)))
	p.follow(chromedp.Click(chromedp.CSS(`button[name="go"][value="prev"]`)), http.StatusOK)
	if !p.checked(`input[name="a_annual_plan"][value="no"]`) {
		t.Fatal("back in section 1, the saved answer is not there")
	}
	p.follow(next, http.StatusOK)
	p.labelled()
	p.a11y("checklist section 2")
	if v := p.value(`#a_meetings`); v != "3" {
		t.Fatalf("section 2 was saved on the way back: meetings %q", v)
	}
	p.follow(next, http.StatusOK)
	p.contains("Mục 3/3: Nhận xét chung", "Chụp hoặc chọn ảnh minh chứng")
	p.labelled()
	p.a11y("checklist section 3")
	// A photo of the registers, as a phone's camera gives it.
	photo := filepath.Join(t.TempDir(), "so-sach.png")
	if err := os.WriteFile(photo, append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...), 0o644); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SendKeys(chromedp.CSS(`#a_remarks`), "Đơn vị triển khai đúng kế hoạch"),
		chromedp.SetUploadFiles(chromedp.CSS(`#a_photos`), []string{photo}))
	submit := chromedp.Click(chromedp.CSS(`button[name="go"][value="submit"]`))
	p.follow(submit, http.StatusUnprocessableEntity)
	p.contains("Mục 1/3: Kế hoạch")
	if msg := p.text(`#c_annual_plan-err`); msg == "" {
		t.Fatal("no message beside the failing item's comment")
	}
	p.a11y("2-inspector-completeness")
	p.shot(shot + "2-inspector-completeness")
	p.do(chromedp.SendKeys(chromedp.CSS(`#c_annual_plan`), "Kế hoạch năm chưa được phê duyệt"))
	p.follow(next, http.StatusOK)
	p.follow(next, http.StatusOK)
	p.follow(submit, http.StatusOK)
	p.contains("Đã nộp bảng kiểm", "Điểm", "Đơn vị triển khai đúng kế hoạch", "Đã có 1 tệp.")
	p.fitsWidth()
	p.a11y("3-inspector-submitted")
	p.shot(shot + "3-inspector-submitted")
	got := env.Request(t, http.MethodGet, "/api/v1"+sheet, env.Login(t, "truongdoan.hanoi"), nil)
	if got.JSON["submitted"] != true {
		t.Fatalf("the checklist is not submitted: %s", got.Body)
	}
	if files, _ := got.JSON["answers"].(map[string]any)["photos"].(map[string]any)["files"].([]any); len(files) != 1 {
		t.Errorf("the photo is not the evidence item's file: %s", got.Body)
	}
	p.noProblems()
}

// labelled checks that every input of the page has a label a screen
// reader announces.
func (p *phone) labelled() {
	p.t.Helper()
	bare, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(
		'input:not([type=hidden]), select, textarea')).filter(e => !(e.labels && e.labels.length) &&
		!e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')).map(e => e.name || e.id)`))
	if err != nil || len(bare) > 0 {
		p.t.Errorf("%s: inputs without a label: %v (%v)", p.who, bare, err)
	}
}

func (p *phone) checked(sel string) bool {
	p.t.Helper()
	ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).checked`, sel)))
	if err != nil {
		p.t.Fatalf("%s: %v", p.who, err)
	}
	return ok
}

func (p *phone) value(sel string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("%s: %v", p.who, err)
	}
	return v
}
