package api

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"dsflow/models"
	"dsflow/store"
)

type destinationsQuery struct {
	Q     string `form:"q" json:"q" validate:"required,max=100"`
	Limit int    `form:"limit" json:"limit" validate:"gte=0,lte=50"`
}

// destinationView is a commune a case may move to, with the district it
// lies in (two communes of one name are told apart by it).
type destinationView struct {
	ID     uint    `json:"id"`
	Code   *string `json:"code,omitempty"`
	Name   string  `json:"name"`
	Parent string  `json:"parent,omitempty"`
}

// handleTransferDestinations runs GET /screening/destinations: the
// communes, anywhere in the country, whose name matches ?q= (diacritics
// ignored, at least two letters), to pick where a case moves. The units
// list is scoped to the caller's subtree, but a person may move anywhere
// (handleTransferCase accepts any commune); names of administrative units
// are public, and no case data is in the answer.
func (s *Server) handleTransferDestinations(c *gin.Context) {
	var q destinationsQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	if utf8.RuneCountInString(strings.TrimSpace(q.Q)) < 2 {
		s.respondError(c, models.Invalid(models.FieldError{Field: "q", Rule: "min", Param: "2"}))
		return
	}
	if q.Limit == 0 {
		q.Limit = 20
	}
	ctx := c.Request.Context()
	units, err := s.store.ListUnits(ctx, store.Scope{Path: "/"}, store.UnitFilter{Query: q.Q, Level: models.LevelCommune, Limit: q.Limit})
	if err != nil {
		s.respondError(c, internal(err, "find communes"))
		return
	}
	var parents []uint
	for _, u := range units {
		if u.ParentID != nil {
			parents = append(parents, *u.ParentID)
		}
	}
	names, err := s.store.UnitNames(ctx, parents)
	if err != nil {
		s.respondError(c, internal(err, "name districts"))
		return
	}
	out := make([]destinationView, 0, len(units))
	for _, u := range units {
		v := destinationView{ID: u.ID, Code: u.Code, Name: u.Name}
		if u.ParentID != nil {
			v.Parent = names[*u.ParentID]
		}
		out = append(out, v)
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}
