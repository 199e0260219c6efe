package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"dsflow/demo"
	"dsflow/store"
)

// Response is one answer of the API.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// JSON is the body decoded when it is a JSON object, else nil.
	JSON map[string]any
}

// httpClient bounds every request: an Update waiting for a stopped worker
// gives up after 30 s in the API, so a minute means a hang.
var httpClient = &http.Client{Timeout: time.Minute}

// Request sends one request to the API and fails the test if it cannot.
// body is sent as is when it is a []byte or a string, JSON-encoded
// otherwise, and omitted when nil; token, when set, goes in Authorization;
// headers are name, value pairs.
func (e *Env) Request(t testing.TB, method, path, token string, body any, headers ...string) *Response {
	t.Helper()
	r, err := e.Send(method, path, token, body, headers...)
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	return r
}

// Send is Request for goroutines other than the test's: it returns the
// error instead of failing the test.
func (e *Env) Send(method, path, token string, body any, headers ...string) (*Response, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("encode body of %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, e.URL+path, rd)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if len(headers)%2 != 0 {
		return nil, fmt.Errorf("headers must come in name, value pairs: %q", headers)
	}
	for i := 0; i < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read answer of %s %s: %w", method, path, err)
	}
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
	if len(raw) > 0 && raw[0] == '{' {
		_ = json.Unmarshal(raw, &out.JSON)
	}
	return out, nil
}

// Do is Request returning the status, the decoded object and the raw body.
func (e *Env) Do(t testing.TB, method, path, token string, body any, headers ...string) (int, map[string]any, []byte) {
	t.Helper()
	r := e.Request(t, method, path, token, body, headers...)
	return r.Status, r.JSON, r.Body
}

// Login signs a demo user in (password demo.Password) and returns the
// token; tokens are cached per username, so call Relogin after a test
// revokes one.
func (e *Env) Login(t testing.TB, username string) string {
	t.Helper()
	e.mu.Lock()
	tok, ok := e.tokens[username]
	e.mu.Unlock()
	if ok {
		return tok
	}
	return e.Relogin(t, username, demo.Password)
}

// Relogin signs username in with password and caches the new token.
func (e *Env) Relogin(t testing.TB, username, password string) string {
	t.Helper()
	st, js, raw := e.Do(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": username, "password": password})
	tok, _ := js["token"].(string)
	if st != http.StatusOK || tok == "" {
		t.Fatalf("testenv: login %s: %d %s", username, st, raw)
	}
	e.mu.Lock()
	e.tokens[username] = tok
	e.mu.Unlock()
	return tok
}

// UnitID returns the ID of the unit with a GSO or demo code.
func (e *Env) UnitID(t testing.TB, code string) uint {
	t.Helper()
	u, err := e.Store.UnitByCodeOrID(context.Background(), code)
	if err != nil {
		t.Fatalf("testenv: unit %s: %v", code, err)
	}
	return u.ID
}

// UserID returns the ID of a user by username.
func (e *Env) UserID(t testing.TB, username string) uint {
	t.Helper()
	u, err := e.Store.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("testenv: user %s: %v", username, err)
	}
	return u.ID
}

// Task reads a task row straight from the read model, unscoped.
func (e *Env) Task(t testing.TB, id string) (status string, revision int, ok bool) {
	t.Helper()
	row, err := e.Store.GetTask(context.Background(), store.Scope{Path: "/"}, id)
	if err != nil {
		return "", 0, false
	}
	return row.Status, row.Revision, true
}

// Eventually polls cond every 50 ms until it holds or d passes, then fails
// the test with what.
func Eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("testenv: after %v: %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
