package web

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func (p page) has(t *testing.T, what string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(p.body, w) && !strings.Contains(p.body, html.EscapeString(w)) {
			t.Errorf("%s: no %q", what, w)
		}
	}
}

func TestLaunchWizard(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"secretary"}
	s.login()
	list := s.get("/campaigns")
	list.has(t, "list", `href="/campaigns"`, `href="/inspections"`, `href="/campaigns/new"`, "Chiến dịch CSSKSS/KHHGĐ 2026", "Đang diễn ra", "01/05/2026 – 30/06/2026")
	// The list filters by kind: a chosen kind goes to the API, an unknown one does not.
	s.get("/campaigns?kind=briefing").has(t, "kind filter", `<option value="briefing" selected>Giao ban</option>`, `<option value="annual_plan">Kế hoạch năm</option>`)
	s.get("/campaigns?kind=bogus")
	calls := s.api.sent(http.MethodGet, "/api/v1/campaigns")
	if n := len(calls); n < 3 || !strings.Contains(calls[n-2].Query, "kind=briefing") || strings.Contains(calls[n-1].Query, "kind=") {
		t.Errorf("kind filter: %+v", calls)
	}
	step1 := s.get("/campaigns/new")
	step1.has(t, "step 1", "Phát động chiến dịch", `href="/campaigns/new?template=1"`, "Chiến dịch CSSKSS/KHHGĐ")
	if strings.Contains(step1.body, "Giao ban quý") {
		t.Error("briefings run on a schedule, not from the wizard")
	}
	form := s.get("/campaigns/new?template=1")
	form.has(t, "step 2", `name="start"`, `value="15/04/2026"`, `value="15/05/2026"`, `<option value="3">Quận Long Biên</option><option value="8">— Phường Bồ Đề</option><option value="7" selected>— Phường Ngọc Lâm</option>`,
		`<option value="commune" selected>Xã/phường</option>`, `id="t_new_iud"`, "Người mới đặt vòng (người)")
	if strings.Contains(form.body, "Tổ dân phố 7") {
		t.Error("no village launches a campaign")
	}
	csrf, key := form.hidden(t, "/campaigns/new", "csrf"), form.hidden(t, "/campaigns/new", fieldKey)
	fill := func(end, target string) url.Values {
		return url.Values{"csrf": {csrf}, fieldKey: {key}, "template": {"1"}, "name": {"Chiến dịch 2026"}, "start": {"1/5/2026"},
			"end": {end}, "root_unit": {"3"}, "level": {"commune"}, "t_new_iud": {target}}
	}

	t.Run("a date typed wrong is shown beside its field, before the API", func(t *testing.T) {
		r := s.post("/campaigns/new", fill("31-13-2026", "abc"))
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "bad date", `<p class="err" id="end-err">Nhập ngày theo dạng dd/mm/yyyy`, `<p class="err" id="t_new_iud-err">Nhập một số`, `value="31-13-2026"`)
		if n := len(s.api.sent(http.MethodPost, "/api/v1/campaigns")); n != 0 {
			t.Fatalf("the API got %d launches", n)
		}
	})
	t.Run("the API's message is shown beside its field, with the same key", func(t *testing.T) {
		r := s.post("/campaigns/new", fill("01/01/2020", ""))
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "API error", `<p class="err" id="end-err">Phải sau hoặc bằng ngày bắt đầu</p>`)
		if got := r.hidden(t, "/campaigns/new", fieldKey); got != key {
			t.Errorf("a retry keeps the key")
		}
	})
	t.Run("a launch goes to the progress page", func(t *testing.T) {
		r := s.post("/campaigns/new", fill("30/06/2026", "12,5"))
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/campaigns/C1?done=launch" {
			t.Fatalf("%d %s %s", r.status, r.header.Get("Location"), r.body)
		}
		calls := s.api.sent(http.MethodPost, "/api/v1/campaigns")
		last := calls[len(calls)-1]
		w, _ := last.Body["window"].(map[string]any)
		tg, _ := last.Body["targets"].(map[string]any)
		if last.Key != key || last.Body["template"] != "campaign-srh-fp" || last.Body["root_unit"] != "id:3" || w["start"] != "2026-05-01" ||
			w["end"] != "2026-06-30" || tg["new_iud"].(map[string]any)["*"] != 12.5 {
			t.Fatalf("sent %+v", last)
		}
	})
	t.Run("without the CSRF token nothing is launched", func(t *testing.T) {
		before := len(s.api.sent(http.MethodPost, "/api/v1/campaigns"))
		form := fill("30/06/2026", "")
		form.Del("csrf")
		r := s.post("/campaigns/new", form)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") || len(s.api.sent(http.MethodPost, "/api/v1/campaigns")) != before {
			t.Fatalf("%d", r.status)
		}
	})
	t.Run("in English", func(t *testing.T) {
		s.setLang("en")
		s.get("/campaigns/new?template=1").has(t, "en", "Launch a campaign", "Start date", "New IUD users", "Commune")
		r := s.post("/campaigns/new", fill("x", ""))
		r.has(t, "en error", `<p class="err" id="end-err">Enter the date as dd/mm/yyyy`)
		s.setLang("vi")
	})
}

func TestCampaignProgress(t *testing.T) {
	s := newSite(t, Deps{})
	s.login()
	if r := s.get("/campaigns"); strings.Contains(r.body, `href="/campaigns/new"`) || strings.Contains(r.body, `<li><a href="/campaigns"`) {
		t.Error("an officer is offered no launch")
	}
	p := s.get("/campaigns/C1?done=launch")
	p.has(t, "vi", "Chiến dịch CSSKSS/KHHGĐ 2026", "Đã phát động chiến dịch", "Đang diễn ra", "Báo cáo kết quả", "3/4", "(75%)",
		`class="fill p75"`, "1 quá hạn", "Phường Bồ Đề", "Kết quả so với chỉ tiêu: Quận Long Biên", "1.234", "3.000", "(41,1%)",
		`class="fill p40"`, "Chậm", `href="/campaigns/C1?unit=7"`, `class="fill p100"`, `href="/campaigns/C1/report.xlsx"`)
	s.setLang("en")
	s.get("/campaigns").has(t, "en list", "Campaigns", "Running", "01/05/2026 – 30/06/2026")
	s.get("/campaigns/C1").has(t, "en", "Running", "Final report", "1 overdue", "1,234", "(41.1%)", "Figures against targets", "Download the report (XLSX)")
	if r := s.get("/campaigns/NOPE"); r.status != http.StatusNotFound {
		t.Errorf("unknown campaign: %d", r.status)
	}
	t.Run("the report comes through with the session's token", func(t *testing.T) {
		r := s.get("/campaigns/C1/report.xlsx")
		if r.status != http.StatusOK || !strings.HasPrefix(r.body, "PK") || !strings.Contains(r.header.Get("Content-Disposition"), "C1.xlsx") ||
			!strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("%d %v", r.status, r.header)
		}
		calls := s.api.sent(http.MethodGet, "/api/v1/campaigns/C1/report.xlsx")
		if len(calls) != 1 || calls[0].Auth != "Bearer "+fakeToken {
			t.Fatalf("%+v", calls)
		}
	})
}
