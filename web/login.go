package web

import (
	"net/http"
	"net/url"
	"time"

	"dsflow/i18n"
)

type loginPage struct {
	Username, Next string
	Expired        bool
	LoggedOut      bool
}

// signedIn lets a page through with the signed-in user; without a live
// session it sends the visitor to the login page, and back here after.
func (h *Handler) signedIn(next func(http.ResponseWriter, *http.Request, *user)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		back := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			// A form's target is no page to come back to: its page is.
			back = "/tasks"
			if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
				back = localPath(ref.RequestURI(), back)
			}
		}
		toLogin := "/login?next=" + url.QueryEscape(back)
		if h.sessionToken(r) == "" {
			http.Redirect(w, r, toLogin, http.StatusSeeOther)
			return
		}
		var u user
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/me"}, &u); p != nil {
			if p.Status == http.StatusUnauthorized {
				h.setCookie(w, r, cookieSession, "", time.Time{})
				http.Redirect(w, r, toLogin+"&expired=1", http.StatusSeeOther)
				return
			}
			h.renderProblem(w, r, nil, p)
			return
		}
		next(w, r, &u)
	}
}

func (h *Handler) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if h.sessionToken(r) != "" {
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/me"}, nil); p == nil {
			http.Redirect(w, r, localPath(r.URL.Query().Get("next"), "/tasks"), http.StatusSeeOther)
			return
		}
		h.setCookie(w, r, cookieSession, "", time.Time{})
		r = withoutCookie(r, cookieSession)
	}
	q := r.URL.Query()
	h.renderLogin(w, r, http.StatusOK, loginPage{Next: localPath(q.Get("next"), ""), Expired: q.Get("expired") == "1", LoggedOut: q.Get("out") == "1"}, nil)
}

func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, status int, page loginPage, p *problem) {
	v := h.view(w, r, nil, "web.login.title")
	v.Page = page
	if p != nil {
		v.Message, v.RequestID = p.Title, p.RequestID
	}
	h.render(w, status, "login", v)
}

// handleLogin exchanges the form's username and password for an API
// session (POST /api/v1/auth/login, in-process, so the API's limits on
// guessing apply) and keeps its token in the session cookie.
func (h *Handler) handleLogin(w http.ResponseWriter, r *http.Request) {
	page := loginPage{Username: r.PostFormValue("username"), Next: localPath(r.PostFormValue("next"), "")}
	if !h.checkCSRF(r, h.requestBinding(r)) {
		h.renderLogin(w, r, http.StatusForbidden, page, &problem{Title: h.t(r, "web.csrf")})
		return
	}
	var out struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	body := map[string]string{"username": page.Username, "password": r.PostFormValue("password")}
	if p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/auth/login", body: body, anonymous: true}, &out); p != nil {
		status := p.Status
		if status == http.StatusUnprocessableEntity {
			// An empty field: the API's title says what is wrong.
			status = http.StatusOK
		}
		h.renderLogin(w, r, status, page, p)
		return
	}
	h.setCookie(w, r, cookieSession, out.Token, out.ExpiresAt)
	// The anonymous cookie has done its job.
	h.setCookie(w, r, cookieAnon, "", time.Time{})
	http.Redirect(w, r, localPath(page.Next, "/tasks"), http.StatusSeeOther)
}

// handleLogout revokes the API session and forgets the cookie.
func (h *Handler) handleLogout(w http.ResponseWriter, r *http.Request) {
	if !h.checkCSRF(r, h.requestBinding(r)) {
		h.renderProblem(w, r, nil, &problem{Status: http.StatusForbidden, Title: h.t(r, "web.csrf")})
		return
	}
	if h.sessionToken(r) != "" {
		if p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/auth/logout"}, nil); p != nil && p.Status != http.StatusUnauthorized {
			h.log.WarnContext(r.Context(), "web: logout", "status", p.Status, "code", p.Code)
		}
	}
	h.setCookie(w, r, cookieSession, "", time.Time{})
	http.Redirect(w, r, "/login?out=1", http.StatusSeeOther)
}

// handleLang remembers the language switch for a year and goes back.
func (h *Handler) handleLang(w http.ResponseWriter, r *http.Request) {
	if !h.checkCSRF(r, h.requestBinding(r)) {
		h.renderProblem(w, r, nil, &problem{Status: http.StatusForbidden, Title: h.t(r, "web.csrf")})
		return
	}
	lang := r.PostFormValue("lang")
	if lang != i18n.EN {
		lang = i18n.VI
	}
	h.setCookie(w, r, cookieLang, lang, h.now().AddDate(1, 0, 0))
	http.Redirect(w, r, localPath(r.PostFormValue("back"), "/"), http.StatusSeeOther)
}

// withoutCookie returns r without the named cookie.
func withoutCookie(r *http.Request, name string) *http.Request {
	r2 := r.Clone(r.Context())
	r2.Header.Del("Cookie")
	for _, c := range r.Cookies() {
		if c.Name != name {
			r2.AddCookie(c)
		}
	}
	return r2
}
