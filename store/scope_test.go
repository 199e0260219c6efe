package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
)

// nation builds Việt Nam → {Hà Nội → Long Biên → Ngọc Lâm, Quảng Ninh}.
func nation(t *testing.T, s *store.Store) (vn, hn, nl, qn models.Unit) {
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
	vn = mk("Cục Dân số", models.LevelNational, nil)
	hn = mk("Hà Nội", models.LevelProvince, &vn)
	lb := mk("Long Biên", models.LevelDistrict, &hn)
	nl = mk("Ngọc Lâm", models.LevelCommune, &lb)
	qn = mk("Quảng Ninh", models.LevelProvince, &vn)
	return
}

// TestSubtreeAgrees holds the store's SQL subtree condition to
// models.PathContains on paths that differ by a digit, through the units
// list (which filters with it).
func TestSubtreeAgrees(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		paths := []string{"/1/", "/10/", "/1/2/", "/1/23/", "/1/2/3/", "/1/20/", "/10/1/", "/2/", "/12/", "/1/2/30/"}
		db, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range paths {
			id := 1000 + i
			q := fmt.Sprintf(`INSERT INTO units (id, name, search_name, level, path, depth) VALUES (%d, 'u%d', 'u%d', 'commune', '%s', 0)`, id, id, id, p)
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		scopes := append([]string{"/", "", "/1", "/none/"}, paths...)
		for _, scope := range scopes {
			units, err := s.ListUnits(ctx, store.Scope{Path: scope}, store.UnitFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, u := range units {
				got = append(got, u.Path)
			}
			for _, p := range paths {
				if models.PathContains(scope, p) {
					want = append(want, p)
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("scope %q: SQL gives %v, PathContains %v", scope, got, want)
			}
		}
	})
}

// TestScopedReads: the reads by ID take the caller's scope themselves, so
// a handler that forgot to check finds nothing outside it.
func TestScopedReads(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, hn, nl, qn := nation(t, s)
		inNL, inQN := store.Scope{Path: nl.Path}, store.Scope{Path: qn.Path}
		due := time.Now().Add(-time.Hour).UTC()
		for _, ch := range []models.TaskChange{
			change("t-nl", nl, 1, models.StatusOpen, due, false, models.EventCreated),
			change("t-nl", nl, 2, models.StatusOpen, due, true, models.EventOverdue),
		} {
			if _, err := apply(ctx, s, ch); err != nil {
				t.Fatal(err)
			}
		}
		a := models.Attachment{ID: "f-1", TaskID: "t-nl", Filename: "bao-cao.pdf", ContentType: "application/pdf", Size: 3, SHA256: "x", Data: []byte("pdf"), UploadedBy: 1}
		if created, err := s.CreateAttachment(ctx, &a); err != nil || !created {
			t.Fatal(created, err)
		}
		again := models.Attachment{ID: "f-1", TaskID: "t-nl", Filename: "other.pdf", ContentType: "application/pdf", Size: 5, SHA256: "y", Data: []byte("other"), UploadedBy: 2}
		if created, err := s.CreateAttachment(ctx, &again); err != nil || created || again.SHA256 != "x" || again.UploadedBy != 1 || again.Data != nil {
			t.Fatalf("the same ID again: created %v, %v, loaded %+v; want the first file kept and loaded without its content", created, err, again)
		}

		t.Run("attachments", func(t *testing.T) {
			if _, err := s.GetAttachment(ctx, inNL, "t-nl", "f-1"); err != nil {
				t.Fatalf("in scope: %v", err)
			}
			if _, err := s.GetAttachment(ctx, inQN, "t-nl", "f-1"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("out of scope: %v, want not found", err)
			}
		})
		t.Run("task events", func(t *testing.T) {
			if ev, err := s.TaskEvents(ctx, inNL, "t-nl"); err != nil || len(ev) != 2 {
				t.Fatalf("in scope: %v %v", ev, err)
			}
			if ev, err := s.TaskEvents(ctx, inQN, "t-nl"); err != nil || len(ev) != 0 {
				t.Fatalf("out of scope: %v %v, want nothing", ev, err)
			}
		})
		t.Run("overdue roll-up", func(t *testing.T) {
			if rows, err := s.OverdueRollup(ctx, store.Scope{Path: hn.Path}, hn.ID); err != nil || len(rows) != 1 {
				t.Fatalf("in scope: %v %v", rows, err)
			}
			if rows, err := s.OverdueRollup(ctx, inQN, hn.ID); err != nil || len(rows) != 0 {
				t.Fatalf("another province's roll-up: %v %v, want nothing", rows, err)
			}
			if rows, err := s.OverdueRollup(ctx, inNL, hn.ID); err != nil || len(rows) != 0 {
				t.Fatalf("the roll-up of an ancestor: %v %v, want nothing", rows, err)
			}
		})
		t.Run("audit", func(t *testing.T) {
			all, err := s.ListAudit(ctx, store.Scope{Path: "/"}, store.AuditFilter{})
			if err != nil || len(all) != 3 { // two revisions and the upload
				t.Fatalf("everything: %d entries, %v", len(all), err)
			}
			for _, e := range all {
				if e.UnitPath != nl.Path {
					t.Errorf("entry %d (%s) has unit path %q, want the task's %q", e.Seq, e.Action, e.UnitPath, nl.Path)
				}
			}
			if got, _ := s.ListAudit(ctx, inNL, store.AuditFilter{EntityType: store.EntityTask, EntityID: "t-nl"}); len(got) != 3 {
				t.Fatalf("in scope: %d entries", len(got))
			}
			if got, _ := s.ListAudit(ctx, inQN, store.AuditFilter{EntityType: store.EntityTask, EntityID: "t-nl"}); len(got) != 0 {
				t.Fatalf("out of scope: %v", got)
			}
		})
	})
}

// TestAuditScope: an entry is listed in the scope of its unit path; a
// national one ("") only in a root's; the path is not part of the hash.
func TestAuditScope(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		vn, hn, nl, qn := nation(t, s)
		at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		for _, r := range []store.AuditRecord{
			{Action: "user.update", EntityType: store.EntityUser, EntityID: "1", UnitPath: nl.Path, At: at},
			{Action: "user.update", EntityType: store.EntityUser, EntityID: "2", UnitPath: qn.Path, At: at},
			{Action: "session.login", EntityType: store.EntitySession, EntityID: "3", UnitPath: hn.Path, At: at},
		} {
			if err := s.AppendAudit(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.PutCalendarYear(ctx, 1, 2026, []models.CalendarDay{{Date: "2026-03-09", Year: 2026, Kind: "holiday"}}); err != nil {
			t.Fatal(err)
		}
		ids := func(scope models.Unit) []string {
			t.Helper()
			got, err := s.ListAudit(ctx, store.Scope{Path: scope.Path}, store.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range got {
				out = append(out, e.EntityType+":"+e.EntityID)
			}
			return out
		}
		if got := fmt.Sprint(ids(hn)); got != "[user:1 session:3]" {
			t.Errorf("Hà Nội lists %s, want its own subtree's and nothing national", got)
		}
		if got := fmt.Sprint(ids(qn)); got != "[user:2]" {
			t.Errorf("Quảng Ninh lists %s", got)
		}
		if got := fmt.Sprint(ids(nl)); got != "[user:1]" {
			t.Errorf("Ngọc Lâm lists %s", got)
		}
		if got := fmt.Sprint(ids(vn)); got != "[user:1 user:2 session:3 calendar:2026]" {
			t.Errorf("the root lists %s, want everything", got)
		}
		if got, _ := s.ListAudit(ctx, store.Scope{Path: "/none/"}, store.AuditFilter{}); len(got) != 0 {
			t.Errorf("a user without a unit lists %d entries", len(got))
		}
		// Entries written before the column existed have "" and the same
		// hash: the path is no part of it, so the chain still verifies.
		db, _ := s.SQL()
		if _, err := db.ExecContext(ctx, `UPDATE audit_entries SET unit_path = ''`); err != nil {
			t.Fatal(err)
		}
		if v, err := s.VerifyAudit(ctx); err != nil || !v.OK || v.Entries != 4 {
			t.Fatalf("verify after clearing unit paths: %+v %v", v, err)
		}
	})
}

// TestUpdateUserIsOneTransaction: the change, the end of the user's
// sessions and the audit entry are written together or not at all.
func TestUpdateUserIsOneTransaction(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, hn, nl, qn := nation(t, s)
		u := models.User{Username: "canbo.ngoclam", PasswordHash: "old", UnitID: nl.ID}
		u.SetRoles([]string{models.RoleOfficer})
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateSession(ctx, "h1", u.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
		inHN := store.Scope{Path: hn.Path}
		audited := func() []models.AuditEntry {
			got, err := s.ListAudit(ctx, store.Scope{Path: "/"}, store.AuditFilter{EntityType: store.EntityUser})
			if err != nil {
				t.Fatal(err)
			}
			return got
		}

		t.Run("a move out of the scope changes nothing", func(t *testing.T) {
			hash := "new"
			_, err := s.UpdateUser(ctx, inHN, 9, u.ID, store.UserUpdate{UnitID: &qn.ID, PasswordHash: &hash})
			if models.ErrorCode(err) != models.EINVALID {
				t.Fatalf("move to Quảng Ninh: %v, want invalid", err)
			}
			if got, _ := s.UserByUsername(ctx, u.Username); got.UnitID != nl.ID || got.PasswordHash != "old" {
				t.Fatalf("user after a refused update: %+v", got)
			}
			if _, err := s.SessionUser(ctx, "h1"); err != nil {
				t.Fatalf("session after a refused update: %v", err)
			}
			if got := audited(); len(got) != 0 {
				t.Fatalf("a refused update is audited: %v", got)
			}
		})
		t.Run("a user outside the scope is not found", func(t *testing.T) {
			name := "x"
			if _, err := s.UpdateUser(ctx, store.Scope{Path: qn.Path}, 9, u.ID, store.UserUpdate{FullName: &name}); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("update from Quảng Ninh: %v, want not found", err)
			}
		})
		t.Run("a new password ends the sessions and is audited", func(t *testing.T) {
			hash := "new"
			after, err := s.UpdateUser(ctx, inHN, 9, u.ID, store.UserUpdate{PasswordHash: &hash})
			if err != nil || after.PasswordHash != "new" {
				t.Fatalf("update: %+v %v", after, err)
			}
			if _, err := s.SessionUser(ctx, "h1"); models.ErrorCode(err) != models.EUNAUTHORIZED {
				t.Fatalf("old session after a new password: %v", err)
			}
			got := audited()
			if len(got) != 1 || got[0].Action != "user.update" || got[0].ActorID != 9 || got[0].UnitPath != nl.Path {
				t.Fatalf("audit: %+v", got)
			}
		})
		t.Run("a move is audited where both units are seen", func(t *testing.T) {
			after, err := s.UpdateUser(ctx, store.Scope{Path: "/"}, 9, u.ID, store.UserUpdate{UnitID: &qn.ID})
			if err != nil || after.UnitID != qn.ID {
				t.Fatalf("move: %+v %v", after, err)
			}
			got := audited()
			if last := got[len(got)-1]; last.UnitPath != models.UnitPath("", *hn.ParentID) {
				t.Fatalf("a move from Hà Nội to Quảng Ninh is audited at %q, want the root", last.UnitPath)
			}
		})
	})
}

// TestCreateUserAudited: a new user and its audit entry, at the user's
// unit, are written together; a refused user leaves no entry.
func TestCreateUserAudited(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, nl, _ := nation(t, s)
		u := models.User{Username: "ctv.ngoclam", PasswordHash: "x", UnitID: nl.ID}
		u.SetRoles([]string{models.RoleOfficer})
		if err := s.CreateUserAudited(ctx, &u, store.AuditRecord{ActorID: 9, Action: "user.create"}); err != nil {
			t.Fatal(err)
		}
		dup := models.User{Username: "ctv.ngoclam", PasswordHash: "x", UnitID: nl.ID}
		if err := s.CreateUserAudited(ctx, &dup, store.AuditRecord{ActorID: 9, Action: "user.create"}); models.ErrorCode(err) != models.EINVALID {
			t.Fatalf("duplicate: %v", err)
		}
		got, err := s.ListAudit(ctx, store.Scope{Path: nl.Path}, store.AuditFilter{EntityType: store.EntityUser})
		if err != nil || len(got) != 1 || got[0].EntityID != fmt.Sprint(u.ID) || got[0].ActorID != 9 || got[0].UnitPath != nl.Path {
			t.Fatalf("audit %+v, %v; want one entry for user %d at %s", got, err, u.ID, nl.Path)
		}
		if strings.Contains(got[0].After, "password") || !strings.Contains(got[0].After, `"username":"ctv.ngoclam"`) {
			t.Errorf("the entry keeps %s", got[0].After)
		}
	})
}
