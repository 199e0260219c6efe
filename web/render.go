package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"dsflow/authz"
	"dsflow/i18n"
)

// pageNames are the templates under templates/, each rendered inside
// layout.html.
var pageNames = []string{"login", "tasks", "task", "signoffs", "overdue", "error", "campaigns", "campaign", "launch", "inspections", "inspection", "checklist",
	"screening", "case", "screening_new", "coverage", "briefings", "briefing", "inspection_new",
	"case_transfer", "subjects", "access_log", "targets"}

type pages struct {
	byName map[string]*template.Template
}

// assetVersion is a digest of the embedded assets: asset URLs carry it, so
// a new binary's CSS is fetched once and then kept.
var assetVersion = func() string {
	h := sha256.New()
	_ = fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := assets.ReadFile(p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}()

func mustParsePages() *pages {
	p := &pages{byName: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"asset": func(name string) string { return "/static/" + path.Clean(name) + "?v=" + assetVersion },
		"inc":   func(i int) int { return i + 1 },
		"dec":   func(i int) int { return i - 1 },
		"yesno": func() []string { return []string{"yes", "no", "na"} },
		// figs and field hand a part its data with the page's view.
		"figs": func(v *view, fs []figure) any {
			return struct {
				V       *view
				Figures []figure
			}{v, fs}
		},
		"concl": func(v *view, list []conclusion) any {
			return struct {
				V    *view
				List []conclusion
			}{v, list}
		},
		"covrow": func(v *view, n coverageNode, drill bool) any {
			return struct {
				V     *view
				N     coverageNode
				Drill bool
			}{v, n, drill}
		},
		// picker hands the unit_picker part its picker, label, hint and
		// the message beside it.
		"picker": func(v *view, p *unitPicker, label, hint, err string) any {
			return struct {
				V                *view
				P                *unitPicker
				Label, Hint, Err string
			}{v, p, label, hint, err}
		},
		"field": func(v *view, name, label, value, typ, hint string) any {
			return struct {
				V                              *view
				Name, Label, Value, Type, Hint string
			}{v, name, label, value, typ, hint}
		},
	}
	for _, name := range pageNames {
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets,
			"templates/layout.html", "templates/parts.html", "templates/unitpicker.html", "templates/"+name+".html"))
		p.byName[name] = t
	}
	return p
}

// view is what every template gets: the frame's data and the page's own.
type view struct {
	Lang      string
	Title     string
	User      *user
	CSRF      string
	Here      string // this page's path and query, for the language switch
	Nav       []navItem
	Flash     string
	Message   string // an error about the whole page or form
	RequestID string
	Page      any

	// gzip: the client takes gzip-compressed pages.
	gzip bool

	clock func() time.Time
}

type navItem struct {
	Href, Label string
	Current     bool
}

// T translates key in the page's language.
func (v *view) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

// view builds the frame of a page for u (nil before login).
func (h *Handler) view(w http.ResponseWriter, r *http.Request, u *user, titleKey string) *view {
	v := &view{Lang: langOf(r), User: u, Here: r.URL.RequestURI(), clock: h.now, gzip: acceptsGzip(r)}
	v.Title = v.T(titleKey)
	if u != nil {
		v.CSRF = h.csrfToken(sessionBinding(h.sessionToken(r)))
		for _, n := range []struct {
			href, key string
			perm      authz.Permission
		}{{"/tasks", "web.nav.tasks", authz.ViewTasks}, {"/signoffs", "web.nav.signoffs", authz.SignOff}, {"/overdue", "web.nav.overdue", authz.ViewOverdue},
			{"/campaigns", "web.nav.campaigns", authz.LaunchProcesses},
			{"/briefings", "web.nav.briefings", authz.LaunchProcesses}, {"/inspections", "web.nav.inspections", authz.PlanInspections},
			{"/screening", "web.nav.screening", authz.ViewScreening},
			{"/screening/access-log", "web.nav.access_log", authz.ReadAccessLog}} {
			// Showing a link is presentation only: the API decides on
			// every page it serves.
			if authz.Allowed(u.Roles, n.perm) {
				v.Nav = append(v.Nav, navItem{Href: n.href, Label: v.T(n.key), Current: r.URL.Path == n.href || strings.HasPrefix(r.URL.Path, n.href+"/")})
			}
		}
	} else {
		v.CSRF = h.csrfToken(h.anonBinding(w, r))
	}
	return v
}

// render writes a page. Pages are personal: never cached.
func (h *Handler) render(w http.ResponseWriter, status int, name string, v *view) {
	var buf bytes.Buffer
	if err := h.pages.byName[name].Execute(&buf, v); err != nil {
		h.log.Error("web: render page", "page", name, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	h.writeBody(w, status, compressedPages[name], v.gzip, buf.Bytes())
}

// renderProblem shows an API problem as a page of its own (a read that
// failed: not found, forbidden, unavailable).
func (h *Handler) renderProblem(w http.ResponseWriter, r *http.Request, u *user, p *problem) {
	v := h.view(w, r, u, "web.error.page_title")
	v.Message, v.RequestID = p.Title, p.RequestID
	if p.Status == http.StatusForbidden {
		v.Message = v.T("web.error.forbidden")
	}
	status := p.Status
	if status < 400 {
		status = http.StatusInternalServerError
	}
	h.render(w, status, "error", v)
}
