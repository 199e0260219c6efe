package web_test

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dsflow/testenv"
	"dsflow/web"
)

// TestAdminScope: the administration pages over the real API. A province
// admin sees the units and users of their province only, cannot open
// another province's, has a unit import into it refused line by line (the
// text kept), may tell only their province's units on a template's
// escalation, and is shown no calendar form; an officer gets no
// administration at all; everyone has a profile.
func TestAdminScope(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	site := httptest.NewServer(web.New(web.Deps{API: env.API.Handler()}))
	t.Cleanup(site.Close)
	root := env.Login(t, "admin")
	haNoi, hcm := env.UnitID(t, "01"), env.UnitID(t, "79")
	for _, u := range []map[string]any{
		{"username": "admin.hanoi", "password": "mật-khẩu-dài", "full_name": "Quản trị Hà Nội", "unit_id": haNoi, "roles": []string{"admin"}},
		{"username": "canbo.tanphu", "password": "mật-khẩu-dài", "full_name": "Cán bộ Tân Phú", "unit_id": env.UnitID(t, "DEMO-TANPHU"), "roles": []string{"officer"}},
	} {
		if r := env.Request(t, http.MethodPost, "/api/v1/users", root, u); r.Status != http.StatusCreated {
			t.Fatalf("create %v: %d %s", u["username"], r.Status, r.Body)
		}
	}
	tanPhuUser := env.UserID(t, "canbo.tanphu")

	province := signIn(t, site.URL, "admin.hanoi", "mật-khẩu-dài")
	t.Run("a province admin sees their province's units only", func(t *testing.T) {
		status, body := province.get("/admin/units")
		if status != http.StatusOK || !strings.Contains(body, "Quận Long Biên") || !strings.Contains(body, "Phường Ngọc Lâm") {
			t.Fatalf("units page %d: %s", status, body)
		}
		for _, other := range []string{"Thành phố Hồ Chí Minh", "Quận Tân Phú", "Tỉnh Thanh Hóa", "Cục Dân số"} {
			if strings.Contains(body, other) {
				t.Errorf("the province admin sees %s", other)
			}
		}
		if status, _ := province.get(fmt.Sprintf("/admin/units?parent=%d", hcm)); status != http.StatusNotFound {
			t.Errorf("another province's children: %d", status)
		}
		status, body = province.get(fmt.Sprintf("/admin/units?parent=%d", env.UnitID(t, "DEMO-NGOCLAM")))
		if status != http.StatusOK || !strings.Contains(body, "Tổ dân phố 29") {
			t.Errorf("the villages of Ngọc Lâm: %d", status)
		}
	})
	t.Run("a province admin sees their province's users only", func(t *testing.T) {
		status, body := province.get("/admin/users")
		if status != http.StatusOK || !strings.Contains(body, "canbo.ngoclam") || !strings.Contains(body, "kiemtra.hanoi") {
			t.Fatalf("users page %d: %s", status, body)
		}
		if strings.Contains(body, "canbo.tanphu") || strings.Contains(body, "Cán bộ Tân Phú") {
			t.Error("the province admin lists a user of another province")
		}
		if strings.Contains(body, `value="`+fmt.Sprint(hcm)+`"`) {
			t.Error("the unit list offers another province")
		}
		if status, _ := province.get(fmt.Sprintf("/admin/users/%d", tanPhuUser)); status != http.StatusNotFound {
			t.Errorf("another province's user: %d", status)
		}
		// Searching by name does not reach past the province either.
		status, body = province.get("/admin/users?q=" + url.QueryEscape("cán bộ tân phú"))
		if status != http.StatusOK || strings.Contains(body, "canbo.tanphu") || !strings.Contains(body, "Không có người dùng nào có tên khớp với “cán bộ tân phú”.") {
			t.Errorf("the province admin's search for another province's user (%d): %s", status, body)
		}
		if _, body = province.get("/admin/users?q=can+bo"); !strings.Contains(body, "canbo.ngoclam") || strings.Contains(body, "canbo.tanphu") {
			t.Error("the province admin's search for can bo: want canbo.ngoclam and not canbo.tanphu")
		}
	})
	t.Run("an import into another province is refused line by line", func(t *testing.T) {
		_, page := province.get("/admin/units")
		csv := "code,name,level,parent_code\nT-LB9,Phường Mới,phường,DEMO-LONGBIEN\nT-HCM9,Phường Khác Tỉnh,phường,79\n"
		status, body := province.post("/admin/units/import", url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")}, "csv": {csv}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("import: %d", status)
		}
		for _, want := range []string{"Dòng 3", "Đơn vị cha 79 nằm ngoài phạm vi của bạn", "T-HCM9,Phường Khác Tỉnh,phường,79", "Phường Mới,phường,DEMO-LONGBIEN\n"} {
			if !strings.Contains(html.UnescapeString(body), want) {
				t.Errorf("the refused import does not show %q", want)
			}
		}
		if _, err := env.Store.UnitByCodeOrID(t.Context(), "T-LB9"); err == nil {
			t.Error("a refused file was partly imported")
		}
	})
	t.Run("a province admin's template tells their province's units only", func(t *testing.T) {
		_, page := province.get("/admin/templates/new")
		if !strings.Contains(page, fmt.Sprintf(`<option value="%d">`, haNoi)) || strings.Contains(page, fmt.Sprintf(`<option value="%d">`, hcm)) {
			t.Fatalf("the units to tell on escalation: %s", page)
		}
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")}, "op": {"save"},
			"key": {"mau-tinh-ha-noi"}, "kind": {"campaign"}, "title_vi": {"Mẫu của Hà Nội"}, "late_policy": {"accept"}, "steps": {"1"}, "s0_key": {"report"},
			"s0_title_vi": {"Nộp"}, "s0_level": {"participant"}, "s0_role": {"officer"}, "s0_due_anchor": {"end"}, "s0_due_days": {"0"},
			"s0_esc_after": {"2"}, "s0urows": {"1"}, "s0u0_unit": {fmt.Sprint(hcm)}}
		status, body := province.post("/admin/templates/new", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="s0u0_unit-err"`) || !strings.Contains(body, fmt.Sprintf(`<option value="%d" selected>`, hcm)) {
			t.Fatalf("another province's unit to tell: %d %s", status, body)
		}
		form.Set("s0u0_unit", fmt.Sprint(haNoi))
		if status, body := province.post("/admin/templates/new", form); status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", status, body)
		}
		items, _ := env.Request(t, http.MethodGet, "/api/v1/templates", root, nil).JSON["items"].([]any)
		for _, it := range items {
			if m := it.(map[string]any); m["key"] == "mau-tinh-ha-noi" {
				r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/templates/%v", m["id"]), root, nil)
				if want := fmt.Sprintf(`"escalation":{"escalate_after_days":2,"notify_units":[%d]}`, haNoi); !strings.Contains(string(r.Body), want) {
					t.Errorf("saved: %s, want %s", r.Body, want)
				}
				return
			}
		}
		t.Error("the template is not listed")
	})
	t.Run("the calendar is the national admin's to change", func(t *testing.T) {
		_, body := province.get("/admin/calendar?year=2026")
		if strings.Contains(body, `name="action" value="add"`) || !strings.Contains(body, "Chỉ quản trị cấp trung ương") {
			t.Error("a province admin is offered the calendar form")
		}
		national := signIn(t, site.URL, "admin", "dsflow2026")
		if _, body := national.get("/admin/calendar?year=2026"); !strings.Contains(body, `name="action" value="add"`) || !strings.Contains(body, "Quốc khánh") {
			t.Error("the national admin has no calendar form, or no National Day")
		}
	})
	t.Run("an officer has a profile and no administration", func(t *testing.T) {
		officer := signIn(t, site.URL, "canbo.ngoclam", "dsflow2026")
		status, body := officer.get("/profile")
		for _, want := range []string{"Tài khoản của tôi", "canbo.ngoclam", "Phường Ngọc Lâm", "Cán bộ dân số", `action="/lang"`} {
			if !strings.Contains(body, want) {
				t.Errorf("profile %d does not show %q", status, want)
			}
		}
		if strings.Contains(body, `href="/admin"`) {
			t.Error("an officer is shown the administration link")
		}
		for _, p := range []string{"/admin", "/admin/users"} {
			if status, _ := officer.get(p); status != http.StatusForbidden {
				t.Errorf("%s for an officer: %d", p, status)
			}
		}
	})
}

// browserless is a signed-in visitor without a browser: a cookie jar
// that does not follow redirects.
type browserless struct {
	t    *testing.T
	base string
	c    *http.Client
}

func signIn(t *testing.T, base, username, password string) *browserless {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browserless{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	_, page := b.get("/login")
	if status, _ := b.post("/login", url.Values{"csrf": {formValue(t, page, "csrf")}, "username": {username}, "password": {password}}); status != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d", username, status)
	}
	return b
}

func (b *browserless) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	return readAnswer(b.t, resp)
}

// fetch gets path with the given header pairs, the answer as sent.
func (b *browserless) fetch(path string, header ...string) (int, http.Header, string) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	status, body := readAnswer(b.t, resp)
	return status, resp.Header, body
}

func (b *browserless) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	resp, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	return readAnswer(b.t, resp)
}

func readAnswer(t *testing.T, resp *http.Response) (int, string) {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(raw)
}

// formValue is the value of the first input named name on a page.
func formValue(t *testing.T, page, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no input %s on the page", name)
	}
	return html.UnescapeString(m[1])
}
