package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// processes answers the fake API's campaign and template routes (false
// for any other route).
func (f *fakeAPI) processes(w http.ResponseWriter, r *http.Request, rec fakeRequest, msg func(vi, en string) string) bool {
	get := r.Method == http.MethodGet
	switch p := r.URL.Path; {
	case get && p == "/api/v1/templates":
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{
			map[string]any{"id": 1, "key": "campaign-srh-fp", "version": 1, "kind": "campaign", "title": map[string]any{"vi": "Chiến dịch CSSKSS/KHHGĐ", "en": "SRH/FP campaign"}},
			map[string]any{"id": 2, "key": "briefing-quarterly", "version": 1, "kind": "briefing", "title": map[string]any{"vi": "Giao ban quý", "en": "Quarterly briefing"}},
		}})
	case get && p == "/api/v1/templates/1":
		writeJSON(w, http.StatusOK, map[string]any{"id": 1, "key": "campaign-srh-fp", "version": 1, "kind": "campaign",
			"title": map[string]any{"vi": "Chiến dịch CSSKSS/KHHGĐ", "en": "SRH/FP campaign"},
			"definition": map[string]any{"kind": "campaign", "title": map[string]any{"vi": "Chiến dịch CSSKSS/KHHGĐ", "en": "SRH/FP campaign"},
				"default_level": "commune", "indicators": []any{
					map[string]any{"key": "new_iud", "title": map[string]any{"vi": "Người mới đặt vòng", "en": "New IUD users"}, "unit": "người", "rollup": "sum"},
				}}})
	case get && p == "/api/v1/units":
		items := []any{}
		for _, u := range fakeUnits {
			if lv := r.URL.Query().Get("level"); lv == "" || lv == u["level"] {
				items = append(items, u)
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items})
	case get && strings.HasPrefix(p, "/api/v1/units/"):
		for _, u := range fakeUnits {
			if fmt.Sprint(u["id"]) == strings.TrimPrefix(p, "/api/v1/units/") {
				writeJSON(w, http.StatusOK, u)
				return true
			}
		}
		writeProblem(w, http.StatusNotFound, "not-found", msg("Không tìm thấy", "Not found"), nil)
	case r.Method == http.MethodPost && p == "/api/v1/campaigns":
		window, _ := rec.Body["window"].(map[string]any)
		if window["end"] == "2020-01-01" {
			writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
				[]map[string]string{{"field": "window.end", "rule": "gtefield", "message": msg("Phải sau hoặc bằng ngày bắt đầu", "Must be on or after the start")}})
			return true
		}
		writeJSON(w, http.StatusCreated, map[string]any{"id": "C1", "status": "scheduled"})
	case get && p == "/api/v1/campaigns":
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{f.campaign()}})
	case get && p == "/api/v1/campaigns/C1":
		c := f.campaign()
		c["steps"] = []any{map[string]any{"step": "final_report", "title": map[string]any{"vi": "Báo cáo kết quả", "en": "Final report"},
			"due_at": f.now.Add(240 * time.Hour), "units": 4, "submitted": 3, "submitted_share": 0.75, "overdue": 1}}
		c["overdue_units"] = []any{map[string]any{"unit_id": 8, "unit_name": "Phường Bồ Đề", "overdue": 1}}
		fig := func(actual, target, pct float64) []any {
			return []any{map[string]any{"indicator": "new_iud", "title": map[string]any{"vi": "Người mới đặt vòng", "en": "New IUD users"},
				"unit": "người", "rollup": "sum", "actual": actual, "target": target, "percent_of_target": pct, "lagging": pct < 50}}
		}
		c["figures"] = map[string]any{"unit": map[string]any{"id": 3, "name": "Quận Long Biên"}, "figures": fig(1234, 3000, 41.13),
			"children": []any{map[string]any{"unit": map[string]any{"id": 7, "name": "Phường Ngọc Lâm"}, "figures": fig(12, 10, 120)}}}
		writeJSON(w, http.StatusOK, c)
	case get && p == "/api/v1/campaigns/C1/report.xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="C1.xlsx"`)
		w.Write([]byte("PK\x03\x04 workbook"))
	case get && strings.HasPrefix(p, "/api/v1/campaigns/"):
		writeProblem(w, http.StatusNotFound, "not_found", msg("Không tìm thấy", "Not found"), nil)
	default:
		return false
	}
	return true
}

func (f *fakeAPI) campaign() map[string]any {
	return map[string]any{"id": "C1", "kind": "campaign", "name": "Chiến dịch CSSKSS/KHHGĐ 2026", "template": "campaign-srh-fp",
		"root_unit_id": 3, "level": "commune", "window_start": "2026-05-01", "window_end": "2026-06-30", "status": "running"}
}

// fakeUnits are the units of the fake API's user.
var fakeUnits = []map[string]any{
	{"id": 3, "name": "Quận Long Biên", "level": "district"},
	{"id": 8, "name": "Phường Bồ Đề", "level": "commune", "parent_id": 3},
	{"id": 7, "name": "Phường Ngọc Lâm", "level": "commune", "parent_id": 3},
	{"id": 70, "name": "Tổ dân phố 7", "level": "village", "parent_id": 7},
}
