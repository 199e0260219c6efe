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

// Versioned definitions. Process templates and checklist templates are
// both kept one row per version, written once: what runs on a version (a
// campaign, an inspection) keeps its ID, so a version is never updated or
// deleted, and a change is a new row under the same key with the next
// version number. They are national (every unit works from the same list),
// so these methods take no scope, and they save definitions as given: the
// definition's Validate is the caller's check. This file is the one
// implementation; templates.go and checklists.go describe their tables.

// versionInfo is what the shared code reads of a version row.
type versionInfo struct {
	ID             uint
	Key            string
	Version        int
	DefinitionJSON string
	CreatedBy      uint
	CreatedAt      time.Time
}

// versioned describes a table of versioned definitions: R is its row, D
// the definition a row saves as JSON.
type versioned[R, D any] struct {
	table  string // "process_templates"
	entity string // the audit entity ("template"); actions are entity.create and entity.version
	// noun names a missing version in ENOTFOUND ("template 12").
	noun string
	// lockClass is the first half of the advisory lock of a key.
	lockClass int32
	// listColumns are what a list shows: not the definition.
	listColumns []string
	// row builds the row of one version; raw is def as canonical JSON.
	row  func(key string, version int, def D, raw string, builtIn bool, by uint, at time.Time) *R
	info func(*R) versionInfo
	// audited is what the audit entry of a new version shows of it.
	audited func(*R) map[string]any
}

// create saves def as version 1 of a new key, by the user with ID by, and
// audits it. EINVALID (field "key", rule "unique") when the key exists.
func (v versioned[R, D]) create(ctx context.Context, s *Store, key string, def D, by uint) (*R, error) {
	raw, err := canonicalJSON(def)
	if err != nil {
		return nil, err
	}
	row := v.row(key, 1, def, raw, false, by, s.now())
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.versionKeyLock(tx, v.lockClass, key); err != nil {
			return err
		}
		var n int64
		if err := tx.Table(v.table).Where("key = ?", key).Count(&n).Error; err != nil {
			return fmt.Errorf("look up %s key: %w", v.noun, err)
		}
		if n > 0 {
			return models.Invalid(models.FieldError{Field: "key", Rule: "unique"})
		}
		if err := tx.Create(row).Error; err != nil {
			return fmt.Errorf("insert %s %s: %w", v.noun, key, err)
		}
		return v.audit(tx, row, v.entity+".create")
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// addVersion saves def as the next version under the key of version id,
// by the user with ID by, and audits it; the versions before stay as they
// are. ENOTFOUND when there is no version id.
func (v versioned[R, D]) addVersion(ctx context.Context, s *Store, id uint, def D, by uint) (*R, error) {
	base, err := v.get(s.db.WithContext(ctx), id)
	if err != nil {
		return nil, err
	}
	raw, err := canonicalJSON(def)
	if err != nil {
		return nil, err
	}
	key := v.info(base).Key
	var row *R
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.versionKeyLock(tx, v.lockClass, key); err != nil {
			return err
		}
		next, err := v.nextVersion(tx, key)
		if err != nil {
			return err
		}
		row = v.row(key, next, def, raw, false, by, s.now())
		if err := tx.Create(row).Error; err != nil {
			return fmt.Errorf("insert %s %s v%d: %w", v.noun, key, next, err)
		}
		return v.audit(tx, row, v.entity+".version")
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// get returns the version with ID id. ENOTFOUND.
func (v versioned[R, D]) get(db *gorm.DB, id uint) (*R, error) {
	row := new(R)
	err := db.Where("id = ?", id).First(row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound(v.noun + " " + strconv.FormatUint(uint64(id), 10))
	}
	if err != nil {
		return nil, fmt.Errorf("load %s %d: %w", v.noun, id, err)
	}
	return row, nil
}

// latest returns the newest version of key. ENOTFOUND.
func (v versioned[R, D]) latest(db *gorm.DB, key string) (*R, error) {
	row := new(R)
	err := db.Where("key = ?", key).Order("version DESC").First(row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound(v.noun + " " + key)
	}
	if err != nil {
		return nil, fmt.Errorf("load %s %s: %w", v.noun, key, err)
	}
	return row, nil
}

// byKeyOrID finds what a launch or an inspection names: the newest version
// of the key ref, or, when no key is ref and ref is a number, the version
// with that ID. ENOTFOUND.
func (v versioned[R, D]) byKeyOrID(db *gorm.DB, ref string) (*R, error) {
	row, err := v.latest(db, ref)
	if models.ErrorCode(err) != models.ENOTFOUND {
		return row, err
	}
	id, perr := strconv.ParseUint(ref, 10, 64)
	if perr != nil || strconv.FormatUint(id, 10) != ref || id == 0 {
		return nil, err
	}
	return v.get(db, uint(id))
}

// newest lists the newest version of each key, by key, without the
// definitions; where narrows the query.
func (v versioned[R, D]) newest(db *gorm.DB, where func(*gorm.DB) *gorm.DB) ([]R, error) {
	q := db.Select(v.listColumns).
		Where(fmt.Sprintf("version = (SELECT max(q.version) FROM %s q WHERE q.key = %s.key)", v.table, v.table))
	if where != nil {
		q = where(q)
	}
	var out []R
	if err := q.Order("key").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list %ss: %w", v.noun, err)
	}
	return out, nil
}

// nextVersion returns the version number after the newest of key.
func (v versioned[R, D]) nextVersion(tx *gorm.DB, key string) (int, error) {
	var last *int
	if err := tx.Table(v.table).Where("key = ?", key).Select("max(version)").Scan(&last).Error; err != nil {
		return 0, fmt.Errorf("find last version of %s: %w", key, err)
	}
	if last == nil {
		return 1, nil
	}
	return *last + 1, nil
}

// audit records a new version, under the author's unit so the admins of
// their subtree see it.
func (v versioned[R, D]) audit(tx *gorm.DB, row *R, action string) error {
	in := v.info(row)
	var unitPath string
	err := tx.Table("users").Select("units.path").Joins("JOIN units ON units.id = users.unit_id").
		Where("users.id = ?", in.CreatedBy).Scan(&unitPath).Error
	if err != nil {
		return fmt.Errorf("find unit of %s author: %w", v.noun, err)
	}
	return appendAudit(tx, AuditRecord{ActorID: in.CreatedBy, Action: action, EntityType: v.entity,
		EntityID: strconv.FormatUint(uint64(in.ID), 10), UnitPath: unitPath, At: in.CreatedAt, After: v.audited(row)})
}

// canonicalJSON is a definition as it is stored: as encoding/json writes
// the struct, field order fixed, no maps, so equal definitions are equal
// text (ensureBuiltins compares them so).
func canonicalJSON(def any) (string, error) {
	raw, err := json.Marshal(def)
	if err != nil {
		return "", fmt.Errorf("encode definition: %w", err)
	}
	return string(raw), nil
}
