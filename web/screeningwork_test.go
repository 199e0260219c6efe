package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCaseTransfer(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"health"}
	s.login()
	s.get("/screening/cases/SC1").has(t, "case", `href="/screening/cases/SC1/transfer"`)
	s.get("/screening/cases/SC1/transfer?q=c").has(t, "short", "Hãy gõ ít nhất 2 chữ")
	found := s.get("/screening/cases/SC1/transfer?q=" + url.QueryEscape("cống vị"))
	found.has(t, "found", `name="unit_id" value="12" checked`, "Phường Cống Vị", "(Quận Ba Đình)", `name="q" value="cống vị"`)
	action := "/screening/cases/SC1/transfer"
	csrf, key := found.hidden(t, action, "csrf"), found.hidden(t, action, fieldKey)

	t.Run("no reason: nothing sent, the choice kept", func(t *testing.T) {
		r := s.post(action, url.Values{"csrf": {csrf}, fieldKey: {key}, "q": {"cống vị"}, "unit_id": {"12"}, "reason": {" "}})
		if r.status != http.StatusUnprocessableEntity || len(s.api.sent(http.MethodPost, "/api/v1/screening/cases/SC1/transfer")) != 0 {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "no reason", `<p class="err" id="reason-err">Hãy ghi lý do chuyển</p>`, `value="12" checked`)
	})
	r := s.post(action, url.Values{"csrf": {csrf}, fieldKey: {key}, "q": {"cống vị"}, "unit_id": {"12"}, "reason": {"Chuyển về nhà chồng"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/screening?done=transfer&case=SC1" {
		t.Fatalf("%d %s", r.status, r.header.Get("Location"))
	}
	sent := s.api.sent(http.MethodPost, "/api/v1/screening/cases/SC1/transfer")
	if len(sent) != 1 || sent[0].Key != key || sent[0].Body["unit_id"] != 12.0 || sent[0].Body["reason"] != "Chuyển về nhà chồng" {
		t.Errorf("sent %+v", sent)
	}
	s.get("/screening?done=transfer&case=SC1").has(t, "moved", "Đã chuyển hồ sơ SC1")
}

func TestDataSubjects(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"health"}
	s.login()
	form := s.get("/screening/subjects")
	form.has(t, "form", "Yêu cầu của người được sàng lọc", `name="phone"`, `name="confirm"`)
	csrf := form.hidden(t, "/screening/subjects", "csrf")
	t.Run("unconfirmed: nothing read", func(t *testing.T) {
		r := s.post("/screening/subjects", url.Values{"csrf": {csrf}, "phone": {"0912345678"}, "purpose": {"Người dân yêu cầu"}})
		if r.status != http.StatusUnprocessableEntity || strings.Contains(r.body, fakeName) || len(s.api.sent(http.MethodGet, "/api/v1/screening/subjects")) != 0 {
			t.Fatalf("%d", r.status)
		}
	})
	t.Run("a bad phone beside its field", func(t *testing.T) {
		r := s.post("/screening/subjects", url.Values{"csrf": {csrf}, "phone": {"123"}, "purpose": {"x"}, "confirm": {"1"}})
		r.has(t, "bad phone", `<p class="err" id="phone-err">Không phải số điện thoại Việt Nam</p>`, `value="123"`)
	})
	r := s.post("/screening/subjects", url.Values{"csrf": {csrf}, "phone": {"0912345678"}, "purpose": {"Người dân yêu cầu"}, "confirm": {"1"}})
	r.has(t, "found", "Tìm thấy 1 hồ sơ", fakeName, "02/03/1996", "Dương tính")
	if q := s.api.sent(http.MethodGet, "/api/v1/screening/subjects"); !strings.Contains(q[len(q)-1].Query, "purpose=") {
		t.Error("the purpose goes with the read")
	}

	purposeForm := s.get("/screening/cases/SC1")
	purposeForm.has(t, "erase offered", `action="/screening/cases/SC1/erase"`, "Xoá thông tin cá nhân")
	withData := s.post("/screening/cases/SC1", url.Values{"csrf": {csrf}, "purpose": {"Sửa theo yêu cầu"}})
	withData.has(t, "correct form", `id="c-full_name" name="full_name" type="text" value="`+fakeName+`"`, `value="02/03/1996"`)
	t.Run("a correction refused keeps what was typed", func(t *testing.T) {
		r := s.post("/screening/cases/SC1/person", url.Values{"csrf": {csrf}, "confirm": {"1"}, "full_name": {"Nguyễn Thị Hoà"},
			"date_of_birth": {"02/03/1996"}, "phone": {"12345"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "refused", `<p class="err" id="c-phone-err">Không phải số điện thoại Việt Nam</p>`, `value="Nguyễn Thị Hoà"`)
	})
	r = s.post("/screening/cases/SC1/person", url.Values{"csrf": {csrf}, "confirm": {"1"}, "full_name": {"Nguyễn Thị Hoà"},
		"date_of_birth": {"2/3/1996"}, "phone": {"0912345679"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("%d %s", r.status, r.body)
	}
	put := s.api.sent(http.MethodPut, "/api/v1/screening/cases/SC1/person")
	if p := put[len(put)-1].Body["person"].(map[string]any); p["date_of_birth"] != "1996-03-02" || p["full_name"] != "Nguyễn Thị Hoà" {
		t.Errorf("correction sent %v", p)
	}
	t.Run("erasure needs the confirmation", func(t *testing.T) {
		r := s.post("/screening/cases/SC1/erase", url.Values{"csrf": {csrf}})
		if r.status != http.StatusUnprocessableEntity || len(s.api.sent(http.MethodDelete, "/api/v1/screening/cases/SC1/person")) != 0 {
			t.Fatalf("%d", r.status)
		}
	})
	r = s.post("/screening/cases/SC1/erase", url.Values{"csrf": {csrf}, "confirm": {"1"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/screening/cases/SC1?done=erase" {
		t.Fatalf("%d %s", r.status, r.header.Get("Location"))
	}
	s.get("/screening/cases/SC1?done=erase").has(t, "erased", "Đã xoá thông tin cá nhân của hồ sơ")

	t.Run("a leader is offered none of it", func(t *testing.T) {
		s.api.roles = []string{"leader"}
		p := s.get("/screening/cases/SC1")
		if strings.Contains(p.body, "/erase") || strings.Contains(p.body, `href="/screening/subjects"`) || strings.Contains(p.body, "/transfer") {
			t.Error("a leader is offered a health officer's commands")
		}
	})
}

func TestAccessLogAndTargets(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"admin"}
	s.login()
	log := s.get("/screening/access-log")
	log.has(t, "log", `href="/screening/access-log" aria-current="page"`, "Gọi hẹn xét nghiệm", "#9", "15/04/2026")

	s.api.roles = []string{"leader"}
	tg := s.get("/screening/targets")
	tg.has(t, "targets", "Chỉ tiêu Trước sinh năm 2026", `name="target_7"`, `name="denominator_8" aria-label="Mẫu số: Phường Bồ Đề" type="text" inputmode="numeric" size="7" value="100"`)
	csrf := tg.hidden(t, "/screening/targets", "csrf")
	form := url.Values{"csrf": {csrf}, "year": {"2026"}, "type": {"prenatal"}, "row": {"3", "7", "8"},
		"target_3": {"90"}, "denominator_3": {"2100"}, "target_7": {"90,5"}, "denominator_7": {"-1"}, "target_8": {""}, "denominator_8": {"100"}}
	r := s.post("/screening/targets", form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("%d", r.status)
	}
	r.has(t, "bad row", `<p class="err" id="row-7-err">Phải lớn hơn hoặc bằng 0</p>`, `name="denominator_7" aria-label="Mẫu số: Phường Ngọc Lâm" type="text" inputmode="numeric" size="7" value="-1"`)
	sent := s.api.sent(http.MethodPut, "/api/v1/screening/targets")
	rows := sent[0].Body["targets"].([]any)
	if second := rows[1].(map[string]any); second["target"] != 90.5 || second["unit"] != "id:7" || second["year"] != 2026.0 {
		t.Errorf("row sent %v", second)
	}
	if _, ok := rows[2].(map[string]any)["target"]; ok {
		t.Error("a blank target is left out (the default target stays)")
	}
	form.Set("denominator_7", "2000")
	if r := s.post("/screening/targets", form); r.status != http.StatusSeeOther {
		t.Fatalf("%d", r.status)
	}

	upload := func(csv string) page {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("csrf", csrf)
		fw, _ := mw.CreateFormFile("file", "targets.csv")
		_, _ = fw.Write([]byte(csv))
		_ = mw.Close()
		resp, err := s.http.Post(s.srv.URL+"/screening/targets/import", mw.FormDataContentType(), &b)
		if err != nil {
			t.Fatal(err)
		}
		return readPage(t, resp)
	}
	bad := upload("unit,year,type,target,denominator\nDEMO-NGOCLAM,2026,prenatal,90,2000\nbad\n")
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("%d", bad.status)
	}
	bad.has(t, "per line", "<li>Dòng 3: Sai định dạng</li>")
	good := upload("unit,year,type,target,denominator\nDEMO-NGOCLAM,2026,prenatal,90,2000\n")
	if good.status != http.StatusSeeOther || !strings.Contains(good.header.Get("Location"), "done=import") {
		t.Fatalf("%d %s", good.status, good.header.Get("Location"))
	}
	imp := s.api.sent(http.MethodPost, "/api/v1/screening/targets/import")
	if !strings.Contains(imp[len(imp)-1].Raw, "DEMO-NGOCLAM,2026") {
		t.Errorf("the file went as %q", imp[len(imp)-1].Raw)
	}
}
