package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/i18n"
	"dsflow/models"
)

// EntityInspection is the audit entity of an inspection.
const EntityInspection = "inspection"

// NewInspection is what CreateInspection records.
type NewInspection struct {
	Inspection models.Inspection
	Units      []models.Unit
	Team       []models.TeamMember
	// Sheets are the empty checklists, one per unit and inspector, with
	// their task IDs; Batch writes those tasks and the host.
	Sheets []models.ChecklistSheet
	Batch  TaskBatch
}

// CreateInspection records an inspection, its units, team and empty
// checklists, tells the inspected units' leaders (their inboxes), and
// writes the checklist tasks with their host. An inspection recorded
// already under its ID is left as it is (a retried request), and returned.
func (s *Store) CreateInspection(ctx context.Context, n NewInspection) (*models.Inspection, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now().UTC()
		in := n.Inspection
		in.CreatedAt, in.UpdatedAt, in.Status = now, now, models.InspectionPlanned
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&in)
		if res.Error != nil {
			return fmt.Errorf("insert inspection: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		units := make([]models.InspectedUnit, len(n.Units))
		for i, u := range n.Units {
			units[i] = models.InspectedUnit{InspectionID: in.ID, UnitID: u.ID, UnitPath: u.Path}
		}
		if err := tx.Create(&units).Error; err != nil {
			return fmt.Errorf("insert inspected units: %w", err)
		}
		if err := tx.Create(&n.Team).Error; err != nil {
			return fmt.Errorf("insert team: %w", err)
		}
		for i := range n.Sheets {
			n.Sheets[i].AnswersJSON, n.Sheets[i].UpdatedAt = "{}", now
		}
		if err := tx.CreateInBatches(&n.Sheets, s.rowsPerInsert()).Error; err != nil {
			return fmt.Errorf("insert checklists: %w", err)
		}
		if err := s.tellUnits(tx, in, n.Units); err != nil {
			return err
		}
		return appendAudit(tx, AuditRecord{ActorID: in.CreatedBy, Action: "inspection.plan", EntityType: EntityInspection, EntityID: in.ID,
			UnitPath: in.UnitPath, At: now, After: map[string]any{"name": in.Name, "units": len(n.Units), "team": len(n.Team),
				"checklist": in.ChecklistKey, "version": in.ChecklistVersion}})
	})
	if err != nil {
		return nil, fmt.Errorf("create inspection %s: %w", n.Inspection.ID, err)
	}
	if _, err := s.CreateTasks(ctx, n.Batch); err != nil {
		return nil, err
	}
	return s.GetInspection(ctx, n.Inspection.ID)
}

// tellUnits puts the planned visit in the inboxes of the inspected units'
// leaders.
func (s *Store) tellUnits(tx *gorm.DB, in models.Inspection, units []models.Unit) error {
	ids := make([]uint, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	var leaders []models.User
	if err := tx.Where("unit_id IN ? AND active = ? AND (','||roles||',') LIKE ?", ids, true, "%,"+models.RoleLeader+",%").Find(&leaders).Error; err != nil {
		return fmt.Errorf("load the inspected units' leaders: %w", err)
	}
	var rows []models.Notification
	for _, u := range leaders {
		rows = append(rows, models.Notification{UserID: u.ID, Key: in.ID + "/planned", Kind: NotifyInspectionPlanned, CreatedAt: s.now().UTC(),
			TitleVi: truncate(i18n.T(i18n.VI, "notify."+NotifyInspectionPlanned, in.Name), 300),
			TitleEn: truncate(i18n.T(i18n.EN, "notify."+NotifyInspectionPlanned, in.Name), 300)})
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
		return fmt.Errorf("tell the inspected units: %w", err)
	}
	return nil
}

// NotifyInspectionPlanned is the notification of a planned visit.
const NotifyInspectionPlanned = "inspection.planned"

// GetInspection returns an inspection by ID, unscoped. ENOTFOUND.
func (s *Store) GetInspection(ctx context.Context, id string) (*models.Inspection, error) {
	var in models.Inspection
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&in).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("inspection")
	}
	if err != nil {
		return nil, fmt.Errorf("load inspection %s: %w", id, err)
	}
	return &in, nil
}

// visibleInspections selects the inspections a person sees: their
// inspecting unit lies in the person's subtree, they are on the team, or
// a unit they inspect lies in the subtree.
func (s *Store) visibleInspections(ctx context.Context, scope Scope, userID uint) *gorm.DB {
	cond, args := subtree("unit_path", scope.Path)
	ucond, uargs := subtree("unit_path", scope.Path)
	db := s.db.WithContext(ctx)
	return db.Model(&models.Inspection{}).Where("("+cond+") OR id IN (?) OR id IN (?)", append(args,
		db.Model(&models.TeamMember{}).Select("inspection_id").Where("user_id = ?", userID),
		db.Model(&models.InspectedUnit{}).Select("inspection_id").Where(ucond, uargs...))...)
}

// VisibleInspection returns an inspection the person may see. ENOTFOUND.
func (s *Store) VisibleInspection(ctx context.Context, scope Scope, userID uint, id string) (*models.Inspection, error) {
	var in models.Inspection
	err := s.visibleInspections(ctx, scope, userID).Where("id = ?", id).First(&in).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("inspection")
	}
	if err != nil {
		return nil, fmt.Errorf("load inspection %s: %w", id, err)
	}
	return &in, nil
}

// ListInspections lists the inspections a person may see, newest first.
func (s *Store) ListInspections(ctx context.Context, scope Scope, userID uint, status string) ([]models.Inspection, error) {
	q := s.visibleInspections(ctx, scope, userID)
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var out []models.Inspection
	if err := q.Order("window_start DESC, id").Limit(200).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list inspections: %w", err)
	}
	return out, nil
}

// InspectionUnits returns the units an inspection visits.
func (s *Store) InspectionUnits(ctx context.Context, id string) ([]models.Unit, error) {
	var out []models.Unit
	err := s.db.WithContext(ctx).Where("id IN (?)", s.db.Model(&models.InspectedUnit{}).Select("unit_id").Where("inspection_id = ?", id)).
		Order("path").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("inspected units of %s: %w", id, err)
	}
	return out, nil
}

// InspectionTeam returns an inspection's team with the users, lead first.
func (s *Store) InspectionTeam(ctx context.Context, id string) ([]models.TeamMember, []models.User, error) {
	var team []models.TeamMember
	if err := s.db.WithContext(ctx).Where("inspection_id = ?", id).Order("role, user_id").Find(&team).Error; err != nil {
		return nil, nil, fmt.Errorf("team of %s: %w", id, err)
	}
	ids := make([]uint, len(team))
	for i, m := range team {
		ids[i] = m.UserID
	}
	var users []models.User
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Order("id").Find(&users).Error; err != nil {
		return nil, nil, fmt.Errorf("team users of %s: %w", id, err)
	}
	return team, users, nil
}

// CloseInspection marks an inspection closed (every remediation verified).
func (s *Store) CloseInspection(ctx context.Context, id string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&models.Inspection{}).Where("id = ? AND status = ?", id, models.InspectionSigned).
			Updates(map[string]any{"status": models.InspectionClosed, "updated_at": s.now().UTC()})
		if res.Error != nil {
			return fmt.Errorf("close inspection: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		var in models.Inspection
		if err := tx.Where("id = ?", id).First(&in).Error; err != nil {
			return fmt.Errorf("load inspection: %w", err)
		}
		return appendAudit(tx, AuditRecord{Action: "inspection.close", EntityType: EntityInspection, EntityID: id, UnitPath: in.UnitPath, At: s.now()})
	})
}

// InspectionTasks returns an inspection's tasks (its checklists and
// remediations) by ID, unscoped: the caller has decided the inspection is
// visible.
func (s *Store) InspectionTasks(ctx context.Context, id string) (map[string]models.Task, error) {
	var rows []models.Task
	if err := s.db.WithContext(ctx).Where("process_kind = ? AND process_id = ?", models.ProcessInspection, id).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("tasks of inspection %s: %w", id, err)
	}
	out := make(map[string]models.Task, len(rows))
	for _, t := range rows {
		out[t.ID] = t
	}
	return out, nil
}
