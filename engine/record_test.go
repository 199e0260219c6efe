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
)

// TestRecordHistories runs an ad-hoc task through its life on a real
// embedded server and saves the finished workflow's history to
// workflows/testdata, where the replay test reads it. It only records when
// DSFLOW_RECORD_HISTORIES=1: recorded histories are the old release that a
// change must still replay, so they are not rewritten on every run.
func TestRecordHistories(t *testing.T) {
	if os.Getenv("DSFLOW_RECORD_HISTORIES") != "1" {
		t.Skip("records nothing unless DSFLOW_RECORD_HISTORIES=1: set it to re-record workflows/testdata")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := storetest.Open(t, store.DialectSQLite, store.Config{})
	unit := models.Unit{Name: "Phường Ngọc Lâm", Level: models.LevelCommune}
	if err := s.CreateUnit(ctx, &unit); err != nil {
		t.Fatal(err)
	}
	srv, err := StartServer(ctx, ServerConfig{DataDir: t.TempDir(), FrontendPort: freeFrontendPort(t), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	c, err := Dial(ctx, ClientConfig{HostPort: srv.HostPort(), Namespace: "default", Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w := NewWorker(c, models.TaskQueue, func(r worker.Registry) { Register(r, &activities.Activities{Store: s, Logger: quiet}) })
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	officer := models.Actor{UserID: 7, UnitID: unit.ID, UnitPath: unit.Path, Roles: []string{models.RoleOfficer}}
	leader := models.Actor{UserID: 8, UnitID: unit.ID, UnitPath: unit.Path, Roles: []string{models.RoleLeader}}
	spec := models.TaskSpec{ID: "t-record", ProcessKind: models.ProcessAdHoc, ProcessID: "adhoc-record", Kind: "report",
		UnitID: unit.ID, UnitPath: unit.Path, CandidateRole: models.RoleOfficer, Title: models.Text{Vi: "Báo cáo quý I"},
		Form:     models.FormSpec{Fields: []models.FormField{{Name: "screened", Type: models.FieldCount, Label: models.Text{Vi: "Số sàng lọc"}, Required: true}}},
		Priority: models.PriorityNormal, DueAt: time.Now().Add(72 * time.Hour), Escalation: models.Escalation{RemindDaysBefore: []int{1}, EscalateAfterDays: 2},
		SignOff: []models.SignOffLevel{{UnitID: unit.ID, UnitPath: unit.Path, Role: models.RoleLeader}}}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "adhoc-record", TaskQueue: models.TaskQueue},
		models.WorkflowAdHoc, models.AdHocInput{Tasks: []models.TaskSpec{spec}})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		update string
		cmd    models.TaskCommand
		ok     bool
	}{
		{models.UpdateClaim, models.TaskCommand{Actor: officer}, true},
		{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: map[string]any{"screened": -1}}, false},
		{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: map[string]any{"screened": 120}}, true},
		{models.UpdateReturn, models.TaskCommand{Actor: leader, Reason: "Thiếu số liệu tổ 5"}, true},
		{models.UpdateComment, models.TaskCommand{Actor: officer, Reason: "Đã bổ sung"}, true},
		{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: map[string]any{"screened": 124}}, true},
		{models.UpdateApprove, models.TaskCommand{Actor: leader}, true},
	}
	for i, st := range steps {
		st.cmd.TaskID = spec.ID
		h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: run.GetID(), UpdateName: st.update,
			Args: []any{st.cmd}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err == nil {
			err = h.Get(ctx, nil)
		}
		if (err == nil) != st.ok {
			t.Fatalf("step %d %s: err=%v, want ok=%v", i, st.update, err, st.ok)
		}
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	saveHistory(t, ctx, c, run.GetID(), "AdHocTasks-signoff-return-approve.json")
}

func saveHistory(t *testing.T, ctx context.Context, c client.Client, id, name string) {
	t.Helper()
	iter := c.GetWorkflowHistory(ctx, id, "", false, 0)
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
