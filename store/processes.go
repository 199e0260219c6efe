package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/models"
)

// CreateProcess records a process with its targets in one transaction. A
// process whose ID is recorded already is left as it is and returned (a
// retried launch: IDs derive from the Idempotency-Key), with created false.
func (s *Store) CreateProcess(ctx context.Context, p models.Process, targets []models.ProcessTarget) (*models.Process, bool, error) {
	created := false
	err := s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now().UTC()
		p.CreatedAt, p.UpdatedAt = now, now
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&p)
		if res.Error != nil {
			return fmt.Errorf("insert process: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		created = true
		for i := range targets {
			targets[i].ProcessID = p.ID
		}
		if len(targets) > 0 {
			if err := tx.CreateInBatches(&targets, batchSize).Error; err != nil {
				return fmt.Errorf("insert targets: %w", err)
			}
		}
		return appendAudit(tx, AuditRecord{ActorID: p.CreatedBy, Action: "process.create", EntityType: EntityProcess, EntityID: p.ID,
			UnitPath: p.RootPath, At: now, After: map[string]any{"template": p.TemplateKey, "version": p.TemplateVersion, "name": p.Name,
				"window_start": p.WindowStart, "window_end": p.WindowEnd, "level": p.Level, "targets": len(targets)}})
	})
	if err != nil {
		return nil, false, fmt.Errorf("create process %s: %w", p.ID, err)
	}
	got, err := s.GetProcess(ctx, p.ID)
	return got, created, err
}

// EntityProcess is the audit entity of a process.
const EntityProcess = "process"

// GetProcess returns a process by ID, unscoped (workflows and activities).
// ENOTFOUND.
func (s *Store) GetProcess(ctx context.Context, id string) (*models.Process, error) {
	var p models.Process
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("process")
	}
	if err != nil {
		return nil, fmt.Errorf("load process %s: %w", id, err)
	}
	return &p, nil
}

// VisibleProcess returns a process the caller may see: its root lies in
// the caller's subtree, or the caller's unit takes part below its root.
// ENOTFOUND otherwise.
func (s *Store) VisibleProcess(ctx context.Context, scope Scope, id string) (*models.Process, error) {
	p, err := s.GetProcess(ctx, id)
	if err != nil {
		return nil, err
	}
	if !models.PathContains(scope.Path, p.RootPath) && !models.PathContains(p.RootPath, scope.Path) {
		return nil, models.NotFound("process")
	}
	return p, nil
}

// ProcessFilter selects processes.
type ProcessFilter struct {
	Kind       string
	Status     string
	ScheduleID string
	Limit      int
}

// ListProcesses lists the processes the caller may see (see
// VisibleProcess), newest window first.
func (s *Store) ListProcesses(ctx context.Context, scope Scope, f ProcessFilter) ([]models.Process, error) {
	cond, args := subtree("root_path", scope.Path)
	// Roots above the caller: the prefixes of the caller's own path.
	var above []string
	for _, id := range models.PathIDs(scope.Path) {
		p := "/"
		if len(above) > 0 {
			p = above[len(above)-1]
		}
		above = append(above, models.UnitPath(p, id))
	}
	q := s.db.WithContext(ctx).Where("("+cond+") OR root_path IN ?", append(args, above)...)
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.ScheduleID != "" {
		q = q.Where("schedule_id = ?", f.ScheduleID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 100
	}
	var out []models.Process
	if err := q.Order("window_start DESC, id").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list processes: %w", err)
	}
	return out, nil
}

// SetProcessStatus moves a process to status, noting why in the audit. A
// terminal status
// (completed, cancelled) never changes again, and a running process never
// goes back to scheduled; such a call changes nothing. It returns the
// status the process has after the call.
func (s *Store) SetProcessStatus(ctx context.Context, id, status, note string) (string, error) {
	var out string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var p models.Process
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).First(&p).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.NotFound("process")
			}
			return fmt.Errorf("lock process: %w", err)
		}
		out = p.Status
		if !statusMoves(p.Status, status) {
			return nil
		}
		now := s.now().UTC()
		if err := tx.Model(&p).Updates(map[string]any{"status": status, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("set process status: %w", err)
		}
		out = status
		after := map[string]any{"status": status}
		if note != "" {
			after["note"] = note
		}
		return appendAudit(tx, AuditRecord{Action: "process." + status, EntityType: EntityProcess, EntityID: id, UnitPath: p.RootPath, At: now,
			Before: map[string]any{"status": p.Status}, After: after})
	})
	if err != nil {
		return "", fmt.Errorf("process %s: %w", id, err)
	}
	return out, nil
}

// statusMoves reports whether a process may go from one status to another.
func statusMoves(from, to string) bool {
	switch from {
	case models.ProcessScheduled:
		return to != models.ProcessScheduled
	case models.ProcessRunning:
		return to == models.ProcessCompleted || to == models.ProcessCancelled
	}
	return false
}

// ProcessTargets returns a process's targets.
func (s *Store) ProcessTargets(ctx context.Context, id string) ([]models.ProcessTarget, error) {
	var out []models.ProcessTarget
	if err := s.db.WithContext(ctx).Where("process_id = ?", id).Order("indicator, unit_id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}
	return out, nil
}

// UnitsOfLevels returns the units at one of levels in the subtree at path
// (no limit: a launch's planning), ordered by path.
func (s *Store) UnitsOfLevels(ctx context.Context, path string, levels []string) ([]models.Unit, error) {
	cond, args := subtree("path", path)
	var out []models.Unit
	if err := s.db.WithContext(ctx).Where(cond, args...).Where("level IN ?", levels).Order("path").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("units of levels %v: %w", levels, err)
	}
	return out, nil
}

// ChildUnits returns the units directly below unitID, ordered by path.
func (s *Store) ChildUnits(ctx context.Context, unitID uint) ([]models.Unit, error) {
	var out []models.Unit
	if err := s.db.WithContext(ctx).Where("parent_id = ?", unitID).Order("path").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("child units of %d: %w", unitID, err)
	}
	return out, nil
}

// HostsOfProcess returns the recorded unit hosts of a process.
func (s *Store) HostsOfProcess(ctx context.Context, processID string) ([]models.TaskHost, error) {
	var out []models.TaskHost
	if err := s.db.WithContext(ctx).Where("process_id = ?", processID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("hosts of process %s: %w", processID, err)
	}
	return out, nil
}
