package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// handleHealthz says the process is up.
func (s *Server) handleHealthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// handleReadyz checks the database and Temporal answer.
func (s *Server) handleReadyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
	defer cancel()
	checks := gin.H{"database": "ok", "temporal": "ok"}
	status := http.StatusOK
	if err := s.store.Ping(ctx); err != nil {
		checks["database"], status = "unavailable", http.StatusServiceUnavailable
		s.logNonFatal(c, "readiness: database", err)
	}
	if s.temporal == nil {
		checks["temporal"], status = "unavailable", http.StatusServiceUnavailable
	} else if _, err := s.temporal.CheckHealth(ctx, nil); err != nil {
		checks["temporal"], status = "unavailable", http.StatusServiceUnavailable
		s.logNonFatal(c, "readiness: temporal", err)
	}
	c.JSON(status, gin.H{"status": map[bool]string{true: "ready", false: "not ready"}[status == http.StatusOK], "checks": checks})
}

// handleMetrics serves Prometheus metrics to a scraper on this machine, or
// to one presenting the metrics token; anyone else finds no such route.
func (s *Server) handleMetrics(c *gin.Context) {
	if !s.metricsAllowed(c) {
		s.respondError(c, models404())
		return
	}
	promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{}).ServeHTTP(c.Writer, c.Request)
}

// metricsAllowed: the metrics name routes, counts and the runtime, which
// is nobody's business outside. The TCP peer decides, never a forwarding
// header a client can write; and a request that came through a proxy (it
// carries forwarding headers) is not local even when the proxy runs on
// this machine. With a token set, a bearer of it may read them from
// anywhere; it is compared in constant time.
func (s *Server) metricsAllowed(c *gin.Context) bool {
	if s.metricsToken != "" {
		scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			got, want := sha256.Sum256([]byte(strings.TrimSpace(token))), sha256.Sum256([]byte(s.metricsToken))
			if subtle.ConstantTimeCompare(got[:], want[:]) == 1 {
				return true
			}
		}
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-IP", "Forwarded"} {
		if c.GetHeader(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func itoa(id uint) string { return strconv.FormatUint(uint64(id), 10) }
