package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"dsflow/models"
)

// Process templates are versioned: each row is one version, written once.
// A running process keeps the ID of the version it started with, so a
// version is never updated or deleted; a change is a new row under the same
// key with the next version number. Templates are national (every unit
// launches from the same list), so these methods take no scope. The store
// saves definitions as given: templates.Validate is the caller's check.

// TemplateFilter selects templates in ListTemplates.
type TemplateFilter struct {
	Kind string // one of models.TemplateKinds; "" for every kind
}

// templateListColumns are the columns a list shows: not the definition.
var templateListColumns = []string{"id", "key", "version", "kind", "title_vi", "title_en", "built_in", "created_by", "created_at"}

// CreateTemplate saves def as version 1 of a new key, by the user with ID
// by, and audits it. EINVALID (field "key", rule "unique") when the key
// exists.
func (s *Store) CreateTemplate(ctx context.Context, key string, def models.TemplateDef, by uint) (*models.ProcessTemplate, error) {
	row, err := templateRow(key, 1, def, false, by, s.now())
	if err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.templateKeyLock(tx, key); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&models.ProcessTemplate{}).Where("key = ?", key).Count(&n).Error; err != nil {
			return fmt.Errorf("look up template key: %w", err)
		}
		if n > 0 {
			return models.Invalid(models.FieldError{Field: "key", Rule: "unique"})
		}
		if err := tx.Create(row).Error; err != nil {
			return fmt.Errorf("insert template %s: %w", key, err)
		}
		return auditTemplate(tx, row, "template.create")
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// AddTemplateVersion saves def as the next version under the key of the
// template with ID id, by the user with ID by, and audits it; the versions
// before stay as they are. ENOTFOUND when there is no template id.
func (s *Store) AddTemplateVersion(ctx context.Context, id uint, def models.TemplateDef, by uint) (*models.ProcessTemplate, error) {
	base, err := s.GetTemplate(ctx, id)
	if err != nil {
		return nil, err
	}
	var row *models.ProcessTemplate
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.templateKeyLock(tx, base.Key); err != nil {
			return err
		}
		next, err := nextVersion(tx, base.Key)
		if err != nil {
			return err
		}
		if row, err = templateRow(base.Key, next, def, false, by, s.now()); err != nil {
			return err
		}
		if err := tx.Create(row).Error; err != nil {
			return fmt.Errorf("insert template %s v%d: %w", base.Key, next, err)
		}
		return auditTemplate(tx, row, "template.version")
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// GetTemplate returns the template version with ID id. ENOTFOUND.
func (s *Store) GetTemplate(ctx context.Context, id uint) (*models.ProcessTemplate, error) {
	return getTemplate(s.db.WithContext(ctx), id)
}

func getTemplate(db *gorm.DB, id uint) (*models.ProcessTemplate, error) {
	var t models.ProcessTemplate
	err := db.Where("id = ?", id).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("template " + strconv.FormatUint(uint64(id), 10))
	}
	if err != nil {
		return nil, fmt.Errorf("load template %d: %w", id, err)
	}
	return &t, nil
}

// LatestTemplate returns the newest version of the template key. ENOTFOUND.
func (s *Store) LatestTemplate(ctx context.Context, key string) (*models.ProcessTemplate, error) {
	var t models.ProcessTemplate
	err := s.db.WithContext(ctx).Where("key = ?", key).Order("version DESC").First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("template " + key)
	}
	if err != nil {
		return nil, fmt.Errorf("load template %s: %w", key, err)
	}
	return &t, nil
}

// TemplateByKeyOrID finds what a launch names: the newest version of the
// key ref, or, when no key is ref and ref is a number, the version with
// that ID. ENOTFOUND.
func (s *Store) TemplateByKeyOrID(ctx context.Context, ref string) (*models.ProcessTemplate, error) {
	t, err := s.LatestTemplate(ctx, ref)
	if models.ErrorCode(err) != models.ENOTFOUND {
		return t, err
	}
	id, perr := strconv.ParseUint(ref, 10, 64)
	if perr != nil || strconv.FormatUint(id, 10) != ref || id == 0 {
		return nil, err
	}
	return s.GetTemplate(ctx, uint(id))
}

// ListTemplates lists the newest version of each key, by key, without the
// definitions.
func (s *Store) ListTemplates(ctx context.Context, f TemplateFilter) ([]models.ProcessTemplate, error) {
	q := s.db.WithContext(ctx).Select(templateListColumns).
		Where("version = (SELECT max(q.version) FROM process_templates q WHERE q.key = process_templates.key)")
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	var out []models.ProcessTemplate
	if err := q.Order("key").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	return out, nil
}

// nextVersion returns the version number after the newest of key.
func nextVersion(tx *gorm.DB, key string) (int, error) {
	var last *int
	if err := tx.Model(&models.ProcessTemplate{}).Where("key = ?", key).Select("max(version)").Scan(&last).Error; err != nil {
		return 0, fmt.Errorf("find last version of %s: %w", key, err)
	}
	if last == nil {
		return 1, nil
	}
	return *last + 1, nil
}

// templateRow builds the row of one version. The definition is stored as
// encoding/json writes the struct: field order fixed, no maps, so equal
// definitions are equal text (EnsureBuiltinTemplates compares them so).
func templateRow(key string, version int, def models.TemplateDef, builtIn bool, by uint, at time.Time) (*models.ProcessTemplate, error) {
	raw, err := canonicalDef(def)
	if err != nil {
		return nil, err
	}
	return &models.ProcessTemplate{
		Key: key, Version: version, Kind: def.Kind, TitleVi: def.Title.Vi, TitleEn: def.Title.En,
		DefinitionJSON: raw, BuiltIn: builtIn, CreatedBy: by, CreatedAt: at.UTC(),
	}, nil
}

func canonicalDef(def models.TemplateDef) (string, error) {
	raw, err := json.Marshal(def)
	if err != nil {
		return "", fmt.Errorf("encode template definition: %w", err)
	}
	return string(raw), nil
}

// auditTemplate records a new version, under the author's unit so the
// admins of their subtree see it.
func auditTemplate(tx *gorm.DB, row *models.ProcessTemplate, action string) error {
	var unitPath string
	err := tx.Table("users").Select("units.path").Joins("JOIN units ON units.id = users.unit_id").
		Where("users.id = ?", row.CreatedBy).Scan(&unitPath).Error
	if err != nil {
		return fmt.Errorf("find unit of template author: %w", err)
	}
	return appendAudit(tx, AuditRecord{ActorID: row.CreatedBy, Action: action, EntityType: EntityTemplate,
		EntityID: strconv.FormatUint(uint64(row.ID), 10), UnitPath: unitPath, At: row.CreatedAt,
		After: map[string]any{"key": row.Key, "version": row.Version, "kind": row.Kind, "title": row.TitleVi}})
}
