package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"dsflow/models"
	"dsflow/plan"
)

type scheduleRequest struct {
	Template string `json:"template" validate:"required,max=60"`
	Name     string `json:"name" validate:"required,max=300"`
	RootUnit string `json:"root_unit" validate:"required,max=40"`
	Level    string `json:"level" validate:"omitempty,level"`
	Cadence  string `json:"cadence" validate:"omitempty,oneof=month quarter half year"`
	// CatchUp launches a period missed while dsflow was down when it comes
	// back (within that period); otherwise the missed period is skipped.
	CatchUp bool `json:"catch_up"`
	// StartNow launches the current period at once.
	StartNow bool `json:"start_now"`
}

// recurringKinds are the template kinds a schedule may run.
var recurringKinds = []string{models.TemplateBriefing, models.TemplateReview, models.TemplateDataUpdate, models.TemplateAnnualPlan}

// handleCreateSchedule runs POST /schedules: a recurring cycle of a
// template, as a Temporal Schedule that starts one process per period at
// 00:05 on the period's first day in Vietnam; runs never overlap.
func (s *Server) handleCreateSchedule(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req scheduleRequest
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		sc, err := s.checkSchedule(ctx, c, req)
		if err != nil {
			return 0, nil, err
		}
		key, _ := idempotencyKey(c)
		sc.ID = "s" + randomID()[:20]
		if key != "" {
			sc.ID = "s" + derivedID(currentUser(c).ID, key, "schedule")[:20]
		}
		got, _, err := s.store.CreateSchedule(ctx, sc)
		if err != nil {
			return 0, nil, internal(err, "record schedule")
		}
		if err := s.createTemporalSchedule(ctx, *got, req.StartNow); err != nil {
			return 0, nil, err
		}
		c.Header("Location", "/api/v1/schedules/"+got.ID)
		view, err := s.viewSchedule(ctx, *got)
		return http.StatusCreated, view, err
	})
}

// checkSchedule validates a schedule request. EINVALID.
func (s *Server) checkSchedule(ctx context.Context, c *gin.Context, req scheduleRequest) (models.Schedule, error) {
	bad := func(field, rule, param string) error {
		return models.Invalid(models.FieldError{Field: field, Rule: rule, Param: param})
	}
	tpl, err := s.store.TemplateByKeyOrID(ctx, strings.TrimSpace(req.Template))
	if err != nil {
		return models.Schedule{}, bad("template", "template", "")
	}
	var def models.TemplateDef
	if err := json.Unmarshal([]byte(tpl.DefinitionJSON), &def); err != nil {
		return models.Schedule{}, internal(err, "read template")
	}
	if !slices.Contains(recurringKinds, def.Kind) {
		return models.Schedule{}, bad("template", "oneof", strings.Join(recurringKinds, " "))
	}
	root, err := s.unitByRef(ctx, c, req.RootUnit)
	if err != nil {
		return models.Schedule{}, bad("root_unit", "unit", "")
	}
	level := req.Level
	if level == "" {
		level = def.DefaultLevel
	}
	if level == "" {
		level = models.LevelCommune
	}
	units, err := s.store.UnitsOfLevels(ctx, root.Path, []string{level})
	if err != nil {
		return models.Schedule{}, internal(err, "participating units")
	}
	if len(units) == 0 {
		return models.Schedule{}, bad("level", "units", level)
	}
	cadence := req.Cadence
	if cadence == "" {
		cadence = def.Period
	}
	if !slices.Contains(models.Cadences, cadence) {
		cadence = models.CadenceQuarter
	}
	return models.Schedule{TemplateID: tpl.ID, TemplateKey: tpl.Key, Name: strings.TrimSpace(req.Name), RootUnitID: root.ID,
		RootPath: root.Path, Level: level, Cadence: cadence, CatchUp: req.CatchUp, CreatedBy: currentUser(c).ID}, nil
}

// cadenceLength is how long a period of a cadence lasts at most: the
// catch-up window of a schedule that catches up.
var cadenceLength = map[string]time.Duration{
	models.CadenceMonth: 31 * 24 * time.Hour, models.CadenceQuarter: 92 * 24 * time.Hour,
	models.CadenceHalf: 184 * 24 * time.Hour, models.CadenceYear: 366 * 24 * time.Hour,
}

// createTemporalSchedule makes the Temporal Schedule of a recorded
// schedule; one that exists already (a retried request) is kept.
func (s *Server) createTemporalSchedule(ctx context.Context, sc models.Schedule, startNow bool) error {
	var months []client.ScheduleRange
	for _, m := range plan.Months(sc.Cadence) {
		months = append(months, client.ScheduleRange{Start: m})
	}
	catchUp := 10 * time.Second // the server's least: a missed period is skipped
	if sc.CatchUp {
		catchUp = cadenceLength[sc.Cadence]
	}
	_, err := s.temporal.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: sc.ID,
		Spec: client.ScheduleSpec{
			Calendars: []client.ScheduleCalendarSpec{{Second: []client.ScheduleRange{{Start: 0}}, Minute: []client.ScheduleRange{{Start: 5}},
				Hour: []client.ScheduleRange{{Start: 0}}, DayOfMonth: []client.ScheduleRange{{Start: 1}}, Month: months,
				Comment: sc.Cadence}},
			TimeZoneName: "Asia/Ho_Chi_Minh",
		},
		Action: &client.ScheduleWorkflowAction{ID: "period-" + sc.ID, Workflow: models.WorkflowScheduledProcess,
			Args: []any{models.ScheduledInput{ScheduleID: sc.ID}}, TaskQueue: models.TaskQueue},
		Overlap:            enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		CatchupWindow:      catchUp,
		TriggerImmediately: startNow,
		Note:               sc.Name,
	})
	if err != nil && !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return &models.Error{Code: models.EUNAVAILABLE, Key: "error.unavailable", Err: fmt.Errorf("create schedule %s: %w", sc.ID, err)}
	}
	return nil
}

// scheduleView is a schedule as the API shows it, with Temporal's state.
type scheduleView struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Template   string      `json:"template"`
	RootUnitID uint        `json:"root_unit_id"`
	Level      string      `json:"level"`
	Cadence    string      `json:"cadence"`
	CatchUp    bool        `json:"catch_up"`
	Paused     bool        `json:"paused"`
	NextRuns   []time.Time `json:"next_runs"`
	// State is "active", or "unavailable" when Temporal could not describe
	// the schedule (a listing shows it rather than failing).
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) viewSchedule(ctx context.Context, sc models.Schedule) (scheduleView, error) {
	v := scheduleView{ID: sc.ID, Name: sc.Name, Template: sc.TemplateKey, RootUnitID: sc.RootUnitID, Level: sc.Level, Cadence: sc.Cadence,
		CatchUp: sc.CatchUp, NextRuns: []time.Time{}, State: "unavailable", CreatedAt: sc.CreatedAt.In(ict)}
	d, err := s.temporal.ScheduleClient().GetHandle(ctx, sc.ID).Describe(ctx)
	if err != nil {
		return v, &models.Error{Code: models.EUNAVAILABLE, Key: "error.unavailable", Err: fmt.Errorf("describe schedule %s: %w", sc.ID, err)}
	}
	v.Paused, v.State = d.Schedule.State.Paused, "active"
	for _, t := range d.Info.NextActionTimes {
		v.NextRuns = append(v.NextRuns, t.In(ict))
	}
	return v, nil
}

// handleListSchedules lists the schedules of the caller's subtree.
func (s *Server) handleListSchedules(c *gin.Context) {
	ctx := c.Request.Context()
	list, err := s.store.ListSchedules(ctx, scopeOf(c))
	if err != nil {
		s.respondError(c, internal(err, "list schedules"))
		return
	}
	items := make([]scheduleView, 0, len(list))
	for _, sc := range list {
		// One schedule Temporal cannot describe (say it was never created
		// there) is listed as unavailable; the others are still shown.
		v, err := s.viewSchedule(ctx, sc)
		s.logNonFatal(c, "describe schedule", err)
		items = append(items, v)
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// handleGetSchedule returns one schedule of the caller's subtree.
func (s *Server) handleGetSchedule(c *gin.Context) {
	ctx := c.Request.Context()
	sc, err := s.store.GetSchedule(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	v, err := s.viewSchedule(ctx, *sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// handleScheduleAction runs POST /schedules/{id}/{action}: pause, resume,
// or trigger (launch the current period now; a period already launched is
// not launched again).
func (s *Server) handleScheduleAction(c *gin.Context) {
	ctx := c.Request.Context()
	sc, err := s.store.GetSchedule(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	h := s.temporal.ScheduleClient().GetHandle(ctx, sc.ID)
	note := fmt.Sprintf("user %d", currentUser(c).ID)
	switch c.Param("action") {
	case "pause":
		err = h.Pause(ctx, client.SchedulePauseOptions{Note: note})
	case "resume":
		err = h.Unpause(ctx, client.ScheduleUnpauseOptions{Note: note})
	case "trigger":
		err = h.Trigger(ctx, client.ScheduleTriggerOptions{Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP})
	default:
		s.respondError(c, models404())
		return
	}
	if err != nil {
		s.respondError(c, scheduleError(sc.ID, err))
		return
	}
	v, err := s.viewSchedule(ctx, *sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// handleDeleteSchedule runs DELETE /schedules/{id}: no further periods are
// launched; those launched go on.
func (s *Server) handleDeleteSchedule(c *gin.Context) {
	ctx := c.Request.Context()
	sc, err := s.store.GetSchedule(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	if err := s.temporal.ScheduleClient().GetHandle(ctx, sc.ID).Delete(ctx); err != nil {
		var nf *serviceerror.NotFound
		if !errors.As(err, &nf) {
			s.respondError(c, scheduleError(sc.ID, err))
			return
		}
	}
	if err := s.store.DeleteSchedule(ctx, currentUser(c).ID, sc); err != nil {
		s.respondError(c, internal(err, "delete schedule"))
		return
	}
	c.Status(http.StatusNoContent)
}

func scheduleError(id string, err error) error {
	return &models.Error{Code: models.EUNAVAILABLE, Key: "error.unavailable", Err: fmt.Errorf("schedule %s: %w", id, err)}
}
