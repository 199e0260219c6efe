package store

import (
	"context"
	"time"

	"dsflow/models"
)

// Checklist templates are versioned definitions (versions.go): an
// inspection keeps the ID of the version it started with, so the answers
// it holds always read against the items they answered.

// checklistVersions is the checklist_templates table.
var checklistVersions = versioned[models.ChecklistTemplate, models.ChecklistDef]{
	table: "checklist_templates", entity: EntityChecklist, noun: "checklist", lockClass: checklistLockClass,
	listColumns: []string{"id", "key", "version", "title_vi", "title_en", "built_in", "created_by", "created_at"},
	row: func(key string, version int, def models.ChecklistDef, raw string, builtIn bool, by uint, at time.Time) *models.ChecklistTemplate {
		return &models.ChecklistTemplate{
			Key: key, Version: version, TitleVi: def.Title.Vi, TitleEn: def.Title.En,
			DefinitionJSON: raw, BuiltIn: builtIn, CreatedBy: by, CreatedAt: at.UTC(),
		}
	},
	info: func(t *models.ChecklistTemplate) versionInfo {
		return versionInfo{ID: t.ID, Key: t.Key, Version: t.Version, DefinitionJSON: t.DefinitionJSON, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt}
	},
	audited: func(t *models.ChecklistTemplate) map[string]any {
		return map[string]any{"key": t.Key, "version": t.Version, "title": t.TitleVi}
	},
}

// CreateChecklist saves def as version 1 of a new key, by the user with ID
// by, and audits it. EINVALID (field "key", rule "unique") when the key
// exists.
func (s *Store) CreateChecklist(ctx context.Context, key string, def models.ChecklistDef, by uint) (*models.ChecklistTemplate, error) {
	return checklistVersions.create(ctx, s, key, def, by)
}

// AddChecklistVersion saves def as the next version under the key of the
// checklist with ID id, by the user with ID by, and audits it; the
// versions before stay as they are, for the inspections that use them.
// ENOTFOUND when there is no checklist id.
func (s *Store) AddChecklistVersion(ctx context.Context, id uint, def models.ChecklistDef, by uint) (*models.ChecklistTemplate, error) {
	return checklistVersions.addVersion(ctx, s, id, def, by)
}

// GetChecklist returns the checklist version with ID id. ENOTFOUND.
func (s *Store) GetChecklist(ctx context.Context, id uint) (*models.ChecklistTemplate, error) {
	return checklistVersions.get(s.db.WithContext(ctx), id)
}

// LatestChecklist returns the newest version of the checklist key.
// ENOTFOUND.
func (s *Store) LatestChecklist(ctx context.Context, key string) (*models.ChecklistTemplate, error) {
	return checklistVersions.latest(s.db.WithContext(ctx), key)
}

// ChecklistByKeyOrID finds what an inspection names: the newest version of
// the key ref, or, when no key is ref and ref is a number, the version with
// that ID. ENOTFOUND.
func (s *Store) ChecklistByKeyOrID(ctx context.Context, ref string) (*models.ChecklistTemplate, error) {
	return checklistVersions.byKeyOrID(s.db.WithContext(ctx), ref)
}

// ListChecklists lists the newest version of each key, by key, without the
// definitions.
func (s *Store) ListChecklists(ctx context.Context) ([]models.ChecklistTemplate, error) {
	return checklistVersions.newest(s.db.WithContext(ctx), nil)
}

// EnsureBuiltinChecklists writes the built-in checklists (defs, by key;
// see checklists.Builtins) that are missing or changed, as
// EnsureBuiltinTemplates does templates, and returns how many versions it
// wrote. Idempotent, and safe when several processes start at once.
func (s *Store) EnsureBuiltinChecklists(ctx context.Context, defs map[string]models.ChecklistDef) (int, error) {
	return checklistVersions.ensureBuiltins(ctx, s, defs)
}
