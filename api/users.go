package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"dsflow/auth"
	"dsflow/models"
	"dsflow/store"
)

type createUserRequest struct {
	Username string   `json:"username" validate:"required,username"`
	Password string   `json:"password" validate:"required,password,max=200"`
	FullName string   `json:"full_name" validate:"max=200"`
	Email    string   `json:"email" validate:"omitempty,email,max=200"`
	UnitID   uint     `json:"unit_id" validate:"required"`
	Roles    []string `json:"roles" validate:"required,min=1,dive,role"`
}

type updateUserRequest struct {
	FullName *string   `json:"full_name" validate:"omitempty,max=200"`
	Email    *string   `json:"email" validate:"omitempty,email,max=200"`
	UnitID   *uint     `json:"unit_id" validate:"omitempty,gt=0"`
	Roles    *[]string `json:"roles" validate:"omitempty,min=1,dive,role"`
	Active   *bool     `json:"active"`
	Password *string   `json:"password" validate:"omitempty,password,max=200"`
}

type listUsersQuery struct {
	UnitID *uint  `form:"unit_id" json:"unit_id"`
	Role   string `form:"role" json:"role" validate:"omitempty,role"`
	Q      string `form:"q" json:"q" validate:"max=100"`
	Limit  int    `form:"limit" json:"limit" validate:"gte=0,lte=500"`
	Offset int    `form:"offset" json:"offset" validate:"gte=0"`
}

// handleListUsers lists users of the admin's subtree; ?q= finds them by
// part of the username or full name, diacritics and case ignored.
func (s *Server) handleListUsers(c *gin.Context) {
	var q listUsersQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	users, err := s.store.ListUsers(c.Request.Context(), scopeOf(c), store.UserFilter{UnitID: q.UnitID, Role: q.Role, Query: q.Q, Limit: q.Limit, Offset: q.Offset})
	if err != nil {
		s.respondError(c, internal(err, "list users"))
		return
	}
	out := make([]userView, 0, len(users))
	for i := range users {
		out = append(out, viewUser(&users[i]))
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// handleCreateUser creates a local account at a unit of the admin's subtree.
// With an Idempotency-Key a retry gets the first answer.
func (s *Server) handleCreateUser(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(_ context.Context) (int, any, error) {
		var req createUserRequest
		if err := s.decodeJSON(body, &req); err != nil {
			return 0, nil, err
		}
		ctx := c.Request.Context()
		unit, err := s.store.GetUnit(ctx, scopeOf(c), req.UnitID)
		if err != nil { // outside the admin's subtree, or no such unit
			return 0, nil, models.Invalid(models.FieldError{Field: "unit_id", Rule: "unit"})
		}
		hash, err := auth.HashPassword(req.Password)
		if err != nil {
			return 0, nil, internal(err, "hash password")
		}
		u := models.User{Username: req.Username, PasswordHash: hash, FullName: strings.TrimSpace(req.FullName), Email: req.Email, UnitID: unit.ID}
		u.SetRoles(dedupe(req.Roles))
		if err := s.store.CreateUserAudited(ctx, &u, store.AuditRecord{ActorID: currentUser(c).ID, Action: "user.create"}); err != nil {
			return 0, nil, internal(err, "create user")
		}
		created, err := s.store.GetUser(ctx, scopeOf(c), u.ID)
		if err != nil {
			return 0, nil, internal(err, "reload user")
		}
		c.Header("Location", "/api/v1/users/"+itoa(u.ID))
		return http.StatusCreated, viewUser(created), nil
	})
}

// handleGetUser returns one user of the admin's subtree.
func (s *Server) handleGetUser(c *gin.Context) {
	id, err := pathID(c, "id")
	if err == nil {
		var u *models.User
		if u, err = s.store.GetUser(c.Request.Context(), scopeOf(c), id); err == nil {
			c.JSON(http.StatusOK, viewUser(u))
			return
		}
	}
	s.respondError(c, err)
}

// handleUpdateUser changes a user's details, unit, roles, password or
// active flag. The store checks the scope of the user and of a new unit,
// ends the sessions a new password or a deactivation ends, and audits the
// change, in one transaction.
func (s *Server) handleUpdateUser(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.respondError(c, err)
		return
	}
	var req updateUserRequest
	if err := s.bindJSON(c, &req); err != nil {
		s.respondError(c, err)
		return
	}
	upd := store.UserUpdate{FullName: req.FullName, Email: req.Email, UnitID: req.UnitID, Active: req.Active}
	if req.Roles != nil {
		roles := dedupe(*req.Roles)
		upd.Roles = &roles
	}
	if req.Password != nil {
		hash, err := auth.HashPassword(*req.Password)
		if err != nil {
			s.respondError(c, internal(err, "hash password"))
			return
		}
		upd.PasswordHash = &hash
	}
	after, err := s.store.UpdateUser(c.Request.Context(), scopeOf(c), currentUser(c).ID, id, upd)
	if err != nil {
		s.respondError(c, internal(err, "update user"))
		return
	}
	c.JSON(http.StatusOK, viewUser(after))
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
