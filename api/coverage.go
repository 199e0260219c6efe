package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/coverage"
	"dsflow/i18n"
	"dsflow/models"
	"dsflow/store"
)

type coverageQuery struct {
	Unit  string `form:"unit" json:"unit" validate:"max=40"`
	Year  int    `form:"year" json:"year" validate:"omitempty,min=2000,max=2100"`
	Type  string `form:"type" json:"type" validate:"omitempty,oneof=prenatal newborn"`
	Depth int    `form:"depth" json:"depth" validate:"gte=0,lte=3"`
}

// handleScreeningCoverage runs GET /indicators/screening: screened,
// denominator, coverage, target and gap at a unit of the caller's subtree
// (their own by default) and below it (?depth=, 1 by default), with the
// units behind the pace their target needs flagged.
func (s *Server) handleScreeningCoverage(c *gin.Context) {
	q := coverageQuery{Depth: 1}
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	n, err := s.coverageTree(c.Request.Context(), c, q)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

func (s *Server) coverageTree(ctx context.Context, c *gin.Context, q coverageQuery) (coverage.Node, error) {
	now := s.now().In(ict)
	if q.Year == 0 {
		q.Year = now.Year()
	}
	if q.Type == "" {
		q.Type = models.ScreeningPrenatal
	}
	root := currentUser(c).Unit
	if q.Unit != "" {
		u, err := s.unitByRef(ctx, c, q.Unit)
		if err != nil {
			return coverage.Node{}, models.Invalid(models.FieldError{Field: "unit", Rule: "unit"})
		}
		root = u
	}
	units, err := s.store.UnitsOfLevels(ctx, root.Path, models.Levels)
	if err != nil {
		return coverage.Node{}, internal(err, "units")
	}
	screened, err := s.store.ScreenedByUnit(ctx, root.Path, q.Year, q.Type)
	if err != nil {
		return coverage.Node{}, internal(err, "screened")
	}
	set, err := s.store.ScreeningTargets(ctx, root.Path, q.Year, q.Type)
	if err != nil {
		return coverage.Node{}, internal(err, "targets")
	}
	targets := make(map[uint]coverage.Target, len(set))
	for id, t := range set {
		targets[id] = coverage.Target{Target: t.Target, Denominator: t.Denominator}
	}
	def := models.DefaultPrenatalTarget
	if q.Type == models.ScreeningNewborn {
		def = models.DefaultNewbornTarget
	}
	return coverage.Tree(coverage.Input{Root: root.ID, Units: units, Screened: screened, Targets: targets, DefaultTarget: def,
		YearShare: yearShare(now, q.Year), Depth: q.Depth}), nil
}

// yearShare is how much of year has gone at now (Vietnam time): 0 before
// it, 1 after it.
func yearShare(now time.Time, year int) float64 {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, ict)
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, ict)
	switch {
	case now.Before(from):
		return 0
	case !now.Before(to):
		return 1
	}
	return now.Sub(from).Hours() / to.Sub(from).Hours()
}

type targetInput struct {
	Unit        string   `json:"unit" validate:"required,max=40"`
	Year        int      `json:"year" validate:"required,min=2000,max=2100"`
	Type        string   `json:"type" validate:"required,oneof=prenatal newborn"`
	Target      *float64 `json:"target" validate:"omitempty,gte=0,lte=100"`
	Denominator int      `json:"denominator" validate:"gte=0,lte=10000000"`
}

type targetsRequest struct {
	Targets []targetInput `json:"targets" validate:"required,min=1,max=5000,dive"`
}

// handlePutScreeningTargets runs PUT /screening/targets: targets and
// denominators of units in the caller's subtree, all or none.
func (s *Server) handlePutScreeningTargets(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	var req targetsRequest
	if err := s.decodeBody(body, &req); err != nil {
		s.respondError(c, err)
		return
	}
	rows, err := s.targetRows(c, req.Targets, func(i int) string { return "targets[" + strconv.Itoa(i) + "]" })
	if err != nil {
		s.respondError(c, err)
		return
	}
	if err := s.store.PutScreeningTargets(c.Request.Context(), scopeOf(c), rows, currentUser(c).ID); err != nil {
		s.respondError(c, internal(err, "save targets"))
		return
	}
	c.JSON(http.StatusOK, gin.H{"saved": len(rows)})
}

func (s *Server) targetRows(c *gin.Context, in []targetInput, where func(int) string) ([]models.ScreeningTarget, error) {
	ctx := c.Request.Context()
	var rows []models.ScreeningTarget
	type key struct {
		unit uint
		year int
		typ  string
	}
	first := map[key]int{}
	for i, t := range in {
		u, err := s.unitByRef(ctx, c, t.Unit)
		if err != nil {
			return nil, models.Invalid(models.FieldError{Field: where(i) + ".unit", Rule: "unit"})
		}
		// One row per unit, year and type: two would leave which one
		// counts to chance.
		k := key{u.ID, t.Year, t.Type}
		if j, dup := first[k]; dup {
			return nil, models.Invalid(models.FieldError{Field: where(i), Rule: "unique", Param: where(j)})
		}
		first[k] = i
		r := models.ScreeningTarget{UnitID: u.ID, Year: t.Year, Type: t.Type, Denominator: t.Denominator}
		if t.Target != nil {
			r.Target = *t.Target
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// handleImportScreeningTargets runs POST /screening/targets/import: a CSV
// of unit,year,type,target,denominator (a header line first); every line
// is checked before any is saved, and each fault names its line.
func (s *Server) handleImportScreeningTargets(c *gin.Context) {
	// The whole file or nothing: a file cut at a size limit would save its
	// last line wrong.
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	// Spreadsheet programs save UTF-8 CSV with a byte-order mark.
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
	r.FieldsPerRecord = 5
	var in []targetInput
	var lines []int
	var faults []models.FieldError
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		field := "line " + strconv.Itoa(line)
		if err != nil {
			faults = append(faults, models.FieldError{Field: field, Rule: "format"})
			continue
		}
		if line == 1 && strings.EqualFold(strings.TrimSpace(rec[0]), "unit") {
			continue
		}
		t := targetInput{Unit: strings.TrimSpace(rec[0]), Type: strings.TrimSpace(rec[2])}
		var e1, e2, e3 error
		t.Year, e1 = strconv.Atoi(strings.TrimSpace(rec[1]))
		if v := strings.TrimSpace(rec[3]); v != "" {
			f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
			t.Target, e2 = &f, err
		}
		t.Denominator, e3 = strconv.Atoi(strings.TrimSpace(rec[4]))
		if e1 != nil || e2 != nil || e3 != nil || s.validate.Struct(t) != nil {
			faults = append(faults, models.FieldError{Field: field, Rule: "format"})
			continue
		}
		in, lines = append(in, t), append(lines, line)
	}
	if len(faults) > 0 {
		s.respondError(c, models.Invalid(faults...))
		return
	}
	if len(in) == 0 {
		s.respondError(c, models.Invalid(models.FieldError{Field: "file", Rule: "required"}))
		return
	}
	rows, err := s.targetRows(c, in, func(i int) string { return fmt.Sprintf("line %d", lines[i]) })
	if err != nil {
		s.respondError(c, err)
		return
	}
	if err := s.store.PutScreeningTargets(c.Request.Context(), scopeOf(c), rows, currentUser(c).ID); err != nil {
		s.respondError(c, internal(err, "save targets"))
		return
	}
	c.JSON(http.StatusOK, gin.H{"saved": len(rows)})
}

type coverageTasksRequest struct {
	Year int    `json:"year" validate:"omitempty,min=2000,max=2100"`
	Type string `json:"type" validate:"required,oneof=prenatal newborn"`
}

// handleCoverageTasks runs POST /indicators/screening/tasks: every unit of
// the caller's subtree (to three levels) that is behind the pace of its
// target gets a task for its leaders to act on it, due in 14 days. A unit
// gets one such task a month: asked again, the same tasks are answered.
func (s *Server) handleCoverageTasks(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	var req coverageTasksRequest
	if err := s.decodeBody(body, &req); err != nil {
		s.respondError(c, err)
		return
	}
	ctx := c.Request.Context()
	tree, err := s.coverageTree(ctx, c, coverageQuery{Year: req.Year, Type: req.Type, Depth: 3})
	if err != nil {
		s.respondError(c, err)
		return
	}
	now := s.now()
	month := now.In(ict).Format("200601")
	cal, err := s.calendar(ctx)
	if err != nil {
		s.respondError(c, err)
		return
	}
	batch := store.TaskBatch{At: now, StartPending: true}
	for _, n := range coverage.BehindUnits(tree) {
		u, err := s.store.GetUnit(ctx, scopeOf(c), n.UnitID)
		if err != nil {
			continue
		}
		host := fmt.Sprintf("adhoc-cov-%s-%s-%d", req.Type, month, n.UnitID)
		title := models.Text{
			Vi: i18n.T(i18n.VI, "task.coverage.title", i18n.T(i18n.VI, "screening."+req.Type), n.Coverage, n.Target, n.Pace),
			En: i18n.T(i18n.EN, "task.coverage.title", i18n.T(i18n.EN, "screening."+req.Type), n.Coverage, n.Target, n.Pace),
		}
		spec := models.TaskSpec{ID: "t-" + host[len("adhoc-"):], HostID: host, ProcessKind: models.ProcessAdHoc, ProcessID: host, Kind: "coverage",
			UnitID: u.ID, UnitPath: u.Path, CandidateRole: models.RoleLeader, Title: title, Priority: models.PriorityHigh,
			DueAt: cal.AddDays(now, 14), Escalation: models.Escalation{RemindDaysBefore: []int{3}, EscalateUpAfterDays: 0},
			Form: models.FormSpec{Fields: []models.FormField{{Name: "plan", Type: models.FieldText, Required: true, MaxLen: 4000,
				Label: models.Text{Vi: i18n.T(i18n.VI, "field.coverage.plan"), En: i18n.T(i18n.EN, "field.coverage.plan")}}}},
			CreatedBy: currentUser(c).ID}
		batch.Hosts = append(batch.Hosts, models.TaskHost{ID: host, WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessAdHoc, ProcessID: host})
		batch.Tasks = append(batch.Tasks, models.TaskState{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: now})
	}
	if len(batch.Tasks) > 0 {
		if _, err := s.store.CreateTasks(ctx, batch); err != nil {
			s.respondError(c, internal(err, "write coverage tasks"))
			return
		}
		for _, h := range batch.Hosts {
			if err := s.startHost(ctx, h); err != nil {
				s.respondError(c, err)
				return
			}
		}
	}
	ids := make([]string, 0, len(batch.Tasks))
	for _, t := range batch.Tasks {
		ids = append(ids, t.ID)
	}
	c.JSON(http.StatusOK, gin.H{"tasks": ids})
}
