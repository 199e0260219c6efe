package engine_test

import (
	"context"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"dsflow/engine"
	"dsflow/models"
	"dsflow/store"
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

// TestSweepStartsPendingHosts: a host the API wrote but could not start
// (Temporal out of reach when the answer was 503, or the API stopped
// between the write and the start) is started by the sweep on the real
// server, adopts its task, and leaves the pending list; a host whose start
// the API confirmed is not touched.
func TestSweepStartsPendingHosts(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ctx := context.Background()
	u, err := env.Store.UnitByCodeOrID(ctx, "DEMO-NGOCLAM")
	if err != nil {
		t.Fatal(err)
	}
	// Written a minute ago, as the API writes, and never started.
	at := time.Now().Add(-time.Minute)
	batch := func(host string) store.TaskBatch {
		return store.TaskBatch{At: at, StartPending: true,
			Hosts: []models.TaskHost{{ID: host, WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessAdHoc, ProcessID: host}},
			Tasks: []models.TaskState{{TaskSpec: models.TaskSpec{ID: "t-" + host, HostID: host, ProcessKind: models.ProcessAdHoc, ProcessID: host, Kind: "report",
				UnitID: u.ID, UnitPath: u.Path, CandidateRole: models.RoleOfficer, Title: models.Text{Vi: "Báo cáo", En: "Report"},
				Priority: models.PriorityNormal, DueAt: time.Now().Add(72 * time.Hour)}, Status: models.StatusOpen, Revision: 1, UpdatedAt: at}}}
	}
	for _, host := range []string{"adhoc-pending-1", "adhoc-confirmed-1"} {
		if _, err := env.Store.CreateTasks(ctx, batch(host)); err != nil {
			t.Fatal(err)
		}
	}
	if err := env.Store.HostStarted(ctx, "adhoc-confirmed-1"); err != nil {
		t.Fatal(err)
	}
	if pending, err := env.Store.PendingHostStarts(ctx, time.Now(), 10); err != nil || len(pending) != 1 || pending[0].ID != "adhoc-pending-1" {
		t.Fatalf("pending %+v %v", pending, err)
	}
	if err := engine.EnsureMaintenance(ctx, env.Client); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		pending, err := env.Store.PendingHostStarts(ctx, time.Now(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still pending 2 minutes on (sweep every %v)", maintenance.SweepEvery)
		}
		time.Sleep(200 * time.Millisecond)
	}
	d, err := env.Client.DescribeWorkflowExecution(ctx, "adhoc-pending-1", "")
	if err != nil || d.WorkflowExecutionInfo.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Fatalf("the pending host does not run: %v %v", d, err)
	}
	if _, err := env.Client.DescribeWorkflowExecution(ctx, "adhoc-confirmed-1", ""); err == nil {
		t.Fatal("the sweep started a host whose start was confirmed")
	}
}
