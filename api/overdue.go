package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"dsflow/models"
	"dsflow/store"
)

// bucketLabels name the age buckets of overdue tasks.
var bucketLabels = map[int]string{models.Bucket1to3: "1-3", models.Bucket4to7: "4-7", models.Bucket8to30: "8-30", models.BucketOver30: ">30"}

type overdueGroup struct {
	Unit      unitView         `json:"unit"`
	Total     int64            `json:"total"`
	ByProcess map[string]int64 `json:"by_process"`
	ByAge     map[string]int64 `json:"by_age"`
}

type overdueResponse struct {
	overdueGroup
	// Children are the units directly below, each with everything overdue
	// in its subtree; Own is the unit's own tasks.
	Children   []overdueGroup `json:"children"`
	Own        *overdueGroup  `json:"own,omitempty"`
	Tasks      []taskView     `json:"tasks"`
	NextCursor string         `json:"next_cursor"`

	rows []store.OverdueRow
}

type overdueQuery struct {
	UnitID *uint  `form:"unit" json:"unit"`
	Cursor string `form:"cursor" json:"cursor" validate:"max=400"`
	Limit  int    `form:"limit" json:"limit" validate:"gte=0,lte=200"`
	View   string `form:"view" json:"view" validate:"omitempty,oneof=rollup tasks"`
}

// handleOverdue answers a leader's question — what is overdue below me — from
// the roll-up counters (a few hundred rows whatever the number of tasks),
// with one page of the overdue tasks. Accept: text/csv exports the roll-up
// (or, with view=tasks, the task list).
func (s *Server) handleOverdue(c *gin.Context) {
	var q overdueQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	ctx := c.Request.Context()
	unit := currentUser(c).Unit // the session already loaded it
	if q.UnitID != nil && *q.UnitID != unit.ID {
		var err error
		if unit, err = s.store.GetUnit(ctx, scopeOf(c), *q.UnitID); err != nil {
			s.respondError(c, err)
			return
		}
	}
	rows, err := s.store.OverdueRollup(ctx, scopeOf(c), unit.ID)
	if err != nil {
		s.respondError(c, internal(err, "overdue roll-up"))
		return
	}
	wantCSV := strings.Contains(c.GetHeader("Accept"), "text/csv")
	// The first screen shows the 20 longest-overdue tasks; more come by
	// cursor. In a large subtree each listed task costs an index walk.
	limit := q.Limit
	switch {
	case wantCSV && q.View == "tasks":
		limit = 200
	case limit == 0:
		limit = 20
	}
	// view=rollup skips the drill-down list: a leader's first screen, or a
	// dashboard that refreshes the counts only.
	var tasks []models.Task
	var next string
	if q.View != "rollup" {
		tasks, next, err = s.store.OverdueTasks(ctx, store.Scope{Path: unit.Path}, store.TaskFilter{Cursor: q.Cursor, Limit: limit})
		if err != nil {
			s.respondError(c, internal(err, "overdue tasks"))
			return
		}
	}
	resp := groupOverdue(*unit, rows)
	resp.Tasks, resp.NextCursor = make([]taskView, 0, len(tasks)), next
	for _, t := range tasks {
		resp.Tasks = append(resp.Tasks, viewTaskRow(t))
	}
	if wantCSV {
		writeOverdueCSV(c, resp, q.View == "tasks")
		return
	}
	c.JSON(http.StatusOK, resp)
}

// groupOverdue sums the counter rows per child unit and in total. The rows
// carry their child unit's name, so this reads nothing more.
func groupOverdue(unit models.Unit, rows []store.OverdueRow) overdueResponse {
	resp := overdueResponse{overdueGroup: newGroup(unit), Children: []overdueGroup{}, rows: rows}
	groups := map[uint]*overdueGroup{}
	for _, r := range rows {
		g, ok := groups[r.ChildID]
		if !ok {
			child := unit
			if r.ChildID != unit.ID {
				child = models.Unit{ID: r.ChildID, Code: r.ChildCode, Name: r.ChildName, Level: r.ChildLevel, ParentID: &unit.ID,
					Path: models.UnitPath(unit.Path, r.ChildID), Depth: unit.Depth + 1}
			}
			ng := newGroup(child)
			g = &ng
			groups[r.ChildID] = g
		}
		for _, tgt := range []*overdueGroup{g, &resp.overdueGroup} {
			tgt.Total += r.N
			tgt.ByProcess[r.ProcessKind] += r.N
			tgt.ByAge[bucketLabels[r.Bucket]] += r.N
		}
	}
	for id, g := range groups {
		if id == unit.ID {
			resp.Own = g
			continue
		}
		resp.Children = append(resp.Children, *g)
	}
	sort.Slice(resp.Children, func(i, j int) bool {
		if resp.Children[i].Total != resp.Children[j].Total {
			return resp.Children[i].Total > resp.Children[j].Total
		}
		return resp.Children[i].Unit.Name < resp.Children[j].Unit.Name
	})
	return resp
}

func newGroup(u models.Unit) overdueGroup {
	return overdueGroup{Unit: viewUnit(u), ByProcess: map[string]int64{}, ByAge: map[string]int64{}}
}

func writeOverdueCSV(c *gin.Context, resp overdueResponse, tasks bool) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="overdue-%d.csv"`, resp.Unit.ID))
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write([]byte("\ufeff")) // so spreadsheet programs read UTF-8
	w := csv.NewWriter(c.Writer)
	if tasks {
		_ = w.Write([]string{"task_id", "unit_id", "process", "title", "status", "due_at"})
		for _, t := range resp.Tasks {
			_ = w.Write([]string{t.ID, fmt.Sprint(t.UnitID), t.ProcessKind, t.Title.Vi, t.Status, t.DueAt.Format("02/01/2006 15:04")})
		}
	} else {
		_ = w.Write([]string{"unit_id", "unit_code", "unit_name", "process", "age_days", "count"})
		for _, r := range resp.rows {
			code := ""
			if r.ChildCode != nil {
				code = *r.ChildCode
			}
			_ = w.Write([]string{fmt.Sprint(r.ChildID), code, r.ChildName, r.ProcessKind, bucketLabels[r.Bucket], fmt.Sprint(r.N)})
		}
	}
	w.Flush()
}
