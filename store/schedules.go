package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/calendar"
	"dsflow/models"
	"dsflow/plan"
)

// EntitySchedule is the audit entity of a schedule.
const EntitySchedule = "schedule"

// CreateSchedule records a recurring cycle; one recorded already under the
// ID is returned as it is (a retried request), with created false.
func (s *Store) CreateSchedule(ctx context.Context, sc models.Schedule) (*models.Schedule, bool, error) {
	created := false
	err := s.tx(ctx, func(tx *gorm.DB) error {
		sc.CreatedAt = s.now().UTC()
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&sc)
		if res.Error != nil {
			return fmt.Errorf("insert schedule: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		created = true
		return appendAudit(tx, AuditRecord{ActorID: sc.CreatedBy, Action: "schedule.create", EntityType: EntitySchedule, EntityID: sc.ID,
			UnitPath: sc.RootPath, At: sc.CreatedAt, After: map[string]any{"template": sc.TemplateKey, "cadence": sc.Cadence, "name": sc.Name}})
	})
	if err != nil {
		return nil, false, fmt.Errorf("create schedule %s: %w", sc.ID, err)
	}
	got, err := s.GetSchedule(ctx, Scope{Path: "/"}, sc.ID)
	return got, created, err
}

// GetSchedule returns a schedule whose root lies in scope. ENOTFOUND.
func (s *Store) GetSchedule(ctx context.Context, scope Scope, id string) (*models.Schedule, error) {
	cond, args := subtree("root_path", scope.Path)
	var sc models.Schedule
	err := s.db.WithContext(ctx).Where("id = ? AND NOT deleted", id).Where(cond, args...).First(&sc).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("schedule")
	}
	if err != nil {
		return nil, fmt.Errorf("load schedule %s: %w", id, err)
	}
	return &sc, nil
}

// ListSchedules lists the schedules whose root lies in scope.
func (s *Store) ListSchedules(ctx context.Context, scope Scope) ([]models.Schedule, error) {
	cond, args := subtree("root_path", scope.Path)
	var out []models.Schedule
	if err := s.db.WithContext(ctx).Where("NOT deleted").Where(cond, args...).Order("created_at, id").Limit(500).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	return out, nil
}

// DeleteSchedule marks a schedule deleted (its processes stay).
func (s *Store) DeleteSchedule(ctx context.Context, actorID uint, sc *models.Schedule) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&models.Schedule{}).Where("id = ?", sc.ID).Update("deleted", true).Error; err != nil {
			return fmt.Errorf("delete schedule: %w", err)
		}
		return appendAudit(tx, AuditRecord{ActorID: actorID, Action: "schedule.delete", EntityType: EntitySchedule, EntityID: sc.ID,
			UnitPath: sc.RootPath, At: s.now()})
	})
}

// PeriodProcess records the process of the period of a schedule that
// contains at (in Vietnam), once: its ID is the schedule's and the
// period's, so the same period is never launched twice.
func (s *Store) PeriodProcess(ctx context.Context, scheduleID string, at time.Time) (*models.Process, error) {
	sc, err := s.GetSchedule(ctx, Scope{Path: "/"}, scheduleID)
	if err != nil {
		return nil, err
	}
	t, err := s.GetTemplate(ctx, sc.TemplateID)
	if err != nil {
		return nil, err
	}
	per := plan.PeriodOf(sc.Cadence, calendar.DateOf(at.In(calendar.Location())))
	p := models.Process{ID: sc.ID + "-" + per.Label, Kind: t.Kind, TemplateID: t.ID, TemplateKey: t.Key, TemplateVersion: t.Version,
		Name: sc.Name + " – " + per.Label, RootUnitID: sc.RootUnitID, RootPath: sc.RootPath, Level: sc.Level,
		WindowStart: per.Start.Time(calendar.Location()), WindowEnd: per.End.Time(calendar.Location()),
		Status: models.ProcessScheduled, ScheduleID: sc.ID, Period: per.Label, CreatedBy: sc.CreatedBy}
	got, _, err := s.CreateProcess(ctx, p, nil)
	return got, err
}

// PreviousPeriod returns the latest process of the same schedule before p
// (nil when p is the first).
func (s *Store) PreviousPeriod(ctx context.Context, p *models.Process) (*models.Process, error) {
	if p.ScheduleID == "" {
		return nil, nil
	}
	var prev models.Process
	err := s.db.WithContext(ctx).Where("schedule_id = ? AND window_start < ?", p.ScheduleID, p.WindowStart).
		Order("window_start DESC").Limit(1).Find(&prev).Error
	if err != nil {
		return nil, fmt.Errorf("previous period of %s: %w", p.ID, err)
	}
	if prev.ID == "" {
		return nil, nil
	}
	return &prev, nil
}

// AddConclusions records a briefing's conclusions with the tasks each
// became (written first, with their host); a conclusion recorded already
// under its number is left as it is.
func (s *Store) AddConclusions(ctx context.Context, cs []models.Conclusion, batch TaskBatch) error {
	if _, err := s.CreateTasks(ctx, batch); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		for i := range cs {
			cs[i].CreatedAt = s.now().UTC()
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&cs).Error; err != nil {
			return fmt.Errorf("insert conclusions: %w", err)
		}
		return nil
	})
}

// Conclusions returns a process's conclusions in order.
func (s *Store) Conclusions(ctx context.Context, processID string) ([]models.Conclusion, error) {
	var out []models.Conclusion
	if err := s.db.WithContext(ctx).Where("process_id = ?", processID).Order("seq").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("conclusions of %s: %w", processID, err)
	}
	return out, nil
}

// NextConclusionSeq is the number the next conclusion of a process takes.
func (s *Store) NextConclusionSeq(ctx context.Context, processID string) (int, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.Conclusion{}).Where("process_id = ?", processID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count conclusions: %w", err)
	}
	return int(n) + 1, nil
}

// ConclusionHosts returns, of the hosts named, those recorded as
// conclusions already, with their numbers.
func (s *Store) ConclusionHosts(ctx context.Context, hostIDs []string) (map[string]int, error) {
	var cs []models.Conclusion
	if err := s.db.WithContext(ctx).Where("host_id IN ?", hostIDs).Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("find conclusions: %w", err)
	}
	out := map[string]int{}
	for _, k := range cs {
		out[k.HostID] = k.Seq
	}
	return out, nil
}
