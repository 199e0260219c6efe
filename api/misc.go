package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/authz"
	"dsflow/calendar"
	"dsflow/models"
	"dsflow/store"
)

// handleAudit lists the audit entries of one entity ("task:ID", "user:ID")
// in the caller's scope, or — for admins — the whole log.
func (s *Server) handleAudit(c *gin.Context) {
	ctx := c.Request.Context()
	f := store.AuditFilter{Limit: 200}
	if after := c.Query("after"); after != "" {
		n, err := strconv.ParseInt(after, 10, 64)
		if err != nil || n < 0 {
			s.respondError(c, models.Invalid(models.FieldError{Field: "after", Rule: "type", Param: "integer"}))
			return
		}
		f.AfterSeq = n
	}
	entity := c.Query("entity")
	kind, id, _ := strings.Cut(entity, ":")
	switch {
	case entity == "":
		if !currentUser(c).HasRole(models.RoleAdmin) {
			s.respondError(c, models.Invalid(models.FieldError{Field: "entity", Rule: "required"}))
			return
		}
	case kind == store.EntityTask:
		if _, err := s.store.GetTask(ctx, scopeOf(c), id); err != nil {
			s.respondError(c, err)
			return
		}
		f.EntityType, f.EntityID = kind, id
	case kind == store.EntityUser:
		uid, err := strconv.ParseUint(id, 10, 32)
		if err == nil && authz.Allowed(currentUser(c).RoleList(), authz.ManageUsers) {
			_, err = s.store.GetUser(ctx, scopeOf(c), uint(uid))
		} else if err == nil {
			err = &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"}
		}
		if err != nil {
			s.respondError(c, err)
			return
		}
		f.EntityType, f.EntityID = kind, id
	default:
		s.respondError(c, models.Invalid(models.FieldError{Field: "entity", Rule: "oneof", Param: "task:<id> user:<id>"}))
		return
	}
	entries, err := s.store.ListAudit(ctx, f)
	if err != nil {
		s.respondError(c, internal(err, "list audit"))
		return
	}
	for i := range entries {
		entries[i].At = entries[i].At.In(ict)
	}
	c.JSON(http.StatusOK, gin.H{"items": entries})
}

// handleListNotifications returns the caller's inbox, newest first.
func (s *Server) handleListNotifications(c *gin.Context) {
	var before uint64
	if b := c.Query("before"); b != "" {
		var err error
		if before, err = strconv.ParseUint(b, 10, 32); err != nil {
			s.respondError(c, models.Invalid(models.FieldError{Field: "before", Rule: "type", Param: "integer"}))
			return
		}
	}
	items, err := s.store.ListNotifications(c.Request.Context(), currentUser(c).ID, c.Query("unread") == "true", uint(before), 50)
	if err != nil {
		s.respondError(c, internal(err, "list notifications"))
		return
	}
	for i := range items {
		items[i].CreatedAt = items[i].CreatedAt.In(ict)
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

type markReadRequest struct {
	IDs []uint `json:"ids" validate:"max=500"`
}

// handleMarkNotificationsRead marks the listed notifications (or all) read.
func (s *Server) handleMarkNotificationsRead(c *gin.Context) {
	var req markReadRequest
	body, err := readBody(c)
	if err == nil {
		err = s.decodeBody(body, &req) // no body: mark all
	}
	if err != nil {
		s.respondError(c, err)
		return
	}
	if req.IDs != nil && len(req.IDs) == 0 {
		c.JSON(http.StatusOK, gin.H{"marked": 0}) // an empty list names nothing; no body means all
		return
	}
	n, err := s.store.MarkNotificationsRead(c.Request.Context(), currentUser(c).ID, req.IDs)
	if err != nil {
		s.respondError(c, internal(err, "mark read"))
		return
	}
	c.JSON(http.StatusOK, gin.H{"marked": n})
}

type calendarDayInput struct {
	Date   string `json:"date" validate:"required,datetime=2006-01-02"`
	Kind   string `json:"kind" validate:"required,oneof=holiday workday"`
	NameVi string `json:"name_vi" validate:"max=200"`
	NameEn string `json:"name_en" validate:"max=200"`
}

type putCalendarRequest struct {
	Days []calendarDayInput `json:"days" validate:"max=366,dive"`
}

func calendarYear(c *gin.Context) (int, error) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || y < calendar.MinYear || y > calendar.MaxYear {
		return 0, models.NotFound("year")
	}
	return y, nil
}

// handleGetCalendar returns a year's days off and swapped working days as
// they apply (computed defaults or the official schedule, then the admin's
// overrides), and the overrides themselves.
func (s *Server) handleGetCalendar(c *gin.Context) {
	year, err := calendarYear(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	cal, err := s.calendar(c.Request.Context())
	if err != nil {
		s.respondError(c, internal(err, "load calendar"))
		return
	}
	overrides, err := s.store.CalendarOverrides(c.Request.Context())
	if err != nil {
		s.respondError(c, internal(err, "load overrides"))
		return
	}
	own := []models.CalendarDay{}
	for _, d := range overrides {
		if d.Year == year {
			own = append(own, d)
		}
	}
	_, official := calendar.OfficialSchedule(year)
	c.JSON(http.StatusOK, gin.H{"year": year, "time_zone": "Asia/Ho_Chi_Minh", "official_schedule": official, "days": cal.Holidays(year), "overrides": own})
}

// handlePutCalendar replaces the admin's overrides of one year. Deadlines
// already given do not move.
func (s *Server) handlePutCalendar(c *gin.Context) {
	year, err := calendarYear(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	var req putCalendarRequest
	if err := s.bindJSON(c, &req); err != nil {
		s.respondError(c, err)
		return
	}
	days := make([]models.CalendarDay, 0, len(req.Days))
	seen := map[string]bool{}
	for i, d := range req.Days {
		t, _ := time.Parse("2006-01-02", d.Date)
		if t.Year() != year {
			s.respondError(c, models.Invalid(models.FieldError{Field: fmt.Sprintf("days[%d].date", i), Rule: "oneof", Param: strconv.Itoa(year)}))
			return
		}
		if seen[d.Date] {
			s.respondError(c, models.Invalid(models.FieldError{Field: fmt.Sprintf("days[%d].date", i), Rule: "unique"}))
			return
		}
		seen[d.Date] = true
		days = append(days, models.CalendarDay{Date: d.Date, Year: year, Kind: d.Kind, NameVi: d.NameVi, NameEn: d.NameEn})
	}
	if err := s.store.PutCalendarYear(c.Request.Context(), currentUser(c).ID, year, days); err != nil {
		s.respondError(c, internal(err, "store calendar"))
		return
	}
	s.handleGetCalendar(c)
}
