package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/calendar"
	"dsflow/models"
)

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
// already given do not move. The calendar is the whole country's, so only
// an admin of the root unit edits it.
func (s *Server) handlePutCalendar(c *gin.Context) {
	if !scopeOf(c).National() {
		s.respondError(c, &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"})
		return
	}
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
