package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// taskFilters are My tasks' filters, as a user saves them.
type taskFilters struct {
	Show    string `json:"show" validate:"omitempty,oneof=todo wait closed all"`
	Whose   string `json:"whose" validate:"omitempty,oneof=me unit"`
	Process string `json:"process" validate:"omitempty,oneof=adhoc campaign briefing inspection screening annual_plan review data_update"`
	Q       string `json:"q" validate:"max=200"`
	Overdue bool   `json:"overdue"`
}

// filtersBody is what GET and PUT /me/filters carry: each page's filters.
type filtersBody struct {
	Tasks taskFilters `json:"tasks"`
}

// filtersPage is the saved filter's page in the store.
const filtersPage = "tasks"

// handleGetFilters returns the caller's saved filters (empty ones before
// the first save).
func (s *Server) handleGetFilters(c *gin.Context) {
	raw, err := s.store.UserFilter(c.Request.Context(), currentUser(c).ID, filtersPage)
	if err != nil {
		s.respondError(c, internal(err, "read saved filters"))
		return
	}
	var out filtersBody
	if raw != "" {
		// Saved by PUT below, so it decodes; a row that did not would
		// only lose the user's filters, not the page.
		_ = json.Unmarshal([]byte(raw), &out.Tasks)
	}
	c.JSON(http.StatusOK, out)
}

// handlePutFilters saves the caller's filters, replacing the saved ones:
// the same body twice saves the same, so a retry needs no
// Idempotency-Key.
func (s *Server) handlePutFilters(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	var in filtersBody
	if err := s.decodeBody(body, &in); err != nil {
		s.respondError(c, err)
		return
	}
	raw, _ := json.Marshal(in.Tasks) // plain strings and a bool
	if err := s.store.PutUserFilter(c.Request.Context(), currentUser(c).ID, filtersPage, string(raw)); err != nil {
		s.respondError(c, internal(err, "save filters"))
		return
	}
	c.JSON(http.StatusOK, in)
}
