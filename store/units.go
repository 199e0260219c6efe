package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"dsflow/i18n"
	"dsflow/models"
)

// Scope is the unit subtree a caller may see: a materialized path prefix.
// Store methods that read on a person's behalf take it and filter by it
// themselves, so a handler cannot forget to.
type Scope struct{ Path string }

// National reports whether the scope is a whole tree: a root unit's
// subtree, or "/" (every unit: operator commands and tests). Only such a
// scope sees what concerns the whole country, such as national audit
// entries.
func (s Scope) National() bool { return s.Path == "/" || models.IsRootPath(s.Path) }

// UnitFilter selects units in a scope.
type UnitFilter struct {
	ParentID *uint
	// Query is matched against the folded name, diacritics ignored, or
	// equals the unit's code (a GSO code an officer knows by heart).
	Query  string
	Level  string
	Limit  int
	Offset int
}

// CreateUnit inserts u under u.ParentID (nil: a root), filling its path,
// depth, search name and closure rows. EINVALID for an unknown parent or a
// duplicate code.
func (s *Store) CreateUnit(ctx context.Context, u *models.Unit) error {
	return s.tx(ctx, func(tx *gorm.DB) error { return createUnit(tx, u) })
}

func createUnit(tx *gorm.DB, u *models.Unit) error {
	if u.Code != nil {
		var n int64
		if err := tx.Model(&models.Unit{}).Where("code = ?", *u.Code).Count(&n).Error; err != nil {
			return fmt.Errorf("check unit code: %w", err)
		}
		if n > 0 {
			return models.Invalid(models.FieldError{Field: "code", Rule: "unique"})
		}
	}
	var parent *models.Unit
	if u.ParentID != nil {
		parent = &models.Unit{}
		if err := tx.First(parent, *u.ParentID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.Invalid(models.FieldError{Field: "parent_id", Rule: "unit"})
			}
			return fmt.Errorf("load parent unit: %w", err)
		}
	}
	u.SearchName = i18n.Fold(u.Name)
	u.Path = "/pending/"
	if err := tx.Create(u).Error; err != nil {
		return fmt.Errorf("insert unit: %w", err)
	}
	parentPath := ""
	if parent != nil {
		parentPath = parent.Path
		u.Depth = parent.Depth + 1
	}
	u.Path = models.UnitPath(parentPath, u.ID)
	if err := tx.Model(u).Updates(map[string]any{"path": u.Path, "depth": u.Depth}).Error; err != nil {
		return fmt.Errorf("set unit path: %w", err)
	}
	return writeClosure(tx, u)
}

// writeClosure records u's ancestors (itself included) with the child of
// each ancestor on the path down to u.
func writeClosure(tx *gorm.DB, u *models.Unit) error {
	if err := tx.Where("unit_id = ?", u.ID).Delete(&models.UnitClosure{}).Error; err != nil {
		return fmt.Errorf("clear unit closure: %w", err)
	}
	ids := models.PathIDs(u.Path)
	rows := make([]models.UnitClosure, 0, len(ids))
	for i, anc := range ids {
		child := u.ID
		if i+1 < len(ids) {
			child = ids[i+1]
		}
		rows = append(rows, models.UnitClosure{AncestorID: anc, UnitID: u.ID, ChildID: child, Depth: len(ids) - 1 - i})
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("insert unit closure: %w", err)
	}
	return nil
}

// GetUnit returns the unit id if it lies in scope. ENOTFOUND otherwise.
func (s *Store) GetUnit(ctx context.Context, scope Scope, id uint) (*models.Unit, error) {
	return getUnit(s.db.WithContext(ctx), scope, id)
}

func getUnit(db *gorm.DB, scope Scope, id uint) (*models.Unit, error) {
	var u models.Unit
	cond, args := subtree("path", scope.Path)
	err := db.Where("id = ?", id).Where(cond, args...).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("unit")
	}
	if err != nil {
		return nil, fmt.Errorf("load unit %d: %w", id, err)
	}
	return &u, nil
}

// UnitByCodeOrID finds a unit by its GSO code, by its ID when ref is
// models.UnitIDRef's "id:N", or by its numeric ID when ref is a number and
// no unit has it as a code (GSO codes are numbers too: 22 is Quảng Ninh,
// whatever unit has ID 22), with no scope (command-line use). ENOTFOUND.
func (s *Store) UnitByCodeOrID(ctx context.Context, ref string) (*models.Unit, error) {
	var u models.Unit
	var err error
	if id, byID := models.ParseUnitIDRef(ref); byID {
		err = s.db.WithContext(ctx).Where("id = ?", id).First(&u).Error
	} else {
		err = s.db.WithContext(ctx).Where("code = ?", ref).First(&u).Error
		var id uint
		if _, scanErr := fmt.Sscan(ref, &id); errors.Is(err, gorm.ErrRecordNotFound) && scanErr == nil && fmt.Sprint(id) == ref {
			err = s.db.WithContext(ctx).Where("id = ?", id).First(&u).Error
		}
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("unit " + ref)
	}
	if err != nil {
		return nil, fmt.Errorf("find unit %q: %w", ref, err)
	}
	return &u, nil
}

// ListUnits lists units in scope, ordered by path (a tree walk order).
func (s *Store) ListUnits(ctx context.Context, scope Scope, f UnitFilter) ([]models.Unit, error) {
	cond, args := subtree("path", scope.Path)
	q := s.db.WithContext(ctx).Where(cond, args...)
	if f.ParentID != nil {
		q = q.Where("parent_id = ?", *f.ParentID)
	}
	if f.Level != "" {
		q = q.Where("level = ?", f.Level)
	}
	if qs := i18n.Fold(f.Query); qs != "" {
		q = q.Where("(search_name LIKE ? ESCAPE '\\' OR code = ?)", "%"+escapeLike(qs)+"%", strings.TrimSpace(f.Query))
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var out []models.Unit
	if err := q.Order("depth, name, id").Limit(limit).Offset(f.Offset).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	return out, nil
}

// CountUnits counts every unit (to decide whether to seed a demo).
func (s *Store) CountUnits(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&models.Unit{}).Count(&n).Error
	return n, err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
