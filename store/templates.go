package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"dsflow/models"
)

// Process templates are versioned definitions (versions.go): a running
// process keeps the ID of the version it started with.

// TemplateFilter selects templates in ListTemplates.
type TemplateFilter struct {
	Kind string // one of models.TemplateKinds; "" for every kind
}

// templateVersions is the process_templates table.
var templateVersions = versioned[models.ProcessTemplate, models.TemplateDef]{
	table: "process_templates", entity: EntityTemplate, noun: "template", lockClass: templateLockClass,
	listColumns: []string{"id", "key", "version", "kind", "title_vi", "title_en", "built_in", "created_by", "created_at"},
	row: func(key string, version int, def models.TemplateDef, raw string, builtIn bool, by uint, at time.Time) *models.ProcessTemplate {
		return &models.ProcessTemplate{
			Key: key, Version: version, Kind: def.Kind, TitleVi: def.Title.Vi, TitleEn: def.Title.En,
			DefinitionJSON: raw, BuiltIn: builtIn, CreatedBy: by, CreatedAt: at.UTC(),
		}
	},
	info: func(t *models.ProcessTemplate) versionInfo {
		return versionInfo{ID: t.ID, Key: t.Key, Version: t.Version, DefinitionJSON: t.DefinitionJSON, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt}
	},
	audited: func(t *models.ProcessTemplate) map[string]any {
		return map[string]any{"key": t.Key, "version": t.Version, "kind": t.Kind, "title": t.TitleVi}
	},
}

// CreateTemplate saves def as version 1 of a new key, by the user with ID
// by, and audits it. EINVALID (field "key", rule "unique") when the key
// exists.
func (s *Store) CreateTemplate(ctx context.Context, key string, def models.TemplateDef, by uint) (*models.ProcessTemplate, error) {
	return templateVersions.create(ctx, s, key, def, by)
}

// AddTemplateVersion saves def as the next version under the key of the
// template with ID id, by the user with ID by, and audits it; the versions
// before stay as they are. ENOTFOUND when there is no template id.
func (s *Store) AddTemplateVersion(ctx context.Context, id uint, def models.TemplateDef, by uint) (*models.ProcessTemplate, error) {
	return templateVersions.addVersion(ctx, s, id, def, by)
}

// GetTemplate returns the template version with ID id. ENOTFOUND.
func (s *Store) GetTemplate(ctx context.Context, id uint) (*models.ProcessTemplate, error) {
	return templateVersions.get(s.db.WithContext(ctx), id)
}

// LatestTemplate returns the newest version of the template key. ENOTFOUND.
func (s *Store) LatestTemplate(ctx context.Context, key string) (*models.ProcessTemplate, error) {
	return templateVersions.latest(s.db.WithContext(ctx), key)
}

// TemplateByKeyOrID finds what a launch names: the newest version of the
// key ref, or, when no key is ref and ref is a number, the version with
// that ID. ENOTFOUND.
func (s *Store) TemplateByKeyOrID(ctx context.Context, ref string) (*models.ProcessTemplate, error) {
	return templateVersions.byKeyOrID(s.db.WithContext(ctx), ref)
}

// ListTemplates lists the newest version of each key, by key, without the
// definitions.
func (s *Store) ListTemplates(ctx context.Context, f TemplateFilter) ([]models.ProcessTemplate, error) {
	return templateVersions.newest(s.db.WithContext(ctx), func(q *gorm.DB) *gorm.DB {
		if f.Kind != "" {
			q = q.Where("kind = ?", f.Kind)
		}
		return q
	})
}

// EnsureBuiltinTemplates writes the built-in process templates (defs, by
// key; see templates.Builtins) that are missing or changed, as
// ensureBuiltins says, and returns how many versions it wrote. Idempotent.
func (s *Store) EnsureBuiltinTemplates(ctx context.Context, defs map[string]models.TemplateDef) (int, error) {
	return templateVersions.ensureBuiltins(ctx, s, defs)
}
