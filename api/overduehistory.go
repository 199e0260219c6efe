package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/calendar"
)

type overdueHistoryQuery struct {
	UnitID *uint `form:"unit" json:"unit"`
	Days   int   `form:"days" json:"days" validate:"gte=0,lte=90"`
}

// overduePoint is how many tasks were overdue at the end of one day (for
// today: now).
type overduePoint struct {
	Date    calendar.Date `json:"date"`
	Overdue int64         `json:"overdue"`
}

type overdueHistoryResponse struct {
	Unit unitView       `json:"unit"`
	Days []overduePoint `json:"days"`
}

// handleOverdueHistory answers how overdue work went in a leader's
// subtree over the last days (30 unless days says): the tasks overdue at
// the end of each day in Vietnam, today's at this moment, counted from
// the task rows. unit picks a unit of the caller's subtree, as for
// /overdue; one outside it is not found.
func (s *Server) handleOverdueHistory(c *gin.Context) {
	var q overdueHistoryQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	if q.Days == 0 {
		q.Days = 30
	}
	ctx := c.Request.Context()
	unit := currentUser(c).Unit
	if q.UnitID != nil && *q.UnitID != unit.ID {
		var err error
		if unit, err = s.store.GetUnit(ctx, scopeOf(c), *q.UnitID); err != nil {
			s.respondError(c, err)
			return
		}
	}
	now := s.now()
	today := calendar.DateOf(now.In(ict))
	days := make([]calendar.Date, q.Days)
	at := make([]time.Time, q.Days)
	for i := range days {
		days[i] = today.AddDays(i - q.Days + 1)
		at[i] = days[i].AddDays(1).Time(ict)
		if at[i].After(now) {
			at[i] = now
		}
	}
	counts, err := s.store.OverdueHistory(ctx, scopeOf(c), unit.Path, at)
	if err != nil {
		s.respondError(c, internal(err, "overdue history"))
		return
	}
	resp := overdueHistoryResponse{Unit: viewUnit(*unit), Days: make([]overduePoint, len(days))}
	for i, d := range days {
		resp.Days[i] = overduePoint{Date: d, Overdue: counts[i]}
	}
	c.JSON(http.StatusOK, resp)
}
