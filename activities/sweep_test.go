package activities_test

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"

	"dsflow/activities"
	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
)

// TestSweepOverdueKeepsItsOwnTime: one SweepOverdue marks what is due at
// once, then, on its own clock, what falls due while it runs, and returns
// when its span is over with the count of both.
func TestSweepOverdueKeepsItsOwnTime(t *testing.T) {
	s := storetest.Open(t, store.DialectPostgres, store.Config{})
	ctx := context.Background()
	unit := models.Unit{Name: "Phường Ngọc Lâm", Level: models.LevelCommune}
	if err := s.CreateUnit(ctx, &unit); err != nil {
		t.Fatal(err)
	}
	task := func(id string, due time.Time) {
		ch := models.TaskChange{Event: models.EventCreated, At: time.Now(), Task: models.TaskState{
			TaskSpec: models.TaskSpec{ID: id, HostID: "no-host", ProcessKind: models.ProcessAdHoc, ProcessID: "sweep", Kind: "report",
				UnitID: unit.ID, UnitPath: unit.Path, CandidateRole: models.RoleOfficer, Title: models.Text{Vi: "Báo cáo"},
				Priority: models.PriorityNormal, DueAt: due},
			Status: models.StatusOpen, Revision: 1}}
		if _, err := s.ApplyTaskChange(ctx, ch, 1); err != nil {
			t.Fatal(err)
		}
	}
	task("due-before", time.Now().Add(-time.Minute))
	task("due-during", time.Now().Add(700*time.Millisecond))
	task("due-after", time.Now().Add(time.Hour))

	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	acts := &activities.Activities{Store: s}
	env.RegisterActivityWithOptions(acts.SweepOverdue, activity.RegisterOptions{Name: models.ActivitySweepOverdue})
	began := time.Now()
	val, err := env.ExecuteActivity(models.ActivitySweepOverdue, models.SweepSpan{Span: 2 * time.Second, Every: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var marked int
	if err := val.Get(&marked); err != nil {
		t.Fatal(err)
	}
	if marked != 2 {
		t.Fatalf("marked %d, want 2 (the one due before and the one due during the span)", marked)
	}
	if took := time.Since(began); took < 1500*time.Millisecond {
		t.Fatalf("the span of 2s ended after %v", took)
	}
}
