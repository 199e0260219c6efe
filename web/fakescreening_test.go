package web

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// fakeName is the person of the fake case: it must not be in a page
// before a purpose is given.
const fakeName = "Nguyễn Thị Hoa"

// screening answers the fake API's screening routes (false for any other
// route). Personal data needs the health role and a purpose, as in the API.
func (f *fakeAPI) screening(w http.ResponseWriter, r *http.Request, rec fakeRequest, msg func(vi, en string) string) bool {
	get := r.Method == http.MethodGet
	invalid := func(field, vi, en string) {
		writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
			[]map[string]string{{"field": field, "rule": "x", "message": msg(vi, en)}})
	}
	switch p := r.URL.Path; {
	case get && p == "/api/v1/screening/cases":
		items := []any{}
		if r.URL.Query().Get("after") == "" {
			open := f.screeningCase("SC1", "open")
			open["current_step"] = f.caseStep()
			items = append(items, open, f.screeningCase("SC2", "closed"))
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items})
	case get && p == "/api/v1/screening/cases/SC1":
		c := f.screeningCase("SC1", "open")
		c["steps"] = []any{f.caseStep()}
		if purpose := r.URL.Query().Get("purpose"); purpose != "" {
			if !slices.Contains(f.roles, "health") {
				writeProblem(w, http.StatusForbidden, "forbidden", msg("Không có quyền", "Forbidden"), nil)
				return true
			}
			if len(purpose) > 200 {
				invalid("purpose", "Tối đa 200 ký tự", "At most 200 characters")
				return true
			}
			c["person"] = map[string]any{"full_name": fakeName, "date_of_birth": "1996-03-02", "phone": "0912345678"}
			c["result"] = "positive"
			c["step_records"] = []any{map[string]any{"task_id": "T1", "data": map[string]any{"reached": false, "note": "Thuê bao không liên lạc được"}}}
		}
		writeJSON(w, http.StatusOK, c)
	case get && p == "/api/v1/screening/protocols":
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{
			map[string]any{"id": 1, "key": "prenatal-standard", "version": 1, "type": "prenatal", "title": map[string]any{"vi": "Theo dõi sàng lọc trước sinh", "en": "Prenatal follow-up"}},
			map[string]any{"id": 2, "key": "newborn-standard", "version": 1, "type": "newborn", "title": map[string]any{"vi": "Theo dõi sàng lọc sơ sinh", "en": "Newborn follow-up"}},
		}})
	case r.Method == http.MethodPost && p == "/api/v1/screening/cases":
		person, _ := rec.Body["person"].(map[string]any)
		switch {
		case person["date_of_birth"] == "" || person["date_of_birth"].(string) > f.now.Format("2006-01-02"):
			invalid("person.date_of_birth", "Phải là ngày trong quá khứ", "Must be a date in the past")
		case person["phone"] != "" && !strings.HasPrefix(person["phone"].(string), "09"):
			invalid("person.phone", "Không phải số điện thoại Việt Nam", "Not a Vietnamese phone number")
		case rec.Body["protocol"] != "prenatal-standard":
			invalid("protocol", "Không có quy trình này", "No such protocol")
		default:
			writeJSON(w, http.StatusCreated, f.screeningCase("SC1", "open"))
		}
	case get && p == "/api/v1/indicators/screening":
		q := r.URL.Query()
		if q.Get("year") == "1999" {
			invalid("year", "Phải từ 2000 trở đi", "Must be 2000 or later")
			return true
		}
		ngoclam := map[string]any{"unit_id": 7, "name": "Phường Ngọc Lâm", "level": "commune", "screened": 1234, "denominator": 2000,
			"coverage": 61.7, "target": 90, "gap": 28.3, "pace": 70, "behind": true}
		if q.Get("unit") == "7" {
			writeJSON(w, http.StatusOK, ngoclam)
			return true
		}
		writeJSON(w, http.StatusOK, map[string]any{"unit_id": 3, "name": "Quận Long Biên", "level": "district", "screened": 1300,
			"denominator": 2100, "coverage": 61.9, "target": 90, "gap": 28.1, "behind": true, "children": []any{ngoclam,
				map[string]any{"unit_id": 8, "name": "Phường Bồ Đề", "level": "commune", "screened": 66, "denominator": 100,
					"coverage": 66, "target": 50, "gap": 0, "behind": false}}})
	default:
		return false
	}
	return true
}

func (f *fakeAPI) screeningCase(id, status string) map[string]any {
	return map[string]any{"id": id, "type": "prenatal", "unit_id": 7, "protocol": "prenatal-standard", "protocol_version": 1,
		"screened_on": "2026-04-10", "status": status, "step": 0, "attempt": 1}
}

func (f *fakeAPI) caseStep() map[string]any {
	return map[string]any{"task_id": "T1", "unit_id": 7, "title": "Hẹn làm xét nghiệm chẩn đoán xác định",
		"title_en": "Book the confirmatory test", "status": "open", "due_at": f.now.Add(-48 * time.Hour), "overdue": true}
}
