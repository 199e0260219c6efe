package web

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// now is the unit tests' clock: 10:00 in Hà Nội on 15/04/2026.
var now = time.Date(2026, 4, 15, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// site is the pages over a fake API, and a browser-like client with
// cookies that does not follow redirects.
type site struct {
	t    *testing.T
	api  *fakeAPI
	srv  *httptest.Server
	http *http.Client
}

func newSite(t *testing.T, d Deps) *site {
	t.Helper()
	api := &fakeAPI{now: now}
	d.API, d.Now = api, func() time.Time { return now }
	srv := httptest.NewServer(New(d))
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &site{t: t, api: api, srv: srv, http: c}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (s *site) get(path string, header ...string) page {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.http.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	return readPage(s.t, resp)
}

func (s *site) post(path string, form url.Values) page {
	s.t.Helper()
	resp, err := s.http.PostForm(s.srv.URL+path, form)
	if err != nil {
		s.t.Fatal(err)
	}
	return readPage(s.t, resp)
}

func readPage(t *testing.T, resp *http.Response) page {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// hidden returns the value of the first hidden input named name after the
// form whose action is action ("" for the first on the page).
func (p page) hidden(t *testing.T, action, name string) string {
	t.Helper()
	body := p.body
	if action != "" {
		i := strings.Index(body, `action="`+action+`"`)
		if i < 0 {
			t.Fatalf("no form %s in %s", action, body)
		}
		body = body[i:]
	}
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no hidden %s in form %s", name, action)
	}
	return html.UnescapeString(m[1])
}

// login signs the officer in through the login form.
func (s *site) login() {
	s.t.Helper()
	lp := s.get("/login")
	r := s.post("/login", url.Values{"csrf": {lp.hidden(s.t, "/login", "csrf")}, "username": {"canbo.ngoclam"}, "password": {"dsflow2026"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/tasks" {
		s.t.Fatalf("login: %d %s %s", r.status, r.header.Get("Location"), r.body)
	}
}

func (s *site) setLang(lang string) {
	u, _ := url.Parse(s.srv.URL)
	s.http.Jar.SetCookies(u, []*http.Cookie{{Name: cookieLang, Value: lang, Path: "/"}})
}

func TestLogin(t *testing.T) {
	t.Run("a good login keeps the API's token in an HttpOnly, SameSite=Lax cookie", func(t *testing.T) {
		s := newSite(t, Deps{})
		if r := s.get("/tasks"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login?next=%2Ftasks") {
			t.Fatalf("signed out, /tasks: %d %s", r.status, r.header.Get("Location"))
		}
		lp := s.get("/login?next=/tasks/T1")
		if lp.status != http.StatusOK || !strings.Contains(lp.body, "Đăng nhập") || !strings.Contains(lp.body, `lang="vi"`) {
			t.Fatalf("login page: %d %s", lp.status, lp.body)
		}
		r := s.post("/login", url.Values{"csrf": {lp.hidden(t, "/login", "csrf")}, "next": {"/tasks/T1"},
			"username": {"canbo.ngoclam"}, "password": {"dsflow2026"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/tasks/T1" {
			t.Fatalf("login: %d %s", r.status, r.header.Get("Location"))
		}
		var sc *http.Cookie
		for _, c := range (&http.Response{Header: r.header}).Cookies() {
			if c.Name == cookieSession {
				sc = c
			}
		}
		if sc == nil || sc.Value != fakeToken || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure || sc.Path != "/" {
			t.Fatalf("session cookie %+v", sc)
		}
		if got := s.get("/tasks"); got.status != http.StatusOK || !strings.Contains(got.body, "Cán bộ dân số phường Ngọc Lâm") {
			t.Fatalf("signed in, /tasks: %d", got.status)
		}
		if calls := s.api.sent(http.MethodGet, "/api/v1/tasks"); len(calls) == 0 || calls[0].Auth != "Bearer "+fakeToken {
			t.Fatalf("the pages read the API as the user: %+v", calls)
		}
		lo := s.post("/logout", url.Values{"csrf": {s.get("/tasks").hidden(t, "/logout", "csrf")}})
		if lo.status != http.StatusSeeOther || len(s.api.sent(http.MethodPost, "/api/v1/auth/logout")) != 1 {
			t.Fatalf("logout: %d, API logouts %d", lo.status, len(s.api.sent(http.MethodPost, "/api/v1/auth/logout")))
		}
		if r := s.get("/tasks"); r.status != http.StatusSeeOther {
			t.Fatalf("after logout /tasks: %d", r.status)
		}
	})
	t.Run("a bad password shows the API's message and sets no session", func(t *testing.T) {
		s := newSite(t, Deps{})
		lp := s.get("/login")
		r := s.post("/login", url.Values{"csrf": {lp.hidden(t, "/login", "csrf")}, "username": {"canbo.ngoclam"}, "password": {"sai"}})
		if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "Sai tên đăng nhập hoặc mật khẩu") || strings.Contains(r.header.Get("Set-Cookie"), cookieSession+"=tok") {
			t.Fatalf("bad login: %d %s", r.status, r.body)
		}
		if !strings.Contains(r.body, `value="canbo.ngoclam"`) {
			t.Error("the username is kept in the form")
		}
	})
	t.Run("cookies are Secure behind TLS", func(t *testing.T) {
		for name, d := range map[string]Deps{"Secure": {Secure: true}, "trusted proxy": {TrustedProxies: []string{"127.0.0.1"}}} {
			s := newSite(t, d)
			req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/login", nil)
			req.Header.Set("X-Forwarded-Proto", "https")
			resp, err := s.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if cs := resp.Cookies(); len(cs) == 0 || !cs[0].Secure {
				t.Errorf("%s: cookies %v", name, cs)
			}
		}
		s := newSite(t, Deps{})
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/login", nil)
		req.Header.Set("X-Forwarded-Proto", "https") // from no trusted proxy
		resp, _ := s.http.Do(req)
		resp.Body.Close()
		if cs := resp.Cookies(); len(cs) == 0 || cs[0].Secure {
			t.Errorf("untrusted X-Forwarded-Proto: cookies %v", cs)
		}
	})
	t.Run("next never leaves the site", func(t *testing.T) {
		for in, want := range map[string]string{"/tasks/T1": "/tasks/T1", "//evil.example/x": "/tasks", "https://evil.example": "/tasks",
			"/\\evil.example": "/tasks", "": "/tasks", "tasks": "/tasks"} {
			if got := localPath(in, "/tasks"); got != want {
				t.Errorf("localPath(%q) = %q, want %q", in, got, want)
			}
		}
	})
}

func TestCSRF(t *testing.T) {
	s := newSite(t, Deps{})
	t.Run("a login without the token is refused before the API sees it", func(t *testing.T) {
		s.get("/login")
		r := s.post("/login", url.Values{"username": {"canbo.ngoclam"}, "password": {"dsflow2026"}})
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") || len(s.api.sent(http.MethodPost, "/api/v1/auth/login")) != 0 {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
	s.login()
	tp := s.get("/tasks/T1")
	key := tp.hidden(t, "/tasks/T1/submit", fieldKey)
	t.Run("a command without the token, or with another session's, is refused", func(t *testing.T) {
		other := New(Deps{API: s.api}).(*Handler).csrfToken(sessionBinding(fakeToken)) // another server's key
		for name, form := range map[string]url.Values{
			"none":    {fieldKey: {key}, "f_births": {"12"}},
			"forged":  {"csrf": {other}, fieldKey: {key}, "f_births": {"12"}},
			"anon":    {"csrf": {s.srvHandlerToken(t, "a\x00"+strings.Repeat("0", 32))}, fieldKey: {key}, "f_births": {"12"}},
			"no key":  {"csrf": {tp.hidden(t, "/tasks/T1/submit", "csrf")}, "f_births": {"12"}},
			"bad key": {"csrf": {tp.hidden(t, "/tasks/T1/submit", "csrf")}, fieldKey: {"x"}, "f_births": {"12"}},
		} {
			r := s.post("/tasks/T1/submit", form)
			if r.status != http.StatusForbidden || !strings.Contains(r.body, "Biểu mẫu đã hết hạn") {
				t.Errorf("%s: %d", name, r.status)
			}
		}
		if n := len(s.api.sent(http.MethodPost, "/api/v1/tasks/T1/submit")); n != 0 {
			t.Fatalf("the API got %d submits", n)
		}
	})
	t.Run("logout and the language switch need it too", func(t *testing.T) {
		if r := s.post("/logout", url.Values{}); r.status != http.StatusForbidden {
			t.Errorf("logout: %d", r.status)
		}
		if r := s.post("/lang", url.Values{"lang": {"en"}}); r.status != http.StatusForbidden {
			t.Errorf("lang: %d", r.status)
		}
	})
}

// srvHandlerToken signs binding with a fresh server's key (so never this one's).
func (s *site) srvHandlerToken(t *testing.T, binding string) string {
	t.Helper()
	return New(Deps{API: s.api}).(*Handler).csrfToken(binding)
}

func TestPassThrough(t *testing.T) {
	s := newSite(t, Deps{})
	if r := s.get("/healthz"); r.status != http.StatusOK || r.body != "ok" {
		t.Fatalf("healthz: %d %q", r.status, r.body)
	}
	if r := s.get("/api/v1/nothing"); r.status != http.StatusUnauthorized || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
		t.Fatalf("api: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := s.get("/no/such/page"); r.status != http.StatusNotFound || !strings.Contains(r.body, "Không có trang này") {
		t.Fatalf("404: %d", r.status)
	}
	if r := s.get("/static/app.css"); r.status != http.StatusOK || !strings.Contains(r.header.Get("Cache-Control"), "immutable") {
		t.Fatalf("css: %d %v", r.status, r.header)
	}
}

func TestExpiredSessionGoesBackToThePage(t *testing.T) {
	s := newSite(t, Deps{})
	u, _ := url.Parse(s.srv.URL)
	s.http.Jar.SetCookies(u, []*http.Cookie{{Name: cookieSession, Value: "revoked", Path: "/"}})
	r := s.get("/tasks/T1")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login?next=%2Ftasks%2FT1&expired=1" {
		t.Fatalf("%d %s", r.status, r.header.Get("Location"))
	}
	if lp := s.get(r.header.Get("Location")); !strings.Contains(lp.body, "Phiên làm việc đã hết hạn") {
		t.Error("the login page says why")
	}
}
