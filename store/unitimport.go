package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"dsflow/i18n"
	"dsflow/models"
	"dsflow/unitcsv"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// ImportError carries the line errors of a rejected import.
type ImportError struct{ Lines []unitcsv.LineError }

func (e *ImportError) Error() string {
	var b strings.Builder
	for i, l := range e.Lines {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(l.Error())
	}
	return b.String()
}

// ImportUnits upserts rows by code in one transaction: all or nothing.
// Parents may be in the file (in any order) or already in the database. A
// unit whose parent changed moves with its subtree. Running the same file
// twice changes nothing the second time. Returns *ImportError listing bad
// lines.
func (s *Store) ImportUnits(ctx context.Context, actorID uint, rows []unitcsv.Row) (ImportResult, error) {
	return s.ImportUnitsIn(ctx, Scope{Path: "/"}, actorID, rows)
}

// ImportUnitsIn is ImportUnits by an admin of scope: every unit the file
// creates or changes must lie strictly below the scope's own unit, and
// every parent the file names from the database within the scope (see
// checkImportScope). A scope of "/" (operator commands) may import
// anything. The audit entry concerns the scope's subtree.
func (s *Store) ImportUnitsIn(ctx context.Context, scope Scope, actorID uint, rows []unitcsv.Row) (ImportResult, error) {
	var res ImportResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if scope.Path != "/" {
			lines, err := checkImportScope(tx, scope, rows)
			if err != nil {
				return err
			}
			if len(lines) > 0 {
				return &ImportError{Lines: lines}
			}
		}
		byCode := map[string]*models.Unit{}
		pending := append([]unitcsv.Row(nil), rows...)
		for len(pending) > 0 {
			var next []unitcsv.Row
			for _, r := range pending {
				parent, ok, err := resolveParent(tx, byCode, r.ParentCode)
				if err != nil {
					return err
				}
				if !ok {
					next = append(next, r)
					continue
				}
				u, outcome, err := upsertUnit(tx, r, parent)
				if err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				byCode[r.Code] = u
				switch outcome {
				case "created":
					res.Created++
				case "updated":
					res.Updated++
				default:
					res.Unchanged++
				}
			}
			if len(next) == len(pending) {
				ie := &ImportError{}
				for _, r := range next {
					ie.Lines = append(ie.Lines, unitcsv.LineError{Line: r.Line, Field: "parent_code", Rule: unitcsv.RuleParent, Param: r.ParentCode, Reason: "no unit has code " + r.ParentCode + " (or the parents form a cycle)"})
				}
				return ie
			}
			pending = next
		}
		// An operator's or a national admin's import concerns the whole
		// country (""); a province admin's, their subtree.
		auditPath := ""
		if scope.Path != "/" && !scope.National() {
			auditPath = scope.Path
		}
		return appendAudit(tx, AuditRecord{ActorID: actorID, Action: "units.import", EntityType: EntityUnit, EntityID: "import", After: res, At: s.now(), UnitPath: auditPath})
	})
	return res, err
}

func resolveParent(tx *gorm.DB, byCode map[string]*models.Unit, code string) (*models.Unit, bool, error) {
	if code == "" {
		return nil, true, nil
	}
	if u, ok := byCode[code]; ok {
		return u, true, nil
	}
	var u models.Unit
	err := tx.Where("code = ?", code).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("find parent %s: %w", code, err)
	}
	byCode[code] = &u
	return &u, true, nil
}

func upsertUnit(tx *gorm.DB, r unitcsv.Row, parent *models.Unit) (*models.Unit, string, error) {
	var parentID *uint
	if parent != nil {
		parentID = &parent.ID
	}
	var u models.Unit
	err := tx.Where("code = ?", r.Code).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		code := r.Code
		u = models.Unit{Code: &code, Name: r.Name, Level: r.Level, ParentID: parentID}
		if err := createUnit(tx, &u); err != nil {
			return nil, "", err
		}
		return &u, "created", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("find unit %s: %w", r.Code, err)
	}
	sameParent := (u.ParentID == nil && parentID == nil) || (u.ParentID != nil && parentID != nil && *u.ParentID == *parentID)
	if u.Name == r.Name && u.Level == r.Level && sameParent {
		return &u, "unchanged", nil
	}
	if parent != nil && models.PathContains(u.Path, parent.Path) {
		return nil, "", &ImportError{Lines: []unitcsv.LineError{{Line: r.Line, Field: "parent_code", Rule: unitcsv.RuleMove, Param: r.ParentCode,
			Reason: fmt.Sprintf("unit %s cannot move under its own descendant %s", r.Code, r.ParentCode)}}}
	}
	u.Name, u.Level, u.SearchName, u.ParentID = r.Name, r.Level, i18n.Fold(r.Name), parentID
	if err := tx.Model(&u).Select("name", "level", "search_name", "parent_id").Updates(&u).Error; err != nil {
		return nil, "", fmt.Errorf("update unit %s: %w", r.Code, err)
	}
	if !sameParent {
		// Tasks and their workflows keep the unit path they were given, so
		// a unit with unfinished tasks below it must not move under them.
		cond, args := subtree("unit_path", u.Path)
		var open int64
		if err := tx.Model(&models.Task{}).Where(cond, args...).
			Where("status NOT IN ?", []string{models.StatusApproved, models.StatusDone, models.StatusCancelled}).Count(&open).Error; err != nil {
			return nil, "", fmt.Errorf("count open tasks of unit %s: %w", r.Code, err)
		}
		if open > 0 {
			return nil, "", &ImportError{Lines: []unitcsv.LineError{{Line: r.Line, Field: "parent_code", Rule: unitcsv.RuleOpenTasks, Param: strconv.FormatInt(open, 10),
				Reason: fmt.Sprintf("unit %s has %d unfinished task(s) below it; finish or cancel them before moving it", r.Code, open)}}}
		}
		if err := moveSubtree(tx, &u, parent); err != nil {
			return nil, "", err
		}
	}
	return &u, "updated", nil
}

// moveSubtree rewrites the paths and closure rows of u and everything below
// it after u got a new parent. The caller has made sure no unfinished task
// lies below u; finished tasks keep the path they had.
func moveSubtree(tx *gorm.DB, u *models.Unit, parent *models.Unit) error {
	oldPath := u.Path
	parentPath, depth := "", 0
	if parent != nil {
		parentPath, depth = parent.Path, parent.Depth+1
	}
	newPath := models.UnitPath(parentPath, u.ID)
	cond, args := subtree("path", oldPath)
	var sub []models.Unit
	if err := tx.Where(cond, args...).Order("depth").Find(&sub).Error; err != nil {
		return fmt.Errorf("load subtree: %w", err)
	}
	for i := range sub {
		d := &sub[i]
		d.Depth = d.Depth - u.Depth + depth
		d.Path = newPath + strings.TrimPrefix(d.Path, oldPath)
		if err := tx.Model(d).Updates(map[string]any{"path": d.Path, "depth": d.Depth}).Error; err != nil {
			return fmt.Errorf("move unit %d: %w", d.ID, err)
		}
		if err := writeClosure(tx, d); err != nil {
			return err
		}
	}
	u.Path, u.Depth = newPath, depth
	return nil
}
