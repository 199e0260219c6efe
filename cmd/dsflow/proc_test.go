package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dsflow/demo"
	"dsflow/models"
)

// proc is a long-running command (serve, api, worker) in a goroutine.
type proc struct {
	t           *testing.T
	name        string
	cancel      context.CancelFunc
	done        chan error
	out, errOut *syncBuffer
	url         string // the API's base URL, when it serves one
}

var readyRE = regexp.MustCompile(`dsflow is running at (http://\S+)`)

// startProc runs args and waits until its stdout contains ready.
func startProc(t *testing.T, ready string, args ...string) *proc {
	t.Helper()
	p := launch(t, args...)
	p.wait(ready)
	return p
}

// launch runs args in a goroutine; it is stopped at the end of the test.
func launch(t *testing.T, args ...string) *proc {
	ctx, cancel := context.WithCancel(context.Background())
	p := &proc{t: t, name: args[0], cancel: cancel, done: make(chan error, 1), out: &syncBuffer{}, errOut: &syncBuffer{}}
	go func() { p.done <- run(ctx, args, p.out, p.errOut) }()
	t.Cleanup(func() { p.stop() })
	return p
}

// wait waits until the command's stdout contains ready.
func (p *proc) wait(ready string) {
	t := p.t
	t.Helper()
	deadline := time.After(90 * time.Second)
	for !strings.Contains(p.out.String(), ready) {
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("%s stopped before it was ready: %v\nstdout:\n%s\nstderr:\n%s", p.name, err, p.out, tail(p.errOut.String()))
		case <-deadline:
			t.Fatalf("%s not ready after 90s\nstdout:\n%s\nstderr:\n%s", p.name, p.out, tail(p.errOut.String()))
		case <-time.After(20 * time.Millisecond):
		}
	}
	if m := readyRE.FindStringSubmatch(p.out.String()); m != nil {
		p.url = m[1]
	}
}

// until polls cond until it holds, failing the test, with the command's
// output, if the command ends first or 90 s pass.
func (p *proc) until(what string, cond func() bool) {
	t := p.t
	t.Helper()
	deadline := time.After(90 * time.Second)
	for !cond() {
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("%s stopped before %s: %v\nstdout:\n%s\nstderr:\n%s", p.name, what, err, p.out, tail(p.errOut.String()))
		case <-deadline:
			t.Fatalf("%s: not %s after 90s\nstdout:\n%s\nstderr:\n%s", p.name, what, p.out, tail(p.errOut.String()))
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// stop cancels the command as SIGTERM would and checks that it returns
// nil within 30 s. It may be called more than once.
func (p *proc) stop() {
	p.t.Helper()
	if p.cancel == nil {
		return
	}
	p.cancel()
	p.cancel = nil
	t0 := time.Now()
	select {
	case err := <-p.done:
		if err != nil {
			p.t.Errorf("%s returned %v on shutdown\nstderr:\n%s", p.name, err, tail(p.errOut.String()))
		}
		p.t.Logf("%s stopped in %v", p.name, time.Since(t0).Round(time.Millisecond))
	case <-time.After(30 * time.Second):
		p.t.Errorf("%s still running 30s after cancel\nstderr:\n%s", p.name, tail(p.errOut.String()))
	}
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}

// call sends a JSON request and decodes the JSON answer, which must have
// status want.
func call(t *testing.T, method, u, token string, body any, want int) map[string]any {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, u, resp.StatusCode, want, raw)
	}
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, u, raw, err)
		}
	}
	return out
}

func login(t *testing.T, base, username string) string {
	t.Helper()
	r := call(t, "POST", base+"/api/v1/auth/login", "", map[string]string{"username": username, "password": demo.Password}, http.StatusOK)
	tok, _ := r["token"].(string)
	if tok == "" {
		t.Fatalf("login %s: no token in %v", username, r)
	}
	return tok
}

// createAndClaim creates a task for the officers of Phường Ngọc Lâm as the
// district secretary and has the ward's officer claim it.
func createAndClaim(t *testing.T, base string) string {
	t.Helper()
	sec := login(t, base, "thuky.longbien")
	unitID := ngocLamID(t, base, sec)
	task := call(t, "POST", base+"/api/v1/tasks", sec, map[string]any{
		"title": map[string]string{"vi": "Rà soát biến động dân số quý II"}, "unit_id": unitID,
		"candidate_role": models.RoleOfficer, "due": map[string]any{"days": 7},
	}, http.StatusCreated)
	id, _ := task["id"].(string)
	if id == "" || task["status"] != models.StatusOpen {
		t.Fatalf("created task: %v", task)
	}
	claimed := call(t, "POST", base+"/api/v1/tasks/"+id+"/claim", login(t, base, "canbo.ngoclam"), map[string]any{}, http.StatusOK)
	if claimed["status"] != models.StatusClaimed {
		t.Fatalf("claimed task: %v", claimed)
	}
	return id
}

// ngocLamID is the ID of the demo's Phường Ngọc Lâm.
func ngocLamID(t *testing.T, base, token string) float64 {
	t.Helper()
	units := call(t, "GET", base+"/api/v1/units?q="+url.QueryEscape("ngoc lam"), token, nil, http.StatusOK)
	for _, it := range units["items"].([]any) {
		if u := it.(map[string]any); u["code"] == "DEMO-NGOCLAM" {
			return u["id"].(float64)
		}
	}
	t.Fatalf("DEMO-NGOCLAM not among %v", units)
	return 0
}

// recordCase records a screening case that needs follow-up, as the ward's
// health station, and returns its ID.
func recordCase(t *testing.T, base, fullName string) string {
	t.Helper()
	nurse := login(t, base, "yte.ngoclam")
	c := call(t, "POST", base+"/api/v1/screening/cases", nurse, map[string]any{
		"type": "prenatal", "unit_id": ngocLamID(t, base, nurse), "result": "positive", "protocol": "prenatal-followup",
		"screened_on": time.Now().AddDate(0, 0, -1).Format("2006-01-02"),
		"person":      map[string]any{"full_name": fullName, "date_of_birth": "1996-04-12", "phone": "0912345678"},
	}, http.StatusCreated)
	id, _ := c["id"].(string)
	if id == "" {
		t.Fatalf("recorded case: %v", c)
	}
	return id
}

// caseFullName reads a case's person as its health station, with a purpose.
func caseFullName(t *testing.T, base, id string) any {
	t.Helper()
	c := call(t, "GET", base+"/api/v1/screening/cases/"+id+"?purpose="+url.QueryEscape("Theo dõi ca"), login(t, base, "yte.ngoclam"), nil, http.StatusOK)
	p, _ := c["person"].(map[string]any)
	return p["full_name"]
}

// awaitStatus reads the task until its read model shows status.
func awaitStatus(t *testing.T, base, token, id, status string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got := call(t, "GET", base+"/api/v1/tasks/"+id, token, nil, http.StatusOK)
		if got["status"] == status {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("task %s: status %v, want %s", id, got["status"], status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
