package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // drops the embedded server's databases

	"dsflow/demo"
	"dsflow/engine"
	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
)

// testServeRestart runs serve, works a task halfway, stops serve, starts
// it again on the same data and finishes the task.
func testServeRestart(t *testing.T, args ...string) {
	args = append([]string{"serve", "-http-addr", "127.0.0.1:0", "-temporal-port", fmt.Sprint(freeTemporalPort(t))}, args...)
	t0 := time.Now()
	p := startProc(t, "dsflow is running at", args...)
	t.Logf("first start in %v", time.Since(t0).Round(time.Millisecond))
	out := p.out.String()
	for _, want := range []string{"dsflow đang chạy tại http://", "Temporal: 127.0.0.1:", "Tài khoản thử nghiệm (mật khẩu: " + demo.Password + ")", "thuky.longbien", "canbo.ngoclam"} {
		if !strings.Contains(out, want) {
			t.Errorf("first start's stdout lacks %q:\n%s", want, out)
		}
	}
	id := createAndClaim(t, p.url)
	awaitStatus(t, p.url, login(t, p.url, "canbo.ngoclam"), id, models.StatusClaimed)
	p.stop()

	t0 = time.Now()
	p = startProc(t, "dsflow is running at", args...)
	t.Logf("second start in %v", time.Since(t0).Round(time.Millisecond))
	if out := p.out.String(); strings.Contains(out, "mật khẩu") || strings.Contains(out, "thuky.longbien") {
		t.Errorf("second start printed demo logins again:\n%s", out)
	}
	officer := login(t, p.url, "canbo.ngoclam")
	awaitStatus(t, p.url, officer, id, models.StatusClaimed)
	done := call(t, "POST", p.url+"/api/v1/tasks/"+id+"/submit", officer, map[string]any{}, http.StatusOK)
	if done["status"] != models.StatusDone {
		t.Fatalf("submitted task: %v", done)
	}
	awaitStatus(t, p.url, officer, id, models.StatusDone)
	// Still one set of demo units: nothing was seeded twice.
	sec := login(t, p.url, "thuky.longbien")
	if units := call(t, "GET", p.url+"/api/v1/units?q="+url.QueryEscape("ngoc lam"), sec, nil, http.StatusOK); len(units["items"].([]any)) != 1 {
		t.Errorf("units named Ngọc Lâm after a restart: %v", units["items"])
	}
	p.stop()
}

func TestServeSQLite(t *testing.T) {
	testServeRestart(t, "-data-dir", t.TempDir())
}

// TestServeStoppedWhileStarting: a SIGTERM during start-up is a clean
// stop that leaves the data fit for the next start: in particular the demo
// is seeded whole or not at all, since it is seeded only into a database
// without units.
func TestServeStoppedWhileStarting(t *testing.T) {
	port := fmt.Sprint(freeTemporalPort(t))
	var dirs []string
	for _, after := range []time.Duration{0, 20 * time.Millisecond, 60 * time.Millisecond, 120 * time.Millisecond, 250 * time.Millisecond} {
		dir := t.TempDir()
		dirs = append(dirs, dir)
		p := launch(t, "serve", "-data-dir", dir, "-http-addr", "127.0.0.1:0", "-temporal-port", port)
		time.Sleep(after)
		p.stop()
		l := location{cfg: store.Config{SQLitePath: filepath.Join(dir, "dsflow.db")}}
		s := l.open(t)
		n, err := s.CountUnits(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.UserByUsername(context.Background(), "canbo.ngoclam")
		if n > 0 && err != nil {
			t.Errorf("stopped after %v: %d units but no demo user: %v", after, n, err)
		}
		t.Logf("stopped after %v: %d units", after, n)
		_ = s.Close()
	}
	p := startProc(t, "dsflow is running at", "serve", "-data-dir", dirs[len(dirs)-1], "-http-addr", "127.0.0.1:0", "-temporal-port", port)
	login(t, p.url, "canbo.ngoclam")
	p.stop()
}

func TestServePostgres(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	dropTemporalDatabases(t, dbURL)
	testServeRestart(t, "-database-url", dbURL, "-data-dir", t.TempDir(), "-demo")
}

// TestServePostgresStartsWithoutUsers: a real database gets no demo (whose
// password is published) unless asked; serve says, in Vietnamese then
// English, how to make the first admin, and doing so works while it runs.
func TestServePostgresStartsWithoutUsers(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	dropTemporalDatabases(t, dbURL)
	loc := location{args: []string{"-database-url", dbURL}, cfg: store.Config{DatabaseURL: dbURL}}
	args := []string{"serve", "-database-url", dbURL, "-data-dir", t.TempDir(), "-http-addr", "127.0.0.1:0", "-temporal-port", fmt.Sprint(freeTemporalPort(t))}
	p := startProc(t, "dsflow is running at", args...)
	out := p.out.String()
	vi, en := strings.Index(out, "Chưa có tài khoản nào"), strings.Index(out, "No users yet")
	if vi < 0 || en < vi || !strings.Contains(out, "dsflow users add") || !strings.Contains(out, "--role admin") {
		t.Errorf("stdout does not tell, in vi then en, how to make the first admin:\n%s", out)
	}
	if strings.Contains(out, demo.Password) || strings.Contains(out, "thuky.longbien") {
		t.Errorf("serve on DATABASE_URL seeded the demo:\n%s", out)
	}
	s := loc.open(t)
	if n, err := s.CountUsers(context.Background()); err != nil || n != 0 {
		t.Fatalf("%d users (%v), want none", n, err)
	}
	call(t, "POST", p.url+"/api/v1/auth/login", "", map[string]string{"username": "admin", "password": demo.Password}, http.StatusUnauthorized)

	// What the message says to do.
	csv := filepath.Join(t.TempDir(), "units.csv")
	if err := os.WriteFile(csv, []byte("code,name,level,parent_code\n01,Thành phố Hà Nội,tỉnh,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, loc.cmd("units", "import", csv)...)
	mustRun(t, loc.cmd("users", "add", "--username", "quantri", "--password", "mật-khẩu-riêng", "--unit", "01", "--role", "admin")...)
	r := call(t, "POST", p.url+"/api/v1/auth/login", "", map[string]string{"username": "quantri", "password": "mật-khẩu-riêng"}, http.StatusOK)
	if r["token"] == "" {
		t.Fatalf("login of the first admin: %v", r)
	}
	p.stop()
	p = startProc(t, "dsflow is running at", args...)
	if out := p.out.String(); strings.Contains(out, "No users yet") {
		t.Errorf("the hint shows although an admin exists:\n%s", out)
	}
	p.stop()
}

// dropTemporalDatabases drops, at the end of t, the two databases the
// embedded server creates next to dbURL's.
func dropTemporalDatabases(t *testing.T, dbURL string) {
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	storeDB, vis := engine.TemporalDatabases(strings.TrimPrefix(u.Path, "/"))
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", storetest.AdminURL())
		if err != nil {
			t.Logf("drop temporal databases: %v", err)
			return
		}
		defer admin.Close()
		for _, db := range []string{storeDB, vis} {
			if _, err := admin.Exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"); err != nil {
				t.Logf("drop %s: %v", db, err)
			}
		}
	})
}

// TestAPIAndWorker runs the halves apart, as separate processes would: a
// worker and two api replicas, started together on a fresh database (so
// they race to migrate it and seed the demo), against one Temporal server.
func TestAPIAndWorker(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := engine.StartServer(ctx, engine.ServerConfig{DataDir: t.TempDir(), FrontendPort: freeTemporalPort(t)})
	if err != nil {
		t.Fatalf("start temporal: %v", err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	common := []string{"-database-url", storetest.NewDatabase(t), "-temporal-address", srv.HostPort(), "-demo"}
	w := launch(t, append([]string{"worker"}, common...)...)
	api := []string{"api", "-http-addr", "127.0.0.1:0"}
	a1 := launch(t, append(api, common...)...)
	a2 := launch(t, append(api, common...)...)
	w.wait("worker polling task queue")
	a1.wait("dsflow is running at")
	a2.wait("dsflow is running at")
	if out := w.out.String(); strings.Contains(out, "dsflow is running") || strings.Contains(out, "mật khẩu") {
		t.Errorf("the worker serves HTTP or seeded the demo:\n%s", out)
	}
	seeded := 0
	for _, a := range []*proc{a1, a2} {
		out := a.out.String()
		if strings.Contains(out, "worker polling") || !strings.Contains(out, "Temporal: "+srv.HostPort()) {
			t.Errorf("api's stdout:\n%s", out)
		}
		if strings.Contains(out, "thuky.longbien") {
			seeded++
		}
	}
	if seeded != 1 {
		t.Errorf("%d api replicas seeded the demo, want 1", seeded)
	}
	// Created and claimed through one replica, submitted through the other.
	id := createAndClaim(t, a1.url)
	officer := login(t, a2.url, "canbo.ngoclam")
	if done := call(t, "POST", a2.url+"/api/v1/tasks/"+id+"/submit", officer, map[string]any{}, http.StatusOK); done["status"] != models.StatusDone {
		t.Fatalf("submitted task: %v", done)
	}
	awaitStatus(t, a1.url, login(t, a1.url, "canbo.ngoclam"), id, models.StatusDone)
	a1.stop()
	a2.stop()
	w.stop()
}
