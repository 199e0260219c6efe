package store

import (
	"context"
	"fmt"
	"time"

	"dsflow/models"
)

// FigureSums sums a process's figures at every unit above (and at) the
// units that reported them: sums[unit][indicator]. One query, whatever the
// depth of the tree.
func (s *Store) FigureSums(ctx context.Context, processID string) (map[uint]map[string]float64, error) {
	rows, err := s.db.WithContext(ctx).Raw(`SELECT c.ancestor_id, f.indicator, SUM(f.value)
		FROM figures f JOIN unit_closures c ON c.unit_id = f.unit_id
		WHERE f.process_id = ? GROUP BY c.ancestor_id, f.indicator`, processID).Rows()
	if err != nil {
		return nil, fmt.Errorf("sum figures of %s: %w", processID, err)
	}
	defer rows.Close()
	out := map[uint]map[string]float64{}
	for rows.Next() {
		var unit uint
		var ind string
		var v float64
		if err := rows.Scan(&unit, &ind, &v); err != nil {
			return nil, fmt.Errorf("scan figure sum: %w", err)
		}
		if out[unit] == nil {
			out[unit] = map[string]float64{}
		}
		out[unit][ind] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sum figures of %s: %w", processID, err)
	}
	return out, nil
}

// ProcessUnits returns the units that have tasks in a process, each once,
// ordered by path.
func (s *Store) ProcessUnits(ctx context.Context, processID string) ([]models.Unit, error) {
	var out []models.Unit
	err := s.db.WithContext(ctx).Where("id IN (?)", s.db.Model(&models.Task{}).Select("unit_id").Where("process_id = ?", processID)).
		Order("path").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("units of process %s: %w", processID, err)
	}
	return out, nil
}

// StepProgress is, for one step occurrence of a process, how many units
// have it, how many submitted it and how many are late with it, in a
// subtree.
type StepProgress struct {
	Kind      string    `json:"step"`
	DueAt     time.Time `json:"due_at"`
	Units     int       `json:"units"`
	Submitted int       `json:"submitted"`
	Overdue   int       `json:"overdue"`
}

// ProcessProgress counts, per step occurrence (kind and due time), the
// process's tasks in the subtree at scope: all, submitted (or beyond) and
// overdue.
func (s *Store) ProcessProgress(ctx context.Context, scope Scope, processID string) ([]StepProgress, error) {
	cond, args := subtree("unit_path", scope.Path)
	rows, err := s.db.WithContext(ctx).Raw(`SELECT kind, due_at, COUNT(*),
			SUM(CASE WHEN status IN ('submitted','approved','done') THEN 1 ELSE 0 END),
			SUM(CASE WHEN overdue AND status IN ('open','claimed','returned') THEN 1 ELSE 0 END)
		FROM tasks WHERE process_id = ? AND status <> 'cancelled' AND `+cond+`
		GROUP BY kind, due_at ORDER BY due_at, kind`, append([]any{processID}, args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("progress of %s: %w", processID, err)
	}
	defer rows.Close()
	var out []StepProgress
	for rows.Next() {
		var p StepProgress
		if err := rows.Scan(&p.Kind, &p.DueAt, &p.Units, &p.Submitted, &p.Overdue); err != nil {
			return nil, fmt.Errorf("scan progress: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("progress of %s: %w", processID, err)
	}
	return out, nil
}

// UnitOverdue is a unit with overdue tasks in a process.
type UnitOverdue struct {
	UnitID   uint    `json:"unit_id"`
	UnitCode *string `json:"unit_code,omitempty"`
	UnitName string  `json:"unit_name"`
	Overdue  int     `json:"overdue"`
}

// ProcessOverdueUnits lists the units in the subtree at scope with overdue
// tasks in a process, most overdue first (at most limit).
func (s *Store) ProcessOverdueUnits(ctx context.Context, scope Scope, processID string, limit int) ([]UnitOverdue, error) {
	cond, args := subtree("t.unit_path", scope.Path)
	rows, err := s.db.WithContext(ctx).Raw(`SELECT t.unit_id, u.code, u.name, COUNT(*) AS n
		FROM tasks t JOIN units u ON u.id = t.unit_id
		WHERE t.process_id = ? AND t.overdue AND t.status IN ? AND `+cond+`
		GROUP BY t.unit_id, u.code, u.name ORDER BY n DESC, u.name LIMIT ?`,
		append(append([]any{processID, openStatuses}, args...), limit)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("overdue units of %s: %w", processID, err)
	}
	defer rows.Close()
	out := []UnitOverdue{}
	for rows.Next() {
		var u UnitOverdue
		if err := rows.Scan(&u.UnitID, &u.UnitCode, &u.UnitName, &u.Overdue); err != nil {
			return nil, fmt.Errorf("scan overdue unit: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
