package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"dsflow/auth"
	"dsflow/checklists"
	"dsflow/demo"
	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
	"dsflow/templates"
)

// location is a database for the operator commands: its flags and a way
// to open the same database from the test.
type location struct {
	args []string
	cfg  store.Config
}

func newLocation(t *testing.T, dialect string) location {
	t.Helper()
	if dialect == store.DialectPostgres {
		u := storetest.NewDatabase(t)
		return location{args: []string{"-database-url", u}, cfg: store.Config{DatabaseURL: u}}
	}
	dir := t.TempDir()
	return location{args: []string{"-data-dir", dir}, cfg: store.Config{SQLitePath: filepath.Join(dir, "dsflow.db")}}
}

// open opens the location's database (migrated); it is closed at the end.
func (l location) open(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, l.cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// seeded opens the location's database with the demo seeded.
func (l location) seeded(t *testing.T) *store.Store {
	t.Helper()
	s := l.open(t)
	if logins, err := demo.Seed(context.Background(), s); err != nil || len(logins) == 0 {
		t.Fatalf("seed demo: %d logins, %v", len(logins), err)
	}
	return s
}

// cmd puts the location's flags right after the command's words, before
// any file argument.
func (l location) cmd(args ...string) []string {
	n := 1
	if args[0] == "users" || args[0] == "units" || args[0] == "audit" {
		n = 2
	}
	out := append([]string{}, args[:n]...)
	out = append(out, l.args...)
	return append(out, args[n:]...)
}

var appliedRE = regexp.MustCompile(`^applied (\d+) migration\(s\) to (\w+)\n$`)

func TestMigrate(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			l := newLocation(t, dialect)
			out := mustRun(t, l.cmd("migrate")...)
			m := appliedRE.FindStringSubmatch(out)
			if m == nil || m[1] == "0" || m[2] != dialect {
				t.Fatalf("first migrate printed %q; want some migrations applied to %s", out, dialect)
			}
			if out := mustRun(t, l.cmd("migrate")...); out != "applied 0 migration(s) to "+dialect+"\n" {
				t.Errorf("second migrate printed %q; want 0 applied", out)
			}
			// The schema is really there: the store can count units.
			if n, err := l.open(t).CountUnits(context.Background()); err != nil || n != 0 {
				t.Errorf("CountUnits after migrate = %d, %v", n, err)
			}
			// And the built-in templates are written, once.
			if list, err := l.open(t).ListTemplates(context.Background(), store.TemplateFilter{}); err != nil || len(list) != len(templates.Builtins()) {
				t.Errorf("templates after migrate: %d, %v", len(list), err)
			}
			if list, err := l.open(t).ListChecklists(context.Background()); err != nil || len(list) != len(checklists.Builtins()) {
				t.Errorf("checklists after migrate: %d, %v", len(list), err)
			}
		})
	}
}

// TestMigrateConcurrently: processes starting together on a fresh
// PostgreSQL database (api and worker, replicas) all migrate it; exactly
// one applies the migrations and none fails.
func TestMigrateConcurrently(t *testing.T) {
	const procs = 3
	for range 2 {
		l := newLocation(t, store.DialectPostgres)
		var wg sync.WaitGroup
		outs, errs := make([]string, procs), make([]error, procs)
		for i := range procs {
			wg.Go(func() { outs[i], _, errs[i] = runCmd(t, l.cmd("migrate")...) })
		}
		wg.Wait()
		applied := 0
		for i := range procs {
			if errs[i] != nil {
				t.Fatalf("concurrent migrate %d: %v", i, errs[i])
			}
			if m := appliedRE.FindStringSubmatch(outs[i]); m != nil && m[1] != "0" {
				applied++
			}
		}
		if applied != 1 {
			t.Errorf("%d of %d concurrent runs applied migrations, want 1: %q", applied, procs, outs)
		}
	}
}

func TestUsersAdd(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { testUsersAdd(t, newLocation(t, dialect)) })
	}
}

func testUsersAdd(t *testing.T, l location) {
	ctx := context.Background()
	s := l.seeded(t)
	unit := func(code string) *models.Unit {
		u, err := unitByCodeOrID(ctx, s, code)
		if err != nil || u.Code == nil || *u.Code != code {
			t.Fatalf("unit %s: %+v, %v", code, u, err)
		}
		return u
	}
	ngocLam, boDe, quangNinh := unit("DEMO-NGOCLAM"), unit("DEMO-BODE"), unit("22")
	check := func(username string, unitID uint, roles ...string) {
		t.Helper()
		u, err := s.UserByUsername(ctx, username)
		if err != nil {
			t.Fatalf("user %s: %v", username, err)
		}
		if u.UnitID != unitID || strings.Join(u.RoleList(), ",") != strings.Join(roles, ",") || !u.Active {
			t.Errorf("user %s: unit %d roles %v active %v; want unit %d roles %v", username, u.UnitID, u.RoleList(), u.Active, unitID, roles)
		}
		if err := auth.VerifyPassword(u.PasswordHash, "mật khẩu dài"); err != nil {
			t.Errorf("user %s: password does not verify: %v", username, err)
		}
	}
	add := func(extra ...string) []string {
		return l.cmd(append([]string{"users", "add", "--password", "mật khẩu dài"}, extra...)...)
	}

	out := mustRun(t, add("--username", "canbo.moi", "--unit", "DEMO-NGOCLAM", "--role", "officer", "--name", "Cán bộ mới")...)
	if !strings.Contains(out, "created user canbo.moi") || !strings.Contains(out, ngocLam.Name) {
		t.Errorf("users add printed %q", out)
	}
	check("canbo.moi", ngocLam.ID, models.RoleOfficer)
	mustRun(t, add("--username", "lanhdao.bode", "--unit", fmt.Sprint(boDe.ID), "--role", "leader, secretary")...)
	check("lanhdao.bode", boDe.ID, models.RoleLeader, models.RoleSecretary)
	// A numeric GSO code wins over the unit whose ID happens to be 22.
	if other, err := s.GetUnit(ctx, store.Scope{Path: "/"}, 22); err != nil || other.ID == quangNinh.ID {
		t.Fatalf("the demo should have a unit with ID 22 other than Quảng Ninh: %v, %v", other, err)
	}
	mustRun(t, add("--username", "kiemtra.quangninh", "--unit", "22", "--role", "inspector")...)
	check("kiemtra.quangninh", quangNinh.ID, models.RoleInspector)

	bad := []struct {
		args []string
		want []string
	}{
		{[]string{"--unit", "DEMO-NGOCLAM", "--role", "officer"}, []string{"--username"}},
		{[]string{"--username", "Hoa.Nguyen", "--unit", "DEMO-NGOCLAM", "--role", "officer"}, []string{"--username", "lowercase"}},
		{[]string{"--username", "a b", "--unit", "DEMO-NGOCLAM", "--role", "officer"}, []string{"--username"}},
		{[]string{"--username", "canbo.x", "--password", "ngan", "--unit", "DEMO-NGOCLAM", "--role", "officer"}, []string{"--password", "8"}},
		{[]string{"--username", "canbo.x", "--unit", "DEMO-NGOCLAM", "--role", "chief"}, []string{"--role", `"chief"`}},
		{[]string{"--username", "canbo.x", "--unit", "DEMO-NGOCLAM"}, []string{"--role"}},
		{[]string{"--username", "canbo.x", "--role", "officer"}, []string{"--unit"}},
		{[]string{"--username", "canbo.x", "--unit", "DEMO-NOWHERE", "--role", "officer"}, []string{"--unit", "DEMO-NOWHERE"}},
		{[]string{"--username", "canbo.x", "--unit", "999999", "--role", "officer"}, []string{"--unit", "999999"}},
		{[]string{"--username", "canbo.ngoclam", "--unit", "DEMO-NGOCLAM", "--role", "officer"}, []string{"--username", "canbo.ngoclam", "taken"}},
		{[]string{"--username", "canbo.moi", "--unit", "DEMO-BODE", "--role", "officer"}, []string{"--username", "taken"}},
	}
	for _, b := range bad {
		wantErr(t, add(b.args...), b.want...)
	}
	for _, name := range []string{"canbo.x", "hoa.nguyen", "Hoa.Nguyen", "a b"} {
		if _, err := s.UserByUsername(ctx, name); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("user %q exists after a refused users add (err %v)", name, err)
		}
	}
	// The duplicate did not move the first canbo.moi.
	check("canbo.moi", ngocLam.ID, models.RoleOfficer)
}
