package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"dsflow/api"
	"dsflow/auth"
	"dsflow/demo"
	"dsflow/testenv"
)

func TestAuth(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	login := func(username, password string, headers ...string) *testenv.Response {
		return env.Request(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": username, "password": password}, headers...)
	}

	t.Run("login returns a token and the user", func(t *testing.T) {
		r := login("Canbo.NgocLam ", demo.Password) // usernames are case- and space-insensitive
		wantStatus(t, r, http.StatusOK)
		tok, _ := r.JSON["token"].(string)
		user, _ := r.JSON["user"].(map[string]any)
		if len(tok) < 32 || user["username"] != officerNgocLam || r.JSON["expires_at"] == nil {
			t.Fatalf("login answer %s", r.Body)
		}
		if _, ok := user["password_hash"]; ok {
			t.Fatal("login answer carries the password hash")
		}
	})

	t.Run("wrong password is 401 in Vietnamese, or English on request", func(t *testing.T) {
		r := login(officerNgocLam, "not-the-password")
		checkProblem(t, r, http.StatusUnauthorized, "unauthorized")
		if r.JSON["title"] != "Sai tên đăng nhập hoặc mật khẩu" {
			t.Errorf("Vietnamese title %q", r.JSON["title"])
		}
		r = login(officerNgocLam, "not-the-password", "Accept-Language", "en-US,en;q=0.9,vi;q=0.5")
		checkProblem(t, r, http.StatusUnauthorized, "unauthorized")
		if r.JSON["title"] != "Wrong username or password" {
			t.Errorf("English title %q", r.JSON["title"])
		}
		// An unknown user gets exactly the same answer.
		r = login("no.such.user", "whatever-password")
		checkProblem(t, r, http.StatusUnauthorized, "unauthorized")
		if r.JSON["title"] != "Sai tên đăng nhập hoặc mật khẩu" {
			t.Errorf("unknown user: title %q", r.JSON["title"])
		}
	})

	t.Run("a login without a password is 422", func(t *testing.T) {
		fields := checkProblem(t, login(officerNgocLam, ""), http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "password", "required") {
			t.Fatalf("fields %v", fields)
		}
	})

	t.Run("me", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, "/api/v1/me", env.Login(t, leaderLongBien), nil)
		wantStatus(t, r, http.StatusOK)
		unit, _ := r.JSON["unit"].(map[string]any)
		roles, _ := r.JSON["roles"].([]any)
		if r.JSON["username"] != leaderLongBien || unit["code"] != unitLongBien || len(roles) != 1 || roles[0] != "leader" {
			t.Fatalf("me: %s", r.Body)
		}
	})

	t.Run("missing or garbage credentials are 401", func(t *testing.T) {
		for _, h := range []string{"", "Bearer ", "Bearer garbage", "Basic YWRtaW46ZHNmbG93MjAyNg==", "Bearer" + env.Login(t, adminUser)} {
			r := env.Request(t, http.MethodGet, "/api/v1/me", "", nil, "Authorization", h)
			checkProblem(t, r, http.StatusUnauthorized, "unauthorized")
		}
		// The scheme is case-insensitive (RFC 9110).
		wantStatus(t, env.Request(t, http.MethodGet, "/api/v1/me", "", nil, "Authorization", "bearer "+env.Login(t, adminUser)), http.StatusOK)
	})

	t.Run("logout revokes the token", func(t *testing.T) {
		tok := env.Relogin(t, officerBoDe, demo.Password)
		wantStatus(t, env.Request(t, http.MethodGet, "/api/v1/me", tok, nil), http.StatusOK)
		wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/auth/logout", tok, nil), http.StatusNoContent)
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/me", tok, nil), http.StatusUnauthorized, "unauthorized")
		checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/auth/logout", tok, nil), http.StatusUnauthorized, "unauthorized")
	})

	t.Run("repeated failures are 429 with Retry-After", func(t *testing.T) {
		for i := range 5 {
			checkProblem(t, login(officerBoDe, fmt.Sprintf("wrong-%d", i)), http.StatusUnauthorized, "unauthorized")
		}
		// Now even the right password waits.
		r := login(officerBoDe, demo.Password)
		checkProblem(t, r, http.StatusTooManyRequests, "rate_limited")
		if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s <= 0 || s > 15*60 {
			t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
		}
		// One person's typos do not lock everyone else at the same address out.
		wantStatus(t, login(officerCongVi, demo.Password), http.StatusOK)
	})

	t.Run("a guesser at one address neither locks the user out nor gains guesses from the user's login", func(t *testing.T) {
		// Behind a trusted proxy, X-Forwarded-For names the client.
		srv := api.New(api.Deps{Store: env.Store, Temporal: env.Client, TrustedProxies: []string{"127.0.0.1", "::1"},
			LoginLimiter: auth.NewLimiter(3, time.Minute, nil)})
		h := httptest.NewServer(srv.Handler())
		defer h.Close()
		proxied := &testenv.Env{URL: h.URL}
		from := func(addr, password string) *testenv.Response {
			return proxied.Request(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": leaderNgocLam, "password": password},
				"X-Forwarded-For", addr)
		}
		const attacker, victim = "203.0.113.7", "198.51.100.20"
		for i := range 3 {
			checkProblem(t, from(attacker, fmt.Sprintf("guess-%d", i)), http.StatusUnauthorized, "unauthorized")
		}
		checkProblem(t, from(attacker, demo.Password), http.StatusTooManyRequests, "rate_limited")
		// The user, at their own address, signs in as usual…
		wantStatus(t, from(victim, demo.Password), http.StatusOK)
		// …and that success gives the guesser nothing back.
		checkProblem(t, from(attacker, "guess-3"), http.StatusTooManyRequests, "rate_limited")
		// A success clears the user's own failures at their address.
		for i := range 2 {
			checkProblem(t, from(victim, fmt.Sprintf("typo-%d", i)), http.StatusUnauthorized, "unauthorized")
		}
		wantStatus(t, from(victim, demo.Password), http.StatusOK)
		for i := range 3 {
			checkProblem(t, from(victim, fmt.Sprintf("typo-again-%d", i)), http.StatusUnauthorized, "unauthorized")
		}
		checkProblem(t, from(victim, demo.Password), http.StatusTooManyRequests, "rate_limited")
	})

	t.Run("the address limit counts the real peer, not X-Forwarded-For", func(t *testing.T) {
		srv := api.New(api.Deps{Store: env.Store, Temporal: env.Client, AddressLimiter: auth.NewLimiter(3, time.Minute, nil)})
		h := httptest.NewServer(srv.Handler())
		defer h.Close()
		other := &testenv.Env{URL: h.URL}
		for i := range 3 {
			r := other.Request(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": fmt.Sprintf("ghost%d", i), "password": "x-x-x-x-x"},
				"X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1), "X-Real-IP", fmt.Sprintf("198.51.100.%d", i+1))
			checkProblem(t, r, http.StatusUnauthorized, "unauthorized")
		}
		r := other.Request(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": "ghost9", "password": "x-x-x-x-x"},
			"X-Forwarded-For", "203.0.113.99")
		checkProblem(t, r, http.StatusTooManyRequests, "rate_limited")
	})
}
