package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserUnitPicker drives chromium on a 360×740 phone as the national
// admin over more units than a form lists (250 communes more): the user
// form's unit is a commune found by a search that the script runs in
// place, so all that was typed stays, the password too; Enter in the
// password field then creates the user there (the script sends the form
// by its own button, not the search's). Without the script the form comes
// back as typed but for the password (TestUserSearch and the picker's
// tests cover that path).
func TestBrowserUnitPicker(t *testing.T) {
	s := startBrowserSite(t, browserSiteOptions{})
	root := s.env.Login(t, "admin")
	var csv strings.Builder
	csv.WriteString("code,name,level,parent_code\nT-PK,Huyện Chọn Thử,huyện,01\n")
	for i := 1; i <= 250; i++ {
		fmt.Fprintf(&csv, "T-PK-%03d,Xã Chọn Thử %03d,xã,T-PK\n", i, i)
	}
	if r := s.env.Request(t, http.MethodPost, "/api/v1/units/import", root, csv.String(), "Content-Type", "text/csv; charset=utf-8"); r.Status != http.StatusOK {
		t.Fatalf("import the communes: %d %s", r.Status, r.Body)
	}
	commune := uintText(s.env.UnitID(t, "T-PK-123"))

	p := s.phone(t, "admin")
	p.login("admin")
	p.follow(chromedp.Navigate(s.url+"/admin/users"), http.StatusOK)
	if n := p.count(`#unit_id option`); n > 100 {
		t.Fatalf("the user form lists %d units", n)
	}
	p.do(chromedp.Click(chromedp.CSS(`#create summary`)), chromedp.SendKeys(chromedp.CSS(`#username`), "canbo.timxa"),
		chromedp.SendKeys(chromedp.CSS(`#full_name`), "Cán bộ tìm xã"), chromedp.SendKeys(chromedp.CSS(`#password`), "mật-khẩu-dài"),
		chromedp.SendKeys(chromedp.CSS(`#unit_id-q`), "chon thu 123"))
	p.labelled()
	p.do(chromedp.Click(chromedp.CSS(`button[name=unit_search]`)),
		chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`#unit_id option[value="%s"][selected]`, commune))))
	if got := p.value(`#password`); got != "mật-khẩu-dài" {
		t.Errorf("the search lost the password typed: %q", got)
	}
	if got := p.value(`#unit_id`); got != commune {
		t.Errorf("after the search the form picks %q, want the commune found %s", got, commune)
	}
	if got := p.value(`#username`); got != "canbo.timxa" {
		t.Errorf("the search lost the username typed: %q", got)
	}
	p.contains("Xã Chọn Thử 123 (Huyện Chọn Thử)", "Đã chọn xã/phường tìm thấy")
	p.fitsWidth()
	p.shot("46-admin-user-unit-found")
	p.a11y("users, a unit found")
	p.follow(chromedp.SendKeys(chromedp.CSS(`#password`), kb.Enter), http.StatusOK)
	p.contains("Đã tạo tài khoản canbo.timxa")
	r := s.env.Request(t, http.MethodGet, "/api/v1/users?unit_id="+commune, root, nil)
	if !strings.Contains(string(r.Body), `"username":"canbo.timxa"`) {
		t.Errorf("the user is not at the commune found: %s", r.Body)
	}
	p.noProblems()
}
