package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const sheetPage = "/inspections/I1/checklists/7"

// sheetForm is a checklist section's form with the hidden fields of page.
func sheetForm(t *testing.T, p page, move string, kv ...string) url.Values {
	t.Helper()
	v := url.Values{"go": {move}}
	for _, name := range []string{"csrf", "save_id", "version", fieldKey, "s"} {
		v.Set(name, p.hidden(t, sheetPage, name))
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func TestInspectionPages(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"inspector"}
	s.login()
	list := s.get("/inspections")
	list.has(t, "list", `<li><a href="/inspections" aria-current="page">Kiểm tra</a>`, `href="/inspections/I1"`, "Kiểm tra 6 tháng đầu năm", "Đang kiểm tra", "15/04/2026 – 17/04/2026")
	if strings.Contains(list.body, `href="/campaigns"`) {
		t.Error("an inspector is not shown the campaigns")
	}
	in := s.get("/inspections/I1")
	in.has(t, "inspection", "Trưởng đoàn Hà Nội (trưởng đoàn)", `href="/inspections/I1/checklists/7"`, "Điền bảng kiểm: Phường Ngọc Lâm", "bản nháp (lần lưu 0)")
	s.setLang("en")
	s.get("/inspections").has(t, "en list", "Inspections", "Under way", "15/04/2026 – 17/04/2026")
	s.get("/inspections/I1").has(t, "en", "Under way", "Fill in the checklist: Phường Ngọc Lâm", "draft (save 0)")
	s.get(sheetPage).has(t, "en sheet", "Checklist at Phường Ngọc Lâm", "Section 1 of 2: Planning", "There is a plan", "N/A", "Next")
}

func TestChecklistSectionBySection(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"inspector"}
	s.login()
	one := s.get(sheetPage)
	one.has(t, "section 1", "Bảng kiểm tại Phường Ngọc Lâm", "Mục 1/2: Kế hoạch", `name="a_annual_plan" value="na"`, "Không áp dụng",
		`name="a_advisory" value="5"`, `id="a_meetings" name="a_meetings" type="number"`, "(bắt buộc nếu không đạt)", `aria-current="step"`)
	if strings.Contains(one.body, "Nộp bảng kiểm") {
		t.Error("submit comes at the end")
	}

	t.Run("a bad answer shows beside its item, and nothing is stored", func(t *testing.T) {
		r := s.post(sheetPage, sheetForm(t, one, "next", "a_annual_plan", "no", "a_advisory", "9"))
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "bad", `<p class="err" id="a_advisory-err">Phải nhỏ hơn hoặc bằng 5</p>`, `value="no" checked`)
		if r.hidden(t, sheetPage, "save_id") != one.hidden(t, sheetPage, "save_id") {
			t.Error("nothing was stored: the same save_id may be sent again")
		}
	})
	t.Run("without the CSRF token nothing is saved", func(t *testing.T) {
		f := sheetForm(t, one, "next", "a_annual_plan", "no")
		f.Del("csrf")
		if r := s.post(sheetPage, f); r.status != http.StatusForbidden || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") || !strings.Contains(r.body, `value="no" checked`) {
			t.Fatalf("%d", r.status)
		}
		if n := len(s.api.sent(http.MethodPut, "/api/v1"+sheetPage)); n != 1 {
			t.Fatalf("the API got %d saves", n)
		}
	})

	// Next saves the section, with the version and the save_id.
	next := sheetForm(t, one, "next", "a_annual_plan", "no", "a_advisory", "4", "a_meetings", "3,5")
	r := s.post(sheetPage, next)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != sheetPage+"?s=2" {
		t.Fatalf("next: %d %s %s", r.status, r.header.Get("Location"), r.body)
	}
	puts := s.api.sent(http.MethodPut, "/api/v1"+sheetPage)
	last := puts[len(puts)-1]
	answers := last.Body["answers"].(map[string]any)
	if last.Body["base_version"] != 0.0 || last.Body["save_id"] != next.Get("save_id") || answers["meetings"].(map[string]any)["value"] != 3.5 ||
		answers["annual_plan"].(map[string]any)["value"] != "no" {
		t.Fatalf("saved %+v", last.Body)
	}
	if again := s.post(sheetPage, next); again.status != http.StatusSeeOther || s.api.sheet.version != 1 {
		t.Fatalf("a retried save applies once: %d, version %d", again.status, s.api.sheet.version)
	}

	t.Run("a save from an older version shows the stored answers", func(t *testing.T) {
		stale := sheetForm(t, one, "save", "a_annual_plan", "yes")
		stale.Set("save_id", newKey())
		r := s.post(sheetPage, stale)
		if r.status != http.StatusConflict {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "conflict", "Bảng kiểm vừa được lưu từ nơi khác (lần lưu 1)", `name="a_annual_plan" value="no" checked`, `name="version" value="1"`,
			`<p class="warn">Bạn vừa nhập: Đạt</p>`)
	})

	two := s.get(sheetPage + "?s=2")
	two.has(t, "section 2", "Mục 2/2: Phối hợp", `type="checkbox" name="a_partners" value="Hội Phụ nữ"`, `<option>Tốt</option>`,
		`name="e_photos" type="file" accept="image/*" capture="environment" multiple`, "Nộp bảng kiểm", "Mục trước")

	t.Run("submit's completeness errors show beside the items, in their section", func(t *testing.T) {
		r := s.post(sheetPage, sheetForm(t, two, "submit", "a_partners", "Hội Phụ nữ", "a_partners", "Đoàn Thanh niên", "a_rating", "Tốt"))
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%d %s", r.status, r.body)
		}
		r.has(t, "incomplete", "Mục 1/2: Kế hoạch", `<p class="err" id="c_annual_plan-err">Cần nhận xét khi không đạt</p>`, `class="has-err"`, `name="version" value="2"`)
		saved := s.api.sheet.answers["partners"].(map[string]any)["value"].([]any)
		if len(saved) != 2 {
			t.Errorf("the section was saved before the submit: %v", saved)
		}
		fixed := sheetForm(t, r, "submit", "a_annual_plan", "no", "c_annual_plan", "Chưa ban hành", "a_advisory", "4")
		ok := s.post(sheetPage, fixed)
		if ok.status != http.StatusSeeOther || ok.header.Get("Location") != sheetPage+"?done=submit" {
			t.Fatalf("submit: %d %s", ok.status, ok.body)
		}
		subs := s.api.sent(http.MethodPost, "/api/v1"+sheetPage+"/submit")
		if subs[len(subs)-1].Key != fixed.Get(fieldKey) || subs[len(subs)-1].Body["version"] != 3.0 {
			t.Errorf("submit sent %+v", subs[len(subs)-1])
		}
		done := s.get(sheetPage + "?done=submit")
		done.has(t, "submitted", "Đã nộp bảng kiểm", "Điểm: <strong>7/7</strong>", "Không đạt", "Chưa ban hành")
		if strings.Contains(done.body, `name="save_id"`) {
			t.Error("a submitted checklist is for reading")
		}
	})
}
