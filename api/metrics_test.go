package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dsflow/api"
)

// TestMetricsAccess: /metrics answers a scraper on this machine (by the
// TCP peer, never a forwarding header) or a bearer of the metrics token;
// anyone else finds no such route.
func TestMetricsAccess(t *testing.T) {
	const token = "scrape-0123456789abcdef"
	open := api.New(api.Deps{TrustedProxies: []string{"0.0.0.0/0", "::/0"}}).Handler()
	withToken := api.New(api.Deps{MetricsToken: token}).Handler()
	cases := []struct {
		name    string
		h       http.Handler
		peer    string
		headers map[string]string
		want    int
	}{
		{"IPv4 loopback", open, "127.0.0.1:51000", nil, http.StatusOK},
		{"IPv6 loopback", open, "[::1]:51000", nil, http.StatusOK},
		{"another machine", open, "203.0.113.5:51000", nil, http.StatusNotFound},
		{"another machine claiming loopback in X-Forwarded-For", open, "203.0.113.5:51000", map[string]string{"X-Forwarded-For": "127.0.0.1"}, http.StatusNotFound},
		{"another machine claiming loopback in X-Real-IP", open, "203.0.113.5:51000", map[string]string{"X-Real-IP": "::1"}, http.StatusNotFound},
		{"through a proxy on this machine", open, "127.0.0.1:51000", map[string]string{"X-Forwarded-For": "203.0.113.5"}, http.StatusNotFound},
		{"a token where none is set", open, "203.0.113.5:51000", map[string]string{"Authorization": "Bearer " + token}, http.StatusNotFound},
		{"the token from afar", withToken, "203.0.113.5:51000", map[string]string{"Authorization": "Bearer " + token}, http.StatusOK},
		{"the token, scheme in lower case", withToken, "203.0.113.5:51000", map[string]string{"Authorization": "bearer " + token}, http.StatusOK},
		{"a wrong token", withToken, "203.0.113.5:51000", map[string]string{"Authorization": "Bearer " + token + "x"}, http.StatusNotFound},
		{"a prefix of the token", withToken, "203.0.113.5:51000", map[string]string{"Authorization": "Bearer " + token[:10]}, http.StatusNotFound},
		{"no token from afar", withToken, "203.0.113.5:51000", nil, http.StatusNotFound},
		{"loopback with a token set", withToken, "127.0.0.1:51000", nil, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = c.peer
			for k, v := range c.headers {
				req.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			c.h.ServeHTTP(w, req)
			if w.Code != c.want {
				t.Fatalf("status %d, want %d: %s", w.Code, c.want, w.Body)
			}
			if c.want == http.StatusOK {
				if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
					t.Errorf("Content-Type %q, want Prometheus' text format", ct)
				}
				return
			}
			// Refused exactly like a route that does not exist.
			var p map[string]any
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, problemJSONType) || json.Unmarshal(w.Body.Bytes(), &p) != nil || p["code"] != "not_found" {
				t.Fatalf("refusal %q (%s), want a not_found problem", w.Body, ct)
			}
			if strings.Contains(w.Body.String(), "metrics") && !strings.Contains(w.Body.String(), `"instance":"/metrics"`) {
				t.Errorf("the refusal says more than no such route: %s", w.Body)
			}
		})
	}
}
