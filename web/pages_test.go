package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestMyTasksInBothLanguages(t *testing.T) {
	s := newSite(t, Deps{})
	s.login()
	vi := s.get("/tasks")
	for _, want := range []string{`<html lang="vi">`, "Việc của tôi", "quá hạn 3 ngày", "còn 2 ngày", "12/04/2026", "Quá hạn", "Đang làm", "Đăng xuất"} {
		if !strings.Contains(vi.body, want) {
			t.Errorf("vi: no %q", want)
		}
	}
	if i, j := strings.Index(vi.body, "/tasks/T1"), strings.Index(vi.body, "/tasks/T2"); i < 0 || j < 0 || i > j {
		t.Errorf("the overdue task comes first (%d, %d)", i, j)
	}
	if en := s.get("/tasks", "Accept-Language", "en-US,en;q=0.9"); !strings.Contains(en.body, "Việc của tôi") {
		t.Error("Vietnamese until the switch, whatever the browser's language")
	}
	if got := vi.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q", got)
	}
	if csp := vi.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP %q", csp)
	}

	// The switch is a form; it is remembered in a cookie.
	r := s.post("/lang", url.Values{"csrf": {vi.hidden(t, "/lang", "csrf")}, "lang": {"en"}, "back": {"/tasks"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/tasks" {
		t.Fatalf("lang: %d %s", r.status, r.header.Get("Location"))
	}
	en := s.get("/tasks")
	for _, want := range []string{`<html lang="en">`, "My tasks", "3 days overdue", "2 days left", "12/04/2026", "Quarterly report T1", "Sign out"} {
		if !strings.Contains(en.body, want) {
			t.Errorf("en: no %q", want)
		}
	}
	if calls := s.api.sent(http.MethodGet, "/api/v1/tasks"); calls[len(calls)-1].Lang != "en" {
		t.Errorf("the API is asked in English: %+v", calls[len(calls)-1])
	}
}

func TestCommandErrorBesideTheField(t *testing.T) {
	s := newSite(t, Deps{})
	s.login()
	tp := s.get("/tasks/T1")
	if !strings.Contains(tp.body, `id="f_births"`) || !strings.Contains(tp.body, "Số trẻ sinh ra") || !strings.Contains(tp.body, `inputmode="numeric"`) {
		t.Fatalf("the form is generated from the task's definition: %s", tp.body)
	}
	csrf, key := tp.hidden(t, "/tasks/T1/submit", "csrf"), tp.hidden(t, "/tasks/T1/submit", fieldKey)
	r := s.post("/tasks/T1/submit", url.Values{"csrf": {csrf}, fieldKey: {key}, "f_births": {""}, "f_note": {"Tổ 7"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.status)
	}
	if !strings.Contains(r.body, `<p class="err" id="f_births-err">Bắt buộc nhập</p>`) {
		t.Errorf("no message beside the field: %s", r.body)
	}
	if !strings.Contains(r.body, `aria-describedby="f_births-err"`) || !strings.Contains(r.body, "Tổ 7") {
		t.Errorf("the field is marked and what was typed is kept")
	}
	if got := r.hidden(t, "/tasks/T1/submit", fieldKey); got != key {
		t.Errorf("a retry keeps the key: %s, want %s", got, key)
	}
	ok := s.post("/tasks/T1/submit", url.Values{"csrf": {csrf}, fieldKey: {key}, "f_births": {"12"}, "f_note": {""}})
	if ok.status != http.StatusSeeOther || ok.header.Get("Location") != "/tasks/T1?done=submit" {
		t.Fatalf("submit: %d %s", ok.status, ok.header.Get("Location"))
	}
	calls := s.api.sent(http.MethodPost, "/api/v1/tasks/T1/submit")
	last := calls[len(calls)-1]
	data, _ := last.Body["data"].(map[string]any)
	if last.Key != key || data["births"] != float64(12) || len(data) != 1 {
		t.Fatalf("sent %+v", last)
	}

	t.Run("in English", func(t *testing.T) {
		s.setLang("en")
		r := s.post("/tasks/T1/submit", url.Values{"csrf": {csrf}, fieldKey: {newKey()}})
		if !strings.Contains(r.body, `<p class="err" id="f_births-err">Required</p>`) || !strings.Contains(r.body, "Births") {
			t.Errorf("%s", r.body)
		}
	})
}

func TestDueWords(t *testing.T) {
	for _, c := range []struct {
		due      time.Time
		vi, en   string
		describe string
	}{
		{now.Add(2 * time.Hour), "hết hạn hôm nay", "due today", "later today"},
		{now.Add(20 * time.Hour), "hết hạn ngày mai", "due tomorrow", "tomorrow morning"},
		{now.AddDate(0, 0, 2), "còn 2 ngày", "2 days left", "in two days"},
		{now.Add(-time.Hour), "quá hạn", "overdue", "an hour ago"},
		{now.AddDate(0, 0, -5), "quá hạn 5 ngày", "5 days overdue", "five days ago"},
	} {
		if got := dueWords("vi", c.due, now); got != c.vi {
			t.Errorf("%s: vi %q, want %q", c.describe, got, c.vi)
		}
		if got := dueWords("en", c.due, now); got != c.en {
			t.Errorf("%s: en %q, want %q", c.describe, got, c.en)
		}
	}
	for n, want := range map[float64][2]string{1234567: {"1.234.567", "1,234,567"}, 12.5: {"12,5", "12.5"}, -1000: {"-1.000", "-1,000"}, 0: {"0", "0"}} {
		if got := formatNumber("vi", n); got != want[0] {
			t.Errorf("vi %v: %q", n, got)
		}
		if got := formatNumber("en", n); got != want[1] {
			t.Errorf("en %v: %q", n, got)
		}
	}
}

func TestOverdue(t *testing.T) {
	s := newSite(t, Deps{})
	s.login()
	// The fake user is an officer: the link is not shown, but the API
	// decides, and the fake lets it through.
	top := s.get("/overdue")
	for _, want := range []string{"Quá hạn trong Phường Ngọc Lâm", "1.235", `href="/overdue?unit=70"`, "Tổ dân phố 7", "Việc của chính đơn vị",
		"Chiến dịch", ">30 ngày", `href="/tasks/T1"`, "quá hạn 3 ngày", `href="/overdue?cursor=abc&amp;unit=7"`} {
		if !strings.Contains(top.body, want) && !strings.Contains(top.body, html.EscapeString(want)) {
			t.Errorf("top: no %q", want)
		}
	}
	if strings.Contains(top.body, "Lên đơn vị cấp trên") || strings.Contains(top.body, "Về đơn vị của tôi") {
		t.Error("no way up from the user's own unit")
	}
	village := s.get("/overdue?unit=70")
	if !strings.Contains(village.body, "Quá hạn trong Tổ dân phố 7") || !strings.Contains(village.body, `<a href="/overdue">Về đơn vị của tôi</a>`) {
		t.Errorf("drill-down: %s", village.body)
	}
	if calls := s.api.sent(http.MethodGet, "/api/v1/overdue"); len(calls) != 2 {
		t.Fatalf("API calls %d", len(calls))
	}
	s.setLang("en")
	if en := s.get("/overdue"); !strings.Contains(en.body, "1,235") || !strings.Contains(en.body, "Overdue in Phường Ngọc Lâm") {
		t.Errorf("en: %s", en.body)
	}
}

// TestFirstLoad keeps a page's first load (HTML, CSS, JS: everything it
// fetches, as a browser taking gzip gets it) far under the 200 KB a slow
// link allows, and under it even uncompressed.
func TestFirstLoad(t *testing.T) {
	s := newSite(t, Deps{})
	for i, path := range []string{"/login", "/tasks", "/tasks/T1", "/campaigns/C1", "/campaigns/new?template=1", sheetPage} {
		if i == 1 {
			s.login()
		}
		p := s.get(path)
		if wire := FirstLoadOnWire(t, s.fetch, path); wire > 200<<10 {
			t.Errorf("%s: first load %d bytes on the wire", path, wire)
		}
		total := len(p.body)
		for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(p.body, -1) {
			total += len(s.get(html.UnescapeString(m[1])).body)
		}
		if total > 200<<10 {
			t.Errorf("%s: first load %d bytes uncompressed", path, total)
		}
		if strings.Contains(p.body, "http://") || strings.Contains(p.body, "https://") {
			t.Errorf("%s: refers to another site", path)
		}
	}
}

// FirstLoadOnWire is the bytes a browser that takes gzip fetches to show
// path: the page and every asset it names, as sent. fetch gets a path
// with header pairs (exported for the real-stack tests of web_test).
func FirstLoadOnWire(t *testing.T, fetch func(path string, header ...string) (int, http.Header, string), path string) int {
	t.Helper()
	status, header, sent := fetch(path, "Accept-Encoding", "gzip")
	if status != http.StatusOK {
		t.Fatalf("%s: %d", path, status)
	}
	body := sent
	if header.Get("Content-Encoding") == "gzip" {
		body = gunzip(t, sent)
	}
	total := len(sent)
	for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1) {
		status, _, asset := fetch(html.UnescapeString(m[1]), "Accept-Encoding", "gzip")
		if status != http.StatusOK {
			t.Fatalf("%s: %s answered %d", path, m[1], status)
		}
		total += len(asset)
	}
	return total
}

// fetch is site.get in FirstLoadOnWire's terms.
func (s *site) fetch(path string, header ...string) (int, http.Header, string) {
	p := s.get(path, header...)
	return p.status, p.header, p.body
}
