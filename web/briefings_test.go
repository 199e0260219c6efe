package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestBriefingCycles(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"secretary"}
	s.login()
	list := s.get("/briefings")
	list.has(t, "cycles", `<a href="/briefings" aria-current="page">Giao ban</a>`, "Giao ban quý quận Long Biên", "Hằng quý · Quận Long Biên",
		"Kỳ tiếp theo: 15/05/2026", `action="/briefings/schedules/S1/pause"`, "Tạm dừng", `action="/briefings/schedules/S2/resume"`, "Chạy lại", `href="/briefings/C1"`)
	csrf := list.hidden(t, "/briefings/schedules/S1/pause", "csrf")
	if r := s.post("/briefings/schedules/S1/pause", url.Values{}); r.status != http.StatusForbidden || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") {
		t.Fatalf("no CSRF: %d", r.status)
	}
	if n := len(s.api.sent(http.MethodPost, "/api/v1/schedules/S1/pause")); n != 0 {
		t.Fatalf("the API got %d pauses", n)
	}
	r := s.post("/briefings/schedules/S1/pause", url.Values{"csrf": {csrf}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/briefings?done=pause" {
		t.Fatalf("%d %s", r.status, r.header.Get("Location"))
	}
	s.get("/briefings?done=pause").has(t, "paused", "Đã tạm dừng lịch giao ban")
	if r := s.post("/briefings/schedules/S1/stop", url.Values{"csrf": {csrf}}); r.status != http.StatusNotFound {
		t.Fatalf("only pause, resume and delete: %d", r.status)
	}
	t.Run("a cycle is deleted once confirmed", func(t *testing.T) {
		list.has(t, "offered", `action="/briefings/schedules/S1/delete"`, "Xoá chu kỳ giao ban")
		r := s.post("/briefings/schedules/S1/delete", url.Values{"csrf": {csrf}})
		if r.status != http.StatusUnprocessableEntity || len(s.api.sent(http.MethodDelete, "/api/v1/schedules/S1")) != 0 {
			t.Fatalf("unconfirmed: %d", r.status)
		}
		r.has(t, "unconfirmed", "Hãy đánh dấu xác nhận trước khi xoá")
		r = s.post("/briefings/schedules/S1/delete", url.Values{"csrf": {csrf}, "confirm": {"1"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/briefings?done=delete" || len(s.api.sent(http.MethodDelete, "/api/v1/schedules/S1")) != 1 {
			t.Fatalf("confirmed: %d %s", r.status, r.header.Get("Location"))
		}
		s.get("/briefings?done=delete").has(t, "deleted", "Đã xoá chu kỳ giao ban")
	})
	t.Run("a new cycle", func(t *testing.T) {
		list.has(t, "form", "Tạo lịch giao ban", `<option value="briefing-quarterly">Giao ban quý</option>`, `<option value="quarter" selected>Hằng quý</option>`)
		if strings.Contains(list.body, `<option value="campaign-srh-fp">`) {
			t.Error("a campaign does not recur")
		}
		csrf, key := list.hidden(t, "/briefings", "csrf"), list.hidden(t, "/briefings", fieldKey)
		f := url.Values{"csrf": {csrf}, fieldKey: {key}, "template": {"briefing-quarterly"}, "name": {""}, "root_unit": {"3"}, "level": {"commune"},
			"cadence": {"quarter"}, "start_now": {"1"}}
		r := s.post("/briefings", f)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "no name", `<p class="err" id="name-err">Bắt buộc nhập</p>`, `id="start_now" name="start_now" value="1" checked`, `<details class="card" id="create" open>`)
		f.Del("csrf")
		f.Set("name", "Giao ban quý Long Biên")
		if r := s.post("/briefings", f); r.status != http.StatusForbidden || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") {
			t.Fatalf("no CSRF: %d", r.status)
		}
		f.Set("csrf", csrf)
		if r := s.post("/briefings", f); r.status != http.StatusSeeOther || r.header.Get("Location") != "/briefings?done=create" {
			t.Fatalf("%d %s", r.status, r.header.Get("Location"))
		}
		sent := s.api.sent(http.MethodPost, "/api/v1/schedules")
		if len(sent) != 2 || sent[1].Key != key || sent[1].Body["start_now"] != true || sent[1].Body["catch_up"] != false || sent[1].Body["root_unit"] != "id:3" {
			t.Errorf("%+v", sent)
		}
	})
	s.setLang("en")
	s.get("/briefings").has(t, "en", "Briefing cycles", "Quarterly · Quận Long Biên", "Next: 15/05/2026", "Resume")
}

func TestBriefingAgenda(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"secretary"}
	s.login()
	a := s.get("/briefings/B1")
	a.has(t, "agenda", "Giao ban quý II/2026", "01/04/2026 – 30/06/2026", "1.234", "report", "1/2", "Phường Bồ Đề",
		"Kết luận kỳ trước: Giao ban quý I/2026", "Rà soát số trẻ sinh", "Quá hạn", "1/2 đơn vị đã xong", "Chưa có kết luận",
		`<option value="8">— Phường Bồ Đề</option>`, "Cán bộ dân số")
	csrf, key := a.hidden(t, "/briefings/B1/conclusions", "csrf"), a.hidden(t, "/briefings/B1/conclusions", fieldKey)
	fill := func(kv ...string) url.Values {
		v := url.Values{"csrf": {csrf}, fieldKey: {key}, "text": {"Bồ Đề hoàn thành báo cáo"}, "units": {"8", "7"}, "due": {"30/04/2026"}, "role": {"officer"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, c := range []struct{ name, field, value, want string }{
		{"a date typed wrong", "due", "30/4", `<p class="err" id="due-err">Nhập ngày theo dạng dd/mm/yyyy`},
		{"a past deadline", "due", "01/01/2026", `<p class="err" id="due-err">Phải là ngày trong tương lai</p>`},
		{"no text", "text", "", `<p class="err" id="text-err">Bắt buộc nhập</p>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := s.post("/briefings/B1/conclusions", fill(c.field, c.value))
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("%d", r.status)
			}
			r.has(t, c.name, c.want, `<option value="8" selected>`, `<option value="7" selected>`)
			if r.hidden(t, "/briefings/B1/conclusions", fieldKey) != key {
				t.Error("a retry keeps the key")
			}
		})
	}
	t.Run("no unit chosen", func(t *testing.T) {
		f := fill()
		f.Del("units")
		s.post("/briefings/B1/conclusions", f).has(t, "units", `<p class="err" id="units-err">Chọn ít nhất 1</p>`)
	})
	t.Run("without the CSRF token nothing is recorded", func(t *testing.T) {
		before := len(s.api.sent(http.MethodPost, "/api/v1/briefings/B1/conclusions"))
		f := fill()
		f.Del("csrf")
		r := s.post("/briefings/B1/conclusions", f)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") || !strings.Contains(r.body, "Bồ Đề hoàn thành báo cáo") {
			t.Fatalf("%d", r.status)
		}
		if len(s.api.sent(http.MethodPost, "/api/v1/briefings/B1/conclusions")) != before {
			t.Fatal("the API got it")
		}
	})
	r := s.post("/briefings/B1/conclusions", fill())
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/briefings/B1?done=conclusions#conclusions" {
		t.Fatalf("%d %s", r.status, r.header.Get("Location"))
	}
	sent := s.api.sent(http.MethodPost, "/api/v1/briefings/B1/conclusions")
	last := sent[len(sent)-1]
	c := last.Body["conclusions"].([]any)[0].(map[string]any)
	if last.Key != key || c["due"] != "2026-04-30" || len(c["units"].([]any)) != 2 || c["role"] != "officer" {
		t.Errorf("%+v", last)
	}
	for _, ref := range c["units"].([]any) {
		if s, _ := ref.(string); !strings.HasPrefix(s, "id:") {
			t.Errorf("a unit picked is sent as %v, not as an ID the API cannot read as a code", ref)
		}
	}
	s.get("/briefings/B1?done=conclusions").has(t, "done", "Đã ghi kết luận")
	s.setLang("en")
	s.get("/briefings/B1").has(t, "en", "Last period's conclusions: Giao ban quý I/2026", "1 of 2 units done", "Record a conclusion", "Population officer")

	t.Run("an officer sees the agenda without the form", func(t *testing.T) {
		s.api.roles = []string{"officer"}
		r := s.get("/briefings/B1")
		if r.status != http.StatusOK || strings.Contains(r.body, `action="/briefings/B1/conclusions"`) || strings.Contains(r.body, `href="/briefings"`) {
			t.Fatalf("%d", r.status)
		}
	})
}
