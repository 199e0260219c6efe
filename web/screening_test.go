package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestScreeningCases(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"health"}
	s.login()
	list := s.get("/screening")
	list.has(t, "list", `<a href="/screening" aria-current="page">Sàng lọc</a>`, `href="/screening/cases/SC1"`, "Trước sinh · Phường Ngọc Lâm",
		"Đang theo dõi", "Hẹn làm xét nghiệm chẩn đoán xác định", "quá hạn 2 ngày", `class="task overdue"`, "Đã đóng", "Sàng lọc ngày 10/04/2026",
		`href="/screening/new"`, `href="/screening/coverage"`)
	if strings.Contains(list.body, fakeName) || strings.Contains(list.body, `href="/campaigns"`) {
		t.Error("no personal data on the list, and no campaigns for a health officer")
	}
	s.get("/screening?status=open&type=prenatal&overdue=1").has(t, "filtered", `<option value="open" selected>`, `value="1" checked`)
	if r := s.get("/screening?status=bogus"); r.status != http.StatusOK {
		t.Errorf("a filter the page does not offer is dropped: %d", r.status)
	}
	if got := s.api.sent(http.MethodGet, "/api/v1/screening/cases"); len(got) != 3 {
		t.Fatalf("%d list calls", len(got))
	}
	if got := s.api.sent(http.MethodGet, "/api/v1/screening/cases/SC1"); len(got) != 0 {
		t.Errorf("the list read a case again (%d times): the list carries the step", len(got))
	}
	s.setLang("en")
	s.get("/screening").has(t, "en", "Screening cases", "Prenatal · Phường Ngọc Lâm", "Follow-up under way", "Book the confirmatory test", "2 days overdue", "Record a screening")
}

func TestCasePurposeGate(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"health"}
	s.login()
	c := s.get("/screening/cases/SC1")
	c.has(t, "case", "Hồ sơ SC1", "Lý do xem thông tin cá nhân", "Mỗi lần xem được ghi lại", `href="/tasks/T1"`, "Trạm y tế xã/phường", "Phường Ngọc Lâm",
		"Theo dõi sàng lọc trước sinh", "Quá hạn")
	if strings.Contains(c.body, fakeName) || strings.Contains(c.body, "0912345678") || strings.Contains(c.body, "Dương tính") {
		t.Fatal("personal data before a purpose")
	}
	csrf := c.hidden(t, "/screening/cases/SC1", "csrf")

	t.Run("no purpose, no data", func(t *testing.T) {
		r := s.post("/screening/cases/SC1", url.Values{"csrf": {csrf}, "purpose": {"  "}})
		if r.status != http.StatusUnprocessableEntity || strings.Contains(r.body, fakeName) {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "empty", `<p class="err" id="purpose-err">Hãy ghi lý do xem</p>`)
	})
	t.Run("without the CSRF token nothing is read", func(t *testing.T) {
		r := s.post("/screening/cases/SC1", url.Values{"purpose": {"Theo dõi ca"}})
		if r.status != http.StatusForbidden || strings.Contains(r.body, fakeName) || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") {
			t.Fatalf("%d", r.status)
		}
	})
	t.Run("a too long purpose is refused beside the field", func(t *testing.T) {
		r := s.post("/screening/cases/SC1", url.Values{"csrf": {csrf}, "purpose": {strings.Repeat("lý do ", 40)}})
		if r.status != http.StatusUnprocessableEntity || strings.Contains(r.body, fakeName) {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "long", `<p class="err" id="purpose-err">Tối đa 200 ký tự</p>`)
	})
	r := s.post("/screening/cases/SC1", url.Values{"csrf": {csrf}, "purpose": {"Gọi hẹn xét nghiệm"}})
	if r.status != http.StatusOK {
		t.Fatalf("%d %s", r.status, r.body)
	}
	r.has(t, "with purpose", fakeName, "02/03/1996", "0912345678", "Dương tính", "Lần xem này đã được ghi lại, với lý do: Gọi hẹn xét nghiệm",
		"Thuê bao không liên lạc được")
	if r.header.Get("Cache-Control") != "no-store" {
		t.Error("personal data is not kept in a cache")
	}

	t.Run("a reader not allowed sees why, not an error page", func(t *testing.T) {
		s.api.roles = []string{"leader"}
		r := s.post("/screening/cases/SC1", url.Values{"csrf": {csrf}, "purpose": {"Xem"}})
		if r.status != http.StatusOK || strings.Contains(r.body, fakeName) {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "denied", "Bạn không có quyền xem thông tin cá nhân của hồ sơ này", "Các bước theo dõi")
		s.setLang("en")
		s.get("/screening/cases/SC1").has(t, "en", "Case SC1", "Why you need the personal data", "Every view is logged", "Follow-up steps")
	})
}

func TestRecordCase(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"health"}
	s.login()
	form := s.get("/screening/new")
	form.has(t, "form", "Ghi nhận ca sàng lọc", `<option value="8">Phường Bồ Đề</option><option value="7" selected>Phường Ngọc Lâm</option>`,
		`<optgroup label="Trước sinh"><option value="prenatal-standard">Theo dõi sàng lọc trước sinh</option></optgroup>`,
		`<optgroup label="Sơ sinh"><option value="newborn-standard">`, `<option value="positive">Dương tính</option>`,
		`id="screened_on" name="screened_on" type="text" value="15/04/2026"`, "Với trẻ sơ sinh")
	if strings.Contains(form.body, "Quận Long Biên") || strings.Contains(form.body, "Tổ dân phố 7") {
		t.Error("cases are recorded at communes")
	}
	csrf, key := form.hidden(t, "/screening/new", "csrf"), form.hidden(t, "/screening/new", fieldKey)
	fill := func(kv ...string) url.Values {
		v := url.Values{"csrf": {csrf}, fieldKey: {key}, "type": {"prenatal"}, "unit_id": {"7"}, "full_name": {fakeName},
			"date_of_birth": {"2/3/1996"}, "phone": {"0912345678"}, "screened_on": {"14/04/2026"}, "result": {"positive"}, "protocol": {"prenatal-standard"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, c := range []struct{ name, field, value, want string }{
		{"a date typed wrong, before the API", "date_of_birth", "31/02/1996", `<p class="err" id="date_of_birth-err">Nhập ngày theo dạng dd/mm/yyyy`},
		{"a birth in the future", "date_of_birth", "01/01/2030", `<p class="err" id="date_of_birth-err">Phải là ngày trong quá khứ</p>`},
		{"a phone not Vietnamese", "phone", "4412345", `<p class="err" id="phone-err">Không phải số điện thoại Việt Nam</p>`},
		{"an unknown protocol", "protocol", "nope", `<p class="err" id="protocol-err">Không có quy trình này</p>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := s.post("/screening/new", fill(c.field, c.value))
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("%d", r.status)
			}
			r.has(t, c.name, c.want, `value="`+fakeName+`"`, `value="14/04/2026"`)
			if c.field != "protocol" {
				r.has(t, c.name, `value="`+c.value+`"`)
			}
			if got := r.hidden(t, "/screening/new", fieldKey); got != key {
				t.Error("a retry keeps the key")
			}
		})
	}
	t.Run("without the CSRF token nothing is recorded", func(t *testing.T) {
		before := len(s.api.sent(http.MethodPost, "/api/v1/screening/cases"))
		f := fill()
		f.Del("csrf")
		r := s.post("/screening/new", f)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") || !strings.Contains(r.body, `value="`+fakeName+`"`) {
			t.Fatalf("%d", r.status)
		}
		if len(s.api.sent(http.MethodPost, "/api/v1/screening/cases")) != before {
			t.Fatal("the API got the case")
		}
	})
	r := s.post("/screening/new", fill())
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/screening/cases/SC1?done=record" {
		t.Fatalf("%d %s", r.status, r.header.Get("Location"))
	}
	sent := s.api.sent(http.MethodPost, "/api/v1/screening/cases")
	last := sent[len(sent)-1]
	person, _ := last.Body["person"].(map[string]any)
	if last.Key != key || last.Body["unit_id"] != float64(7) || person["date_of_birth"] != "1996-03-02" || last.Body["screened_on"] != "2026-04-14" {
		t.Errorf("%+v", last)
	}
	done := s.get("/screening/cases/SC1?done=record")
	done.has(t, "done", "Đã ghi nhận ca sàng lọc")
	if strings.Contains(done.body, fakeName) {
		t.Error("the new case shows no personal data either")
	}
	s.setLang("en")
	s.get("/screening/new").has(t, "en", "Record a screening", "Date of birth", "Prenatal follow-up", "High risk")
}

func TestCoverage(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"leader"}
	s.login()
	c := s.get("/screening/coverage")
	c.has(t, "coverage", "Độ bao phủ sàng lọc", "Quận Long Biên", `href="/screening/coverage?type=prenatal&amp;unit=7&amp;year=2026"`,
		"1.234", "2.000", "61,7%", "90%", "thiếu 28,3%", "Chậm tiến độ", `class="fill p60"`, `class="fill p65"`, `value="2026"`)
	if strings.Contains(c.body, `href="/screening/new"`) {
		t.Error("a leader records no case")
	}
	s.get("/screening/coverage?unit=7&year=2026&type=prenatal").has(t, "drill", "Phường Ngọc Lâm", `<input type="hidden" name="unit" value="7">`,
		`href="/screening/coverage?type=prenatal&amp;year=2026"`, "Về đơn vị của tôi")
	bad := s.get("/screening/coverage?year=1999")
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("%d", bad.status)
	}
	bad.has(t, "bad year", "Phải từ 2000 trở đi", `value="1999"`)
	s.setLang("en")
	s.get("/screening/coverage").has(t, "en", "Screening coverage", "1,234", "61.7%", "28.3% short", "Behind pace")
}
