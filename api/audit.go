package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"dsflow/authz"
	"dsflow/models"
	"dsflow/store"
)

// handleAudit lists the audit entries of one entity ("task:ID", "user:ID")
// in the caller's scope, or — for admins — the log of their subtree. The
// store keeps to the scope: entries of other subtrees never show, and the
// national ones (calendar, unit imports) only to admins of the root.
func (s *Server) handleAudit(c *gin.Context) {
	ctx := c.Request.Context()
	f := store.AuditFilter{Limit: 200}
	if after := c.Query("after"); after != "" {
		n, err := strconv.ParseInt(after, 10, 64)
		if err != nil || n < 0 {
			s.respondError(c, models.Invalid(models.FieldError{Field: "after", Rule: "type", Param: "integer"}))
			return
		}
		f.AfterSeq = n
	}
	entity := c.Query("entity")
	kind, id, _ := strings.Cut(entity, ":")
	switch {
	case entity == "":
		if !currentUser(c).HasRole(models.RoleAdmin) {
			s.respondError(c, models.Invalid(models.FieldError{Field: "entity", Rule: "required"}))
			return
		}
	case kind == store.EntityTask:
		if _, err := s.store.GetTask(ctx, scopeOf(c), id); err != nil {
			s.respondError(c, err)
			return
		}
		f.EntityType, f.EntityID = kind, id
	case kind == store.EntityUser:
		uid, err := strconv.ParseUint(id, 10, 32)
		if err == nil && authz.Allowed(currentUser(c).RoleList(), authz.ManageUsers) {
			_, err = s.store.GetUser(ctx, scopeOf(c), uint(uid))
		} else if err == nil {
			err = &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"}
		}
		if err != nil {
			s.respondError(c, err)
			return
		}
		f.EntityType, f.EntityID = kind, id
	case kind == store.EntityCase:
		if _, err := s.store.GetCase(ctx, scopeOf(c), id); err != nil {
			s.respondError(c, err)
			return
		}
		f.EntityType, f.EntityID = kind, id
	default:
		s.respondError(c, models.Invalid(models.FieldError{Field: "entity", Rule: "oneof", Param: "task:<id> user:<id> case:<id>"}))
		return
	}
	entries, err := s.store.ListAudit(ctx, scopeOf(c), f)
	if err != nil {
		s.respondError(c, internal(err, "list audit"))
		return
	}
	for i := range entries {
		entries[i].At = entries[i].At.In(ict)
	}
	c.JSON(http.StatusOK, gin.H{"items": entries})
}
