package engine_test

import (
	"context"
	"testing"
	"time"

	"dsflow/engine"
	"dsflow/models"
	"dsflow/testenv"
	"dsflow/workflows/maintenance"
)

// TestOverdueSweepOnTheServer: the sweep that EnsureMaintenance starts
// marks overdue, on a real server and database, a task whose due time has
// passed although no workflow of its own ever fires (here it has none), as
// it does for thousands of deadlines whose timers queue.
func TestOverdueSweepOnTheServer(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ctx := context.Background()
	u, err := env.Store.UnitByCodeOrID(ctx, "DEMO-NGOCLAM")
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(2 * time.Second).UTC()
	ch := models.TaskChange{Event: models.EventCreated, At: time.Now(), Task: models.TaskState{
		TaskSpec: models.TaskSpec{ID: "sweep-1", HostID: "no-such-host", ProcessKind: models.ProcessAdHoc, ProcessID: "sweep", Kind: "report",
			UnitID: u.ID, UnitPath: u.Path, CandidateRole: models.RoleOfficer, Title: models.Text{Vi: "Báo cáo tháng", En: "Monthly report"},
			Priority: models.PriorityNormal, DueAt: due},
		Status: models.StatusOpen, Revision: 1}}
	if _, err := env.Store.ApplyTaskChange(ctx, ch, 1); err != nil {
		t.Fatal(err)
	}
	if err := engine.EnsureMaintenance(ctx, env.Client); err != nil {
		t.Fatal(err)
	}
	db, err := env.Store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	deadline := due.Add(3 * time.Minute)
	for {
		var overdue bool
		if err := db.QueryRow("SELECT overdue FROM tasks WHERE id = 'sweep-1'").Scan(&overdue); err != nil {
			t.Fatal(err)
		}
		if overdue {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not marked overdue 3 minutes after its due time (sweep every %v)", maintenance.SweepEvery)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Started once: a second call joins the running sweep.
	if err := engine.EnsureMaintenance(ctx, env.Client); err != nil {
		t.Fatalf("EnsureMaintenance again: %v", err)
	}
}
