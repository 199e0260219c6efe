package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/plan"
	"dsflow/store"
)

// planInspection records an inspection by Hà Nội's team (users 1 and 2)
// of Ngọc Lâm and Bồ Đề.
func planInspection(t *testing.T, s *store.Store, id string, hn models.Unit, units ...models.Unit) *models.Inspection {
	t.Helper()
	now := time.Now().UTC()
	in := models.Inspection{ID: id, Name: "Kiểm tra " + id, ChecklistKey: "k", ChecklistVersion: 1, UnitID: hn.ID, UnitPath: hn.Path,
		LeadID: 1, WindowStart: now, WindowEnd: now.Add(48 * time.Hour), CreatedAt: now}
	team := []models.TeamMember{{InspectionID: id, UserID: 1, Role: models.TeamLeadRole}, {InspectionID: id, UserID: 2, Role: models.TeamMemberRole}}
	tasks, sheets, host, err := plan.Checklists(in, units, team)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.CreateInspection(context.Background(), store.NewInspection{Inspection: in, Units: units, Team: team, Sheets: sheets,
		Batch: store.TaskBatch{Hosts: []models.TaskHost{host}, Tasks: tasks, At: now}})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestCreateInspectionOnce: a retried plan records nothing twice.
func TestCreateInspectionOnce(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, _, nl, bd := tree(t, s)
		planInspection(t, s, "i1", hn, nl, bd)
		planInspection(t, s, "i1", hn, nl, bd)
		sheets, err := s.Sheets(ctx, "i1")
		if err != nil || len(sheets) != 4 {
			t.Fatalf("sheets %d %v", len(sheets), err)
		}
		tasks, err := s.InspectionTasks(ctx, "i1")
		if err != nil || len(tasks) != 4 {
			t.Fatalf("tasks %d %v", len(tasks), err)
		}
		// The inspecting unit, the team and an inspected unit's subtree
		// see it; a sibling unit does not.
		for _, c := range []struct {
			path string
			user uint
			want bool
		}{{hn.Path, 99, true}, {"/none/", 2, true}, {nl.Path, 99, true}, {"/none/", 99, false}} {
			_, err := s.VisibleInspection(ctx, store.Scope{Path: c.path}, c.user, "i1")
			if (err == nil) != c.want {
				t.Errorf("scope %s user %d: visible %v, want %v", c.path, c.user, err == nil, c.want)
			}
		}
	})
}

// TestSaveSheetOrdered: a retried save changes nothing, a save from an
// older version is refused with the stored sheet, and of two saves from
// the same version one wins.
func TestSaveSheetOrdered(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, _, nl, _ := tree(t, s)
		planInspection(t, s, "i2", hn, nl)
		save := func(base int, id string, v any) (*models.ChecklistSheet, error) {
			return s.SaveSheet(ctx, store.SheetSave{InspectionID: "i2", UnitID: nl.ID, InspectorID: 1, BaseVersion: base, SaveID: id,
				Answers: map[string]models.Answer{"a": {Value: v}}})
		}
		if sh, err := save(0, "s1", "yes"); err != nil || sh.Version != 1 {
			t.Fatalf("first save: %+v %v", sh, err)
		}
		if sh, err := save(0, "s1", "yes"); err != nil || sh.Version != 1 {
			t.Fatalf("retried save: %+v %v", sh, err)
		}
		_, err := save(0, "s2", "no")
		e := models.AsError(err)
		if e == nil || e.Code != models.ECONFLICT || e.State.(*models.ChecklistSheet).Version != 1 {
			t.Fatalf("stale save: %v", err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = save(1, fmt.Sprintf("race-%d", i), i)
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("two saves from version 1: %v, %v", errs[0], errs[1])
		}
		if _, err := s.SubmitSheet(ctx, "i2", nl.ID, 1, 1, 5, 10); models.ErrorCode(err) != models.ECONFLICT {
			t.Fatalf("submit of an old version: %v", err)
		}
		if sh, err := s.SubmitSheet(ctx, "i2", nl.ID, 1, 2, 5, 10); err != nil || !sh.Submitted || sh.Score != 5 {
			t.Fatalf("submit: %+v %v", sh, err)
		}
		if _, err := s.SubmitSheet(ctx, "i2", nl.ID, 1, 2, 5, 10); err != nil {
			t.Fatalf("retried submit: %v", err)
		}
		if _, err := save(2, "s9", "no"); models.ErrorCode(err) != models.ECONFLICT {
			t.Fatalf("save after submit: %v", err)
		}
		if _, err := s.SaveSheet(ctx, store.SheetSave{InspectionID: "i2", UnitID: nl.ID, InspectorID: 7, SaveID: "x"}); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("a save by someone off the team: %v", err)
		}
	})
}

// TestSignInspection: findings recorded once per save ID; the signature
// numbers the minutes per inspecting unit and year, dates each finding and
// names its task; signed again it returns the same; nothing is added
// after; two inspections signed at once get different numbers.
func TestSignInspection(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, _, nl, bd := tree(t, s)
		planInspection(t, s, "i3", hn, nl)
		planInspection(t, s, "i4", hn, bd)
		f := models.Finding{InspectionID: "i3", UnitID: nl.ID, UnitPath: nl.Path, Severity: models.SeverityHigh, Description: "Sổ", DueDays: 5, SaveID: "f1"}
		a, err := s.AddFinding(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := s.AddFinding(ctx, f); err != nil || b.ID != a.ID {
			t.Fatalf("retried finding: %+v %v", b, err)
		}
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		due := at.Add(7 * 24 * time.Hour)
		var wg sync.WaitGroup
		numbers := make([]string, 2)
		for i, id := range []string{"i3", "i4"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in, _, err := s.SignInspection(ctx, store.Signing{InspectionID: id, LeadID: 1, At: at, Due: map[uint]time.Time{a.ID: due}})
				if err != nil {
					t.Errorf("sign %s: %v", id, err)
					return
				}
				numbers[i] = in.Number
			}()
		}
		wg.Wait()
		if numbers[0] == numbers[1] || (numbers[0] != "1/BB-KT" && numbers[0] != "2/BB-KT") {
			t.Fatalf("numbers %v", numbers)
		}
		in, fs, err := s.SignInspection(ctx, store.Signing{InspectionID: "i3", LeadID: 1, At: at.Add(time.Hour), Due: map[uint]time.Time{}})
		if err != nil || in.Number != numbers[0] || len(fs) != 1 || !fs[0].DueAt.Equal(due) || fs[0].TaskID != store.RemediationTaskID("i3", a.ID) {
			t.Fatalf("signed again: %+v %+v %v", in, fs, err)
		}
		f.SaveID = "f2"
		if _, err := s.AddFinding(ctx, f); models.ErrorCode(err) != models.ECONFLICT {
			t.Fatalf("a finding after signing: %v", err)
		}
		if err := s.CloseInspection(ctx, "i3"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetInspection(ctx, "i3"); got.Status != models.InspectionClosed {
			t.Fatalf("closed: %s", got.Status)
		}
	})
}
