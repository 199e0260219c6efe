package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dsflow/models"
	"dsflow/store"
)

const goodUnits = `code,name,level,parent_code
QN-DH-01,Thôn 1,thôn,DEMO-QUANGAN
46,Tỉnh Thừa Thiên Huế,tỉnh,VN
474,Thành phố Huế,district,46
19753,Phường Phú Hội,phường,474
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUnitsImport(t *testing.T) {
	ctx := context.Background()
	l := newLocation(t, store.DialectSQLite)
	s := l.seeded(t)
	before, _ := s.CountUnits(ctx)
	good := writeFile(t, "units.csv", goodUnits)
	out := mustRun(t, l.cmd("units", "import", good)...)
	if want := "imported " + good + ": 4 created, 0 updated, 0 unchanged\n"; out != want {
		t.Errorf("first import printed %q, want %q", out, want)
	}
	after, _ := s.CountUnits(ctx)
	if after != before+4 {
		t.Errorf("units: %d before, %d after; want 4 more", before, after)
	}
	phuHoi, err := unitByCodeOrID(ctx, s, "19753")
	if err != nil || phuHoi.Level != models.LevelCommune || phuHoi.Depth != 3 {
		t.Errorf("Phú Hội: %+v, %v; want a commune at depth 3", phuHoi, err)
	}
	out = mustRun(t, l.cmd("units", "import", good)...)
	if want := "imported " + good + ": 0 created, 0 updated, 4 unchanged\n"; out != want {
		t.Errorf("second import printed %q, want %q", out, want)
	}
	if n, _ := s.CountUnits(ctx); n != after {
		t.Errorf("second import changed the unit count: %d, want %d", n, after)
	}

	// Bad lines are each reported as FILE:LINE, and nothing is imported,
	// not even the good lines around them.
	badParse := writeFile(t, "bad.csv", "code,name,level,parent_code\n"+
		"NEW-1,Xã Mới,xã,DEMO-DAMHA\n"+
		"NEW-2,,xã,DEMO-DAMHA\n"+
		"NEW-3,Xã Ba,city,DEMO-DAMHA\n"+
		"NEW-1,Xã Trùng,xã,DEMO-DAMHA\n")
	badParent := writeFile(t, "orphans.csv", "NEW-4,Xã Bốn,xã,DEMO-DAMHA\nNEW-5,Xã Năm,xã,NO-SUCH-PARENT\n")
	renamed := writeFile(t, "renamed.csv", "46,Thành phố Huế (tỉnh cũ),tỉnh,VN\nNEW-6,Xã Sáu,xã,NOPE\n")
	for _, tc := range []struct {
		file  string
		lines []string
	}{
		{badParse, []string{badParse + ":3: name", badParse + ":4: level", badParse + ":5: code"}},
		{badParent, []string{badParent + ":2: parent_code"}},
		{renamed, []string{renamed + ":2: parent_code"}},
	} {
		_, errOut, err := runCmd(t, l.cmd("units", "import", tc.file)...)
		if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
			t.Errorf("import %s: err = %v; want nothing imported", filepath.Base(tc.file), err)
		}
		for _, line := range tc.lines {
			if !strings.Contains(errOut, line) {
				t.Errorf("import %s: stderr %q lacks %q", filepath.Base(tc.file), errOut, line)
			}
		}
		if got := strings.Count(errOut, tc.file+":"); got != len(tc.lines) {
			t.Errorf("import %s: %d lines reported, want %d:\n%s", filepath.Base(tc.file), got, len(tc.lines), errOut)
		}
	}
	if n, _ := s.CountUnits(ctx); n != after {
		t.Errorf("bad files changed the unit count: %d, want %d", n, after)
	}
	if hue, _ := unitByCodeOrID(ctx, s, "46"); hue == nil || hue.Name != "Tỉnh Thừa Thiên Huế" {
		t.Errorf("a rejected file renamed unit 46: %+v", hue)
	}
	missing := filepath.Join(t.TempDir(), "missing.csv")
	wantErr(t, l.cmd("units", "import", missing), missing)
	wantErr(t, l.cmd("units", "import"), "usage")
	wantErr(t, l.cmd("units", "import", good, good), "usage")
}

func TestAuditVerify(t *testing.T) {
	l := newLocation(t, store.DialectSQLite)
	// A data directory without a database (a typo, say) is an error, not
	// an empty chain that verifies.
	wantErr(t, l.cmd("audit", "verify"), "DSFLOW_DATA_DIR", l.args[1], "migrate")
	if _, err := os.Stat(l.cfg.SQLitePath); err == nil {
		t.Errorf("audit verify created %s", l.cfg.SQLitePath)
	}
	mustRun(t, l.cmd("migrate")...)
	if out := mustRun(t, l.cmd("audit", "verify")...); out != "audit chain intact: 0 entries\n" {
		t.Errorf("empty chain: %q", out)
	}
	l.seeded(t)
	for _, name := range []string{"one.user", "two.user", "three.user"} {
		mustRun(t, l.cmd("users", "add", "--username", name, "--password", "dsflow-2026", "--unit", "VN", "--role", "admin")...)
	}
	if out := mustRun(t, l.cmd("audit", "verify")...); out != "audit chain intact: 3 entries\n" {
		t.Errorf("intact chain: %q", out)
	}
	// Someone edits the second entry behind dsflow's back.
	db, err := l.open(t).SQL()
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec(`UPDATE audit_entries SET after = replace(after, 'two.user', 'evil.user') WHERE seq = 2`)
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("tamper: %v (%d rows)", err, n)
	}
	wantErr(t, l.cmd("audit", "verify"), "broken at entry 2", "1 entries verified")
	// Removing the last entry is caught by the head.
	if _, err := db.Exec(`UPDATE audit_entries SET after = replace(after, 'evil.user', 'two.user') WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	mustRun(t, l.cmd("audit", "verify")...)
	if _, err := db.Exec(`DELETE FROM audit_entries WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	wantErr(t, l.cmd("audit", "verify"), "broken at entry 3")
}

// TestStrayArguments: an argument where none belongs, often the value of
// a mistyped flag, is refused before the database is touched.
func TestStrayArguments(t *testing.T) {
	l := newLocation(t, store.DialectSQLite)
	wantErr(t, l.cmd("users", "add", "canbo.x", "--password", "dsflow-2026", "--unit", "VN", "--role", "admin"), "unexpected argument", `"canbo.x"`)
	wantErr(t, l.cmd("users", "add", "--username", "canbo.x", "-pasword", "x"), "-pasword")
	wantErr(t, l.cmd("migrate", "now"), "unexpected argument", `"now"`)
	wantErr(t, l.cmd("audit", "verify", "all"), "unexpected argument")
	if _, err := os.Stat(l.cfg.SQLitePath); err == nil {
		t.Errorf("a refused command created %s", l.cfg.SQLitePath)
	}
	wantErr(t, l.cmd("users", "add", "--username", "canbo.x"), "DSFLOW_DATA_DIR")
}
