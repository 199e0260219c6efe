package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"dsflow/models"
	"dsflow/store"
)

type listUnitsQuery struct {
	Parent *uint  `form:"parent" json:"parent"`
	Q      string `form:"q" json:"q" validate:"max=100"`
	Level  string `form:"level" json:"level" validate:"omitempty,level"`
	Limit  int    `form:"limit" json:"limit" validate:"gte=0,lte=500"`
	Offset int    `form:"offset" json:"offset" validate:"gte=0"`
}

// handleListUnits lists units of the caller's subtree; ?q= ignores
// Vietnamese diacritics, or names a unit's code exactly.
func (s *Server) handleListUnits(c *gin.Context) {
	var q listUnitsQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	units, err := s.store.ListUnits(c.Request.Context(), scopeOf(c), store.UnitFilter{ParentID: q.Parent, Query: q.Q, Level: q.Level, Limit: q.Limit, Offset: q.Offset})
	if err != nil {
		s.respondError(c, internal(err, "list units"))
		return
	}
	out := make([]unitView, 0, len(units))
	for _, u := range units {
		out = append(out, viewUnit(u))
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// handleGetUnit returns one unit of the caller's subtree; others are 404.
func (s *Server) handleGetUnit(c *gin.Context) {
	id, err := pathID(c, "id")
	if err == nil {
		var u *models.Unit
		if u, err = s.store.GetUnit(c.Request.Context(), scopeOf(c), id); err == nil {
			c.JSON(http.StatusOK, viewUnit(*u))
			return
		}
	}
	s.respondError(c, err)
}
