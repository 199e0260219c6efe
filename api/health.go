package api

import (
	"context"
	"net/http"
	"strconv"
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

// handleMetrics serves Prometheus metrics.
func (s *Server) handleMetrics(c *gin.Context) {
	promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{}).ServeHTTP(c.Writer, c.Request)
}

func itoa(id uint) string { return strconv.FormatUint(uint64(id), 10) }
