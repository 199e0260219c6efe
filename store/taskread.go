package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"dsflow/i18n"
	"dsflow/models"
)

// TaskFilter selects tasks in a scope. Zero fields do not filter.
type TaskFilter struct {
	AssigneeID  *uint // the assignee, or who claimed it
	UnitPath    string
	Status      []string
	Overdue     *bool
	ProcessKind string
	ProcessID   string
	Kind        string
	DueBefore   *time.Time
	DueAfter    *time.Time
	Query       string // folded title search
	// Sort is one of due_at, -due_at, created_at, -created_at.
	Sort   string
	Cursor string
	Limit  int
}

// TaskSorts lists the sort keys ListTasks accepts.
var TaskSorts = []string{"due_at", "-due_at", "created_at", "-created_at"}

type cursor struct {
	At time.Time `json:"t"`
	ID string    `json:"i"`
}

// ListTasks returns one page of tasks in scope and the cursor of the next
// page ("" at the end). EINVALID for a bad cursor or sort.
func (s *Store) ListTasks(ctx context.Context, scope Scope, f TaskFilter) ([]models.Task, string, error) {
	path := scope.Path
	if f.UnitPath != "" {
		if !models.PathContains(scope.Path, f.UnitPath) {
			return nil, "", nil
		}
		path = f.UnitPath
	}
	cond, args := subtree("unit_path", path)
	q := s.db.WithContext(ctx).Model(&models.Task{}).Where(cond, args...)
	if f.AssigneeID != nil {
		q = q.Where("(assignee_id = ? OR claimed_by = ?)", *f.AssigneeID, *f.AssigneeID)
	}
	if len(f.Status) > 0 {
		q = q.Where("status IN ?", f.Status)
	}
	if f.Overdue != nil {
		q = q.Where("overdue = ?", *f.Overdue)
	}
	for col, v := range map[string]string{"process_kind": f.ProcessKind, "process_id": f.ProcessID, "kind": f.Kind} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.DueBefore != nil {
		q = q.Where("due_at < ?", f.DueBefore.UTC())
	}
	if f.DueAfter != nil {
		q = q.Where("due_at >= ?", f.DueAfter.UTC())
	}
	if qs := i18n.Fold(f.Query); qs != "" {
		q = q.Where("search_text LIKE ? ESCAPE '\\'", "%"+escapeLike(qs)+"%")
	}
	col, desc := "due_at", false
	switch f.Sort {
	case "", "due_at":
	case "-due_at":
		desc = true
	case "created_at":
		col = "created_at"
	case "-created_at":
		col, desc = "created_at", true
	default:
		return nil, "", models.Invalid(models.FieldError{Field: "sort", Rule: "oneof", Param: "due_at -due_at created_at -created_at"})
	}
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		op := ">"
		if desc {
			op = "<"
		}
		q = q.Where(fmt.Sprintf("(%s %s ? OR (%s = ? AND id %s ?))", col, op, col, op), c.At, c.At, c.ID)
	}
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var rows []models.Task
	if err := q.Order(col + " " + dir + ", id " + dir).Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list tasks: %w", err)
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		at := last.DueAt
		if col == "created_at" {
			at = last.CreatedAt
		}
		next = encodeCursor(cursor{At: at.UTC(), ID: last.ID})
	}
	return rows, next, nil
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return c, models.Invalid(models.FieldError{Field: "cursor", Rule: "cursor"})
	}
	return c, nil
}

// GetTask returns the task id if its unit lies in scope. ENOTFOUND.
func (s *Store) GetTask(ctx context.Context, scope Scope, id string) (*models.Task, error) {
	var t models.Task
	cond, args := subtree("unit_path", scope.Path)
	err := s.db.WithContext(ctx).Where("id = ?", id).Where(cond, args...).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("task")
	}
	if err != nil {
		return nil, fmt.Errorf("load task %s: %w", id, err)
	}
	return &t, nil
}

// TaskEvents returns the history of a task in scope, oldest first; nothing
// for a task outside it.
func (s *Store) TaskEvents(ctx context.Context, scope Scope, taskID string) ([]models.TaskEvent, error) {
	var out []models.TaskEvent
	cond, args := subtree("tasks.unit_path", scope.Path)
	err := s.db.WithContext(ctx).Joins("JOIN tasks ON tasks.id = task_events.task_id").
		Where("task_events.task_id = ?", taskID).Where(cond, args...).Order("task_events.revision").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("load task history: %w", err)
	}
	return out, nil
}

// PendingSignOffs lists submitted tasks whose current sign-off level is
// addressed to actor: the level's role is one of the actor's, at the actor's
// own unit (the people the level's notification goes to). A level of a unit
// below is not listed: in a chain of ward then district, the district's
// leader sees the task only once the ward has approved it.
func (s *Store) PendingSignOffs(ctx context.Context, actor models.Actor, limit int) ([]models.Task, error) {
	if limit <= 0 || limit > 200 {
		limit = 100
	}
	var out []models.Task
	err := s.db.WithContext(ctx).Where("status = ? AND sign_off_role IN ? AND sign_off_unit_path = ?",
		models.StatusSubmitted, actor.Roles, actor.UnitPath).Order("submitted_at, id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list pending sign-offs: %w", err)
	}
	return out, nil
}
