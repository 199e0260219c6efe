package web

import (
	"net/http"
	"time"
)

// briefings answers the fake API's schedule and briefing routes (false
// for any other route).
func (f *fakeAPI) briefings(w http.ResponseWriter, r *http.Request, rec fakeRequest, msg func(vi, en string) string) bool {
	get := r.Method == http.MethodGet
	invalid := func(field, vi, en string) {
		writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
			[]map[string]string{{"field": field, "rule": "x", "message": msg(vi, en)}})
	}
	switch p := r.URL.Path; {
	case get && p == "/api/v1/schedules":
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{
			map[string]any{"id": "S1", "name": "Giao ban quý quận Long Biên", "template": "briefing-quarterly", "root_unit_id": 3, "level": "commune",
				"cadence": "quarter", "paused": false, "next_runs": []any{f.now.Add(30 * 24 * time.Hour)}, "state": "active"},
			map[string]any{"id": "S2", "name": "Giao ban tháng", "template": "briefing-monthly", "root_unit_id": 7, "level": "village",
				"cadence": "month", "paused": true, "next_runs": []any{}, "state": "active"},
		}})
	case r.Method == http.MethodPost && p == "/api/v1/schedules":
		if rec.Body["template"] != "briefing-quarterly" {
			invalid("template", "Mẫu này không chạy theo lịch", "This template does not recur")
			return true
		}
		if rec.Body["name"] == "" {
			invalid("name", "Bắt buộc nhập", "Required")
			return true
		}
		writeJSON(w, http.StatusCreated, map[string]any{"id": "S3"})
	case r.Method == http.MethodPost && (p == "/api/v1/schedules/S1/pause" || p == "/api/v1/schedules/S2/resume"):
		writeJSON(w, http.StatusOK, map[string]any{"id": "S1"})
	case get && p == "/api/v1/briefings/B1":
		b := map[string]any{"id": "B1", "kind": "briefing", "name": "Giao ban quý II/2026", "template": "briefing-quarterly", "root_unit_id": 3,
			"level": "commune", "window_start": "2026-04-01", "window_end": "2026-06-30", "status": "running",
			"steps":         []any{map[string]any{"step": "report", "title": map[string]any{}, "due_at": f.now.Add(48 * time.Hour), "units": 2, "submitted": 1, "submitted_share": 0.5}},
			"overdue_units": []any{map[string]any{"unit_id": 8, "unit_name": "Phường Bồ Đề", "overdue": 3}},
			"overdue_all":   map[string]any{"unit": map[string]any{"id": 3, "name": "Quận Long Biên"}, "total": 1234},
			"figures":       map[string]any{"unit": map[string]any{"id": 3, "name": "Quận Long Biên"}, "figures": []any{}},
			"previous": map[string]any{"id": "B0", "name": "Giao ban quý I/2026", "conclusions": []any{
				map[string]any{"seq": 1, "text": "Rà soát số trẻ sinh", "due_at": "2026-03-31", "tasks": 2, "done": 1, "overdue": 1, "status": "overdue"}}},
			"conclusions": []any{}}
		writeJSON(w, http.StatusOK, b)
	case r.Method == http.MethodPost && p == "/api/v1/briefings/B1/conclusions":
		cs, _ := rec.Body["conclusions"].([]any)
		c, _ := cs[0].(map[string]any)
		units, _ := c["units"].([]any)
		switch {
		case c["text"] == "":
			invalid("conclusions[0].text", "Bắt buộc nhập", "Required")
		case len(units) == 0:
			invalid("conclusions[0].units", "Chọn ít nhất 1", "Choose at least 1")
		case c["due"].(string) <= f.now.Format("2006-01-02"):
			invalid("conclusions[0].due", "Phải là ngày trong tương lai", "Must be in the future")
		default:
			writeJSON(w, http.StatusCreated, map[string]any{"items": []any{}})
		}
	default:
		return false
	}
	return true
}
