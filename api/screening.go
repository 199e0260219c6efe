package api

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"dsflow/authz"
	"dsflow/calendar"
	"dsflow/models"
	"dsflow/protocols"
	"dsflow/store"
)

// vnPhone is a Vietnamese phone number: a mobile (03, 05, 07, 08, 09 and 8
// digits) or a landline (02 and 9 digits), with 0 or +84 before it.
var vnPhone = regexp.MustCompile(`^(0|\+84)(3|5|7|8|9)[0-9]{8}$|^(0|\+84)2[0-9]{9}$`)

type personInput struct {
	FullName     string `json:"full_name" validate:"required,max=200"`
	DateOfBirth  string `json:"date_of_birth" validate:"required,datetime=2006-01-02"`
	Phone        string `json:"phone" validate:"max=20"`
	Address      string `json:"address" validate:"max=400"`
	GuardianName string `json:"guardian_name" validate:"max=200"`
}

type caseRequest struct {
	Type       string      `json:"type" validate:"required,oneof=prenatal newborn"`
	UnitID     uint        `json:"unit_id" validate:"required"`
	Person     personInput `json:"person"`
	ScreenedOn string      `json:"screened_on" validate:"required,datetime=2006-01-02"`
	Result     string      `json:"result" validate:"required,oneof=normal positive high_risk"`
	Protocol   string      `json:"protocol" validate:"required,max=60"`
}

// caseView is a case without personal data: its pseudonymous ID, where it
// is, and its steps. Person, Result and Outcome appear only for a reader
// allowed to see them who named a purpose (the read is logged).
type caseView struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	UnitID     uint           `json:"unit_id"`
	Protocol   string         `json:"protocol"`
	Version    int            `json:"protocol_version"`
	ScreenedOn string         `json:"screened_on"`
	Status     string         `json:"status"`
	Step       int            `json:"step"`
	Attempt    int            `json:"attempt"`
	ClosedAt   *time.Time     `json:"closed_at,omitempty"`
	Steps      []caseStepView `json:"steps,omitempty"`
	// Current is the step under way of an open case, in a list (the
	// case's own read gives every step instead).
	Current  *caseStepView   `json:"current_step,omitempty"`
	Person   *models.Person  `json:"person,omitempty"`
	Result   string          `json:"result,omitempty"`
	Outcome  string          `json:"outcome,omitempty"`
	StepData []caseStepNotes `json:"step_records,omitempty"`
}

type caseStepView struct {
	TaskID  string    `json:"task_id"`
	UnitID  uint      `json:"unit_id"`
	Title   string    `json:"title"`
	TitleEn string    `json:"title_en"`
	Status  string    `json:"status"`
	DueAt   time.Time `json:"due_at"`
	Overdue bool      `json:"overdue"`
}

// caseStepNotes is what a station recorded on a step, opened for an
// allowed reader.
type caseStepNotes struct {
	TaskID string         `json:"task_id"`
	Data   map[string]any `json:"data"`
}

func viewCase(c models.ScreeningCase) caseView {
	v := caseView{ID: c.ID, Type: c.Type, UnitID: c.UnitID, Protocol: c.ProtocolKey, Version: c.ProtocolVersion,
		ScreenedOn: c.ScreenedOn.In(ict).Format("2006-01-02"), Status: c.Status, Step: c.Step, Attempt: c.Attempt}
	if c.ClosedAt != nil {
		t := c.ClosedAt.In(ict)
		v.ClosedAt = &t
	}
	return v
}

// handleCreateCase runs POST /screening/cases: a health officer records a
// screened person at a commune station of their subtree. The person and
// the result are sealed before they are stored; a result that needs action
// starts the protocol's follow-up (the first step's task and the case's
// workflow). With an Idempotency-Key the case's ID derives from the key.
func (s *Server) handleCreateCase(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req caseRequest
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		n, host, err := s.checkCase(ctx, c, req)
		if err != nil {
			return 0, nil, err
		}
		got, err := s.store.CreateCase(ctx, n)
		if err != nil {
			return 0, nil, internal(err, "record case")
		}
		if host != nil {
			if err := s.startHost(ctx, *host); err != nil {
				return 0, nil, err
			}
		}
		c.Header("Location", "/api/v1/screening/cases/"+got.ID)
		return http.StatusCreated, viewCase(*got), nil
	})
}

// checkCase validates a case and builds what CreateCase records, with the
// first step's task and its host when the result needs follow-up.
func (s *Server) checkCase(ctx context.Context, c *gin.Context, req caseRequest) (store.NewCase, *models.TaskHost, error) {
	var n store.NewCase
	bad := func(field, rule, param string) error {
		return models.Invalid(models.FieldError{Field: field, Rule: rule, Param: param})
	}
	today := calendar.DateOf(s.now().In(ict))
	dob, _ := calendar.ParseDate(req.Person.DateOfBirth)
	screened, _ := calendar.ParseDate(req.ScreenedOn)
	switch {
	case strings.TrimSpace(req.Person.FullName) == "":
		return n, nil, bad("person.full_name", "required", "")
	case today.Before(dob) || dob.Year < 1900:
		return n, nil, bad("person.date_of_birth", "past", "")
	case today.Before(screened):
		return n, nil, bad("screened_on", "past", "")
	case screened.Before(dob) && req.Type == models.ScreeningNewborn:
		return n, nil, bad("screened_on", "gtefield", "person.date_of_birth")
	case req.Person.Phone != "" && !vnPhone.MatchString(strings.ReplaceAll(req.Person.Phone, " ", "")):
		return n, nil, bad("person.phone", "phone_vn", "")
	}
	p, err := s.store.ProtocolByKeyOrID(ctx, strings.TrimSpace(req.Protocol))
	if err != nil {
		if models.ErrorCode(err) == models.ENOTFOUND {
			return n, nil, bad("protocol", "protocol", "")
		}
		return n, nil, internal(err, "load protocol")
	}
	var def models.ProtocolDef
	if err := json.Unmarshal([]byte(p.DefinitionJSON), &def); err != nil {
		return n, nil, internal(err, "read protocol")
	}
	if def.Type != req.Type {
		return n, nil, bad("protocol", "protocol_type", req.Type)
	}
	unit, err := s.store.GetUnit(ctx, scopeOf(c), req.UnitID)
	if err != nil || unit.Level != models.LevelCommune {
		return n, nil, bad("unit_id", "unit", "")
	}
	me := currentUser(c)
	id := "SC" + strings.ToUpper(randomID()[:14])
	if key, _ := idempotencyKey(c); key != "" {
		id = "SC" + strings.ToUpper(derivedID(me.ID, key, "case")[:14])
	}
	person := models.Person{FullName: strings.TrimSpace(req.Person.FullName), DateOfBirth: req.Person.DateOfBirth,
		Phone: strings.ReplaceAll(req.Person.Phone, " ", ""), Address: strings.TrimSpace(req.Person.Address),
		GuardianName: strings.TrimSpace(req.Person.GuardianName)}
	n = store.NewCase{Person: person, Result: req.Result, Case: models.ScreeningCase{ID: id, Type: req.Type, UnitID: unit.ID,
		UnitPath: unit.Path, ProtocolID: p.ID, ProtocolKey: p.Key, ProtocolVersion: p.Version, ScreenedOn: screened.Time(ict),
		Status: models.CaseClosed, CreatedBy: me.ID}}
	if !protocols.NeedsFollowUp(req.Result) {
		return n, nil, nil
	}
	n.Case.Status = models.CaseOpen
	cal, err := s.calendar(ctx)
	if err != nil {
		return n, nil, err
	}
	st := models.CaseState{CaseID: id, UnitID: unit.ID, UnitPath: unit.Path}
	due := protocols.Due(def, 0, screened.Time(ict), cal)
	spec := protocols.Step(def, st, 0, 0, 0, due, me.ID)
	host, err := protocols.Host(def, spec, s.now())
	if err != nil {
		return n, nil, internal(err, "case host")
	}
	now := s.now()
	n.Batch = store.TaskBatch{Hosts: []models.TaskHost{host}, At: now, StartPending: true,
		Tasks: []models.TaskState{{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: now}}}
	return n, &host, nil
}

type listCasesQuery struct {
	Status  string `form:"status" json:"status" validate:"omitempty,oneof=open closed"`
	Type    string `form:"type" json:"type" validate:"omitempty,oneof=prenatal newborn"`
	Overdue bool   `form:"overdue" json:"overdue"`
	After   string `form:"after" json:"after" validate:"max=40"`
	Limit   int    `form:"limit" json:"limit" validate:"gte=0,lte=500"`
}

// handleListCases runs GET /screening/cases: the cases of the caller's
// subtree, pseudonymous, by ID (?after= the last ID for the next page),
// each open one with its step under way (its titles, deadline and whether
// it is overdue), read for the whole page at once.
func (s *Server) handleListCases(c *gin.Context) {
	var q listCasesQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	list, err := s.store.ListCases(c.Request.Context(), scopeOf(c), store.CaseFilter{Status: q.Status, Type: q.Type, Overdue: q.Overdue, After: q.After, Limit: q.Limit})
	if err != nil {
		s.respondError(c, internal(err, "list cases"))
		return
	}
	ids := make([]string, 0, len(list))
	for _, k := range list {
		if k.Status == models.CaseOpen {
			ids = append(ids, k.ID)
		}
	}
	current, err := s.store.CurrentCaseSteps(c.Request.Context(), ids)
	if err != nil {
		s.respondError(c, internal(err, "current steps"))
		return
	}
	out := make([]caseView, 0, len(list))
	for _, k := range list {
		v := viewCase(k)
		if t, ok := current[k.ID]; ok {
			st := viewStep(t)
			v.Current = &st
		}
		out = append(out, v)
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

func viewStep(t models.Task) caseStepView {
	return caseStepView{TaskID: t.ID, UnitID: t.UnitID, Title: t.TitleVi, TitleEn: t.TitleEn, Status: t.Status, DueAt: t.DueAt.In(ict), Overdue: t.Overdue}
}

// handleGetCase runs GET /screening/cases/{id}: the case and its steps. A
// health officer of the case's subtree who says why (?purpose=) also gets
// the person, the result, the outcome and what the steps recorded, and the
// read is logged.
func (s *Server) handleGetCase(c *gin.Context) {
	ctx := c.Request.Context()
	k, err := s.store.GetCase(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	v := viewCase(*k)
	tasks, err := s.store.CaseTasks(ctx, k.ID)
	if err != nil {
		s.respondError(c, internal(err, "case steps"))
		return
	}
	for _, t := range tasks {
		v.Steps = append(v.Steps, viewStep(t))
	}
	purpose := strings.TrimSpace(c.Query("purpose"))
	if purpose != "" {
		if !authz.Allowed(currentUser(c).RoleList(), authz.ReadHealthData) {
			s.respondError(c, &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"})
			return
		}
		if utf8.RuneCountInString(purpose) > 200 {
			s.respondError(c, models.Invalid(models.FieldError{Field: "purpose", Rule: "maxlen", Param: "200"}))
			return
		}
		pd, err := s.store.ReadPersonal(ctx, k, currentUser(c).ID, purpose)
		if err != nil {
			s.respondError(c, internal(err, "read personal data"))
			return
		}
		v.Person, v.Result, v.Outcome = &pd.Person, pd.Result, pd.Outcome
		for _, t := range tasks {
			raw, err := s.store.OpenPrivate(t.ID, "data", t.DataJSON)
			if err != nil {
				s.respondError(c, internal(err, "open step record"))
				return
			}
			if raw == "" {
				continue
			}
			var data map[string]any
			_ = json.Unmarshal([]byte(raw), &data)
			v.StepData = append(v.StepData, caseStepNotes{TaskID: t.ID, Data: data})
		}
	}
	c.JSON(http.StatusOK, v)
}

type transferRequest struct {
	UnitID uint   `json:"unit_id" validate:"required"`
	Reason string `json:"reason" validate:"required,max=400"`
}

// handleTransferCase runs POST /screening/cases/{id}/transfer: the person
// moved; the commune they moved to takes over the open step. Through the
// case's workflow (the Update validates); the Update's ID derives from the
// Idempotency-Key.
func (s *Server) handleTransferCase(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	// The case is looked up inside once: a retry after the case moved out
	// of the caller's subtree gets the answer the first try got.
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		k, err := s.store.GetCase(ctx, scopeOf(c), c.Param("id"))
		if err != nil {
			return 0, nil, err
		}
		var req transferRequest
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		// The commune moved to may be anywhere in the country: the person
		// chose it, not the caller's scope.
		to, err := s.store.GetUnit(ctx, store.Scope{Path: "/"}, req.UnitID)
		if err != nil || to.Level != models.LevelCommune {
			return 0, nil, models.Invalid(models.FieldError{Field: "unit_id", Rule: "unit"})
		}
		actor := actorOf(c)
		opts := client.UpdateWorkflowOptions{WorkflowID: protocols.CaseHostID(k.ID), UpdateName: models.UpdateTransferCase,
			Args:         []any{models.TransferCommand{Actor: actor, UnitID: to.ID, UnitPath: to.Path, Reason: strings.TrimSpace(req.Reason)}},
			WaitForStage: client.WorkflowUpdateStageCompleted, UpdateID: randomID()}
		if key, _ := idempotencyKey(c); key != "" {
			opts.UpdateID = derivedID(actor.UserID, key, k.ID, "transfer")
		}
		var taskID string
		if err := s.updateOnce(ctx, opts.WorkflowID, opts, &taskID); err != nil {
			return 0, nil, updateError(err)
		}
		got, err := s.store.GetCase(ctx, store.Scope{Path: "/"}, k.ID)
		if err != nil {
			return 0, nil, internal(err, "read case after transfer")
		}
		return http.StatusOK, viewCase(*got), nil
	})
}

// handleListProtocols runs GET /screening/protocols.
func (s *Server) handleListProtocols(c *gin.Context) {
	list, err := s.store.ListProtocols(c.Request.Context())
	if err != nil {
		s.respondError(c, internal(err, "list protocols"))
		return
	}
	type item struct {
		ID      uint        `json:"id"`
		Key     string      `json:"key"`
		Version int         `json:"version"`
		Type    string      `json:"type"`
		Title   models.Text `json:"title"`
		BuiltIn bool        `json:"built_in"`
	}
	out := make([]item, 0, len(list))
	for _, p := range list {
		var def models.ProtocolDef
		if err := json.Unmarshal([]byte(p.DefinitionJSON), &def); err != nil {
			s.respondError(c, internal(err, "read protocol"))
			return
		}
		out = append(out, item{ID: p.ID, Key: p.Key, Version: p.Version, Type: def.Type, Title: models.Text{Vi: p.TitleVi, En: p.TitleEn}, BuiltIn: p.BuiltIn})
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

type accessLogQuery struct {
	Case  string `form:"case" json:"case" validate:"max=40"`
	Limit int    `form:"limit" json:"limit" validate:"gte=0,lte=500"`
}

// handleAccessLog runs GET /screening/access-log: who read which case's
// personal data, in the caller's subtree.
func (s *Server) handleAccessLog(c *gin.Context) {
	var q accessLogQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	list, err := s.store.AccessLog(c.Request.Context(), scopeOf(c), q.Case, q.Limit)
	if err != nil {
		s.respondError(c, internal(err, "access log"))
		return
	}
	type entry struct {
		CaseID  string    `json:"case_id"`
		UserID  uint      `json:"user_id"`
		Purpose string    `json:"purpose"`
		At      time.Time `json:"at"`
	}
	out := make([]entry, 0, len(list))
	for _, a := range list {
		out = append(out, entry{CaseID: a.CaseID, UserID: a.UserID, Purpose: a.Purpose, At: a.At.In(ict)})
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// caseStep reports whether a task is a screening case's step: the case
// decides its end, so the generic cancel refuses it.
func caseStep(t *models.Task) bool {
	return t.Kind == models.KindScreeningStep && t.ProcessKind == models.ProcessScreening
}

type subjectQuery struct {
	Phone   string `form:"phone" json:"phone" validate:"required,max=20"`
	Purpose string `form:"purpose" json:"purpose" validate:"required,max=200"`
}

// handleSubjectExport runs GET /screening/subjects: a data subject's
// request to see their data. A health officer finds the person's cases in
// their subtree by phone number and gets each with its personal data; each
// read is logged with the purpose.
func (s *Server) handleSubjectExport(c *gin.Context) {
	var q subjectQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	phone := strings.ReplaceAll(q.Phone, " ", "")
	if !vnPhone.MatchString(phone) {
		s.respondError(c, models.Invalid(models.FieldError{Field: "phone", Rule: "phone_vn"}))
		return
	}
	ctx := c.Request.Context()
	cases, err := s.store.CasesByPhone(ctx, scopeOf(c), phone)
	if err != nil {
		s.respondError(c, internal(err, "find cases"))
		return
	}
	out := make([]caseView, 0, len(cases))
	for i := range cases {
		pd, err := s.store.ReadPersonal(ctx, &cases[i], currentUser(c).ID, strings.TrimSpace(q.Purpose))
		if err != nil {
			s.respondError(c, internal(err, "read personal data"))
			return
		}
		v := viewCase(cases[i])
		v.Person, v.Result, v.Outcome = &pd.Person, pd.Result, pd.Outcome
		out = append(out, v)
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

type correctPersonRequest struct {
	Person personInput `json:"person"`
}

// handleCorrectPerson runs PUT /screening/cases/{id}/person: a data
// subject's correction of their data, by a health officer of the case's
// subtree. The audit names the fields that changed, not their values.
func (s *Server) handleCorrectPerson(c *gin.Context) {
	ctx := c.Request.Context()
	k, err := s.store.GetCase(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	var req correctPersonRequest
	if err := s.decodeBody(body, &req); err != nil {
		s.respondError(c, err)
		return
	}
	dob, _ := calendar.ParseDate(req.Person.DateOfBirth)
	phone := strings.ReplaceAll(req.Person.Phone, " ", "")
	switch {
	case strings.TrimSpace(req.Person.FullName) == "":
		s.respondError(c, models.Invalid(models.FieldError{Field: "person.full_name", Rule: "required"}))
		return
	case calendar.DateOf(s.now().In(ict)).Before(dob) || dob.Year < 1900:
		s.respondError(c, models.Invalid(models.FieldError{Field: "person.date_of_birth", Rule: "past"}))
		return
	case phone != "" && !vnPhone.MatchString(phone):
		s.respondError(c, models.Invalid(models.FieldError{Field: "person.phone", Rule: "phone_vn"}))
		return
	}
	before, err := s.store.ReadPersonal(ctx, k, currentUser(c).ID, "correction")
	if err != nil {
		s.respondError(c, internal(err, "read personal data"))
		return
	}
	p := models.Person{FullName: strings.TrimSpace(req.Person.FullName), DateOfBirth: req.Person.DateOfBirth, Phone: phone,
		Address: strings.TrimSpace(req.Person.Address), GuardianName: strings.TrimSpace(req.Person.GuardianName)}
	var changed []string
	for _, f := range []struct {
		name     string
		old, new string
	}{{"full_name", before.Person.FullName, p.FullName}, {"date_of_birth", before.Person.DateOfBirth, p.DateOfBirth},
		{"phone", before.Person.Phone, p.Phone}, {"address", before.Person.Address, p.Address}, {"guardian_name", before.Person.GuardianName, p.GuardianName}} {
		if f.old != f.new {
			changed = append(changed, f.name)
		}
	}
	if len(changed) > 0 {
		if err := s.store.CorrectPerson(ctx, k, p, changed, currentUser(c).ID); err != nil {
			s.respondError(c, internal(err, "correct personal data"))
			return
		}
	}
	v := viewCase(*k)
	v.Person = &p
	c.JSON(http.StatusOK, v)
}

// handleErasePerson runs DELETE /screening/cases/{id}/person: a data
// subject's request to delete their data, by a health officer of the
// case's subtree. The pseudonymous case stays for the coverage figures.
func (s *Server) handleErasePerson(c *gin.Context) {
	ctx := c.Request.Context()
	k, err := s.store.GetCase(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	if err := s.store.ErasePerson(ctx, k, currentUser(c).ID); err != nil {
		s.respondError(c, internal(err, "erase personal data"))
		return
	}
	c.Status(http.StatusNoContent)
}
