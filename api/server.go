// Package api is dsflow's HTTP API: it authenticates, checks scope and
// role, validates input, calls the store or the owning Temporal workflow,
// and maps errors to RFC 9457 problem+json. Handlers stay thin.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"
	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"

	"dsflow/auth"
	"dsflow/calendar"
	"dsflow/store"
)

// Deps are what the API needs, wired in cmd/dsflow.
type Deps struct {
	Store    *store.Store
	Temporal client.Client
	Logger   *slog.Logger
	// Registry receives the HTTP metrics; Gatherer serves /metrics.
	Registry prometheus.Registerer
	Gatherer prometheus.Gatherer
	Now      func() time.Time
	// SessionTTL is how long a login lasts (default 12 h).
	SessionTTL time.Duration
	// LoginLimiter slows password guessing per (username, client
	// address) (default 5 failures / 15 min): a user's own success clears
	// only their pair, and a guesser at another address cannot lock them
	// out.
	LoginLimiter *auth.Limiter
	// AddressLimiter slows guessing per client address across usernames
	// (default 50 failures / 15 min: a commune office shares one address,
	// and one person's typos must not lock the others out).
	AddressLimiter *auth.Limiter
	// CommandWait bounds the wait for a command's outcome (default 30 s:
	// the engine gives up on a command's write after 20 s).
	CommandWait time.Duration
	// TrustedProxies are the reverse proxies (IPs or CIDRs) whose
	// X-Forwarded-For names the client; by default none is trusted and the
	// client is the TCP peer, so a client cannot pick its own address.
	TrustedProxies []string
	// MetricsToken, when set, lets a bearer of it read /metrics from any
	// address; without it only a scraper on this machine (a loopback TCP
	// peer, not behind a proxy) may.
	MetricsToken string
}

// Server holds the handlers' dependencies.
type Server struct {
	store      *store.Store
	temporal   client.Client
	log        *slog.Logger
	now        func() time.Time
	validate   *validator.Validate
	sessionTTL time.Duration
	limiter    *auth.Limiter
	// verifySlots bounds concurrent password checks.
	verifySlots chan struct{}
	addrLimit   *auth.Limiter
	proxies     []string
	metrics     *httpMetrics
	gatherer    prometheus.Gatherer
	commandWait time.Duration
	// metricsToken opens /metrics beyond loopback ("": loopback only).
	metricsToken string
}

// New builds the API server.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.SessionTTL == 0 {
		d.SessionTTL = 12 * time.Hour
	}
	if d.LoginLimiter == nil {
		d.LoginLimiter = auth.NewLimiter(5, 15*time.Minute, d.Now)
	}
	if d.AddressLimiter == nil {
		d.AddressLimiter = auth.NewLimiter(50, 15*time.Minute, d.Now)
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.CommandWait <= 0 {
		d.CommandWait = 30 * time.Second
	}
	if d.Registry == nil {
		reg := prometheus.NewRegistry()
		d.Registry, d.Gatherer = reg, reg
	}
	return &Server{
		store: d.Store, temporal: d.Temporal, log: d.Logger, now: d.Now, validate: newValidator(),
		sessionTTL: d.SessionTTL, limiter: d.LoginLimiter, verifySlots: make(chan struct{}, 4), addrLimit: d.AddressLimiter, proxies: d.TrustedProxies,
		metrics: newHTTPMetrics(d.Registry), gatherer: d.Gatherer, commandWait: d.CommandWait, metricsToken: d.MetricsToken,
	}
}

// calendar loads the working-day calendar with the admin's overrides.
func (s *Server) calendar(ctx context.Context) (*calendar.Calendar, error) {
	days, err := s.store.CalendarOverrides(ctx)
	if err != nil {
		return nil, err
	}
	parsed, err := calendar.DaysFromModels(days)
	if err != nil {
		return nil, internal(err, "parse calendar overrides")
	}
	return calendar.New(parsed), nil
}

// Handler returns the HTTP handler with every route.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// gin trusts every proxy by default, which would let any client name
	// its own address in X-Forwarded-For and dodge the login limit.
	if err := r.SetTrustedProxies(s.proxies); err != nil {
		s.log.Error("bad trusted proxies; trusting none", "error", err)
		_ = r.SetTrustedProxies(nil)
	}
	r.Use(s.withRequestID, s.withRecovery, s.withMetricsAndLog, s.withoutNUL)
	r.NoRoute(func(c *gin.Context) { s.respondError(c, models404()) })
	r.NoMethod(func(c *gin.Context) {
		c.Header("Allow", strings.Join(allowedMethods(r, c.Request.URL.Path), ", "))
		s.respondError(c, models405())
	})
	s.routes(r)
	return r
}

// allowedMethods lists the methods registered for a concrete path, for the
// Allow header of a 405.
func allowedMethods(r *gin.Engine, path string) []string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	var out []string
	for _, rt := range r.Routes() {
		tmpl := strings.Split(strings.Trim(rt.Path, "/"), "/")
		if len(tmpl) != len(parts) {
			continue
		}
		match := true
		for i, seg := range tmpl {
			if !strings.HasPrefix(seg, ":") && seg != parts[i] {
				match = false
				break
			}
		}
		if match {
			out = append(out, rt.Method)
		}
	}
	return out
}
