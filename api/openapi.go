package api

import (
	_ "embed"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// openAPIDoc is the OpenAPI 3.1 description of every endpoint, kept true by
// a test that compares it with the registered routes.
//
//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI returns the document (for tests and tools).
func OpenAPI() []byte { return openAPIDoc }

func (s *Server) handleOpenAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", openAPIDoc)
}

// RouteInfo is one registered route: its method and its path in OpenAPI's
// form ("/api/v1/tasks/{id}").
type RouteInfo struct {
	Method string
	Path   string
}

// Routes lists every route Handler serves, for the test that keeps
// openapi.json true.
func (s *Server) Routes() []RouteInfo {
	g, ok := s.Handler().(*gin.Engine)
	if !ok {
		return nil
	}
	var out []RouteInfo
	for _, r := range g.Routes() {
		parts := strings.Split(r.Path, "/")
		for i, p := range parts {
			if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
				parts[i] = "{" + p[1:] + "}"
			}
		}
		out = append(out, RouteInfo{Method: r.Method, Path: strings.Join(parts, "/")})
	}
	return out
}
