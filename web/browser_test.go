package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestBrowser drives Debian's chromium on a 360×740 phone screen against a
// real dsflow (PostgreSQL, embedded Temporal, the API behind the pages): an
// officer opens a task from My tasks, claims it, sends it empty and sees
// the API's message beside the field, fills and submits it; the ward's
// leader finds it in Chờ duyệt and approves it; a secretary launches a
// campaign and follows it; an inspector fills a checklist section by
// section and submits it (browser_flows_test.go); a health officer records
// a screening and reads its personal data after giving a purpose
// (browser_screening_test.go); a secretary runs a briefing cycle
// (browser_briefing_test.go). Screenshots go to
// $DSFLOW_ARTIFACTS (default: the test's temporary directory).
func TestBrowser(t *testing.T) {
	s := startBrowserSite(t, browserSiteOptions{})

	ngocLam := s.env.UnitID(t, "DEMO-NGOCLAM")
	created := s.env.Request(t, http.MethodPost, "/api/v1/tasks", s.env.Login(t, "lanhdao.longbien"), map[string]any{
		"title":          map[string]any{"vi": "Báo cáo sinh quý II", "en": "Q2 births report"},
		"instructions":   map[string]any{"vi": "Số liệu của cả 29 tổ dân phố."},
		"unit_id":        ngocLam,
		"candidate_role": "officer",
		"due":            map[string]any{"days": 5, "working_days": true},
		"sign_off":       []any{map[string]any{"unit_id": ngocLam, "role": "leader"}},
		"form": map[string]any{"fields": []any{
			map[string]any{"name": "births", "type": "count", "label": map[string]any{"vi": "Số trẻ sinh ra", "en": "Births"}, "required": true},
			map[string]any{"name": "third", "type": "count", "label": map[string]any{"vi": "Sinh con thứ 3 trở lên", "en": "Third or later births"}},
			map[string]any{"name": "visited", "type": "yesno", "label": map[string]any{"vi": "Đã đến từng hộ", "en": "Every household visited"}},
			map[string]any{"name": "note", "type": "text", "label": map[string]any{"vi": "Ghi chú", "en": "Note"}},
		}, "rules": []any{map[string]any{"left": "third", "op": "le", "right": "births"}}},
	})
	id, _ := created.JSON["id"].(string)
	if created.Status != http.StatusCreated || id == "" {
		t.Fatalf("create task: %d %s", created.Status, created.Body)
	}

	task := `a[href="/tasks/` + id + `"]`
	t.Run("an officer fills and submits the task on a phone", func(t *testing.T) {
		p := s.phone(t, "officer")
		p.follow(chromedp.Navigate(s.url+"/login"), http.StatusOK)
		p.a11y("login")
		p.login("canbo.ngoclam")
		p.a11y("1-officer-my-tasks")
		p.shot("1-officer-my-tasks")
		p.contains("Việc của tôi", "Báo cáo sinh quý II", "Chờ nhận")
		p.follow(chromedp.Click(chromedp.CSS(task)), http.StatusOK)
		p.contains("Số liệu của cả 29 tổ dân phố.", "Nhận việc")
		p.a11y("task to claim")
		p.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/`+id+`/claim"] button`)), http.StatusOK)
		p.contains("Đã nhận việc", "Số trẻ sinh ra")
		p.a11y("2-officer-task-form")
		p.shot("2-officer-task-form")

		// Sent empty: the API's message shows beside the field.
		p.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/`+id+`/submit"] button[type=submit]`)), http.StatusUnprocessableEntity)
		if msg := p.text(`#f_births-err`); msg != "Bắt buộc nhập" {
			t.Fatalf("message beside births: %q", msg)
		}
		p.a11y("3-officer-field-error")
		p.shot("3-officer-field-error")

		p.do(chromedp.SendKeys(chromedp.CSS(`#f_births`), "12"), chromedp.SendKeys(chromedp.CSS(`#f_third`), "1"),
			chromedp.Click(chromedp.CSS(`input[name="f_visited"][value="yes"]`)), chromedp.SendKeys(chromedp.CSS(`#f_note`), "Tổ 7 đã rà soát"))
		p.follow(chromedp.Click(chromedp.CSS(`form[action="/tasks/`+id+`/submit"] button[type=submit]`)), http.StatusOK)
		p.contains("Đã nộp", "Chờ duyệt", "Tổ 7 đã rà soát")
		p.fitsWidth()
		p.a11y("4-officer-submitted")
		p.shot("4-officer-submitted")
		if status, _, _ := s.env.Task(t, id); status != "submitted" {
			t.Fatalf("task status %s after the officer's submit", status)
		}
		p.noProblems()
	})

	t.Run("the ward's leader approves it from Chờ duyệt", func(t *testing.T) {
		p := s.phone(t, "leader")
		p.login("lanhdao.ngoclam")
		p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/signoffs"]`)), http.StatusOK)
		p.contains("Báo cáo sinh quý II", "Số trẻ sinh ra", "12", "Đã đến từng hộ", "Có")
		p.fitsWidth()
		p.a11y("5-leader-signoffs")
		p.shot("5-leader-signoffs")
		p.follow(chromedp.Click(chromedp.CSS(`section[id="t-`+id+`"] form[action$="/approve"] button`)), http.StatusOK)
		p.contains("Đã duyệt", "Không có việc nào chờ bạn duyệt")
		p.a11y("6-leader-approved")
		p.shot("6-leader-approved")
		if status, _, _ := s.env.Task(t, id); status != "approved" {
			t.Fatalf("task status %s after the approval", status)
		}
		p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/overdue"]`)), http.StatusOK)
		p.contains("Phường Ngọc Lâm")
		p.a11y("7-leader-overdue")
		p.shot("7-leader-overdue")
		p.noProblems()
	})

	t.Run("a secretary launches a campaign and follows it", func(t *testing.T) {
		secretaryLaunches(t, s)
	})
	t.Run("an inspector fills a checklist section by section and submits it", func(t *testing.T) {
		inspectorFills(t, s)
	})
	t.Run("a health officer records a positive case and reads it with a purpose", func(t *testing.T) {
		nurseRecords(t, s)
	})
	t.Run("a secretary runs a briefing cycle", func(t *testing.T) {
		secretaryBriefs(t, s)
	})
}

// phone is one person's browser (a browser context of its own, so its own
// cookies) on a 360×740 screen.
type phone struct {
	t         *testing.T
	ctx       context.Context
	base, dir string
	who       string
	mu        sync.Mutex
	problems  []problem
	// refused are the pages answered with the 4xx a step expected; the
	// browser logs those as failed loads, which they are not.
	refused map[string]bool
	// console gathers console errors page by page, for a11y.
	console *consoleWatch
}

type problem struct{ text, url string }

func newPhone(t *testing.T, browser context.Context, base, dir, who string) *phone {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &phone{t: t, ctx: ctx, base: base, dir: dir, who: who, refused: map[string]bool{}}
	// Console errors, uncaught exceptions and browser log errors (a CSP
	// violation, a missing asset) fail the test.
	err := chromedp.Listen(ctx, func(ev any) {
		var pr problem
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			pr.text = "exception: " + e.ExceptionDetails.Text
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				pr.text = fmt.Sprintf("console.error %v", e.Args)
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				pr = problem{text: "log: " + e.Entry.Text, url: e.Entry.URL}
			}
		}
		if pr.text != "" {
			p.mu.Lock()
			p.problems = append(p.problems, pr)
			p.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("%s: open a tab: %v", who, err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("%s: enable the log: %v", who, err)
	}
	p.console = watchConsole(t, ctx)
	p.do(chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	return p
}

func (p *phone) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", p.who, err)
	}
}

// follow runs an action that loads a page and checks the page's status.
func (p *phone) follow(action chromedp.Action[chromedp.Void], status int) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, action)
	if err != nil {
		p.t.Fatalf("%s: %v", p.who, err)
	}
	if status >= 400 {
		p.mu.Lock()
		p.refused[resp.URL] = true
		p.mu.Unlock()
	}
	if resp.Status != int64(status) {
		p.t.Fatalf("%s: %s answered %d, want %d: %s", p.who, resp.URL, resp.Status, status, p.text("main"))
	}
}

func (p *phone) login(username string) {
	p.t.Helper()
	p.follow(chromedp.Navigate(p.base+"/login"), http.StatusOK)
	p.do(chromedp.SendKeys(chromedp.CSS(`#username`), username), chromedp.SendKeys(chromedp.CSS(`#password`), "dsflow2026"))
	p.follow(chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)), http.StatusOK)
	if loc, err := chromedp.Run(p.ctx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/tasks") {
		p.t.Fatalf("%s: after login at %s (%v)", p.who, loc, err)
	}
}

func (p *phone) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("%s: text of %s: %v", p.who, sel, err)
	}
	return strings.TrimSpace(s)
}

func (p *phone) contains(want ...string) {
	p.t.Helper()
	body := p.text("body")
	for _, w := range want {
		if !strings.Contains(body, w) {
			p.t.Errorf("%s: the page does not show %q:\n%s", p.who, w, body)
		}
	}
}

// fitsWidth checks that nothing makes the phone scroll sideways (nor
// zoom out: a mobile browser widens the layout viewport to wide content).
func (p *phone) fitsWidth() {
	p.t.Helper()
	ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= Math.min(window.innerWidth, screen.width)`))
	if err != nil || !ok {
		p.t.Errorf("%s: the page is wider than the screen (%v)", p.who, err)
	}
}

func (p *phone) shot(name string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("%s: screenshot: %v", p.who, err)
	}
	if err := os.WriteFile(filepath.Join(p.dir, name+".png"), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *phone) noProblems() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pr := range p.problems {
		if !p.refused[pr.url] {
			p.t.Errorf("%s: %s %s", p.who, pr.text, pr.url)
		}
	}
}
