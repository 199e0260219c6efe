package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/auth"
	"dsflow/models"
	"dsflow/store"
)

type loginRequest struct {
	Username string `json:"username" validate:"required,max=64"`
	Password string `json:"password" validate:"required,max=200"`
}

type loginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      userView  `json:"user"`
}

// handleLogin exchanges a username and password for a bearer token. Failed
// attempts are limited per (username, client address) and per client
// address. Not per username alone: then anyone could lock a user out from
// anywhere, and the user's own success would clear the attacker's count.
func (s *Server) handleLogin(c *gin.Context) {
	var req loginRequest
	if err := s.bindJSON(c, &req); err != nil {
		s.respondError(c, err)
		return
	}
	username := strings.ToLower(strings.TrimSpace(req.Username))
	addrKey := "ip:" + c.ClientIP()
	pairKey := "user:" + username + "|" + addrKey
	limits := []struct {
		l   *auth.Limiter
		key string
	}{{s.limiter, pairKey}, {s.addrLimit, addrKey}}
	// Each attempt is counted before the (slow) password check, so parallel
	// guesses cannot all slip under the limit; a success gives it back.
	for i, lk := range limits {
		if ok, wait := lk.l.Reserve(lk.key); !ok {
			for _, prev := range limits[:i] {
				prev.l.Release(prev.key)
			}
			s.respondError(c, &models.Error{Code: models.ERATELIMIT, Key: "error.rate_limited", Detail: fmt.Sprint(int(wait.Seconds()) + 1)})
			return
		}
	}
	ctx := c.Request.Context()
	// At most a few argon2 checks (19 MiB each) run at once.
	select {
	case s.verifySlots <- struct{}{}:
		defer func() { <-s.verifySlots }()
	case <-ctx.Done():
		s.respondError(c, &models.Error{Code: models.EUNAVAILABLE, Key: "error.unavailable", Err: ctx.Err()})
		return
	}
	u, err := s.store.UserByUsername(ctx, username)
	if err == nil && !u.Active {
		err = models.NotFound("user")
	}
	if err == nil {
		err = auth.VerifyPassword(u.PasswordHash, req.Password)
	} else if models.ErrorCode(err) == models.ENOTFOUND {
		// Spend the same time as a real check, so timing does not tell
		// which usernames exist.
		_ = auth.VerifyPassword(dummyHash, req.Password)
	}
	if err != nil {
		if models.ErrorCode(err) == models.ENOTFOUND || errors.Is(err, auth.ErrMismatch) {
			s.respondError(c, &models.Error{Code: models.EUNAUTHORIZED, Key: "error.bad_login"})
			return
		}
		s.respondError(c, internal(err, "verify password"))
		return
	}
	// The success clears this username's failures from this address only:
	// a guesser elsewhere keeps their count.
	s.limiter.Reset(pairKey)
	s.addrLimit.Release(addrKey)
	token, err := auth.NewToken()
	if err != nil {
		s.respondError(c, internal(err, "new token"))
		return
	}
	exp, err := s.store.CreateSession(ctx, auth.HashToken(token), u.ID, s.sessionTTL)
	if err != nil {
		s.respondError(c, internal(err, "create session"))
		return
	}
	if err := s.store.AppendAudit(ctx, store.AuditRecord{ActorID: u.ID, Action: "session.login", EntityType: store.EntitySession,
		EntityID: fmt.Sprint(u.ID), At: s.now(), UnitPath: u.Unit.Path}); err != nil {
		s.logNonFatal(c, "audit login", err)
	}
	c.JSON(http.StatusOK, loginResponse{Token: token, ExpiresAt: exp.In(ict), User: viewUser(u)})
}

// dummyHash is verified against when a username does not exist.
var dummyHash, _ = auth.HashPassword("dsflow-timing-equaliser")

// handleLogout revokes the session of the presented token.
func (s *Server) handleLogout(c *gin.Context) {
	if err := s.store.RevokeSession(c.Request.Context(), c.GetString(ctxToken)); err != nil {
		s.respondError(c, internal(err, "revoke session"))
		return
	}
	c.Status(http.StatusNoContent)
}

// handleMe returns the authenticated user with their unit and roles.
func (s *Server) handleMe(c *gin.Context) {
	c.JSON(http.StatusOK, viewUser(currentUser(c)))
}
