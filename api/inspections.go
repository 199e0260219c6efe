package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/calendar"
	"dsflow/models"
	"dsflow/plan"
	"dsflow/store"
)

type planInspectionRequest struct {
	Name      string      `json:"name" validate:"required,max=300"`
	Checklist string      `json:"checklist" validate:"required,max=60"`
	Units     []string    `json:"units" validate:"required,min=1,max=50,dive,max=40"`
	Lead      uint        `json:"lead" validate:"required"`
	Members   []uint      `json:"members" validate:"max=20"`
	Window    windowInput `json:"window"`
}

// handlePlanInspection runs POST /inspections: the inspecting unit is the
// caller's; the inspected units lie below it, the team are its inspectors.
// It records the inspection with each member's checklist for each unit
// and starts its workflow, which tells the members. With an
// Idempotency-Key the inspection's ID derives from the key: a retry never
// plans twice.
func (s *Server) handlePlanInspection(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req planInspectionRequest
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		n, err := s.checkInspection(ctx, c, req)
		if err != nil {
			return 0, nil, err
		}
		key, _ := idempotencyKey(c)
		n.Inspection.ID = "i" + randomID()[:20]
		if key != "" {
			n.Inspection.ID = "i" + derivedID(currentUser(c).ID, key, "inspection")[:20]
		}
		n.Inspection.CreatedAt = s.now().UTC()
		tasks, sheets, host, err := plan.Checklists(n.Inspection, n.Units, n.Team)
		if err != nil {
			return 0, nil, internal(err, "plan checklists")
		}
		for i := range n.Team {
			n.Team[i].InspectionID = n.Inspection.ID
		}
		n.Sheets, n.Batch = sheets, store.TaskBatch{Hosts: []models.TaskHost{host}, Tasks: tasks, At: n.Inspection.CreatedAt, StartPending: true}
		got, err := s.store.CreateInspection(ctx, n)
		if err != nil {
			return 0, nil, internal(err, "record inspection")
		}
		if err := s.startHost(ctx, host); err != nil {
			return 0, nil, err
		}
		c.Header("Location", "/api/v1/inspections/"+got.ID)
		v, err := s.inspectionView(ctx, c, got)
		return http.StatusCreated, v, err
	})
}

// checkInspection validates a plan and builds what CreateInspection
// records. EINVALID with the fields at fault.
func (s *Server) checkInspection(ctx context.Context, c *gin.Context, req planInspectionRequest) (store.NewInspection, error) {
	var n store.NewInspection
	bad := func(field, rule, param string) error {
		return models.Invalid(models.FieldError{Field: field, Rule: rule, Param: param})
	}
	me := currentUser(c)
	tpl, err := s.store.ChecklistByKeyOrID(ctx, strings.TrimSpace(req.Checklist))
	if err != nil {
		if models.ErrorCode(err) == models.ENOTFOUND {
			return n, bad("checklist", "checklist", "")
		}
		return n, err
	}
	start, _ := calendar.ParseDate(req.Window.Start)
	end, _ := calendar.ParseDate(req.Window.End)
	ws, we := start.Time(ict), end.Time(ict).Add(24*time.Hour-time.Second)
	switch {
	case we.Before(ws):
		return n, bad("window.end", "gtefield", "window.start")
	case we.Sub(ws) > maxWindow:
		return n, bad("window.end", "max", "400 days")
	}
	seen := map[uint]bool{}
	for i, ref := range req.Units {
		u, err := s.unitByRef(ctx, c, ref)
		field := "units[" + strconv.Itoa(i) + "]"
		if err != nil || u.ID == me.UnitID {
			return n, bad(field, "unit", "")
		}
		if seen[u.ID] {
			return n, bad(field, "unique", "")
		}
		seen[u.ID] = true
		n.Units = append(n.Units, *u)
	}
	ids := append([]uint{req.Lead}, req.Members...)
	users, err := s.store.UsersByIDs(ctx, ids)
	if err != nil {
		return n, internal(err, "load team")
	}
	byID := map[uint]models.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	for i, id := range ids {
		field := "lead"
		if i > 0 {
			field = "members[" + strconv.Itoa(i-1) + "]"
		}
		u, ok := byID[id]
		if !ok || !u.Active || u.UnitID != me.UnitID || !slices.Contains(u.RoleList(), models.RoleInspector) {
			return n, bad(field, "team", "")
		}
		if slices.ContainsFunc(n.Team, func(m models.TeamMember) bool { return m.UserID == id }) {
			return n, bad(field, "unique", "")
		}
		role := models.TeamMemberRole
		if i == 0 {
			role = models.TeamLeadRole
		}
		n.Team = append(n.Team, models.TeamMember{UserID: id, Role: role})
	}
	if strings.TrimSpace(req.Name) == "" {
		return n, bad("name", "required", "")
	}
	n.Inspection = models.Inspection{Name: strings.TrimSpace(req.Name), ChecklistID: tpl.ID, ChecklistKey: tpl.Key,
		ChecklistVersion: tpl.Version, UnitID: me.UnitID, UnitPath: me.Unit.Path, LeadID: req.Lead,
		WindowStart: ws, WindowEnd: we, Status: models.InspectionPlanned, CreatedBy: me.ID}
	return n, nil
}

// inspectionSummary is an inspection in a list.
type inspectionSummary struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Status      string     `json:"status"`
	Number      string     `json:"number,omitempty"`
	UnitID      uint       `json:"unit_id"`
	Checklist   string     `json:"checklist"`
	Version     int        `json:"checklist_version"`
	LeadID      uint       `json:"lead_id"`
	WindowStart time.Time  `json:"window_start"`
	WindowEnd   time.Time  `json:"window_end"`
	SignedAt    *time.Time `json:"signed_at,omitempty"`
}

func summarise(in models.Inspection) inspectionSummary {
	v := inspectionSummary{ID: in.ID, Name: in.Name, Status: in.Status, Number: in.Number, UnitID: in.UnitID,
		Checklist: in.ChecklistKey, Version: in.ChecklistVersion, LeadID: in.LeadID,
		WindowStart: in.WindowStart.In(ict), WindowEnd: in.WindowEnd.In(ict)}
	if in.SignedAt != nil {
		t := in.SignedAt.In(ict)
		v.SignedAt = &t
	}
	return v
}

// inspectionView is GET /inspections/{id}: the visit with every checklist,
// score, finding and remediation, as far as the caller may see them.
type inspectionView struct {
	inspectionSummary
	Units      []unitRef       `json:"units"`
	Team       []memberView    `json:"team"`
	Checklists []sheetSummary  `json:"checklists"`
	Findings   []findingView   `json:"findings"`
	Scores     []unitScoreView `json:"scores"`
}

type unitRef struct {
	ID   uint    `json:"id"`
	Code *string `json:"code,omitempty"`
	Name string  `json:"name"`
}

type memberView struct {
	UserID uint   `json:"user_id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
}

type sheetSummary struct {
	UnitID      uint      `json:"unit_id"`
	InspectorID uint      `json:"inspector_id"`
	TaskID      string    `json:"task_id"`
	TaskStatus  string    `json:"task_status"`
	Version     int       `json:"version"`
	Submitted   bool      `json:"submitted"`
	Score       *float64  `json:"score,omitempty"`
	MaxScore    *float64  `json:"max_score,omitempty"`
	UpdatedAt   time.Time `json:"updated_at"`
}

type findingView struct {
	ID          uint       `json:"id"`
	UnitID      uint       `json:"unit_id"`
	Item        string     `json:"item,omitempty"`
	Severity    string     `json:"severity"`
	Description string     `json:"description"`
	DueDays     int        `json:"due_days"`
	WorkingDays bool       `json:"working_days"`
	DueAt       *time.Time `json:"due_at,omitempty"`
	TaskID      string     `json:"task_id,omitempty"`
	// Status of the remediation task (absent before signing).
	Status  string `json:"status,omitempty"`
	Overdue bool   `json:"overdue,omitempty"`
}

// unitScoreView is a unit's score: the submitted checklists' together.
type unitScoreView struct {
	UnitID   uint    `json:"unit_id"`
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
}

func (s *Server) handleListInspections(c *gin.Context) {
	status := c.Query("status")
	if status != "" && !slices.Contains([]string{models.InspectionPlanned, models.InspectionSigned, models.InspectionClosed}, status) {
		s.respondError(c, models.Invalid(models.FieldError{Field: "status", Rule: "oneof", Param: "planned signed closed"}))
		return
	}
	list, err := s.store.ListInspections(c.Request.Context(), scopeOf(c), currentUser(c).ID, status)
	if err != nil {
		s.respondError(c, internal(err, "list inspections"))
		return
	}
	out := make([]inspectionSummary, 0, len(list))
	for _, in := range list {
		out = append(out, summarise(in))
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

func (s *Server) handleGetInspection(c *gin.Context) {
	ctx := c.Request.Context()
	in, err := s.store.VisibleInspection(ctx, scopeOf(c), currentUser(c).ID, c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	v, err := s.inspectionView(ctx, c, in)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// inspectionReach is what of an inspection a caller sees whole: the team
// and the inspecting unit's subtree see every unit; a unit inspected sees
// its own subtree's part only.
func inspectionReach(c *gin.Context, in *models.Inspection, team []models.TeamMember) func(unitPath string) bool {
	me := currentUser(c)
	whole := models.PathContains(scopeOf(c).Path, in.UnitPath) ||
		slices.ContainsFunc(team, func(m models.TeamMember) bool { return m.UserID == me.ID })
	return func(p string) bool { return whole || models.PathContains(scopeOf(c).Path, p) }
}

func (s *Server) inspectionView(ctx context.Context, c *gin.Context, in *models.Inspection) (inspectionView, error) {
	v := inspectionView{inspectionSummary: summarise(*in), Units: []unitRef{}, Team: []memberView{}, Checklists: []sheetSummary{},
		Findings: []findingView{}, Scores: []unitScoreView{}}
	units, err := s.store.InspectionUnits(ctx, in.ID)
	if err != nil {
		return v, internal(err, "inspected units")
	}
	team, users, err := s.store.InspectionTeam(ctx, in.ID)
	if err != nil {
		return v, internal(err, "team")
	}
	sees := inspectionReach(c, in, team)
	path := map[uint]string{}
	for _, u := range units {
		path[u.ID] = u.Path
		if sees(u.Path) {
			v.Units = append(v.Units, unitRef{ID: u.ID, Code: u.Code, Name: u.Name})
		}
	}
	for _, m := range team {
		mv := memberView{UserID: m.UserID, Role: m.Role}
		if i := slices.IndexFunc(users, func(u models.User) bool { return u.ID == m.UserID }); i >= 0 {
			mv.Name = users[i].FullName
		}
		v.Team = append(v.Team, mv)
	}
	tasks, err := s.store.InspectionTasks(ctx, in.ID)
	if err != nil {
		return v, internal(err, "inspection tasks")
	}
	sheets, err := s.store.Sheets(ctx, in.ID)
	if err != nil {
		return v, internal(err, "checklists")
	}
	scores := map[uint]*unitScoreView{}
	for _, sh := range sheets {
		if !sees(path[sh.UnitID]) {
			continue
		}
		sv := sheetSummary{UnitID: sh.UnitID, InspectorID: sh.InspectorID, TaskID: sh.TaskID, TaskStatus: tasks[sh.TaskID].Status,
			Version: sh.Version, Submitted: sh.Submitted, UpdatedAt: sh.UpdatedAt.In(ict)}
		if sh.Submitted {
			sv.Score, sv.MaxScore = &sh.Score, &sh.MaxScore
			us := scores[sh.UnitID]
			if us == nil {
				us = &unitScoreView{UnitID: sh.UnitID}
				scores[sh.UnitID] = us
			}
			us.Score += sh.Score
			us.MaxScore += sh.MaxScore
		}
		v.Checklists = append(v.Checklists, sv)
	}
	for _, u := range units {
		if us := scores[u.ID]; us != nil {
			v.Scores = append(v.Scores, *us)
		}
	}
	findings, err := s.store.Findings(ctx, in.ID)
	if err != nil {
		return v, internal(err, "findings")
	}
	for _, f := range findings {
		if sees(f.UnitPath) {
			v.Findings = append(v.Findings, viewFinding(f, tasks))
		}
	}
	return v, nil
}

func viewFinding(f models.Finding, tasks map[string]models.Task) findingView {
	fv := findingView{ID: f.ID, UnitID: f.UnitID, Item: f.ItemKey, Severity: f.Severity, Description: f.Description,
		DueDays: f.DueDays, WorkingDays: f.WorkingDays, TaskID: f.TaskID}
	if f.DueAt != nil {
		d := f.DueAt.In(ict)
		fv.DueAt = &d
	}
	if t, ok := tasks[f.TaskID]; ok {
		fv.Status, fv.Overdue = t.Status, t.Overdue
	}
	return fv
}

// checklistDef loads the checklist version an inspection keeps.
func (s *Server) checklistDef(ctx context.Context, in *models.Inspection) (models.ChecklistDef, error) {
	var def models.ChecklistDef
	tpl, err := s.store.GetChecklist(ctx, in.ChecklistID)
	if err != nil {
		return def, internal(err, "load checklist")
	}
	if err := json.Unmarshal([]byte(tpl.DefinitionJSON), &def); err != nil {
		return def, internal(err, "read checklist")
	}
	return def, nil
}
