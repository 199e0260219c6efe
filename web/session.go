package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"dsflow/i18n"
)

// Cookies. The session cookie holds the API's bearer token: the session is
// the API's own (the store's sessions table), revoked by logging out.
const (
	cookieSession = "dsflow_session"
	// cookieAnon binds the CSRF token of the forms shown before a login
	// (the login form itself, the language switch).
	cookieAnon = "dsflow_anon"
	cookieLang = "dsflow_lang"
	// fieldCSRF is the hidden field every form carries.
	fieldCSRF = "csrf"
	// fieldKey is the hidden Idempotency-Key of a command form.
	fieldKey = "idempotency_key"
)

// user is the signed-in person, as GET /api/v1/me answers.
type user struct {
	ID       uint     `json:"id"`
	Username string   `json:"username"`
	FullName string   `json:"full_name"`
	Roles    []string `json:"roles"`
	Unit     *unit    `json:"unit"`
}

type unit struct {
	ID       uint    `json:"id"`
	Code     *string `json:"code"`
	Name     string  `json:"name"`
	Level    string  `json:"level"`
	ParentID *uint   `json:"parent_id"`
}

// sessionToken is the API token of the request's session cookie ("" if none).
func (h *Handler) sessionToken(r *http.Request) string {
	c, err := r.Cookie(cookieSession)
	if err != nil {
		return ""
	}
	return c.Value
}

// setCookie writes a cookie with the flags every dsflow cookie has:
// HttpOnly, SameSite=Lax, Secure behind TLS, the whole site.
func (h *Handler) setCookie(w http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.isSecure(r)}
	switch {
	case value == "":
		c.MaxAge = -1
	case !expires.IsZero():
		// Max-Age by the server's clock; Expires for old browsers.
		d := expires.Sub(h.now())
		c.MaxAge, c.Expires = max(int(d.Seconds()), 1), time.Now().Add(d)
	}
	http.SetCookie(w, c)
}

// isSecure reports whether the visitor reached dsflow over TLS.
func (h *Handler) isSecure(r *http.Request) bool {
	if h.secure || r.TLS != nil {
		return true
	}
	return strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") && h.proxies.trusts(r.RemoteAddr)
}

// Bindings of a CSRF token: the session's token once signed in, else the
// anonymous cookie.
func sessionBinding(token string) string { return "s\x00" + token }

// anonBinding returns the binding of the anonymous cookie, setting a new
// cookie when the request has none.
func (h *Handler) anonBinding(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(cookieAnon); err == nil && len(c.Value) == 32 {
		return "a\x00" + c.Value
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	v := hex.EncodeToString(b)
	h.setCookie(w, r, cookieAnon, v, time.Time{})
	// A form rendered in this answer must check against the new cookie.
	r.AddCookie(&http.Cookie{Name: cookieAnon, Value: v})
	return "a\x00" + v
}

// requestBinding is what a POST's CSRF token must be bound to.
func (h *Handler) requestBinding(r *http.Request) string {
	if tok := h.sessionToken(r); tok != "" {
		return sessionBinding(tok)
	}
	if c, err := r.Cookie(cookieAnon); err == nil && len(c.Value) == 32 {
		return "a\x00" + c.Value
	}
	return ""
}

// csrfMAC signs a binding with the server's key.
func (h *Handler) csrfMAC(binding string) []byte {
	m := hmac.New(sha256.New, h.csrfKey)
	m.Write([]byte("dsflow-csrf\x00" + binding))
	return m.Sum(nil)
}

// csrfToken is binding's token as a form carries it: the MAC masked with
// fresh random bytes (mask, then mask XOR MAC), so no two answers carry
// the same bytes and a compressed page's length tells nothing of them
// (BREACH; see compress.go).
func (h *Handler) csrfToken(binding string) string {
	mac := h.csrfMAC(binding)
	out := make([]byte, 2*len(mac))
	_, _ = rand.Read(out[:len(mac)])
	for i, b := range mac {
		out[len(mac)+i] = out[i] ^ b
	}
	return base64.RawURLEncoding.EncodeToString(out)
}

// checkCSRF reports whether a POSTed form carries the token of binding.
// SameSite=Lax already keeps the session cookie off cross-site POSTs; the
// token is the second lock, and the one that covers the login form.
func (h *Handler) checkCSRF(r *http.Request, binding string) bool {
	if binding == "" {
		return false
	}
	masked, err := base64.RawURLEncoding.DecodeString(r.PostFormValue(fieldCSRF))
	if err != nil || len(masked) != 2*sha256.Size {
		return false
	}
	mac := make([]byte, sha256.Size)
	for i := range mac {
		mac[i] = masked[i] ^ masked[sha256.Size+i]
	}
	return hmac.Equal(mac, h.csrfMAC(binding))
}

// newKey is a fresh Idempotency-Key for a command form.
func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// derivedKey is the Idempotency-Key of one of the API calls a form makes
// (purpose, parts) derived from the form's own key: the form sent again
// sends each call the key it had the first time.
func derivedKey(purpose, formKey string, parts ...string) string {
	h := sha256.New()
	h.Write([]byte("dsflow-" + purpose + "\x00" + formKey))
	for _, p := range parts {
		h.Write([]byte("\x00" + p))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// langOf is the page's language: the remembered switch, else Vietnamese.
// The browser's Accept-Language is not asked: many phones run an English
// system for people who work in Vietnamese, and the pages are theirs.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(cookieLang); err == nil && c.Value == i18n.EN {
		return i18n.EN
	}
	return i18n.VI
}

// t translates key in the request's language.
func (h *Handler) t(r *http.Request, key string, args ...any) string {
	return i18n.T(langOf(r), key, args...)
}

// localPath keeps a redirect target on this site: a path, never a scheme
// or another host ("//evil.example", "/\evil").
func localPath(p, fallback string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return fallback
	}
	if u, err := url.Parse(p); err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return p
}

// proxyList holds the reverse proxies whose X-Forwarded-Proto is believed.
type proxyList struct{ prefixes []netip.Prefix }

func newProxyList(specs []string, log *slog.Logger) *proxyList {
	l := &proxyList{}
	for _, s := range specs {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			l.prefixes = append(l.prefixes, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(s); err == nil {
			l.prefixes = append(l.prefixes, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		log.Error("web: bad trusted proxy; ignored", "proxy", s)
	}
	return l
}

func (l *proxyList) trusts(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range l.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
