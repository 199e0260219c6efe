package engine

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"dsflow/models"
	"dsflow/store"
	"dsflow/templates"
)

// TestRecordProcessHistories runs a small campaign (a district, two wards)
// and a schedule's period on a real embedded server, and saves the
// histories of every process workflow (the campaign, a branch, a ward's
// part, the root's part, the scheduled run) to workflows/testdata, where
// the replay test reads them. Like TestRecordHistories it records only
// with DSFLOW_RECORD_HISTORIES=1.
func TestRecordProcessHistories(t *testing.T) {
	ctx, s, c := startRecorder(t)
	if _, err := s.EnsureBuiltinTemplates(ctx, templates.Builtins()); err != nil {
		t.Fatal(err)
	}
	district := models.Unit{Name: "Quận Long Biên", Level: models.LevelDistrict}
	if err := s.CreateUnit(ctx, &district); err != nil {
		t.Fatal(err)
	}
	var wards []models.Unit
	for _, n := range []string{"Phường Ngọc Lâm", "Phường Bồ Đề"} {
		w := models.Unit{Name: n, Level: models.LevelCommune, ParentID: &district.ID}
		if err := s.CreateUnit(ctx, &w); err != nil {
			t.Fatal(err)
		}
		wards = append(wards, w)
	}

	// A campaign of the built-in template with a window from today.
	tpl, err := s.TemplateByKeyOrID(ctx, templates.KeyCampaignSRHFP)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().Truncate(24 * time.Hour)
	p := models.Process{ID: "crecord", Kind: models.TemplateCampaign, TemplateID: tpl.ID, TemplateKey: tpl.Key, TemplateVersion: tpl.Version,
		Name: "Chiến dịch ghi lại", RootUnitID: district.ID, RootPath: district.Path, Level: models.LevelCommune,
		WindowStart: today, WindowEnd: today.AddDate(0, 0, 10), Status: models.ProcessScheduled}
	if _, _, err := s.CreateProcess(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: p.ID, TaskQueue: models.TaskQueue}, models.WorkflowCampaign, models.ProcessInput{ProcessID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	// The wards' tasks are cancelled by their leaders; the district's are
	// done by its secretary and signed off by its leader.
	secretary := models.Actor{UserID: 2, UnitID: district.ID, UnitPath: district.Path, Roles: []string{models.RoleSecretary}}
	leader := models.Actor{UserID: 3, UnitID: district.ID, UnitPath: district.Path, Roles: []string{models.RoleLeader}}
	for deadline := time.Now().Add(time.Minute); ; {
		rows, _, err := s.ListTasks(ctx, store.Scope{Path: "/"}, store.TaskFilter{ProcessID: p.ID, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 10 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	rows, _, _ := s.ListTasks(ctx, store.Scope{Path: "/"}, store.TaskFilter{ProcessID: p.ID, Limit: 200})
	for _, row := range rows {
		if row.UnitID == district.ID {
			continue // the district's after the wards'
		}
		u := wards[0]
		if row.UnitID == wards[1].ID {
			u = wards[1]
		}
		if err := sendUpdate(ctx, c, row.HostID, models.UpdateCancel, models.TaskCommand{TaskID: row.ID, Actor: leaderOf(u), Reason: "ghi lại"}); err != nil {
			t.Fatalf("%s: %v", row.ID, err)
		}
	}
	for _, row := range rows {
		if row.UnitID != district.ID {
			continue
		}
		data := map[string]any{"results": "Tổng hợp", "report_doc": "f-record"}
		for _, step := range []struct {
			name string
			cmd  models.TaskCommand
		}{
			{models.UpdateClaim, models.TaskCommand{Actor: secretary}},
			{models.UpdateSubmit, models.TaskCommand{Actor: secretary, Data: data}},
			{models.UpdateApprove, models.TaskCommand{Actor: leader}},
		} {
			step.cmd.TaskID = row.ID
			if err := sendUpdate(ctx, c, row.HostID, step.name, step.cmd); err != nil {
				t.Fatalf("%s %s: %v", row.ID, step.name, err)
			}
		}
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	saveHistory(t, ctx, c, p.ID, run.GetRunID(), "Campaign-district-two-wards.json")
	saveHistory(t, ctx, c, p.ID+"/b"+uitoa(district.ID)+"-true-false", "", "Branch-two-wards.json")
	saveHistory(t, ctx, c, models.UnitHostID(p.ID, wards[0].ID), "", "ProcessUnit-ward-cancelled.json")
	saveHistory(t, ctx, c, models.UnitHostID(p.ID, district.ID), "", "ProcessUnit-root-signed-off.json")

	// A schedule's period, started as the schedule would.
	sc := models.Schedule{ID: "srecord", TemplateID: tpl.ID, TemplateKey: tpl.Key, Name: "Ghi lại", RootUnitID: district.ID, RootPath: district.Path,
		Level: models.LevelCommune, Cadence: models.CadenceQuarter}
	if _, _, err := s.CreateSchedule(ctx, sc); err != nil {
		t.Fatal(err)
	}
	sr, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "period-srecord", TaskQueue: models.TaskQueue},
		models.WorkflowScheduledProcess, models.ScheduledInput{ScheduleID: sc.ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := sr.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	saveHistory(t, ctx, c, "period-srecord", sr.GetRunID(), "ScheduledProcess-quarter.json")
}

func leaderOf(u models.Unit) models.Actor {
	return models.Actor{UserID: 100 + u.ID, UnitID: u.ID, UnitPath: u.Path, Roles: []string{models.RoleLeader}}
}

// sendUpdate sends one task command and waits for its outcome.
func sendUpdate(ctx context.Context, c client.Client, host, name string, cmd models.TaskCommand) error {
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: host, UpdateName: name, Args: []any{cmd},
		WaitForStage: client.WorkflowUpdateStageCompleted})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	return err
}

func uitoa(u uint) string { return models.UnitHostID("", u)[2:] }
