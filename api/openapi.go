package api

import (
	_ "embed"
	"net/http"

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
