package web_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dsflow/testenv"
)

// TestBrowserLeader drives two phones against a real dsflow: Ngọc Lâm's
// leader sees a task go overdue (in the list, the 30-day chart and the
// exports); the officer attaches a file on the task page (a file over the
// limit is refused at once, with the reason), finds the report's draft
// again after leaving the page, and submits; the leader sees the task
// leave the overdue list, approves two other submissions in one go (one
// of their own work is not offered), sends the same bulk form again
// without approving anything twice, and signs the first task off. Every
// page passes the accessibility checks of a11y_test.go.
func TestBrowserLeader(t *testing.T) {
	s := startBrowserSite(t, browserSiteOptions{})

	ngocLam := s.env.UnitID(t, "DEMO-NGOCLAM")
	leaderToken, officerToken := s.env.Login(t, "lanhdao.ngoclam"), s.env.Login(t, "canbo.ngoclam")
	officerID, leaderID := s.env.UserID(t, "canbo.ngoclam"), s.env.UserID(t, "lanhdao.ngoclam")
	newTask := func(title string, assignee uint, due map[string]any) string {
		t.Helper()
		r := s.env.Request(t, http.MethodPost, "/api/v1/tasks", leaderToken, map[string]any{
			"title": map[string]any{"vi": title, "en": title}, "unit_id": ngocLam, "assignee_id": assignee, "due": due,
			"sign_off": []any{map[string]any{"unit_id": ngocLam, "role": "leader"}},
			"form": map[string]any{"fields": []any{
				map[string]any{"name": "births", "type": "count", "label": map[string]any{"vi": "Số trẻ sinh ra", "en": "Births"}, "required": true},
				map[string]any{"name": "note", "type": "text", "label": map[string]any{"vi": "Ghi chú", "en": "Note"}},
			}},
		})
		id, _ := r.JSON["id"].(string)
		if r.Status != http.StatusCreated || id == "" {
			t.Fatalf("create task %q: %d %s", title, r.Status, r.Body)
		}
		return id
	}
	submit := func(token, id string) {
		t.Helper()
		if r := s.env.Request(t, http.MethodPost, "/api/v1/tasks/"+id+"/submit", token, map[string]any{"data": map[string]any{"births": 3}}); r.Status != http.StatusOK {
			t.Fatalf("submit %s: %d %s", id, r.Status, r.Body)
		}
	}
	inDays := map[string]any{"days": 5, "working_days": true}
	late := newTask("Báo cáo rà soát hộ gia đình", officerID, map[string]any{"at": time.Now().Add(4 * time.Second).UTC().Format(time.RFC3339)})
	bulk1, bulk2 := newTask("Báo cáo tổ dân phố 3", officerID, inDays), newTask("Báo cáo tổ dân phố 8", officerID, inDays)
	own := newTask("Kế hoạch truyền thông của phường", leaderID, inDays)
	submit(officerToken, bulk1)
	submit(officerToken, bulk2)
	submit(leaderToken, own)
	testenv.Eventually(t, 40*time.Second, "the task goes overdue", func() bool {
		r := s.env.Request(t, http.MethodGet, "/api/v1/tasks/"+late, leaderToken, nil)
		return r.JSON["overdue"] == true
	})

	leader := s.phone(t, "leader")
	leaderConsole := watchConsole(t, leader.ctx)
	leader.login("lanhdao.ngoclam")
	t.Run("the leader sees the task overdue", func(t *testing.T) {
		leader.t = t
		leader.follow(chromedp.Click(chromedp.CSS(`nav a[href="/overdue"]`)), http.StatusOK)
		leader.contains("Quá hạn trong Phường Ngọc Lâm", "Báo cáo rà soát hộ gia đình", "Số việc quá hạn 30 ngày qua")
		if desc := leader.evalString(`document.querySelector("svg.chart desc").textContent`); !strings.Contains(desc, "hôm nay: 1,") {
			t.Errorf("the chart says %q", desc)
		}
		if n := leader.count(`svg.chart rect.col`); n != 30 {
			t.Errorf("the chart has %d bars, want 30", n)
		}
		leader.fitsWidth()
		checkA11y(t, leader.ctx, "leader overdue", leaderConsole)
		leader.shot("40-leader-overdue")

		csv := leader.fetch(`a[href^="/overdue/export.csv"]`)
		if !strings.HasPrefix(csv, "200 text/csv; charset=utf-8 STT,Tên việc,Đơn vị") || !strings.Contains(csv, "Báo cáo rà soát hộ gia đình,Phường Ngọc Lâm") {
			t.Errorf("the CSV export: %q", csv)
		}
		// A byte order mark first (text() above drops it), for Excel.
		if bom := leader.evalString(`fetch(document.querySelector('a[href^="/overdue/export.csv"]').href).then(r => r.arrayBuffer())
			.then(b => Array.from(new Uint8Array(b).slice(0, 3)).map(x => x.toString(16)).join(""))`); bom != "efbbbf" {
			t.Errorf("the CSV starts with %s, not a UTF-8 BOM", bom)
		}
		if xlsx := leader.fetch(`a[href^="/overdue/export.xlsx"]`); !strings.HasPrefix(xlsx, "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet PK") {
			t.Errorf("the XLSX export: %.80q", xlsx)
		}
	})

	officer := s.phone(t, "officer")
	officerConsole := watchConsole(t, officer.ctx)
	officer.login("canbo.ngoclam")
	t.Run("the officer attaches a file and submits the task", func(t *testing.T) {
		officer.t = t
		officer.contains("Báo cáo rà soát hộ gia đình", "Quá hạn")
		officer.follow(chromedp.Click(chromedp.CSS(`a[href="/tasks/`+late+`"]`)), http.StatusOK)
		officer.contains("Tệp đính kèm", "Chưa có tệp nào", "Chụp ảnh bằng máy")
		if got := officer.attr(`#photo`, "capture") + " " + officer.attr(`#photo`, "accept"); got != "environment image/*" {
			t.Errorf("the photo input: %q", got)
		}
		checkA11y(t, officer.ctx, "officer task", officerConsole)

		dir := t.TempDir()
		big := filepath.Join(dir, "anh-qua-lon.jpg")
		if err := os.WriteFile(big, append([]byte("\xff\xd8\xff\xe0"), make([]byte, 11<<20)...), 0o644); err != nil {
			t.Fatal(err)
		}
		officer.do(chromedp.SetUploadFiles(chromedp.CSS(`#photo`), []string{big}))
		officer.contains("Tệp quá lớn: tối đa 10 MB mỗi tệp")
		officer.shot("41-officer-file-too-large")
		// Sent anyway, the script keeps it here: nothing is uploaded.
		officer.do(chromedp.Click(chromedp.CSS(`form.upload button[type=submit]`)))
		if loc := officer.location(); !strings.HasSuffix(loc, "/tasks/"+late) {
			t.Fatalf("a file over the limit was sent: at %s", loc)
		}

		pdf := filepath.Join(dir, "bien-ban-ra-soat.pdf")
		pdfBody := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
		if err := os.WriteFile(pdf, pdfBody, 0o644); err != nil {
			t.Fatal(err)
		}
		officer.follow(chromedp.Navigate(s.url+"/tasks/"+late), http.StatusOK)
		officer.do(chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{pdf}))
		officer.follow(chromedp.Click(chromedp.CSS(`form.upload button[type=submit]`)), http.StatusOK)
		officer.contains("Đã tải tệp lên", "bien-ban-ra-soat.pdf", "chưa gửi kèm", "Gửi kèm các tệp")
		if got := officer.fetch(`#files a[href*="/files/"]`); got != "200 application/pdf "+string(pdfBody) {
			t.Errorf("the file's download: %q", got)
		}

		// A draft: typed, the page left without sending, found again.
		officer.do(chromedp.SendKeys(chromedp.CSS(`#f_births`), "17"), chromedp.SendKeys(chromedp.CSS(`#f_note`), "Đã rà soát 29 tổ"))
		officer.follow(chromedp.Navigate(s.url+"/tasks/"+late), http.StatusOK)
		if v := officer.value(`#f_births`); v != "17" {
			t.Fatalf("the draft was not restored: births %q", v)
		}
		officer.contains("Đã khôi phục bản nháp chưa gửi")
		officer.fitsWidth()
		checkA11y(t, officer.ctx, "officer task with a draft", officerConsole)
		officer.shot("42-officer-draft-restored")

		officer.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/`+late+`/submit"] button[type=submit]`)), http.StatusOK)
		officer.contains("Đã nộp", "Chờ duyệt", "Đã rà soát 29 tổ", "bien-ban-ra-soat.pdf")
		if n := officer.evalInt(`Object.keys(localStorage).filter(k => k.startsWith("dsflow-draft:")).length`); n != 0 {
			t.Errorf("%d drafts left after the submit", n)
		}
		officer.shot("43-officer-submitted-with-file")
		r := s.env.Request(t, http.MethodGet, "/api/v1/tasks/"+late, officerToken, nil)
		if r.JSON["status"] != "submitted" || !strings.Contains(string(r.Body), `"attachment_ids":["f-`) {
			t.Fatalf("the submission: %s", r.Body)
		}
		officer.noProblems()
	})

	t.Run("the leader sees it leave the overdue list and signs off", func(t *testing.T) {
		leader.t = t
		leader.follow(chromedp.Navigate(s.url+"/overdue"), http.StatusOK)
		leader.contains("Không có việc quá hạn")
		if desc := leader.evalString(`document.querySelector("svg.chart desc").textContent`); !strings.Contains(desc, "hôm nay: 0,") {
			t.Errorf("the chart says %q", desc)
		}
		checkA11y(t, leader.ctx, "leader overdue, none", leaderConsole)
		leader.shot("44-leader-overdue-cleared")

		leader.follow(chromedp.Click(chromedp.CSS(`nav a[href="/signoffs"]`)), http.StatusOK)
		leader.contains("Báo cáo tổ dân phố 3", "Báo cáo tổ dân phố 8", "Báo cáo rà soát hộ gia đình", "Kế hoạch truyền thông của phường",
			"Bạn đã làm việc này nên không tự duyệt được")
		if n := leader.count(`#t-` + own + ` input[name="task"]`); n != 0 {
			t.Errorf("the leader's own work is offered for bulk approval")
		}
		leader.do(chromedp.Click(chromedp.CSS(`#pick-`+bulk1)), chromedp.Click(chromedp.CSS(`#pick-`+bulk2)))
		leader.fitsWidth()
		checkA11y(t, leader.ctx, "leader sign-offs", leaderConsole)
		leader.shot("45-leader-bulk-ticked")
		// The form as sent, to send it again below.
		sent := leader.evalString(`new URLSearchParams(new FormData(document.getElementById("bulk"))).toString()`)
		leader.follow(chromedp.Click(chromedp.CSS(`#bulk button[type=submit]`)), http.StatusOK)
		leader.contains("Kết quả duyệt", "✓ Báo cáo tổ dân phố 3: Đã duyệt", "✓ Báo cáo tổ dân phố 8: Đã duyệt")
		checkA11y(t, leader.ctx, "leader bulk results", leaderConsole)
		leader.shot("46-leader-bulk-approved")
		revisions := map[string]int{}
		for _, id := range []string{bulk1, bulk2} {
			status, rev, _ := s.env.Task(t, id)
			if status != "approved" {
				t.Fatalf("task %s is %s after the bulk approval", id, status)
			}
			revisions[id] = rev
		}
		// The same form again (a retry after a lost answer): each task's
		// key replays its first answer; nothing is approved twice.
		again := leader.evalString(`fetch("/signoffs/approve", {method: "POST", body: new URLSearchParams(` + jsString(sent) + `)})
			.then(r => r.text().then(b => r.status + " " + b))`)
		if !strings.HasPrefix(again, "200 ") || strings.Count(again, "Đã duyệt") < 2 {
			t.Errorf("the bulk form sent again: %.300s", again)
		}
		for id, rev := range revisions {
			if _, now, _ := s.env.Task(t, id); now != rev {
				t.Errorf("task %s went from revision %d to %d on the retry", id, rev, now)
			}
		}

		// A photo with a comment before deciding: the comment carries it.
		png := filepath.Join(t.TempDir(), "anh-so-to-7.png")
		if err := os.WriteFile(png, append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...), 0o644); err != nil {
			t.Fatal(err)
		}
		leader.follow(chromedp.Navigate(s.url+"/tasks/"+late), http.StatusOK)
		leader.do(chromedp.SetUploadFiles(chromedp.CSS(`#photo`), []string{png}))
		leader.follow(chromedp.Click(chromedp.CSS(`form.upload button[type=submit]`)), http.StatusOK)
		leader.contains("Đã tải tệp lên", "anh-so-to-7.png", "chưa gửi kèm")
		leader.do(chromedp.SendKeys(chromedp.CSS(`#comment-text`), "Ảnh sổ sách tổ 7 kèm theo"))
		leader.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/`+late+`/comment"] button[type=submit]`)), http.StatusOK)
		leader.contains("Đã gửi ý kiến", "Ảnh sổ sách tổ 7 kèm theo")
		if body := leader.text("#files"); strings.Contains(body, "chưa gửi kèm") {
			t.Errorf("the comment did not carry the photo: %s", body)
		}
		leader.follow(chromedp.Navigate(s.url+"/signoffs"), http.StatusOK)
		leader.follow(chromedp.Click(chromedp.CSS(`section[id="t-`+late+`"] form[action$="/approve"] button`)), http.StatusOK)
		leader.contains("Đã duyệt")
		leader.follow(chromedp.Navigate(s.url+"/tasks/"+late), http.StatusOK)
		leader.contains("Đã duyệt", "bien-ban-ra-soat.pdf", "17")
		checkA11y(t, leader.ctx, "leader task approved", leaderConsole)
		leader.shot("47-leader-task-done")
		if status, _, _ := s.env.Task(t, late); status != "approved" {
			t.Fatalf("the late task is %s", status)
		}
		leader.noProblems()
	})

	t.Run("the officer saves My tasks' filters", func(t *testing.T) {
		officer.t = t
		// Filters other than the default open the filter panel.
		officer.follow(chromedp.Navigate(s.url+"/tasks?show=all&overdue=1"), http.StatusOK)
		officer.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/filters"] button[value="save"]`)), http.StatusOK)
		officer.contains("Đã lưu bộ lọc")
		officer.follow(chromedp.Click(chromedp.CSS(`nav a[href="/tasks"]`)), http.StatusOK)
		officer.contains("Đang dùng bộ lọc đã lưu")
		if !officer.checked(`#overdue`) || officer.value(`#show`) != "all" {
			t.Error("My tasks does not open with the saved filters")
		}
		checkA11y(t, officer.ctx, "officer my tasks, saved filters", officerConsole)
		officer.shot("48-officer-saved-filters")
		officer.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/filters"] button[value="clear"]`)), http.StatusOK)
		officer.follow(chromedp.Navigate(s.url+"/tasks"), http.StatusOK)
		if officer.checked(`#overdue`) || officer.value(`#show`) != "todo" {
			t.Error("the cleared filters still apply")
		}
		officer.noProblems()
	})
}

// count is how many elements match sel.
func (p *phone) count(sel string) int {
	p.t.Helper()
	return p.evalInt(`document.querySelectorAll(` + jsString(sel) + `).length`)
}

func (p *phone) evalInt(expr string) int {
	p.t.Helper()
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](expr))
	if err != nil {
		p.t.Fatalf("%s: %s: %v", p.who, expr, err)
	}
	return n
}

func (p *phone) evalString(expr string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: %v", p.who, err)
	}
	return s
}

// fetch downloads the target of the link sel in the page and returns its
// status, content type and body.
func (p *phone) fetch(sel string) string {
	p.t.Helper()
	return p.evalString(`fetch(document.querySelector(` + jsString(sel) + `).href)
		.then(r => r.text().then(b => r.status + " " + r.headers.get("Content-Type") + " " + b))`)
}

func (p *phone) attr(sel, name string) string {
	p.t.Helper()
	return p.evalString(`document.querySelector(` + jsString(sel) + `).getAttribute(` + jsString(name) + `) || ""`)
}

func (p *phone) location() string {
	p.t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.t.Fatalf("%s: %v", p.who, err)
	}
	return loc
}

// jsString quotes s for a script.
func jsString(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b.WriteString(`\u`)
			const hex = "0123456789abcdef"
			b.WriteString(string([]byte{hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15]}))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
