package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPlanInspection(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"inspector"}
	s.login()
	s.get("/inspections").has(t, "list", `href="/inspections/new"`, "Lập kế hoạch kiểm tra")
	form := s.get("/inspections/new")
	form.has(t, "form", `<option value="inspection-dskhhgd" selected>Bảng kiểm công tác DS-KHHGĐ (v2)</option>`,
		`<option value="5" selected>Trưởng đoàn Hà Nội</option>`, `name="members" value="6"`, `name="units" value="8"`,
		`value="15/04/2026"`, `value="17/04/2026"`)
	if strings.Contains(form.body, `name="units" value="7"`) {
		t.Error("the user's own unit does not inspect itself")
	}
	if strings.Contains(form.body, `name="units" value="70"`) {
		t.Error("villages are not inspected")
	}
	csrf, key := form.hidden(t, "/inspections/new", "csrf"), form.hidden(t, "/inspections/new", fieldKey)
	fill := url.Values{"csrf": {csrf}, fieldKey: {key}, "name": {"Kiểm tra quý II"}, "checklist": {"inspection-dskhhgd"},
		"lead": {"5"}, "members": {"6", "5"}, "start": {"20/04/2026"}, "end": {"22/04/2026"}}

	t.Run("no unit: the API's message beside the units, the rest kept", func(t *testing.T) {
		r := s.post("/inspections/new", fill)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "no units", `<p class="err" id="units-err">Chọn ít nhất một đơn vị được kiểm tra</p>`, `value="Kiểm tra quý II"`,
			`name="members" value="6" checked`, `value="20/04/2026"`)
	})
	t.Run("a date that is not one stays as typed", func(t *testing.T) {
		bad := url.Values{}
		for k, v := range fill {
			bad[k] = v
		}
		bad.Set("end", "31/02")
		r := s.post("/inspections/new", bad)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `value="31/02"`) {
			t.Fatalf("%d", r.status)
		}
		if n := len(s.api.sent(http.MethodPost, "/api/v1/inspections")); n != 1 {
			t.Errorf("a bad date went to the API (%d calls)", n)
		}
	})
	fill["units"] = []string{"8"}
	r := s.post("/inspections/new", fill)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/inspections/I2?done=plan" {
		t.Fatalf("%d %s %s", r.status, r.header.Get("Location"), r.body)
	}
	sent := s.api.sent(http.MethodPost, "/api/v1/inspections")
	last := sent[len(sent)-1]
	window := last.Body["window"].(map[string]any)
	if units := last.Body["units"].([]any); len(units) != 1 || units[0] != "id:8" {
		t.Errorf("units sent %v, want [id:8]", units)
	}
	if last.Key != key || last.Body["lead"] != 5.0 || len(last.Body["members"].([]any)) != 1 || window["start"] != "2026-04-20" || window["end"] != "2026-04-22" {
		t.Errorf("sent %+v", last)
	}
	s.get("/inspections/I2?done=plan").has(t, "planned", "Đã lập kế hoạch kiểm tra")
}

func TestFindingsSignAndVerify(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"inspector"}
	s.login()
	in := s.get("/inspections/I2")
	in.has(t, "planned", "Ghi tồn tại, hạn chế", `<option value="8" selected>Phường Bồ Đề</option>`, `name="severity" value="medium" checked`,
		"Ký biên bản", `name="confirm" value="1"`, `<option value="annual_plan">Kế hoạch: Có kế hoạch năm</option>`)
	finding := "/inspections/I2/findings"
	csrf, saveID := in.hidden(t, finding, "csrf"), in.hidden(t, finding, "save_id")

	t.Run("a finding without a description is refused beside it", func(t *testing.T) {
		r := s.post("/inspections/I2/findings", url.Values{"csrf": {csrf}, "save_id": {saveID}, "unit": {"8"}, "severity": {"high"},
			"description": {" "}, "due_days": {"15"}, "working_days": {"1"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "refused", `<p class="err" id="f-description-err">Bắt buộc nhập</p>`, `name="severity" value="high" checked`, `value="15"`)
		if r.hidden(t, finding, "save_id") != saveID {
			t.Error("nothing was added: the same save_id goes again")
		}
	})
	r := s.post("/inspections/I2/findings", url.Values{"csrf": {csrf}, "save_id": {saveID}, "unit": {"8"}, "item": {"annual_plan"}, "severity": {"high"},
		"description": {"Thiếu sổ theo dõi"}, "due_days": {"15"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("%d %s", r.status, r.body)
	}
	sent := s.api.sent(http.MethodPost, "/api/v1/inspections/I2/findings")
	if b := sent[len(sent)-1].Body; b["save_id"] != saveID || b["due_days"] != 15.0 || b["working_days"] != false || b["unit"] != "8" || b["item"] != "annual_plan" {
		t.Errorf("finding sent %v", b)
	}

	sign := "/inspections/I2/sign"
	key := in.hidden(t, sign, fieldKey)
	t.Run("signing needs the confirmation", func(t *testing.T) {
		r := s.post("/inspections/I2/sign", url.Values{"csrf": {csrf}, fieldKey: {key}})
		if r.status != http.StatusUnprocessableEntity || len(s.api.sent(http.MethodPost, "/api/v1/inspections/I2/sign")) != 0 {
			t.Fatalf("%d", r.status)
		}
		r.has(t, "unconfirmed", "Hãy đánh dấu xác nhận trước khi ký")
	})
	r = s.post("/inspections/I2/sign", url.Values{"csrf": {csrf}, fieldKey: {key}, "confirm": {"1"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/inspections/I2?done=sign" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if got := s.api.sent(http.MethodPost, "/api/v1/inspections/I2/sign"); len(got) != 1 || got[0].Key != key {
		t.Fatalf("signed %+v", got)
	}

	signed := s.get("/inspections/I2?done=sign")
	signed.has(t, "signed", "Đã ký biên bản", `href="/inspections/I2/minutes.pdf"`, "Kết quả khắc phục chờ xác nhận", "Thiếu sổ theo dõi",
		"Đã lập sổ theo dõi", `href="/inspections/I2/evidence/R1/f-abc"`, `action="/tasks/R1/approve"`, `name="expected_hash" value="hash-r1"`,
		`action="/tasks/R1/return"`)
	if strings.Contains(signed.body, "Ghi tồn tại, hạn chế") || strings.Contains(signed.body, `action="/inspections/I2/sign`) {
		t.Error("after the signature no finding is added and none signs again")
	}
	if f := s.get("/inspections/I2/evidence/R1/f-abc"); f.status != http.StatusOK || f.body != "png" {
		t.Errorf("evidence %d %q", f.status, f.body)
	}
	approve := signed.hidden(t, "/tasks/R1/approve", fieldKey)
	r = s.post("/tasks/R1/approve", url.Values{"csrf": {signed.hidden(t, "/tasks/R1/approve", "csrf")}, fieldKey: {approve},
		"expected_hash": {"hash-r1"}, "back": {signed.hidden(t, "/tasks/R1/approve", "back")}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/inspections/I2?done=approve#findings" {
		t.Fatalf("verify: %d %s", r.status, r.header.Get("Location"))
	}
	if got := s.api.sent(http.MethodPost, "/api/v1/tasks/R1/approve"); len(got) != 1 || got[0].Body["expected_hash"] != "hash-r1" {
		t.Errorf("approve sent %+v", got)
	}
	s.setLang("en")
	s.get("/inspections/I2?done=approve").has(t, "en", "The remediation is verified", "Remediations to verify", "Verify the remediation", "Not done: return")

	t.Run("an officer is offered none of it", func(t *testing.T) {
		s.api.roles = []string{"officer"}
		p := s.get("/inspections/I2")
		if strings.Contains(p.body, "/tasks/R1/approve") {
			t.Error("an officer is offered the inspector's verification")
		}
	})
}
