package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/models"
)

// syncFigures keeps the unit's figures of the task's process equal to
// what the task's current data reports, in the transaction of the change:
// each field mapped to an indicator sets the figure (the latest submission
// of any task reporting it wins), and a field left empty removes the
// figure this task had set. Frozen figures do not move. The approval of a
// task that freezes its process freezes them all.
func syncFigures(tx *gorm.DB, row models.Task, indicators map[string]string, dataJSON string, event string, at time.Time) error {
	if row.Freezes && event == models.EventApproved {
		if err := tx.Model(&models.Figure{}).Where("process_id = ?", row.ProcessID).Update("frozen", true).Error; err != nil {
			return fmt.Errorf("freeze figures: %w", err)
		}
	}
	if len(indicators) == 0 {
		return nil
	}
	var data map[string]any
	if dataJSON != "" {
		if err := json.Unmarshal([]byte(dataJSON), &data); err != nil {
			return fmt.Errorf("read submitted data: %w", err)
		}
	}
	fields := make([]string, 0, len(indicators))
	for f := range indicators {
		fields = append(fields, f)
	}
	slices.Sort(fields) // a fixed order of row locks
	for _, field := range fields {
		ind := indicators[field]
		v, ok := number(data[field])
		if !ok {
			err := tx.Where("process_id = ? AND unit_id = ? AND indicator = ? AND task_id = ? AND NOT frozen", row.ProcessID, row.UnitID, ind, row.ID).
				Delete(&models.Figure{}).Error
			if err != nil {
				return fmt.Errorf("clear figure %s: %w", ind, err)
			}
			continue
		}
		f := models.Figure{ProcessID: row.ProcessID, UnitID: row.UnitID, Indicator: ind, UnitPath: row.UnitPath, Value: v,
			TaskID: row.ID, Revision: row.Revision, UpdatedAt: at.UTC()}
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "process_id"}, {Name: "unit_id"}, {Name: "indicator"}},
			DoUpdates: clause.AssignmentColumns([]string{"value", "task_id", "revision", "updated_at", "unit_path"}),
			Where:     clause.Where{Exprs: []clause.Expression{clause.Eq{Column: "figures.frozen", Value: false}}},
		}).Create(&f).Error
		if err != nil {
			return fmt.Errorf("set figure %s: %w", ind, err)
		}
	}
	return nil
}

// number reads a form value as a figure: forms keep numbers as JSON numbers.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}
