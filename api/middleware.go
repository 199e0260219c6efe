package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"dsflow/auth"
	"dsflow/authz"
	"dsflow/i18n"
	"dsflow/models"
	"dsflow/store"
)

const (
	ctxRequestID = "dsflow.request_id"
	ctxUser      = "dsflow.user"
	ctxToken     = "dsflow.token_hash"
)

type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dsflow_http_requests_total", Help: "HTTP requests by route and status."},
			[]string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "dsflow_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"method", "route"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency} {
		if err := reg.Register(c); err != nil {
			if are, ok := err.(prometheus.AlreadyRegisteredError); ok {
				_ = are // a second API server in one process (tests) shares the collectors
				continue
			}
		}
	}
	return m
}

// withRequestID gives every request an ID (the caller's X-Request-ID when
// it is sane) and echoes it.
func (s *Server) withRequestID(c *gin.Context) {
	id := c.GetHeader("X-Request-ID")
	if len(id) == 0 || len(id) > 64 || strings.ContainsAny(id, " \r\n\t") {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-ID", id)
	c.Next()
}

// withoutNUL refuses a NUL byte anywhere in the path or query: no ID or
// filter contains one, and the database would refuse it with a 500.
func (s *Server) withoutNUL(c *gin.Context) {
	if strings.ContainsRune(c.Request.URL.Path, 0) || strings.Contains(c.Request.URL.RawQuery, "%00") {
		s.respondError(c, models.Invalid(models.FieldError{Field: "url", Rule: "format", Param: "NUL"}))
		return
	}
	c.Next()
}

func (s *Server) withRecovery(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.respondError(c, &models.Error{Code: models.EINTERNAL, Err: fmt.Errorf("panic: %v", r)})
		}
	}()
	c.Next()
}

// withMetricsAndLog records each request: route template (never the raw
// path, which may carry IDs), status and latency. No bodies, no headers.
func (s *Server) withMetricsAndLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	d := time.Since(start)
	s.metrics.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(status)).Inc()
	s.metrics.latency.WithLabelValues(c.Request.Method, route).Observe(d.Seconds())
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelError
	}
	attrs := []slog.Attr{slog.String("request_id", requestID(c)), slog.String("method", c.Request.Method),
		slog.String("route", route), slog.Int("status", status), slog.Duration("duration", d)}
	if u := currentUser(c); u != nil {
		attrs = append(attrs, slog.Uint64("user_id", uint64(u.ID)))
	}
	s.log.LogAttrs(c.Request.Context(), level, "http request", attrs...)
}

// authenticate resolves the bearer token to a live session. EUNAUTHORIZED.
func (s *Server) authenticate(c *gin.Context) {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		s.respondError(c, &models.Error{Code: models.EUNAUTHORIZED, Key: "error.unauthorized"})
		return
	}
	hash := auth.HashToken(strings.TrimSpace(token))
	u, err := s.store.SessionUser(c.Request.Context(), hash)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.Set(ctxUser, u)
	c.Set(ctxToken, hash)
	c.Next()
}

// require lets the request through only if a role of the user grants p.
func (s *Server) require(p authz.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		if u == nil || !authz.Allowed(u.RoleList(), p) {
			s.respondError(c, &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"})
			return
		}
		c.Next()
	}
}

func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

func currentUser(c *gin.Context) *models.User {
	v, ok := c.Get(ctxUser)
	if !ok {
		return nil
	}
	u, _ := v.(*models.User)
	return u
}

// scopeOf is the subtree the authenticated user may see.
func scopeOf(c *gin.Context) store.Scope {
	u := currentUser(c)
	if u == nil || u.Unit == nil {
		return store.Scope{Path: "/none/"}
	}
	return store.Scope{Path: u.Unit.Path}
}

// actorOf is the authenticated user as a workflow command's actor.
func actorOf(c *gin.Context) models.Actor {
	u := currentUser(c)
	if u == nil || u.Unit == nil {
		return models.Actor{}
	}
	return models.Actor{UserID: u.ID, UnitID: u.UnitID, UnitPath: u.Unit.Path, Roles: u.RoleList()}
}

// langOf is the response language: ?lang=, else Accept-Language, else vi.
func langOf(c *gin.Context) string {
	if l := c.Query("lang"); l == i18n.EN || l == i18n.VI {
		return l
	}
	return i18n.FromAcceptLanguage(c.GetHeader("Accept-Language"))
}

func models404() error {
	return &models.Error{Code: models.ENOTFOUND, Key: "error.route"}
}

func models405() error {
	return &models.Error{Code: codeMethodNotAllowed, Key: "error.method"}
}
