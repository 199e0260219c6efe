package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dsflow/api"
)

// TestOpenAPI checks that openapi.json describes every registered route
// (method and path) and nothing that is not one, and that the API serves
// it.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q, want 3.1.x", doc.OpenAPI)
	}
	srv := api.New(api.Deps{})
	routes := srv.Routes()
	if len(routes) < 25 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	registered := map[string]bool{}
	for _, r := range routes {
		m := strings.ToLower(r.Method)
		registered[m+" "+r.Path] = true
		if _, ok := doc.Paths[r.Path][m]; !ok {
			t.Errorf("%s %s is not in openapi.json", r.Method, r.Path)
		}
	}
	methods := map[string]bool{"get": true, "put": true, "post": true, "delete": true, "patch": true, "head": true, "options": true, "trace": true}
	for p, ops := range doc.Paths {
		for m := range ops {
			if methods[m] && !registered[m+" "+p] {
				t.Errorf("openapi.json has %s %s, which no route serves", strings.ToUpper(m), p)
			}
		}
	}

	h := httptest.NewServer(srv.Handler())
	defer h.Close()
	resp, err := http.Get(h.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
