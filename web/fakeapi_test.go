package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// fakeAPI stands in for the API handler in unit tests: a few routes with
// the API's shapes, and a record of what the pages sent.
type fakeAPI struct {
	now time.Time
	// roles of the signed-in user (default: officer).
	roles []string
	// sheet is the user's checklist at the fake inspection.
	sheet fakeSheet
	// signed: the fake inspection I2's minutes are signed.
	signed bool

	mu       sync.Mutex
	requests []fakeRequest
}

type fakeRequest struct {
	Method, Path, Auth, Key, Lang, RemoteAddr string
	Body                                      map[string]any
	Query                                     string
	Raw                                       string
}

const fakeToken = "tok-officer"

func (f *fakeAPI) sent(method, path string) []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRequest
	for _, r := range f.requests {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	rec := fakeRequest{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"), Key: r.Header.Get("Idempotency-Key"),
		Lang: r.Header.Get("Accept-Language"), RemoteAddr: r.RemoteAddr, Query: r.URL.RawQuery, Raw: string(raw)}
	_ = json.Unmarshal(raw, &rec.Body)
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	f.mu.Unlock()
	en := r.Header.Get("Accept-Language") == "en"
	msg := func(vi, eng string) string {
		if en {
			return eng
		}
		return vi
	}
	switch {
	case r.URL.Path == "/healthz":
		w.Write([]byte("ok"))
		return
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/auth/login":
		if rec.Body["username"] == "canbo.ngoclam" && rec.Body["password"] == "dsflow2026" {
			writeJSON(w, http.StatusOK, map[string]any{"token": fakeToken, "expires_at": f.now.Add(12 * time.Hour)})
			return
		}
		writeProblem(w, http.StatusUnauthorized, "unauthorized", msg("Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"), nil)
		return
	}
	if rec.Auth != "Bearer "+fakeToken {
		writeProblem(w, http.StatusUnauthorized, "unauthorized", msg("Chưa đăng nhập", "Not signed in"), nil)
		return
	}
	switch {
	case f.inspWork(w, r, rec, msg):
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/auth/logout":
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/api/v1/me":
		roles := f.roles
		if roles == nil {
			roles = []string{"officer"}
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": 5, "username": "canbo.ngoclam", "full_name": "Cán bộ dân số phường Ngọc Lâm",
			"roles": roles, "unit": map[string]any{"id": 7, "name": "Phường Ngọc Lâm", "level": "commune"}})
	case r.URL.Path == "/api/v1/overdue":
		group := map[string]any{"unit": map[string]any{"id": 70, "name": "Tổ dân phố 7", "level": "village", "parent_id": 7},
			"total": 1234, "by_process": map[string]int{"campaign": 1234}, "by_age": map[string]int{">30": 1234}}
		if r.URL.Query().Get("unit") == "70" {
			group["children"], group["tasks"] = []any{}, []any{f.task("T1", "claimed", f.now.Add(-72*time.Hour), true)}
			writeJSON(w, http.StatusOK, group)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"unit": map[string]any{"id": 7, "name": "Phường Ngọc Lâm", "level": "commune", "parent_id": 3}, "total": 1235,
			"by_process": map[string]int{"campaign": 1234, "adhoc": 1}, "by_age": map[string]int{"1-3": 1, ">30": 1234},
			"children": []any{group},
			"own":      map[string]any{"unit": map[string]any{"id": 7, "name": "Phường Ngọc Lâm"}, "total": 1, "by_process": map[string]int{"adhoc": 1}, "by_age": map[string]int{"1-3": 1}},
			"tasks":    []any{f.task("T1", "claimed", f.now.Add(-72*time.Hour), true)}, "next_cursor": "abc",
		})
	case r.Method == http.MethodGet && r.URL.Path == "/api/v1/tasks":
		items := []any{}
		if r.URL.Query().Get("assignee") == "me" {
			items = append(items, f.task("T2", "claimed", f.now.Add(50*time.Hour), false), f.task("T1", "claimed", f.now.Add(-72*time.Hour), true))
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": ""})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/v1/tasks/"):
		id := strings.TrimPrefix(r.URL.Path, "/api/v1/tasks/")
		if id != "T1" {
			writeProblem(w, http.StatusNotFound, "not_found", msg("Không tìm thấy", "Not found"), nil)
			return
		}
		writeJSON(w, http.StatusOK, f.task("T1", "claimed", f.now.Add(-72*time.Hour), true))
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/tasks/T1/submit":
		data, _ := rec.Body["data"].(map[string]any)
		if _, ok := data["births"]; !ok {
			writeProblem(w, http.StatusUnprocessableEntity, "invalid", msg("Dữ liệu không hợp lệ", "Invalid input"),
				[]map[string]string{{"field": "data.births", "rule": "required", "message": msg("Bắt buộc nhập", "Required")}})
			return
		}
		writeJSON(w, http.StatusOK, f.task("T1", "submitted", f.now.Add(-72*time.Hour), false))
	case f.processes(w, r, rec, msg), f.inspections(w, r, rec, msg), f.screening(w, r, rec, msg), f.briefings(w, r, rec, msg):
	default:
		writeProblem(w, http.StatusNotFound, "not_found", msg("Không có đường dẫn này", "No such route"), nil)
	}
}

func (f *fakeAPI) task(id, status string, due time.Time, overdue bool) map[string]any {
	return map[string]any{
		"id": id, "process": "adhoc", "kind": "report", "unit_id": 7, "assignee_id": 5, "status": status, "priority": "normal",
		"title": map[string]any{"vi": "Báo cáo quý " + id, "en": "Quarterly report " + id},
		"form": map[string]any{"fields": []any{
			map[string]any{"name": "births", "type": "count", "label": map[string]any{"vi": "Số trẻ sinh ra", "en": "Births"}, "required": true},
			map[string]any{"name": "note", "type": "text", "label": map[string]any{"vi": "Ghi chú", "en": "Note"}},
		}},
		"due_at": due, "overdue": overdue, "revision": 2,
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeProblem(w http.ResponseWriter, status int, code, title string, errs []map[string]string) {
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": status, "code": code, "title": title, "request_id": "rq1", "errors": errs})
}
