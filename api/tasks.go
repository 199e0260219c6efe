package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/models"
	"dsflow/store"
)

type listTasksQuery struct {
	Assignee  string     `form:"assignee" json:"assignee" validate:"omitempty,oneof=me"`
	UnitID    *uint      `form:"unit" json:"unit"`
	Status    string     `form:"status" json:"status" validate:"max=200"`
	Overdue   *bool      `form:"overdue" json:"overdue"`
	Process   string     `form:"process" json:"process" validate:"omitempty,oneof=adhoc campaign briefing inspection screening annual_plan review data_update"`
	ProcessID string     `form:"process_id" json:"process_id" validate:"max=200"`
	Kind      string     `form:"kind" json:"kind" validate:"max=60"`
	DueBefore *time.Time `form:"due_before" json:"due_before" time_format:"2006-01-02T15:04:05Z07:00"`
	DueAfter  *time.Time `form:"due_after" json:"due_after" time_format:"2006-01-02T15:04:05Z07:00"`
	Q         string     `form:"q" json:"q" validate:"max=200"`
	Sort      string     `form:"sort" json:"sort" validate:"omitempty,oneof=due_at -due_at created_at -created_at"`
	Cursor    string     `form:"cursor" json:"cursor" validate:"max=400"`
	Limit     int        `form:"limit" json:"limit" validate:"gte=0,lte=200"`
}

// handleListTasks lists tasks in the caller's subtree with filters and
// cursor pagination.
func (s *Server) handleListTasks(c *gin.Context) {
	var q listTasksQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	ctx := c.Request.Context()
	f := store.TaskFilter{Overdue: q.Overdue, ProcessKind: q.Process, ProcessID: q.ProcessID, Kind: q.Kind,
		DueBefore: q.DueBefore, DueAfter: q.DueAfter, Query: q.Q, Sort: q.Sort, Cursor: q.Cursor, Limit: q.Limit}
	if q.Assignee == "me" {
		id := currentUser(c).ID
		f.AssigneeID = &id
	}
	if q.Status != "" {
		for _, st := range strings.Split(q.Status, ",") {
			if !validStatus(st) {
				s.respondError(c, models.Invalid(models.FieldError{Field: "status", Rule: "oneof", Param: strings.Join(models.TaskStatuses, " ")}))
				return
			}
			f.Status = append(f.Status, st)
		}
	}
	if q.UnitID != nil {
		u, err := s.store.GetUnit(ctx, scopeOf(c), *q.UnitID)
		if err != nil {
			s.respondError(c, err)
			return
		}
		f.UnitPath = u.Path
	}
	rows, next, err := s.store.ListTasks(ctx, scopeOf(c), f)
	if err != nil {
		s.respondError(c, internal(err, "list tasks"))
		return
	}
	items := make([]taskView, 0, len(rows))
	for _, r := range rows {
		items = append(items, viewTaskRow(r))
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "next_cursor": next})
}

// handleGetTask returns one task of the caller's subtree with its history.
func (s *Server) handleGetTask(c *gin.Context) {
	ctx := c.Request.Context()
	row, err := s.store.GetTask(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	events, err := s.store.TaskEvents(ctx, scopeOf(c), row.ID)
	if err != nil {
		s.respondError(c, internal(err, "task history"))
		return
	}
	v := viewTaskRow(*row)
	v.History = viewEvents(events)
	if v.Consolidation, err = s.consolidation(ctx, row); err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// handleSignOffs lists the submitted tasks waiting for the caller's decision.
func (s *Server) handleSignOffs(c *gin.Context) {
	if p := c.Query("pending"); p != "me" {
		s.respondError(c, models.Invalid(models.FieldError{Field: "pending", Rule: "oneof", Param: "me"}))
		return
	}
	rows, err := s.store.PendingSignOffs(c.Request.Context(), actorOf(c), 200)
	if err != nil {
		s.respondError(c, internal(err, "list sign-offs"))
		return
	}
	items := make([]taskView, 0, len(rows))
	for _, r := range rows {
		items = append(items, viewTaskRow(r))
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

func validStatus(st string) bool {
	for _, x := range models.TaskStatuses {
		if x == st {
			return true
		}
	}
	return false
}
