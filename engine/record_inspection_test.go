package engine

import (
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"dsflow/models"
	"dsflow/plan"
	"dsflow/store"
)

// TestRecordInspectionHistory runs an inspection on a real embedded server
// (two checklists submitted, the minutes signed with one finding, its
// remediation returned once, then verified) and saves the workflow's
// history to workflows/testdata for the replay test. It records only with
// DSFLOW_RECORD_HISTORIES=1.
func TestRecordInspectionHistory(t *testing.T) {
	ctx, s, c := startRecorder(t)
	city := models.Unit{Name: "Thành phố Hà Nội", Level: models.LevelProvince}
	if err := s.CreateUnit(ctx, &city); err != nil {
		t.Fatal(err)
	}
	ward := models.Unit{Name: "Phường Ngọc Lâm", Level: models.LevelCommune, ParentID: &city.ID}
	if err := s.CreateUnit(ctx, &ward); err != nil {
		t.Fatal(err)
	}

	lead := models.Actor{UserID: 1, UnitID: city.ID, UnitPath: city.Path, Roles: []string{models.RoleInspector}}
	member := models.Actor{UserID: 2, UnitID: city.ID, UnitPath: city.Path, Roles: []string{models.RoleInspector}}
	officer := models.Actor{UserID: 3, UnitID: ward.ID, UnitPath: ward.Path, Roles: []string{models.RoleOfficer}}
	now := time.Now()
	in := models.Inspection{ID: "irecord", Name: "Kiểm tra ghi lại", ChecklistKey: "inspection-dskhhgd", ChecklistVersion: 1,
		UnitID: city.ID, UnitPath: city.Path, LeadID: lead.UserID, WindowStart: now, WindowEnd: now.Add(48 * time.Hour), CreatedAt: now}
	team := []models.TeamMember{{InspectionID: in.ID, UserID: lead.UserID, Role: models.TeamLeadRole}, {InspectionID: in.ID, UserID: member.UserID, Role: models.TeamMemberRole}}
	tasks, sheets, host, err := plan.Checklists(in, []models.Unit{ward}, team)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateInspection(ctx, store.NewInspection{Inspection: in, Units: []models.Unit{ward}, Team: team, Sheets: sheets,
		Batch: store.TaskBatch{Hosts: []models.TaskHost{host}, Tasks: tasks, At: now}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFinding(ctx, models.Finding{InspectionID: in.ID, UnitID: ward.ID, UnitPath: ward.Path, Severity: models.SeverityHigh,
		Description: "Sổ chưa cập nhật", DueDays: 5, WorkingDays: true, SaveID: "record-f1"}); err != nil {
		t.Fatal(err)
	}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: in.ID, TaskQueue: models.TaskQueue}, host.WorkflowType,
		models.InspectionInput{InspectionID: in.ID, LeadID: lead.UserID})
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"version": 1.0, "score": 10.0, "max_score": 10.0}
	for _, a := range []models.Actor{lead, member} {
		cmd := models.TaskCommand{TaskID: plan.ChecklistTaskID(in.ID, ward.ID, a.UserID), Actor: a, Data: data}
		if err := sendUpdate(ctx, c, in.ID, models.UpdateSubmit, cmd); err != nil {
			t.Fatal(err)
		}
	}
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: in.ID, UpdateName: models.UpdateSignMinutes,
		Args: []any{models.SignCommand{Actor: lead}}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	findings, err := s.Findings(ctx, in.ID)
	if err != nil || len(findings) != 1 {
		t.Fatalf("findings %v %v", findings, err)
	}
	fixed := map[string]any{"report": "Đã cập nhật", "evidence": "f-record"}
	for _, step := range []struct {
		name string
		cmd  models.TaskCommand
	}{
		{models.UpdateClaim, models.TaskCommand{Actor: officer}},
		{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: fixed}},
		{models.UpdateReturn, models.TaskCommand{Actor: member, Reason: "Thiếu ảnh"}},
		{models.UpdateSubmit, models.TaskCommand{Actor: officer, Data: fixed}},
		{models.UpdateApprove, models.TaskCommand{Actor: lead}},
	} {
		step.cmd.TaskID = findings[0].TaskID
		if err := sendUpdate(ctx, c, in.ID, step.name, step.cmd); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	saveHistory(t, ctx, c, in.ID, run.GetRunID(), "Inspection-signed-returned-verified.json")
}
