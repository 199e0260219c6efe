// Package web serves dsflow's pages: server-rendered HTML in Vietnamese
// (English by a remembered switch), phone-first, every asset embedded.
//
// It is a thin "backend for frontend" over the API's own http.Handler,
// called in-process: the session cookie carries the API's bearer token, and
// every page read and every command is a request to the API handler. So
// scope, roles, validation and errors are exactly the API's, decided in one
// place; this package only turns HTML forms into API requests and API
// answers into HTML. Requests under /api/, /healthz, /readyz and /metrics
// go to the API handler unchanged.
package web

import (
	"crypto/rand"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Deps are what the pages need, wired in cmd/dsflow.
type Deps struct {
	// API is the API's handler; pages call it in-process.
	API    http.Handler
	Logger *slog.Logger
	// Secure marks cookies Secure on every request. Without it they are
	// Secure when the request came over TLS, directly or (per
	// X-Forwarded-Proto) through one of TrustedProxies.
	Secure         bool
	TrustedProxies []string
	// CSRFKey signs the forms' CSRF tokens (default: random at start, so
	// a restart expires open forms; replicas behind one address need the
	// same key).
	CSRFKey []byte
	Now     func() time.Time
}

// Handler serves the pages and passes the API through.
type Handler struct {
	api     http.Handler
	log     *slog.Logger
	secure  bool
	proxies *proxyList
	csrfKey []byte
	now     func() time.Time
	pages   *pages
	gzip    *gzipPool
	mux     *http.ServeMux
}

// New builds the web handler.
func New(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if len(d.CSRFKey) == 0 {
		d.CSRFKey = make([]byte, 32)
		_, _ = rand.Read(d.CSRFKey)
	}
	h := &Handler{api: d.API, log: d.Logger, secure: d.Secure, proxies: newProxyList(d.TrustedProxies, d.Logger),
		csrfKey: d.CSRFKey, now: d.Now, pages: mustParsePages(), gzip: &gzipPool{}}
	h.mux = h.routes()
	return h
}

func (h *Handler) routes() *http.ServeMux {
	m := http.NewServeMux()
	for _, p := range []string{"/api/", "/healthz", "/readyz", "/metrics"} {
		m.Handle(p, h.api)
	}
	static, _ := fs.Sub(assets, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", withLongCache(newStaticAssets(static, h.gzip))))

	m.HandleFunc("GET /{$}", h.handleHome)
	m.HandleFunc("GET /login", h.handleLoginPage)
	m.HandleFunc("POST /login", h.handleLogin)
	m.HandleFunc("POST /logout", h.handleLogout)
	m.HandleFunc("POST /lang", h.handleLang)

	m.HandleFunc("GET /tasks", h.signedIn(h.handleMyTasks))
	m.HandleFunc("GET /tasks/{id}", h.signedIn(h.handleTaskPage))
	m.HandleFunc("POST /tasks/{id}/{command}", h.signedIn(h.handleTaskCommand))
	m.HandleFunc("GET /signoffs", h.signedIn(h.handleSignOffs))
	m.HandleFunc("GET /overdue", h.signedIn(h.handleOverdue))
	m.HandleFunc("GET /campaigns", h.signedIn(h.handleCampaigns))
	m.HandleFunc("GET /campaigns/new", h.signedIn(h.handleLaunchPage))
	m.HandleFunc("POST /campaigns/new", h.signedIn(h.handleLaunch))
	m.HandleFunc("GET /campaigns/{id}", h.signedIn(h.handleCampaign))
	m.HandleFunc("GET /campaigns/{id}/report.xlsx", h.signedIn(h.handleCampaignReport))
	m.HandleFunc("GET /inspections", h.signedIn(h.handleInspections))
	m.HandleFunc("GET /inspections/{id}", h.signedIn(h.handleInspection))
	m.HandleFunc("GET /inspections/{id}/minutes.pdf", h.signedIn(h.handleMinutes))
	m.HandleFunc("GET /inspections/{id}/checklists/{unit}", h.signedIn(h.handleChecklist))
	m.HandleFunc("POST /inspections/{id}/checklists/{unit}", h.signedIn(h.handleChecklistPost))
	m.HandleFunc("GET /screening", h.signedIn(h.handleCases))
	m.HandleFunc("GET /screening/new", h.signedIn(h.handleRecordPage))
	m.HandleFunc("POST /screening/new", h.signedIn(h.handleRecord))
	m.HandleFunc("GET /screening/cases/{id}", h.signedIn(h.handleCase))
	m.HandleFunc("POST /screening/cases/{id}", h.signedIn(h.handleCasePurpose))
	m.HandleFunc("GET /screening/coverage", h.signedIn(h.handleCoverage))
	m.HandleFunc("GET /briefings", h.signedIn(h.handleBriefings))
	m.HandleFunc("POST /briefings", h.signedIn(h.handleCreateSchedule))
	m.HandleFunc("POST /briefings/schedules/{id}/{action}", h.signedIn(h.handleScheduleAction))
	m.HandleFunc("GET /briefings/{id}", h.signedIn(h.handleBriefing))
	m.HandleFunc("POST /briefings/{id}/conclusions", h.signedIn(h.handleConclusions))
	h.routesInspection(m)
	h.routesScreening(m)
	h.routesBriefing(m)
	h.routesAdmin(m)
	h.routesTasks(m)
	m.HandleFunc("/", h.handleNotFound)
	return m
}

// ServeHTTP sets the headers every page carries and dispatches.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !isAPIPath(r.URL.Path) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
			"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		r.Body = http.MaxBytesReader(w, r.Body, bodyLimit(r))
	}
	h.mux.ServeHTTP(w, r)
}

// isAPIPath reports whether a path belongs to the API, passed through as is.
func isAPIPath(p string) bool {
	switch p {
	case "/healthz", "/readyz", "/metrics":
		return true
	}
	return len(p) >= 5 && p[:5] == "/api/"
}

func withLongCache(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Assets change only with the binary; their URLs carry its build
		// (see assetVersion), so they may be kept a long time.
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) handleHome(w http.ResponseWriter, r *http.Request) {
	if h.sessionToken(r) == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/tasks", http.StatusSeeOther)
}

func (h *Handler) handleNotFound(w http.ResponseWriter, r *http.Request) {
	v := h.view(w, r, nil, "web.not_found")
	v.Message = v.T("web.not_found")
	h.render(w, http.StatusNotFound, "error", v)
}
