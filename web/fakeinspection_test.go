package web

import (
	"encoding/json"
	"net/http"
)

type fakeSheet struct {
	version   int
	saveID    string
	answers   map[string]any
	submitted bool
}

// inspections answers the fake API's inspection routes (false for any
// other route). The checklist has two sections; the sheet keeps its
// version and last save_id as the API does.
func (f *fakeAPI) inspections(w http.ResponseWriter, r *http.Request, rec fakeRequest, msg func(vi, en string) string) bool {
	const sheetPath = "/api/v1/inspections/I1/checklists/7"
	f.mu.Lock()
	defer f.mu.Unlock()
	sh := &f.sheet
	invalid := func(field, vi, en string) {
		writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
			[]map[string]string{{"field": field, "rule": "x", "message": msg(vi, en)}})
	}
	switch p := r.URL.Path; {
	case r.Method == http.MethodGet && p == "/api/v1/inspections":
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{f.inspection()}})
	case r.Method == http.MethodGet && p == "/api/v1/inspections/I1":
		in := f.inspection()
		in["units"] = []any{map[string]any{"id": 7, "name": "Phường Ngọc Lâm"}}
		in["team"] = []any{map[string]any{"user_id": 5, "name": "Trưởng đoàn Hà Nội", "role": "lead"}}
		in["checklists"] = []any{map[string]any{"unit_id": 7, "inspector_id": 5, "version": sh.version, "submitted": sh.submitted}}
		in["findings"] = []any{}
		writeJSON(w, http.StatusOK, in)
	case r.Method == http.MethodGet && p == sheetPath:
		writeJSON(w, http.StatusOK, f.sheetView(true))
	case r.Method == http.MethodPut && p == sheetPath:
		answers, _ := rec.Body["answers"].(map[string]any)
		base, _ := rec.Body["base_version"].(float64)
		switch {
		case rec.Body["save_id"] == sh.saveID:
		case int(base) != sh.version:
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusConflict)
			_ = json.NewEncoder(w).Encode(map[string]any{"status": 409, "code": "conflict", "title": msg("Phiếu đã được lưu từ một bản mới hơn", "Saved from a newer copy"),
				"state": f.sheetView(false)})
			return true
		case answers["advisory"] != nil && answers["advisory"].(map[string]any)["value"] == 9.0:
			invalid("answers.advisory.value", "Phải nhỏ hơn hoặc bằng 5", "Must be at most 5")
			return true
		default:
			sh.version, sh.saveID, sh.answers = sh.version+1, rec.Body["save_id"].(string), answers
		}
		writeJSON(w, http.StatusOK, f.sheetView(false))
	case r.Method == http.MethodPost && p == sheetPath+"/submit":
		plan, _ := sh.answers["annual_plan"].(map[string]any)
		switch {
		case rec.Body["version"] != float64(sh.version):
			writeProblem(w, http.StatusConflict, "conflict", "stale", nil)
		case plan == nil:
			invalid("answers.annual_plan.value", "Bắt buộc nhập", "Required")
		case plan["value"] == "no" && plan["comment"] == nil:
			invalid("answers.annual_plan.comment", "Cần nhận xét khi không đạt", "A failing answer needs a comment")
		default:
			sh.submitted = true
			writeJSON(w, http.StatusOK, f.sheetView(false))
		}
	default:
		return false
	}
	return true
}

func (f *fakeAPI) inspection() map[string]any {
	return map[string]any{"id": "I1", "name": "Kiểm tra 6 tháng đầu năm", "status": "planned", "checklist": "inspection-dskhhgd",
		"lead_id": 5, "window_start": f.now, "window_end": f.now.Add(48 * 3600e9)}
}

func (f *fakeAPI) sheetView(withChecklist bool) map[string]any {
	sh := f.sheet
	answers := sh.answers
	if answers == nil {
		answers = map[string]any{}
	}
	v := map[string]any{"unit_id": 7, "inspector_id": 5, "task_id": "CL1", "version": sh.version, "submitted": sh.submitted, "save_id": sh.saveID, "answers": answers}
	if sh.submitted {
		v["score"], v["max_score"] = 7, 7
	}
	if !withChecklist {
		return v
	}
	text := func(vi, en string) map[string]any { return map[string]any{"vi": vi, "en": en} }
	v["checklist"] = map[string]any{"title": text("Bảng kiểm", "Checklist"), "sections": []any{
		map[string]any{"key": "planning", "title": text("Kế hoạch", "Planning"), "items": []any{
			map[string]any{"key": "annual_plan", "text": text("Có kế hoạch năm", "There is a plan"), "answer": "yesno", "required": true, "require_on_fail": "comment"},
			map[string]any{"key": "advisory", "text": text("Chất lượng tham mưu", "Quality of advice"), "answer": "score", "max_score": 5},
			map[string]any{"key": "meetings", "text": text("Số cuộc họp", "Meetings"), "answer": "number", "min": 0},
		}},
		map[string]any{"key": "other", "title": text("Phối hợp", "Coordination"), "items": []any{
			map[string]any{"key": "partners", "text": text("Đơn vị phối hợp", "Partners"), "answer": "multi", "choices": []string{"Hội Phụ nữ", "Đoàn Thanh niên"}},
			map[string]any{"key": "rating", "text": text("Xếp loại", "Rating"), "answer": "choice", "choices": []string{"Tốt", "Khá"}},
			map[string]any{"key": "note", "text": text("Ghi chú", "Note"), "answer": "text"},
			map[string]any{"key": "photos", "text": text("Ảnh sổ sách", "Photos"), "answer": "evidence"},
		}},
	}}
	return v
}
