package web_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAdmin drives chromium on a 360×740 phone as the national
// admin: a units file with a bad line is refused with the line's message
// and kept, fixed and imported; a holiday is added; a user is created
// and found by name; a process template with two steps and two fields is
// built in the form editor (a rule comparing a field with itself refused
// beside it) and listed. Screenshots go to $DSFLOW_ARTIFACTS/web.
func TestBrowserAdmin(t *testing.T) {
	s := startBrowserSite(t, browserSiteOptions{})

	p := s.phone(t, "admin")
	p.login("admin")
	p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/admin"]`)), http.StatusOK)
	p.contains("Đơn vị hành chính", "Người dùng", "Ngày nghỉ lễ")
	p.shot("40-admin-home")
	p.a11y("administration")

	t.Run("a units file with a bad line is refused, fixed and imported", func(t *testing.T) {
		p.follow(chromedp.Click(chromedp.CSS(`a[href="/admin/units"]`)), http.StatusOK)
		bad := "code,name,level,parent_code\nT-HUYEN,Huyện Thử Nghiệm,huyện,01\nT-XA,Xã Thử Nghiệm,hành tinh,T-HUYEN\n"
		p.do(chromedp.Click(chromedp.CSS(`#import summary`)), chromedp.SetValue(chromedp.CSS(`#csv`), bad))
		p.labelled()
		importIt := chromedp.Click(chromedp.CSS(`form[action="/admin/units/import"] button[type=submit]`))
		p.follow(importIt, http.StatusUnprocessableEntity)
		if msg := p.text(`#import-lines`); !containsAll(msg, "Dòng 3", "Cấp phải là tỉnh, huyện, xã hoặc thôn", "T-XA,Xã Thử Nghiệm,hành tinh,T-HUYEN") {
			t.Fatalf("the bad line's message: %q", msg)
		}
		kept, err := chromedp.Run(p.ctx, chromedp.Value(chromedp.CSS(`#csv`)))
		if err != nil || kept != bad {
			t.Fatalf("the text was not kept: %q (%v)", kept, err)
		}
		p.fitsWidth()
		p.shot("41-admin-units-bad-line")
		p.a11y("units, a bad line")
		p.do(chromedp.SetValue(chromedp.CSS(`#csv`), "code,name,level,parent_code\nT-HUYEN,Huyện Thử Nghiệm,huyện,01\nT-XA,Xã Thử Nghiệm,xã,T-HUYEN\n"))
		p.follow(importIt, http.StatusOK)
		p.contains("Đã nhập: 2 đơn vị mới, 0 cập nhật, 0 không đổi", "Huyện Thử Nghiệm", "Xã Thử Nghiệm")
		p.shot("42-admin-units-imported")
		p.a11y("units imported")
	})

	t.Run("a holiday is added", func(t *testing.T) {
		p.follow(chromedp.Navigate(s.url+"/admin/calendar?year=2027"), http.StatusOK)
		p.do(chromedp.SendKeys(chromedp.CSS(`#date`), "15/03/2027"), chromedp.SendKeys(chromedp.CSS(`#name_vi`), "Nghỉ bù thử"),
			chromedp.SendKeys(chromedp.CSS(`#name_en`), "Test day off"))
		p.labelled()
		p.follow(chromedp.Click(chromedp.CSS(`#add button[type=submit]`)), http.StatusOK)
		p.contains("Đã thêm ngày vào lịch", "15/03/2027 · Nghỉ bù thử")
		p.fitsWidth()
		p.shot("43-admin-holiday")
		p.a11y("holidays")
	})

	t.Run("a user is created", func(t *testing.T) {
		p.follow(chromedp.Navigate(s.url+"/admin/users"), http.StatusOK)
		p.do(chromedp.Click(chromedp.CSS(`#create summary`)), chromedp.SendKeys(chromedp.CSS(`#username`), "canbo.thunghiem"),
			chromedp.SendKeys(chromedp.CSS(`#full_name`), "Nguyễn Thị Thử"), chromedp.SendKeys(chromedp.CSS(`#password`), "mật-khẩu-dài"),
			chromedp.SetValue(chromedp.CSS(`#unit_id`), uintText(s.env.UnitID(t, "DEMO-NGOCLAM"))))
		p.labelled()
		p.follow(chromedp.Click(chromedp.CSS(`form[action="/admin/users"] button[type=submit]`)), http.StatusOK)
		p.contains("Đã tạo tài khoản canbo.thunghiem", "Nguyễn Thị Thử")
		p.fitsWidth()
		p.shot("44-admin-user-created")
		p.a11y("users")
		// Found by name, typed without diacritics, with the page's search box.
		p.do(chromedp.SendKeys(chromedp.CSS(`#q`), "nguyen thi thu"))
		p.follow(chromedp.Click(chromedp.CSS(`form[role="search"] button[type=submit]`)), http.StatusOK)
		if list := p.text(`#users ul`); !strings.Contains(list, "canbo.thunghiem") || strings.Contains(list, "canbo.bode") {
			t.Fatalf("the users found by name: %q", list)
		}
		p.do(chromedp.SetValue(chromedp.CSS(`#q`), "không có ai"))
		p.follow(chromedp.Click(chromedp.CSS(`form[role="search"] button[type=submit]`)), http.StatusOK)
		p.contains("Không có người dùng nào có tên khớp với “không có ai”.")
		p.fitsWidth()
		p.shot("44b-admin-users-no-match")
		p.a11y("users, nobody found")
	})

	t.Run("a template with two steps is built in the editor and listed", func(t *testing.T) {
		p.follow(chromedp.Navigate(s.url+"/admin/templates"), http.StatusOK)
		p.follow(chromedp.Click(chromedp.CSS(`a[href="/admin/templates/new"]`)), http.StatusOK)
		p.do(chromedp.SendKeys(chromedp.CSS(`#key`), "bao-cao-thu"), chromedp.SendKeys(chromedp.CSS(`#title_vi`), "Báo cáo thử nghiệm"),
			chromedp.SendKeys(chromedp.CSS(`#s0_title_vi`), "Nộp số liệu"),
			chromedp.SendKeys(chromedp.CSS(`#s0f0_name`), "births"), chromedp.SendKeys(chromedp.CSS(`#s0f0_label_vi`), "Số trẻ sinh ra"),
			chromedp.Click(chromedp.CSS(`#s0f0_required`)))
		// More rows, without JavaScript: the form comes back with what was typed.
		p.follow(chromedp.Click(chromedp.CSS(`button[name="op"][value="more_fields_0"]`)), http.StatusOK)
		if got := p.value(`#s0f0_label_vi`); got != "Số trẻ sinh ra" || !p.checked(`#s0f0_required`) {
			t.Fatalf("the first row after adding rows: %q", got)
		}
		p.do(chromedp.SendKeys(chromedp.CSS(`#s0f5_name`), "note"), chromedp.SetValue(chromedp.CSS(`#s0f5_type`), "text"),
			chromedp.SendKeys(chromedp.CSS(`#s0f5_label_vi`), "Ghi chú"), chromedp.SendKeys(chromedp.CSS(`#s0f5_label_en`), "Note"))
		// A second step, again without JavaScript.
		p.follow(chromedp.Click(chromedp.CSS(`button[name="op"][value="more_step"]`)), http.StatusOK)
		if got := p.value(`#s0f5_label_en`); got != "Note" {
			t.Fatalf("the first step's row after adding a step: %q", got)
		}
		p.do(chromedp.SendKeys(chromedp.CSS(`#s1_key`), "approve"), chromedp.SendKeys(chromedp.CSS(`#s1_title_vi`), "Phê duyệt"),
			chromedp.SetValue(chromedp.CSS(`#s1_level`), "root"), chromedp.SetValue(chromedp.CSS(`#s1_role`), "leader"))
		p.labelled()
		p.fitsWidth()
		p.shot("45-admin-template-editor")
		p.a11y("template editor")
		// A rule comparing the births with themselves is refused beside it,
		// then left empty (no rule).
		p.do(chromedp.SetValue(chromedp.CSS(`#s0r0_left`), "births"), chromedp.SetValue(chromedp.CSS(`#s0r0_op`), "le"),
			chromedp.SetValue(chromedp.CSS(`#s0r0_right`), "births"))
		p.follow(chromedp.Click(chromedp.CSS(`button[name="op"][value="save"]`)), http.StatusUnprocessableEntity)
		if msg := p.text(`#s0r0_right-err`); msg != "Phải là trường khác với trường bên trái" {
			t.Fatalf("the rule's message: %q", msg)
		}
		p.fitsWidth()
		p.shot("45b-admin-template-bad-rule")
		p.a11y("template editor, a bad rule")
		p.do(chromedp.SetValue(chromedp.CSS(`#s0r0_left`), ""), chromedp.SetValue(chromedp.CSS(`#s0r0_op`), ""),
			chromedp.SetValue(chromedp.CSS(`#s0r0_right`), ""))
		p.follow(chromedp.Click(chromedp.CSS(`button[name="op"][value="save"]`)), http.StatusOK)
		p.contains("Đã lưu bao-cao-thu, phiên bản 1", "Báo cáo thử nghiệm")
		p.shot("46-admin-template-listed")
		p.a11y("templates")
		// Saved with its two fields, the empty rows left out.
		token := s.env.Login(t, "admin")
		items, _ := s.env.Request(t, http.MethodGet, "/api/v1/templates", token, nil).JSON["items"].([]any)
		var id any
		for _, it := range items {
			if m := it.(map[string]any); m["key"] == "bao-cao-thu" {
				id = m["id"]
			}
		}
		if id == nil {
			t.Fatal("the template is not listed by the API")
		}
		got := s.env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/templates/%v", id), token, nil)
		steps, _ := got.JSON["definition"].(map[string]any)["steps"].([]any)
		if len(steps) != 2 || steps[1].(map[string]any)["key"] != "approve" || steps[1].(map[string]any)["level"] != "root" {
			t.Fatalf("steps of the saved template: %s", got.Body)
		}
		fields, _ := steps[0].(map[string]any)["form"].(map[string]any)["fields"].([]any)
		if len(fields) != 2 || fields[0].(map[string]any)["name"] != "births" || fields[0].(map[string]any)["required"] != true ||
			fields[1].(map[string]any)["type"] != "text" {
			t.Fatalf("fields of the saved template: %v", fields)
		}
	})
	p.noProblems()
}

func containsAll(s string, want ...string) bool {
	for _, w := range want {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

func uintText(n uint) string { return strconv.FormatUint(uint64(n), 10) }
