package engine

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/encoding/protojson"

	"dsflow/activities"
	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
	"dsflow/workflows/task"
)

// startRecorder is where a recording test runs: a SQLite store and a real
// embedded server with a worker, stopped when the test ends. It skips the
// test unless DSFLOW_RECORD_HISTORIES=1: recorded histories are the old
// release that a change must still replay, so they are not rewritten on
// every run (the replay tests, which read them, always run).
func startRecorder(t *testing.T) (context.Context, *store.Store, client.Client) {
	t.Helper()
	if os.Getenv("DSFLOW_RECORD_HISTORIES") != "1" {
		t.Skip("records workflows/testdata only with DSFLOW_RECORD_HISTORIES=1; the replay tests read what it recorded")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := storetest.Open(t, store.DialectSQLite, store.Config{})
	srv, err := StartServer(ctx, ServerConfig{DataDir: t.TempDir(), FrontendPort: freeFrontendPort(t), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	c, err := Dial(ctx, ClientConfig{HostPort: srv.HostPort(), Namespace: "default", Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	w := NewWorker(c, models.TaskQueue, func(r worker.Registry) {
		Register(r, &activities.Activities{Store: s, Logger: quiet, Temporal: c}, task.Options{})
	})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	return ctx, s, c
}

// recordStep is one command of a recorded scenario; wait, when set, is a
// condition on the read model to reach first (a deadline passing).
type recordStep struct {
	update string
	cmd    models.TaskCommand
	ok     bool
	wait   func(*models.Task) bool
}

// TestRecordHistories runs ad-hoc tasks through their life on a real
// embedded server and saves the workflows' histories to workflows/testdata,
// where the replay test reads them. It only records when
// DSFLOW_RECORD_HISTORIES=1: recorded histories are the old release that a
// change must still replay, so they are not rewritten on every run.
func TestRecordHistories(t *testing.T) {
	ctx, s, c := startRecorder(t)
	unit := models.Unit{Name: "Phường Ngọc Lâm", Level: models.LevelCommune}
	if err := s.CreateUnit(ctx, &unit); err != nil {
		t.Fatal(err)
	}

	officer := models.Actor{UserID: 7, UnitID: unit.ID, UnitPath: unit.Path, Roles: []string{models.RoleOfficer}}
	leader := models.Actor{UserID: 8, UnitID: unit.ID, UnitPath: unit.Path, Roles: []string{models.RoleLeader}}
	spec := func(id string, due time.Time) models.TaskSpec {
		return models.TaskSpec{ID: id, HostID: "adhoc-" + id, ProcessKind: models.ProcessAdHoc, ProcessID: "adhoc-" + id, Kind: "report",
			UnitID: unit.ID, UnitPath: unit.Path, CandidateRole: models.RoleOfficer, Title: models.Text{Vi: "Báo cáo quý I"},
			Form:     models.FormSpec{Fields: []models.FormField{{Name: "screened", Type: models.FieldCount, Label: models.Text{Vi: "Số sàng lọc"}, Required: true}}},
			Priority: models.PriorityNormal, DueAt: due, Escalation: models.Escalation{RemindDaysBefore: []int{1}, EscalateAfterDays: 1},
			SignOff: []models.SignOffLevel{{UnitID: unit.ID, UnitPath: unit.Path, Role: models.RoleLeader}}}
	}
	overdue := func(row *models.Task) bool { return row.Overdue }
	scenarios := []struct {
		file       string
		spec       models.TaskSpec
		maxUpdates int
		steps      []recordStep
	}{
		{"AdHocTasks-signoff-return-approve.json", spec("rec-signoff", time.Now().Add(72*time.Hour)), 0, []recordStep{
			{models.UpdateClaim, models.TaskCommand{Actor: officer}, true, nil},
			{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: map[string]any{"screened": -1}}, false, nil},
			{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: map[string]any{"screened": 120}}, true, nil},
			{models.UpdateReturn, models.TaskCommand{Actor: leader, Reason: "Thiếu số liệu tổ 5"}, true, nil},
			{models.UpdateComment, models.TaskCommand{Actor: officer, Reason: "Đã bổ sung"}, true, nil},
			{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: map[string]any{"screened": 124}}, true, nil},
			{models.UpdateApprove, models.TaskCommand{Actor: leader}, true, nil},
		}},
		// A return two days after the due time, recorded before
		// task.VersionReturnResetsEscalation: the task, escalated before it
		// was submitted, keeps its escalation level when returned, so no
		// new escalation timer starts.
		{"AdHocTasks-return-after-due.json", spec("rec-late", time.Now().Add(-48*time.Hour)), 0, []recordStep{
			{models.UpdateClaim, models.TaskCommand{Actor: officer}, true, func(r *models.Task) bool { return r.EscalationLevel == 1 }},
			{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: map[string]any{"screened": 9}}, true, nil},
			{models.UpdateReturn, models.TaskCommand{Actor: leader, Reason: "Sai số liệu"}, true, nil},
			{models.UpdateComment, models.TaskCommand{Actor: officer, Reason: "Đang sửa"}, true, overdue},
			{models.UpdateCancel, models.TaskCommand{Actor: leader, Reason: "Gộp vào báo cáo năm"}, true, nil},
		}},
		// A host that continues as new after three commands, with commands
		// on both sides of the boundary.
		{"AdHocTasks-continue-as-new.json", spec("rec-can", time.Now().Add(72*time.Hour)), 3, []recordStep{
			{models.UpdateClaim, models.TaskCommand{Actor: officer}, true, nil},
			{models.UpdateComment, models.TaskCommand{Actor: officer, Reason: "Một"}, true, nil},
			{models.UpdateComment, models.TaskCommand{Actor: officer, Reason: "Hai"}, true, nil},
			{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: map[string]any{"screened": 3}}, true, nil},
			{models.UpdateApprove, models.TaskCommand{Actor: leader}, true, nil},
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.file, func(t *testing.T) {
			hostID := sc.spec.HostID
			input := fmt.Sprintf(`{"max_updates":%d}`, sc.maxUpdates)
			_, err := s.CreateTasks(ctx, store.TaskBatch{
				Hosts: []models.TaskHost{{ID: hostID, WorkflowType: models.WorkflowAdHoc, InputJSON: input, ProcessKind: models.ProcessAdHoc, ProcessID: hostID}},
				Tasks: []models.TaskState{{TaskSpec: sc.spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: time.Now()}},
				At:    time.Now(),
			})
			if err != nil {
				t.Fatal(err)
			}
			run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: hostID, TaskQueue: models.TaskQueue},
				models.WorkflowAdHoc, models.AdHocInput{MaxUpdates: sc.maxUpdates})
			if err != nil {
				t.Fatal(err)
			}
			for i, st := range sc.steps {
				for st.wait != nil {
					row, err := s.GetTask(ctx, store.Scope{Path: "/"}, sc.spec.ID)
					if err != nil {
						t.Fatal(err)
					}
					if st.wait(row) {
						break
					}
					select {
					case <-ctx.Done():
						t.Fatalf("step %d: the read model never reached the awaited state", i)
					case <-time.After(100 * time.Millisecond):
					}
				}
				st.cmd.TaskID = sc.spec.ID
				h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: hostID, UpdateName: st.update,
					Args: []any{st.cmd}, WaitForStage: client.WorkflowUpdateStageCompleted})
				if err == nil {
					err = h.Get(ctx, nil)
				}
				if (err == nil) != st.ok {
					t.Fatalf("step %d %s: err=%v, want ok=%v", i, st.update, err, st.ok)
				}
			}
			// The first run's history: for a continued host, the run that
			// drained and handed over.
			if err := c.GetWorkflow(ctx, hostID, "").Get(ctx, nil); err != nil {
				t.Fatal(err)
			}
			saveHistory(t, ctx, c, hostID, run.GetRunID(), sc.file)
		})
	}
}

func saveHistory(t *testing.T, ctx context.Context, c client.Client, id, runID, name string) {
	t.Helper()
	iter := c.GetWorkflowHistory(ctx, id, runID, false, 0)
	hist := &historypb.History{}
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		hist.Events = append(hist.Events, ev)
	}
	raw, err := protojson.MarshalOptions{Indent: "  "}.Marshal(hist)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "workflows", "testdata", name)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("wrote %s (%d events)\n", path, len(hist.Events))
}
