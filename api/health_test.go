package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dsflow/api"
	"dsflow/store"
	"dsflow/store/storetest"
	"dsflow/testenv"
)

// TestHealthAndProblems checks the probes and metrics, and that every kind
// of error answer is a problem document that leaks nothing internal.
func TestHealthAndProblems(t *testing.T) {
	env := testenv.Start(t, testenv.Options{SQLite: true})
	officer := env.Login(t, officerNgocLam)

	t.Run("healthz and readyz", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/healthz", "", nil)
		if r.Status != http.StatusOK || r.JSON["status"] != "ok" {
			t.Fatalf("healthz: %d %s", r.Status, r.Body)
		}
		r = env.Request(t, http.MethodGet, "/readyz", "", nil)
		checks, _ := r.JSON["checks"].(map[string]any)
		if r.Status != http.StatusOK || r.JSON["status"] != "ready" || checks["database"] != "ok" || checks["temporal"] != "ok" {
			t.Fatalf("readyz: %d %s", r.Status, r.Body)
		}
	})
	t.Run("metrics", func(t *testing.T) {
		wantStatus(t, env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/units/%d", env.UnitID(t, unitNgocLam)), officer, nil), http.StatusOK)
		createTask(t, env, env.Login(t, leaderNgocLam), taskTo("Đo", env.UnitID(t, unitNgocLam), "officer", 0))
		r := env.Request(t, http.MethodGet, "/metrics", "", nil)
		wantStatus(t, r, http.StatusOK)
		text := string(r.Body)
		for _, want := range []string{
			`dsflow_http_requests_total{method="GET",route="/api/v1/units/:id",status="200"}`,
			`dsflow_http_request_duration_seconds_bucket{method="POST",route="/api/v1/tasks"`,
			"\ntemporal_",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
		if strings.Contains(text, fmt.Sprintf("/api/v1/units/%d", env.UnitID(t, unitNgocLam))) {
			t.Error("/metrics labels a raw path")
		}
	})

	t.Run("problem documents", func(t *testing.T) {
		cases := []struct {
			name, method, path, token string
			body                      any
			status                    int
			code                      string
		}{
			{"no route", "GET", "/api/v1/nowhere", officer, nil, 404, "not_found"},
			{"no route, no token", "GET", "/nowhere", "", nil, 404, "not_found"},
			{"wrong method", "DELETE", "/api/v1/units", officer, nil, 405, "method_not_allowed"},
			{"no token", "GET", "/api/v1/me", "", nil, 401, "unauthorized"},
			{"no right", "GET", "/api/v1/users", officer, nil, 403, "forbidden"},
			{"bad JSON", "POST", "/api/v1/auth/login", "", "{", 422, "invalid"},
			{"too large", "POST", "/api/v1/auth/login", "", `{"username":"` + strings.Repeat("a", 1<<20) + `"}`, 422, "invalid"},
			{"bad query", "GET", "/api/v1/tasks?status=lost", officer, nil, 422, "invalid"},
			{"bad cursor", "GET", "/api/v1/tasks?cursor=xyz", officer, nil, 422, "invalid"},
			{"bad time", "GET", "/api/v1/tasks?due_before=tomorrow", officer, nil, 422, "invalid"},
			{"signoffs without pending=me", "GET", "/api/v1/signoffs", env.Login(t, leaderNgocLam), nil, 422, "invalid"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := env.Request(t, c.method, c.path, c.token, c.body)
				checkProblem(t, r, c.status, c.code)
				if strings.Contains(string(r.Body), "strconv") || strings.Contains(string(r.Body), "parsing time") {
					t.Errorf("Go error text in %s", r.Body)
				}
			})
		}
	})
	t.Run("a 405 names the allowed methods", func(t *testing.T) {
		r := env.Request(t, http.MethodDelete, "/api/v1/users/1", officer, nil)
		if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "GET, PATCH" {
			t.Errorf("status %d, Allow %q", r.Status, r.Header.Get("Allow"))
		}
	})
	t.Run("titles follow the language", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/users", officer, nil, "Accept-Language", "en")
		checkProblem(t, r, http.StatusForbidden, "forbidden")
		if r.JSON["title"] != "You are not allowed to do this" {
			t.Errorf("English title %q", r.JSON["title"])
		}
		r = env.Request(t, http.MethodGet, "/api/v1/users?lang=vi", officer, nil, "Accept-Language", "en")
		if r.JSON["title"] != "Bạn không có quyền thực hiện thao tác này" {
			t.Errorf("?lang=vi title %q", r.JSON["title"])
		}
	})
	t.Run("the request ID is the caller's when sane", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/me", "", nil, "X-Request-ID", "req-123")
		if r.JSON["request_id"] != "req-123" || r.Header.Get("X-Request-ID") != "req-123" {
			t.Fatalf("request ID %v / %q", r.JSON["request_id"], r.Header.Get("X-Request-ID"))
		}
		r = env.Request(t, http.MethodGet, "/api/v1/me", "", nil, "X-Request-ID", strings.Repeat("x", 65))
		if id, _ := r.JSON["request_id"].(string); id == "" || len(id) > 64 {
			t.Fatalf("over-long request ID kept: %q", id)
		}
	})

	t.Run("a broken database is 500 and 503, with nothing internal shown", func(t *testing.T) {
		broken := storetest.Open(t, store.DialectSQLite, store.Config{})
		_ = broken.Close()
		h := httptest.NewServer(api.New(api.Deps{Store: broken, Temporal: env.Client}).Handler())
		defer h.Close()
		other := &testenv.Env{URL: h.URL}
		r := other.Request(t, http.MethodGet, "/api/v1/me", officer, nil)
		checkProblem(t, r, http.StatusInternalServerError, "internal")
		for _, leak := range []string{"sql", "closed", "database", "session", "errors"} {
			if strings.Contains(strings.ToLower(string(r.Body)), leak) {
				t.Errorf("500 answer shows %q: %s", leak, r.Body)
			}
		}
		if r.JSON["detail"] != nil {
			t.Errorf("500 has a detail: %v", r.JSON["detail"])
		}
		r = other.Request(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "dsflow2026"})
		checkProblem(t, r, http.StatusInternalServerError, "internal")
		r = other.Request(t, http.MethodGet, "/readyz", "", nil)
		checks, _ := r.JSON["checks"].(map[string]any)
		if r.Status != http.StatusServiceUnavailable || checks["database"] != "unavailable" || checks["temporal"] != "ok" {
			t.Fatalf("readyz with the database down: %d %s", r.Status, r.Body)
		}
	})
}
