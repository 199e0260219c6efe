package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/calendar"
	"dsflow/models"
	"dsflow/store"
)

// agendaView is GET /briefings/{id}: what the secretary takes into the
// meeting (what is overdue in the period, the figures against targets, last
// period's conclusions and whether they were done) and the conclusions
// recorded at it.
type agendaView struct {
	processView
	Steps        []stepView          `json:"steps"`
	OverdueUnits []store.UnitOverdue `json:"overdue_units"`
	Overdue      overdueGroup        `json:"overdue_all"`
	Figures      figureNode          `json:"figures"`
	Previous     *previousView       `json:"previous"`
	Conclusions  []conclusionView    `json:"conclusions"`
}

type previousView struct {
	processView
	Conclusions []conclusionView `json:"conclusions"`
}

type conclusionView struct {
	Seq   int    `json:"seq"`
	Text  string `json:"text"`
	DueAt string `json:"due_at"`
	// Tasks the conclusion became, and how they stand.
	Tasks   int    `json:"tasks"`
	Done    int    `json:"done"`
	Overdue int    `json:"overdue"`
	Status  string `json:"status"` // done | open | overdue
}

func (s *Server) handleGetBriefing(c *gin.Context) {
	ctx := c.Request.Context()
	p, def, err := s.visibleProcess(ctx, c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	at, err := s.processUnitFor(ctx, c, p, nil)
	if err != nil {
		s.respondError(c, err)
		return
	}
	scope := store.Scope{Path: at.Path}
	out := agendaView{processView: viewProcess(*p), Steps: []stepView{}}
	progress, err := s.store.ProcessProgress(ctx, scope, p.ID)
	if err != nil {
		s.respondError(c, internal(err, "progress"))
		return
	}
	for _, sp := range progress {
		v := stepView{Step: sp.Kind, DueAt: sp.DueAt.In(ict), Units: sp.Units, Submitted: sp.Submitted, Overdue: sp.Overdue}
		if sp.Units > 0 {
			v.Share = float64(sp.Submitted) / float64(sp.Units)
		}
		out.Steps = append(out.Steps, v)
	}
	if out.OverdueUnits, err = s.store.ProcessOverdueUnits(ctx, scope, p.ID, 50); err != nil {
		s.respondError(c, internal(err, "overdue units"))
		return
	}
	rows, err := s.store.OverdueRollup(ctx, scope, at.ID)
	if err != nil {
		s.respondError(c, internal(err, "overdue roll-up"))
		return
	}
	out.Overdue = groupOverdue(*at, rows).overdueGroup
	comp, err := s.figures(ctx, p, def)
	if err != nil {
		s.respondError(c, err)
		return
	}
	if out.Figures, err = s.figureTree(ctx, p, comp, *at); err != nil {
		s.respondError(c, err)
		return
	}
	if out.Conclusions, err = s.conclusionViews(ctx, scope, p.ID); err != nil {
		s.respondError(c, err)
		return
	}
	prev, err := s.store.PreviousPeriod(ctx, p)
	if err != nil {
		s.respondError(c, internal(err, "previous period"))
		return
	}
	if prev != nil {
		pv := &previousView{processView: viewProcess(*prev)}
		if pv.Conclusions, err = s.conclusionViews(ctx, scope, prev.ID); err != nil {
			s.respondError(c, err)
			return
		}
		out.Previous = pv
	}
	c.JSON(http.StatusOK, out)
}

// conclusionViews lists a process's conclusions with how their tasks in
// the scope stand.
func (s *Server) conclusionViews(ctx context.Context, scope store.Scope, processID string) ([]conclusionView, error) {
	cs, err := s.store.Conclusions(ctx, processID)
	if err != nil {
		return nil, internal(err, "conclusions")
	}
	progress, err := s.store.ProcessProgress(ctx, scope, processID)
	if err != nil {
		return nil, internal(err, "progress")
	}
	out := []conclusionView{}
	for _, k := range cs {
		v := conclusionView{Seq: k.Seq, Text: k.Text, DueAt: k.DueAt.In(ict).Format("2006-01-02"), Status: "open"}
		for _, sp := range progress {
			if sp.Kind == conclusionKind(k.Seq) {
				v.Tasks += sp.Units
				v.Done += sp.Submitted
				v.Overdue += sp.Overdue
			}
		}
		switch {
		case v.Tasks > 0 && v.Done == v.Tasks:
			v.Status = "done"
		case v.Overdue > 0:
			v.Status = "overdue"
		}
		out = append(out, v)
	}
	return out, nil
}

// conclusionKind is the task kind of conclusion seq's tasks.
func conclusionKind(seq int) string { return fmt.Sprintf("conclusion-%d", seq) }

type conclusionInput struct {
	Text  string   `json:"text" validate:"required,max=4000"`
	Units []string `json:"units" validate:"required,min=1,max=500,dive,max=40"`
	Due   string   `json:"due" validate:"required,datetime=2006-01-02"`
	Role  string   `json:"role" validate:"omitempty,oneof=officer secretary leader"`
}

type conclusionsRequest struct {
	Conclusions []conclusionInput `json:"conclusions" validate:"required,min=1,max=50,dive"`
}

// handleAddConclusions runs POST /briefings/{id}/conclusions: the leader's
// conclusions, each naming units and a deadline, become tasks (one per
// unit, in a host of their own) tracked like any other, and the next
// period's agenda shows whether they were done.
func (s *Server) handleAddConclusions(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req conclusionsRequest
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		p, err := s.store.VisibleProcess(ctx, scopeOf(c), c.Param("id"))
		if err != nil {
			return 0, nil, err
		}
		if !models.PathContains(scopeOf(c).Path, p.RootPath) {
			return 0, nil, &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"}
		}
		seq, err := s.store.NextConclusionSeq(ctx, p.ID)
		if err != nil {
			return 0, nil, internal(err, "number conclusions")
		}
		// With an Idempotency-Key each conclusion's host derives from it: a
		// retry after a failure half-way records nothing twice.
		key, _ := idempotencyKey(c)
		hostIDs := make([]string, len(req.Conclusions))
		for i := range hostIDs {
			suffix := randomID()[:12]
			if key != "" {
				suffix = derivedID(currentUser(c).ID, key, "conclusion", fmt.Sprint(i))[:12]
			}
			hostIDs[i] = p.ID + ".k" + suffix
		}
		known, err := s.store.ConclusionHosts(ctx, hostIDs)
		if err != nil {
			return 0, nil, internal(err, "find conclusions")
		}
		var cs []models.Conclusion
		var hosts []models.TaskHost
		var tasks []models.TaskState
		now := s.now()
		for i, in := range req.Conclusions {
			n, ok := known[hostIDs[i]]
			if !ok {
				n, seq = seq, seq+1
			}
			k, hs, ts, err := s.conclusionTasks(ctx, p, n, i, in, now, hostIDs[i])
			if err != nil {
				return 0, nil, err
			}
			cs, hosts, tasks = append(cs, k), append(hosts, hs), append(tasks, ts...)
		}
		if err := s.store.AddConclusions(ctx, cs, store.TaskBatch{Hosts: hosts, Tasks: tasks, At: now, StartPending: true}); err != nil {
			return 0, nil, internal(err, "record conclusions")
		}
		for _, h := range hosts {
			if err := s.startHost(ctx, h); err != nil {
				return 0, nil, err
			}
		}
		views, err := s.conclusionViews(ctx, scopeOf(c), p.ID)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, gin.H{"items": views}, nil
	})
}

// conclusionTasks builds conclusion seq (the i-th of the request), hosted
// by hostID: its record, its host and a task for each unit it names.
func (s *Server) conclusionTasks(ctx context.Context, p *models.Process, seq, i int, in conclusionInput, now time.Time, hostID string) (models.Conclusion, models.TaskHost, []models.TaskState, error) {
	field := fmt.Sprintf("conclusions[%d]", i)
	day, _ := calendar.ParseDate(in.Due)
	cal, err := s.calendar(ctx)
	if err != nil {
		return models.Conclusion{}, models.TaskHost{}, nil, internal(err, "calendar")
	}
	due := cal.AddDays(day.Time(ict), 0)
	if !due.After(now) {
		return models.Conclusion{}, models.TaskHost{}, nil, models.Invalid(models.FieldError{Field: field + ".due", Rule: "future"})
	}
	role := in.Role
	if role == "" {
		role = models.RoleOfficer
	}
	text := strings.TrimSpace(in.Text)
	title := []rune(text)
	if len(title) > 200 {
		title = append(title[:199], '…')
	}
	var tasks []models.TaskState
	seen := map[uint]bool{}
	for j, ref := range in.Units {
		u, err := s.store.UnitByCodeOrID(ctx, strings.TrimSpace(ref))
		if err != nil || !models.PathContains(p.RootPath, u.Path) {
			return models.Conclusion{}, models.TaskHost{}, nil, models.Invalid(models.FieldError{Field: fmt.Sprintf("%s.units[%d]", field, j), Rule: "unit"})
		}
		if seen[u.ID] {
			continue
		}
		seen[u.ID] = true
		tasks = append(tasks, models.TaskState{TaskSpec: models.TaskSpec{
			ID: fmt.Sprintf("%s.u%d", hostID, u.ID), HostID: hostID, ProcessKind: p.Kind, ProcessID: p.ID, Kind: conclusionKind(seq),
			UnitID: u.ID, UnitPath: u.Path, CandidateRole: role,
			Title:        models.Text{Vi: "Thực hiện kết luận: " + string(title), En: "Carry out the conclusion: " + string(title)},
			Instructions: models.Text{Vi: text}, Priority: models.PriorityHigh, DueAt: due, CreatedBy: p.CreatedBy,
			Escalation: models.Escalation{RemindDaysBefore: []int{3}, EscalateAfterDays: 3, EscalateUpAfterDays: 5},
		}, Status: models.StatusOpen, Revision: 1, UpdatedAt: now})
	}
	host := models.TaskHost{ID: hostID, WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: p.Kind, ProcessID: p.ID}
	return models.Conclusion{ProcessID: p.ID, Seq: seq, Text: text, DueAt: due, HostID: hostID}, host, tasks, nil
}
