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
	// Personal data is sealed with keys serve made on its first start,
	// kept for the next.
	const fullName = "Nguyễn Thị Bích Ngọc"
	caseID := recordCase(t, p.url, fullName)
	if got := caseFullName(t, p.url, caseID); got != fullName {
		t.Errorf("case's person before the restart: %v", got)
	}
	p.stop()
	// A rotation between the runs: a new active key, every value re-sealed
	// under it; run again, it finds nothing left.
	flags := args[1:]
	runOK(t, append([]string{"keys", "new"}, flags...)...)
	if out := runOK(t, append([]string{"keys", "rotate"}, flags...)...); !strings.Contains(out, "screening_cases.person_sealed: đã mã hóa lại 1 giá trị") {
		t.Errorf("first rotation:\n%s", out)
	}
	if out := runOK(t, append([]string{"keys", "rotate"}, flags...)...); strings.Contains(out, "đã mã hóa lại") {
		t.Errorf("second rotation re-sealed again:\n%s", out)
	}
	if out := runOK(t, append([]string{"keys", "list"}, flags...)...); strings.Count(out, "\n") != 2 || strings.Count(out, "*") != 1 {
		t.Errorf("keys list after a rotation:\n%s", out)
	}

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
	// The case reads back under the new key, and its workflow, whose
	// history the old key sealed, goes on: the station closes the step.
	if got := caseFullName(t, p.url, caseID); got != fullName {
		t.Errorf("case's person after the rotation: %v", got)
	}
	nurse := login(t, p.url, "yte.ngoclam")
	step := caseID + ".s1a1"
	call(t, "POST", p.url+"/api/v1/tasks/"+step+"/claim", nurse, map[string]any{}, http.StatusOK)
	call(t, "POST", p.url+"/api/v1/tasks/"+step+"/submit", nurse, map[string]any{"data": map[string]any{"reached": true, "outcome": "normal"}}, http.StatusOK)
	awaitStatus(t, p.url, nurse, step, models.StatusDone)
	// Still one set of demo units: nothing was seeded twice.
	sec := login(t, p.url, "thuky.longbien")
	if units := call(t, "GET", p.url+"/api/v1/units?q="+url.QueryEscape("ngoc lam"), sec, nil, http.StatusOK); len(units["items"].([]any)) != 1 {
		t.Errorf("units named Ngọc Lâm after a restart: %v", units["items"])
	}
	p.stop()
}

func TestServeSQLite(t *testing.T) {
	dir := t.TempDir()
	testServeRestart(t, "-data-dir", dir)
	st, err := os.Stat(filepath.Join(dir, "keys.json"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, %v", st, err)
	}
}

// runOK runs a dsflow command to its end and returns its stdout.
func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	if err := run(context.Background(), args, &out, &errOut); err != nil {
		t.Fatalf("dsflow %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String()
}

// TestServeStoppedWhileStarting: a SIGTERM during start-up is a clean
// stop that leaves the data fit for the next start: in particular the demo
// is seeded whole or not at all, since it is seeded only into a database
// without units. Each run stops serve as soon as start-up reaches a stage,
// seen from outside in what it has written, rather than after a guessed
// delay that a slower machine would shift.
func TestServeStoppedWhileStarting(t *testing.T) {
	port := fmt.Sprint(freeTemporalPort(t))
	stages := []struct {
		name    string
		reached func(p *probe) bool // nil: stop at once
	}{
		{"at once", nil},
		{"once the database file exists", func(p *probe) bool { return p.exists("dsflow.db") }},
		{"while the demo is seeded", func(p *probe) bool { return p.units() > 0 }},
		{"once the demo's last user exists", func(p *probe) bool { return p.hasUser("kiemtra.hanoi") }},
		{"once the Temporal server has its database", func(p *probe) bool { return p.exists("temporal.db") }},
	}
	var dirs []string
	for _, st := range stages {
		dir := t.TempDir()
		dirs = append(dirs, dir)
		p := launch(t, "serve", "-data-dir", dir, "-http-addr", "127.0.0.1:0", "-temporal-port", port)
		if st.reached != nil {
			pr := &probe{dir: dir}
			p.until(st.name, func() bool { return st.reached(pr) })
			pr.close()
		}
		p.stop()
		l := location{cfg: store.Config{SQLitePath: filepath.Join(dir, "dsflow.db")}}
		s := l.open(t)
		n, err := s.CountUnits(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.UserByUsername(context.Background(), "canbo.ngoclam")
		if n > 0 && err != nil {
			t.Errorf("stopped %s: %d units but no demo user: %v", st.name, n, err)
		}
		t.Logf("stopped %s: %d units", st.name, n)
		_ = s.Close()
	}
	for _, dir := range []string{dirs[2], dirs[len(dirs)-1]} {
		p := startProc(t, "dsflow is running at", "serve", "-data-dir", dir, "-http-addr", "127.0.0.1:0", "-temporal-port", port)
		login(t, p.url, "canbo.ngoclam")
		p.stop()
	}
}

// probe looks at what a starting serve has written in its data directory,
// through a connection of its own (SQLite's WAL lets it read meanwhile).
type probe struct {
	dir string
	s   *store.Store
}

func (p *probe) exists(name string) bool {
	_, err := os.Stat(filepath.Join(p.dir, name))
	return err == nil
}

// open connects once the database file exists; nil before.
func (p *probe) open() *store.Store {
	if p.s == nil && p.exists("dsflow.db") {
		s, err := store.Open(context.Background(), store.Config{SQLitePath: filepath.Join(p.dir, "dsflow.db")})
		if err == nil {
			p.s = s
		}
	}
	return p.s
}

// units counts the units; 0 also while the tables do not exist yet.
func (p *probe) units() int64 {
	s := p.open()
	if s == nil {
		return 0
	}
	n, _ := s.CountUnits(context.Background())
	return n
}

func (p *probe) hasUser(username string) bool {
	s := p.open()
	if s == nil {
		return false
	}
	_, err := s.UserByUsername(context.Background(), username)
	return err == nil
}

func (p *probe) close() {
	if p.s != nil {
		_ = p.s.Close()
	}
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
	// A cluster's processes share one key file; none makes its own.
	keys := filepath.Join(t.TempDir(), "keys.json")
	var out, errOut strings.Builder
	if err := run(ctx, append([]string{"worker"}, common...), &out, &errOut); err == nil || !strings.Contains(err.Error(), "dsflow keys new") {
		t.Errorf("a worker of a cluster without a key file: %v", err)
	}
	runOK(t, "keys", "new", "-key-file", keys)
	common = append(common, "-key-file", keys)
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
	// Sealed by one replica, opened by the other.
	caseID := recordCase(t, a1.url, "Trần Thị Mai")
	if got := caseFullName(t, a2.url, caseID); got != "Trần Thị Mai" {
		t.Errorf("case's person through the other replica: %v", got)
	}
	a1.stop()
	a2.stop()
	w.stop()
}
