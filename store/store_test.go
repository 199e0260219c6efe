package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
	"dsflow/unitcsv"
)

// each runs fn on a fresh store of every dialect.
func each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, storetest.Open(t, d, store.Config{}))
		})
	}
}

// tree builds Hà Nội → Long Biên → {Ngọc Lâm, Bồ Đề} and returns them.
func tree(t *testing.T, s *store.Store) (hn, lb, nl, bd models.Unit) {
	t.Helper()
	ctx := context.Background()
	mk := func(name, level string, parent *models.Unit) models.Unit {
		u := models.Unit{Name: name, Level: level}
		if parent != nil {
			u.ParentID = &parent.ID
		}
		if err := s.CreateUnit(ctx, &u); err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return u
	}
	hn = mk("Hà Nội", models.LevelProvince, nil)
	lb = mk("Long Biên", models.LevelDistrict, &hn)
	nl = mk("Ngọc Lâm", models.LevelCommune, &lb)
	bd = mk("Bồ Đề", models.LevelCommune, &lb)
	return
}

func TestUnits(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, lb, nl, bd := tree(t, s)
		if nl.Path != hn.Path[:len(hn.Path)-1]+lb.Path[len(hn.Path)-1:]+strings.TrimPrefix(nl.Path, lb.Path) || nl.Depth != 2 {
			t.Errorf("path %q depth %d", nl.Path, nl.Depth)
		}
		t.Run("search ignores diacritics", func(t *testing.T) {
			got, err := s.ListUnits(ctx, store.Scope{Path: hn.Path}, store.UnitFilter{Query: "ngoc lam"})
			if err != nil || len(got) != 1 || got[0].ID != nl.ID {
				t.Fatalf("got %v, %v", got, err)
			}
		})
		t.Run("search finds a code exactly", func(t *testing.T) {
			code := "T-26101"
			u := models.Unit{Code: &code, Name: "Tổ Mã Số", Level: models.LevelVillage, ParentID: &bd.ID}
			if err := s.CreateUnit(ctx, &u); err != nil {
				t.Fatal(err)
			}
			got, err := s.ListUnits(ctx, store.Scope{Path: hn.Path}, store.UnitFilter{Query: " " + code + " "})
			if err != nil || len(got) != 1 || got[0].ID != u.ID {
				t.Fatalf("by code: got %v, %v", got, err)
			}
			if got, _ := s.ListUnits(ctx, store.Scope{Path: nl.Path}, store.UnitFilter{Query: code}); len(got) != 0 {
				t.Fatalf("a code outside the scope is found: %v", got)
			}
			if got, _ := s.ListUnits(ctx, store.Scope{Path: hn.Path}, store.UnitFilter{Query: "T-261"}); len(got) != 0 {
				t.Fatalf("part of a code is found: %v", got)
			}
		})
		t.Run("scope hides siblings", func(t *testing.T) {
			if _, err := s.GetUnit(ctx, store.Scope{Path: nl.Path}, bd.ID); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("want not found, got %v", err)
			}
			if _, err := s.GetUnit(ctx, store.Scope{Path: lb.Path}, bd.ID); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("a code wins over an ID", func(t *testing.T) {
			code := fmt.Sprint(hn.ID) // a numeric code equal to another unit's ID
			u := models.Unit{Code: &code, Name: "Tổ dân phố mã số", Level: models.LevelVillage, ParentID: &nl.ID}
			if err := s.CreateUnit(ctx, &u); err != nil {
				t.Fatal(err)
			}
			got, err := s.UnitByCodeOrID(ctx, code)
			if err != nil || got.ID != u.ID {
				t.Fatalf("by code %s: got %+v, %v", code, got, err)
			}
			got, err = s.UnitByCodeOrID(ctx, fmt.Sprint(nl.ID))
			if err != nil || got.ID != nl.ID {
				t.Fatalf("by id: got %+v, %v", got, err)
			}
			// A picked unit is sent as "id:N", which is never read as a
			// code: hn's ID names hn even though a unit is coded with it.
			got, err = s.UnitByCodeOrID(ctx, models.UnitIDRef(hn.ID))
			if err != nil || got.ID != hn.ID {
				t.Fatalf("by id ref: got %+v, %v", got, err)
			}
			for _, bad := range []string{"id:", "id:0", "id:x", "id:007", "id:99999999"} {
				if _, err := s.UnitByCodeOrID(ctx, bad); models.ErrorCode(err) != models.ENOTFOUND {
					t.Fatalf("%q: want not found, got %v", bad, err)
				}
			}
		})
		t.Run("children by parent", func(t *testing.T) {
			got, _ := s.ListUnits(ctx, store.Scope{Path: hn.Path}, store.UnitFilter{ParentID: &lb.ID})
			if len(got) != 2 {
				t.Fatalf("got %d children", len(got))
			}
		})
	})
}

func TestImportUnits(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		file := "code,name,level,parent_code\n00133,Ngọc Lâm,phường,004\n01,Hà Nội,tỉnh,\n004,Long Biên,quận,01\n"
		rows, errs := unitcsv.Parse(strings.NewReader(file))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		res, err := s.ImportUnits(ctx, 0, rows)
		if err != nil || res.Created != 3 {
			t.Fatalf("first import: %+v %v", res, err)
		}
		res, err = s.ImportUnits(ctx, 0, rows)
		if err != nil || res.Unchanged != 3 || res.Created != 0 {
			t.Fatalf("second import must change nothing: %+v %v", res, err)
		}
		bad, _ := unitcsv.Parse(strings.NewReader("02,Hải Phòng,tỉnh,\n99,Nowhere,xã,404\n"))
		_, err = s.ImportUnits(ctx, 0, bad)
		ie, ok := err.(*store.ImportError)
		if !ok || len(ie.Lines) != 1 || ie.Lines[0].Line != 2 {
			t.Fatalf("want a line-2 import error, got %v", err)
		}
		if _, err := s.UnitByCodeOrID(ctx, "02"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatal("a rejected file must import nothing")
		}
		// A ward with an unfinished task does not move.
		nl0, _ := s.UnitByCodeOrID(ctx, "00133")
		if _, err := apply(ctx, s, change("t-open", *nl0, 1, models.StatusOpen, time.Now().Add(time.Hour), false, models.EventCreated)); err != nil {
			t.Fatal(err)
		}
		blocked, _ := unitcsv.Parse(strings.NewReader("005,Gia Lâm,huyện,01\n00133,Ngọc Lâm,phường,005\n"))
		var ie2 *store.ImportError
		if _, err := s.ImportUnits(ctx, 0, blocked); !errors.As(err, &ie2) || ie2.Lines[0].Line != 2 {
			t.Fatalf("want a line-2 refusal, got %v", err)
		}
		if _, err := s.UnitByCodeOrID(ctx, "005"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatal("a refused import must import nothing")
		}
		if _, err := apply(ctx, s, change("t-open", *nl0, 2, models.StatusDone, time.Now().Add(time.Hour), false, models.EventSubmitted)); err != nil {
			t.Fatal(err)
		}
		// Moving a ward to another district moves its path.
		move, _ := unitcsv.Parse(strings.NewReader("005,Gia Lâm,huyện,01\n00133,Ngọc Lâm,phường,005\n"))
		if _, err := s.ImportUnits(ctx, 0, move); err != nil {
			t.Fatal(err)
		}
		gl, _ := s.UnitByCodeOrID(ctx, "005")
		nl, _ := s.UnitByCodeOrID(ctx, "00133")
		if !strings.HasPrefix(nl.Path, gl.Path) {
			t.Fatalf("moved ward path %s not under %s", nl.Path, gl.Path)
		}
	})
}

func TestUsersAndSessions(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, _, nl, bd := tree(t, s)
		u := models.User{Username: "canbo.ngoclam", PasswordHash: "x", UnitID: nl.ID}
		u.SetRoles([]string{models.RoleOfficer})
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		dup := models.User{Username: "canbo.ngoclam", PasswordHash: "x", UnitID: nl.ID, RolesCSV: "officer"}
		if err := s.CreateUser(ctx, &dup); models.ErrorCode(err) != models.EINVALID {
			t.Fatalf("duplicate username: %v", err)
		}
		if _, err := s.GetUser(ctx, store.Scope{Path: bd.Path}, u.ID); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("user of another ward must be hidden: %v", err)
		}
		if _, err := s.GetUser(ctx, store.Scope{Path: hn.Path}, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateSession(ctx, "h1", u.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionUser(ctx, "h1"); err != nil || got.ID != u.ID || got.Unit == nil {
			t.Fatalf("session user: %v %v", got, err)
		}
		if _, err := s.CreateSession(ctx, "h2", u.ID, -time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, "h2"); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Fatalf("expired session: %v", err)
		}
		_ = s.RevokeSession(ctx, "h1")
		if _, err := s.SessionUser(ctx, "h1"); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Fatalf("revoked session: %v", err)
		}
		leaders, _ := s.UsersWithRole(ctx, nl.ID, models.RoleOfficer)
		if len(leaders) != 1 {
			t.Fatalf("role lookup: %v", leaders)
		}
	})
}

// TestUserSearch: ListUsers' Query matches the folded username and full
// name within the scope, a new full name included; migration 0014 folds
// the names of the users that existed before it (the column dropped and
// the migration run again stand for a database of version 13).
func TestUserSearch(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, _, nl, bd := tree(t, s)
		mk := func(username, fullName string, unit uint) models.User {
			u := models.User{Username: username, PasswordHash: "x", FullName: fullName, UnitID: unit, RolesCSV: models.RoleOfficer}
			if err := s.CreateUser(ctx, &u); err != nil {
				t.Fatal(err)
			}
			return u
		}
		dao, hong := mk("ctv.ngoclam", "Nguyễn Thị Đào", nl.ID), mk("ctv.bode", "Đào Thu Hồng", bd.ID)
		found := func(scope models.Unit, q string) []uint {
			t.Helper()
			list, err := s.ListUsers(ctx, store.Scope{Path: scope.Path}, store.UserFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			var ids []uint
			for _, u := range list {
				ids = append(ids, u.ID)
			}
			return ids
		}
		if got := found(hn, "DAO"); len(got) != 2 {
			t.Errorf("q=DAO in Hà Nội: %v, want both", got)
		}
		if got := found(nl, "đào"); len(got) != 1 || got[0] != dao.ID {
			t.Errorf("q=đào in Ngọc Lâm: %v, want %d only", got, dao.ID)
		}
		if got := found(hn, "ctv.bo"); len(got) != 1 || got[0] != hong.ID {
			t.Errorf("q=ctv.bo: %v, want %d", got, hong.ID)
		}
		name := "Lê Văn Hùng"
		if _, err := s.UpdateUser(ctx, store.Scope{Path: hn.Path}, dao.ID, dao.ID, store.UserUpdate{FullName: &name}); err != nil {
			t.Fatal(err)
		}
		if got := found(hn, "le van hung"); len(got) != 1 || got[0] != dao.ID {
			t.Errorf("after the rename: %v", got)
		}

		db, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range []string{`ALTER TABLE users DROP COLUMN search_name`, `DELETE FROM schema_migrations WHERE version = 14`} {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		if n, err := s.Migrate(ctx); err != nil || n != 1 {
			t.Fatalf("migrate from version 13: %d, %v", n, err)
		}
		if got := found(hn, "hung"); len(got) != 1 || got[0] != dao.ID {
			t.Errorf("q=hung after migration 0014: %v", got)
		}
		if got := found(hn, "thu hong"); len(got) != 1 || got[0] != hong.ID {
			t.Errorf("q=thu hong after migration 0014: %v", got)
		}
	})
}

// TestSQLiteSyncsEveryCommit: the embedded database syncs its log at every
// commit unless told otherwise, so what the API answered survives a power
// cut; a setting other than FULL or NORMAL is refused.
func TestSQLiteSyncsEveryCommit(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ set, want string }{{"", "2"}, {"NORMAL", "1"}} {
		s, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(t.TempDir(), "d.db"), SQLiteSynchronous: c.set})
		if err != nil {
			t.Fatal(err)
		}
		db, _ := s.SQL()
		var got string
		if err := db.QueryRow("PRAGMA synchronous").Scan(&got); err != nil || got != c.want {
			t.Errorf("synchronous %q: pragma %s (%v), want %s", c.set, got, err, c.want)
		}
		_ = s.Close()
	}
	if _, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(t.TempDir(), "d.db"), SQLiteSynchronous: "OFF"}); err == nil {
		t.Error("synchronous OFF was accepted")
	}
}
