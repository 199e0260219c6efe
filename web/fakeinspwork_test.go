package web

import (
	"net/http"
	"strconv"
	"strings"
)

// inspWork answers the fake API's routes of the plan, findings, signature
// and verification of inspection I2 (unit 7, led by the user, one
// remediation R1 submitted), and of the screening transfer, access log,
// data subjects and targets (false for any other route).
func (f *fakeAPI) inspWork(w http.ResponseWriter, r *http.Request, rec fakeRequest, msg func(vi, en string) string) bool {
	get := r.Method == http.MethodGet
	invalid := func(field, vi, en string) {
		writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
			[]map[string]string{{"field": field, "rule": "x", "message": msg(vi, en)}})
	}
	text := func(vi, en string) map[string]any { return map[string]any{"vi": vi, "en": en} }
	switch p := r.URL.Path; {
	case r.Method == http.MethodDelete && p == "/api/v1/schedules/S1":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPost && p == "/api/v1/tasks/CL1/attachments":
		if strings.Contains(rec.Raw, `filename="virus.exe"`) {
			writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
				[]map[string]string{{"field": "file", "rule": "oneof", "message": msg("Loại tệp không được nhận", "File type not accepted")}})
			return true
		}
		writeJSON(w, http.StatusCreated, map[string]any{"id": "f-photo"})
	case get && p == "/api/v1/inspections/I2/checklists/8":
		writeJSON(w, http.StatusOK, f.sheetView(true))
	case get && p == "/api/v1/checklists":
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{map[string]any{"id": 1, "key": "inspection-dskhhgd", "version": 2,
			"title": text("Bảng kiểm công tác DS-KHHGĐ", "Population work checklist")}}})
	case get && p == "/api/v1/inspectors":
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{map[string]any{"id": 5, "full_name": "Trưởng đoàn Hà Nội"},
			map[string]any{"id": 6, "full_name": "Thành viên đoàn Hà Nội"}}})
	case r.Method == http.MethodPost && p == "/api/v1/inspections":
		units, _ := rec.Body["units"].([]any)
		if len(units) == 0 {
			writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
				[]map[string]string{{"field": "units", "rule": "min", "message": msg("Phải lớn hơn hoặc bằng 1", "Must be 1 or more")}})
			return true
		}
		writeJSON(w, http.StatusCreated, map[string]any{"id": "I2", "name": rec.Body["name"], "status": "planned"})
	case get && p == "/api/v1/inspections/I2":
		in := f.inspection()
		in["id"], in["unit_id"] = "I2", 7
		in["units"] = []any{map[string]any{"id": 8, "name": "Phường Bồ Đề"}}
		in["team"] = []any{map[string]any{"user_id": 5, "name": "Trưởng đoàn Hà Nội", "role": "lead"}}
		in["checklists"] = []any{map[string]any{"unit_id": 8, "inspector_id": 5, "version": 3, "submitted": true, "score": 6, "max_score": 7}}
		in["findings"] = []any{}
		if f.signed {
			in["status"] = "signed"
			in["findings"] = []any{map[string]any{"id": 1, "unit_id": 8, "severity": "high", "description": "Thiếu sổ theo dõi",
				"task_id": "R1", "status": "submitted", "due_at": f.now.Add(240 * 3600e9)}}
		}
		writeJSON(w, http.StatusOK, in)
	case r.Method == http.MethodPost && p == "/api/v1/inspections/I2/findings":
		if strings.TrimSpace(rec.Body["description"].(string)) == "" {
			invalid("description", "Bắt buộc nhập", "Required")
			return true
		}
		writeJSON(w, http.StatusCreated, map[string]any{"id": 1})
	case r.Method == http.MethodPost && p == "/api/v1/inspections/I2/sign":
		f.signed = true
		writeJSON(w, http.StatusOK, map[string]any{"id": "I2", "status": "signed"})
	case get && p == "/api/v1/tasks/R1":
		t := f.task("R1", "submitted", f.now.Add(240*3600e9), false)
		t["kind"], t["content_hash"] = "remediation", "hash-r1"
		t["form"] = map[string]any{"fields": []any{
			map[string]any{"name": "report", "type": "text", "label": text("Kết quả khắc phục", "What was done")},
			map[string]any{"name": "evidence", "type": "file", "label": text("Minh chứng", "Evidence")}}}
		t["data"] = map[string]any{"report": "Đã lập sổ theo dõi", "evidence": "f-abc"}
		writeJSON(w, http.StatusOK, t)
	case get && p == "/api/v1/tasks/R1/attachments/f-abc":
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("png"))
	case r.Method == http.MethodPost && p == "/api/v1/tasks/R1/approve":
		writeJSON(w, http.StatusOK, map[string]any{"id": "R1", "status": "approved"})
	case get && p == "/api/v1/screening/destinations":
		if len([]rune(r.URL.Query().Get("q"))) < 2 {
			invalid("q", "Tối thiểu 2 ký tự", "At least 2 characters")
			return true
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{map[string]any{"id": 12, "name": "Phường Cống Vị", "parent": "Quận Ba Đình"}}})
	case r.Method == http.MethodPost && p == "/api/v1/screening/cases/SC1/transfer":
		writeJSON(w, http.StatusOK, f.screeningCase("SC1", "open"))
	case get && p == "/api/v1/screening/access-log":
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{map[string]any{"case_id": "SC1", "user_id": 9, "purpose": "Gọi hẹn xét nghiệm", "at": f.now}}})
	case get && p == "/api/v1/screening/subjects":
		if r.URL.Query().Get("phone") != "0912345678" {
			invalid("phone", "Không phải số điện thoại Việt Nam", "Not a Vietnamese phone number")
			return true
		}
		c := f.screeningCase("SC1", "open")
		c["person"], c["result"] = map[string]any{"full_name": fakeName, "date_of_birth": "1996-03-02", "phone": "0912345678"}, "positive"
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{c}})
	case r.Method == http.MethodPut && p == "/api/v1/screening/cases/SC1/person":
		person, _ := rec.Body["person"].(map[string]any)
		if !strings.HasPrefix(person["phone"].(string), "09") {
			invalid("person.phone", "Không phải số điện thoại Việt Nam", "Not a Vietnamese phone number")
			return true
		}
		writeJSON(w, http.StatusOK, f.screeningCase("SC1", "open"))
	case r.Method == http.MethodDelete && p == "/api/v1/screening/cases/SC1/person":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPut && p == "/api/v1/screening/targets":
		rows, _ := rec.Body["targets"].([]any)
		for i, row := range rows {
			if d, ok := row.(map[string]any)["denominator"].(float64); !ok || d < 0 {
				invalid("targets["+strconv.Itoa(i)+"].denominator", "Phải lớn hơn hoặc bằng 0", "Must be 0 or more")
				return true
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"saved": len(rows)})
	case r.Method == http.MethodPost && p == "/api/v1/screening/targets/import":
		if strings.Contains(rec.Raw, "bad") {
			writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
				[]map[string]string{{"field": "line 3", "rule": "format", "message": msg("Sai định dạng", "Wrong format")}})
			return true
		}
		writeJSON(w, http.StatusOK, map[string]any{"saved": strings.Count(strings.TrimSpace(rec.Raw), "\n")})
	default:
		return false
	}
	return true
}
