package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/calendar"
	"dsflow/models"
)

// SheetSave is one save of an inspector's checklist for a unit: every
// answer so far (a save replaces the draft), the version the client last
// had, and the save's own ID, made by the client.
type SheetSave struct {
	InspectionID string
	UnitID       uint
	InspectorID  uint
	BaseVersion  int
	SaveID       string
	Answers      map[string]models.Answer
}

// SaveSheet stores a checklist draft. A save whose ID is the stored one's
// is a retry and changes nothing; a save made from an older version than
// the stored one is refused (ECONFLICT, with the stored sheet as State),
// as is any save once the sheet is submitted or the minutes signed.
func (s *Store) SaveSheet(ctx context.Context, sv SheetSave) (*models.ChecklistSheet, error) {
	raw, err := json.Marshal(sv.Answers)
	if err != nil {
		return nil, fmt.Errorf("encode answers: %w", err)
	}
	var out models.ChecklistSheet
	err = s.tx(ctx, func(tx *gorm.DB) error {
		sh, in, err := lockSheet(tx, sv.InspectionID, sv.UnitID, sv.InspectorID)
		if err != nil {
			return err
		}
		out = *sh
		switch {
		case sh.SaveID == sv.SaveID:
			return nil
		case in.Status != models.InspectionPlanned:
			return &models.Error{Code: models.ECONFLICT, Key: "error.inspection.signed", State: sh}
		case sh.Submitted:
			return &models.Error{Code: models.ECONFLICT, Key: "error.checklist.submitted", State: sh}
		case sh.Version != sv.BaseVersion:
			return &models.Error{Code: models.ECONFLICT, Key: "error.checklist.stale", State: sh,
				Detail: "version " + strconv.Itoa(sh.Version)}
		}
		out.AnswersJSON, out.Version, out.SaveID, out.UpdatedAt = string(raw), sh.Version+1, sv.SaveID, s.now().UTC()
		if err := tx.Model(&models.ChecklistSheet{}).Where(sheetKey(sh)).
			Updates(map[string]any{"answers_json": out.AnswersJSON, "version": out.Version, "save_id": out.SaveID, "updated_at": out.UpdatedAt}).Error; err != nil {
			return fmt.Errorf("save checklist: %w", err)
		}
		return appendAudit(tx, AuditRecord{ActorID: sv.InspectorID, Action: "checklist.save", EntityType: EntityInspection, EntityID: in.ID,
			UnitPath: in.UnitPath, At: out.UpdatedAt, After: map[string]any{"unit": sv.UnitID, "version": out.Version}})
	})
	if err != nil {
		return nil, fmt.Errorf("save checklist of %s: %w", sv.InspectionID, err)
	}
	return &out, nil
}

// SubmitSheet makes the checklist's answers at version final, with their
// score, before its task is submitted: no save changes them afterwards.
// Submitting the same version again (a retry) changes nothing; another
// version is refused (ECONFLICT with the sheet), as is a sheet of a signed
// inspection.
func (s *Store) SubmitSheet(ctx context.Context, inspectionID string, unitID, inspectorID uint, version int, score, maxScore float64) (*models.ChecklistSheet, error) {
	var out models.ChecklistSheet
	err := s.tx(ctx, func(tx *gorm.DB) error {
		sh, in, err := lockSheet(tx, inspectionID, unitID, inspectorID)
		if err != nil {
			return err
		}
		out = *sh
		switch {
		case sh.Submitted && sh.Version == version:
			return nil
		case in.Status != models.InspectionPlanned:
			return &models.Error{Code: models.ECONFLICT, Key: "error.inspection.signed", State: sh}
		case sh.Submitted:
			return &models.Error{Code: models.ECONFLICT, Key: "error.checklist.submitted", State: sh}
		case sh.Version != version:
			return &models.Error{Code: models.ECONFLICT, Key: "error.checklist.stale", State: sh, Detail: "version " + strconv.Itoa(sh.Version)}
		}
		out.Submitted, out.Score, out.MaxScore, out.UpdatedAt = true, score, maxScore, s.now().UTC()
		if err := tx.Model(&models.ChecklistSheet{}).Where(sheetKey(sh)).
			Updates(map[string]any{"submitted": true, "score": score, "max_score": maxScore, "updated_at": out.UpdatedAt}).Error; err != nil {
			return fmt.Errorf("submit checklist: %w", err)
		}
		return appendAudit(tx, AuditRecord{ActorID: inspectorID, Action: "checklist.submit", EntityType: EntityInspection, EntityID: in.ID,
			UnitPath: in.UnitPath, At: out.UpdatedAt, After: map[string]any{"unit": unitID, "version": version, "score": score, "max_score": maxScore}})
	})
	if err != nil {
		return nil, fmt.Errorf("submit checklist of %s: %w", inspectionID, err)
	}
	return &out, nil
}

// lockSheet reads a sheet and its inspection for change. ENOTFOUND.
func lockSheet(tx *gorm.DB, inspectionID string, unitID, inspectorID uint) (*models.ChecklistSheet, *models.Inspection, error) {
	var in models.Inspection
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", inspectionID).Limit(1).Find(&in).Error; err != nil {
		return nil, nil, fmt.Errorf("load inspection: %w", err)
	}
	if in.ID == "" {
		return nil, nil, models.NotFound("inspection")
	}
	var sh models.ChecklistSheet
	err := tx.Where("inspection_id = ? AND unit_id = ? AND inspector_id = ?", inspectionID, unitID, inspectorID).Limit(1).Find(&sh).Error
	if err != nil {
		return nil, nil, fmt.Errorf("load checklist: %w", err)
	}
	if sh.TaskID == "" {
		return nil, nil, models.NotFound("checklist")
	}
	return &sh, &in, nil
}

func sheetKey(sh *models.ChecklistSheet) map[string]any {
	return map[string]any{"inspection_id": sh.InspectionID, "unit_id": sh.UnitID, "inspector_id": sh.InspectorID}
}

// Sheets returns an inspection's checklists, by unit and inspector.
func (s *Store) Sheets(ctx context.Context, inspectionID string) ([]models.ChecklistSheet, error) {
	var out []models.ChecklistSheet
	if err := s.db.WithContext(ctx).Where("inspection_id = ?", inspectionID).Order("unit_id, inspector_id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("checklists of %s: %w", inspectionID, err)
	}
	return out, nil
}

// Sheet returns one checklist. ENOTFOUND.
func (s *Store) Sheet(ctx context.Context, inspectionID string, unitID, inspectorID uint) (*models.ChecklistSheet, error) {
	var sh models.ChecklistSheet
	err := s.db.WithContext(ctx).Where("inspection_id = ? AND unit_id = ? AND inspector_id = ?", inspectionID, unitID, inspectorID).First(&sh).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("checklist")
	}
	if err != nil {
		return nil, fmt.Errorf("checklist of %s: %w", inspectionID, err)
	}
	return &sh, nil
}

// AddFinding records a finding of an inspection not yet signed. A finding
// recorded already under its SaveID (a retried request) is returned as it
// is.
func (s *Store) AddFinding(ctx context.Context, f models.Finding) (*models.Finding, error) {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var in models.Inspection
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", f.InspectionID).Limit(1).Find(&in).Error; err != nil {
			return fmt.Errorf("load inspection: %w", err)
		}
		if in.ID == "" {
			return models.NotFound("inspection")
		}
		var had models.Finding
		if err := tx.Where("inspection_id = ? AND save_id = ?", f.InspectionID, f.SaveID).Limit(1).Find(&had).Error; err != nil {
			return fmt.Errorf("look up finding: %w", err)
		}
		if had.ID != 0 {
			if had.UnitID != f.UnitID || had.ItemKey != f.ItemKey || had.Severity != f.Severity || had.Description != f.Description ||
				had.DueDays != f.DueDays || had.WorkingDays != f.WorkingDays {
				// The same save ID for another finding: a client bug, not a retry.
				return &models.Error{Code: models.EINVALID, Key: "error.idempotency_mismatch"}
			}
			f = had
			return nil
		}
		if in.Status != models.InspectionPlanned {
			return &models.Error{Code: models.ECONFLICT, Key: "error.inspection.signed"}
		}
		f.CreatedAt = s.now().UTC()
		if err := tx.Create(&f).Error; err != nil {
			return fmt.Errorf("insert finding: %w", err)
		}
		return appendAudit(tx, AuditRecord{ActorID: f.CreatedBy, Action: "finding.add", EntityType: EntityInspection, EntityID: in.ID,
			UnitPath: in.UnitPath, At: f.CreatedAt, After: map[string]any{"finding": f.ID, "unit": f.UnitID, "item": f.ItemKey, "severity": f.Severity}})
	})
	if err != nil {
		return nil, fmt.Errorf("add finding to %s: %w", f.InspectionID, err)
	}
	return &f, nil
}

// Findings returns an inspection's findings in the order recorded.
func (s *Store) Findings(ctx context.Context, inspectionID string) ([]models.Finding, error) {
	var out []models.Finding
	if err := s.db.WithContext(ctx).Where("inspection_id = ?", inspectionID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("findings of %s: %w", inspectionID, err)
	}
	return out, nil
}

// Signing is what SignInspection records: when, and each finding's
// remediation deadline by finding ID.
type Signing struct {
	InspectionID string
	LeadID       uint
	At           time.Time
	Due          map[uint]time.Time
}

// SignInspection records the lead's signature: the minutes get the next
// number of the inspecting unit's year ("7/BB-KT"), and each finding its
// deadline and the ID of the remediation task it becomes. Signed again (a
// retried activity) it changes nothing and returns what the first
// signature recorded.
func (s *Store) SignInspection(ctx context.Context, sg Signing) (*models.Inspection, []models.Finding, error) {
	var in models.Inspection
	var findings []models.Finding
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", sg.InspectionID).Limit(1).Find(&in).Error; err != nil {
			return fmt.Errorf("load inspection: %w", err)
		}
		if in.ID == "" {
			return models.NotFound("inspection")
		}
		if err := tx.Where("inspection_id = ?", in.ID).Order("id").Find(&findings).Error; err != nil {
			return fmt.Errorf("load findings: %w", err)
		}
		if in.Status != models.InspectionPlanned {
			return nil
		}
		n, err := nextMinutesNumber(tx, in, sg.At)
		if err != nil {
			return err
		}
		at := sg.At.UTC()
		in.Status, in.Number, in.SignedAt, in.UpdatedAt = models.InspectionSigned, n, &at, s.now().UTC()
		if err := tx.Model(&models.Inspection{}).Where("id = ?", in.ID).
			Updates(map[string]any{"status": in.Status, "number": n, "signed_at": at, "updated_at": in.UpdatedAt}).Error; err != nil {
			return fmt.Errorf("sign inspection: %w", err)
		}
		for i := range findings {
			f := &findings[i]
			due, ok := sg.Due[f.ID]
			if !ok {
				return fmt.Errorf("no deadline for finding %d", f.ID)
			}
			due = due.UTC()
			f.DueAt, f.TaskID = &due, RemediationTaskID(in.ID, f.ID)
			if err := tx.Model(&models.Finding{}).Where("id = ?", f.ID).Updates(map[string]any{"due_at": due, "task_id": f.TaskID}).Error; err != nil {
				return fmt.Errorf("finding %d: %w", f.ID, err)
			}
		}
		return appendAudit(tx, AuditRecord{ActorID: sg.LeadID, Action: "inspection.sign", EntityType: EntityInspection, EntityID: in.ID,
			UnitPath: in.UnitPath, At: at, After: map[string]any{"number": n, "findings": len(findings)}})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sign inspection %s: %w", sg.InspectionID, err)
	}
	return &in, findings, nil
}

// minutesSuffix is the document kind of inspection minutes in their number
// (Decree 30/2020: number/abbreviation of the kind).
const minutesSuffix = "/BB-KT"

// nextMinutesNumber takes the next minutes number of the inspecting unit
// in the year of at (Vietnam time): numbers restart each year. The counter
// row serialises two signatures of one unit at the same moment.
func nextMinutesNumber(tx *gorm.DB, in models.Inspection, at time.Time) (string, error) {
	y := calendar.DateOf(at).Year
	if err := tx.Exec(`INSERT INTO minutes_counters (unit_id, year, last) VALUES (?, ?, 1)
ON CONFLICT (unit_id, year) DO UPDATE SET last = minutes_counters.last + 1`, in.UnitID, y).Error; err != nil {
		return "", fmt.Errorf("count minutes: %w", err)
	}
	var last int
	if err := tx.Raw("SELECT last FROM minutes_counters WHERE unit_id = ? AND year = ?", in.UnitID, y).Scan(&last).Error; err != nil {
		return "", fmt.Errorf("read minutes counter: %w", err)
	}
	return strconv.Itoa(last) + minutesSuffix, nil
}

// RemediationTaskID is the ID of the task finding f of an inspection
// becomes.
func RemediationTaskID(inspectionID string, findingID uint) string {
	return inspectionID + ".f" + strconv.FormatUint(uint64(findingID), 10)
}
