package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"dsflow/models"
)

// handleListNotifications returns the caller's inbox, newest first.
func (s *Server) handleListNotifications(c *gin.Context) {
	var before uint64
	if b := c.Query("before"); b != "" {
		var err error
		if before, err = strconv.ParseUint(b, 10, 32); err != nil {
			s.respondError(c, models.Invalid(models.FieldError{Field: "before", Rule: "type", Param: "integer"}))
			return
		}
	}
	items, err := s.store.ListNotifications(c.Request.Context(), currentUser(c).ID, c.Query("unread") == "true", uint(before), 50)
	if err != nil {
		s.respondError(c, internal(err, "list notifications"))
		return
	}
	for i := range items {
		items[i].CreatedAt = items[i].CreatedAt.In(ict)
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

type markReadRequest struct {
	IDs []uint `json:"ids" validate:"max=500"`
}

// handleMarkNotificationsRead marks the listed notifications (or all) read.
func (s *Server) handleMarkNotificationsRead(c *gin.Context) {
	var req markReadRequest
	body, err := readBody(c)
	if err == nil {
		err = s.decodeBody(body, &req) // no body: mark all
	}
	if err != nil {
		s.respondError(c, err)
		return
	}
	if req.IDs != nil && len(req.IDs) == 0 {
		c.JSON(http.StatusOK, gin.H{"marked": 0}) // an empty list names nothing; no body means all
		return
	}
	n, err := s.store.MarkNotificationsRead(c.Request.Context(), currentUser(c).ID, req.IDs)
	if err != nil {
		s.respondError(c, internal(err, "mark read"))
		return
	}
	c.JSON(http.StatusOK, gin.H{"marked": n})
}
