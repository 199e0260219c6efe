package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ensureBuiltins writes the built-in definitions dsflow ships (defs, by
// key): a key not yet saved gets version 1, and a key whose newest built-in
// version differs from defs[key] gets the next version, so an upgrade that
// changes a built-in adds a version and what runs on the old one keeps it.
// A version someone added under a built-in key is kept and stays readable,
// but a changed built-in is newer than it. It returns how many versions it
// wrote.
//
// It is idempotent, and safe when several processes start at once: the
// versions of a key are written under the key's lock, so the second
// process finds what the first wrote; the insert is also ON CONFLICT DO
// NOTHING on (key, version), should a writer ever bypass the lock.
func (v versioned[R, D]) ensureBuiltins(ctx context.Context, s *Store, defs map[string]D) (int, error) {
	keys := make([]string, 0, len(defs))
	for k := range defs {
		keys = append(keys, k)
	}
	slices.Sort(keys) // IDs in key order, the same on every database
	written := 0
	for _, key := range keys {
		err := s.tx(ctx, func(tx *gorm.DB) error {
			if err := s.versionKeyLock(tx, v.lockClass, key); err != nil {
				return err
			}
			n, err := v.ensureBuiltin(tx, s, key, defs[key])
			written += n
			return err
		})
		if err != nil {
			return written, fmt.Errorf("built-in %s %s: %w", v.noun, key, err)
		}
	}
	return written, nil
}

// ensureBuiltin writes def under key unless the newest built-in version of
// key says the same, and returns how many rows it wrote (0 or 1).
func (v versioned[R, D]) ensureBuiltin(tx *gorm.DB, s *Store, key string, def D) (int, error) {
	want, err := canonicalJSON(def)
	if err != nil {
		return 0, err
	}
	last := new(R)
	err = tx.Where("key = ? AND built_in = ?", key, true).Order("version DESC").First(last).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
	case err != nil:
		return 0, fmt.Errorf("load built-in version: %w", err)
	default:
		if same, err := sameDefinition[D](v.info(last).DefinitionJSON, want); err != nil || same {
			return 0, err
		}
	}
	next, err := v.nextVersion(tx, key)
	if err != nil {
		return 0, err
	}
	row := v.row(key, next, def, want, true, 0, s.now())
	res := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}, {Name: "version"}}, DoNothing: true}).Create(row)
	if res.Error != nil {
		return 0, fmt.Errorf("insert version %d: %w", next, res.Error)
	}
	return int(res.RowsAffected), nil
}

// sameDefinition compares a stored definition with a canonical one. The
// stored text is decoded into D and encoded again first, so a definition
// written before a field was added to D (and so without it) still compares
// equal when the new field is empty. One that does not decode differs: the
// new version replaces it.
func sameDefinition[D any](stored, canonical string) (bool, error) {
	var def D
	if err := json.Unmarshal([]byte(stored), &def); err != nil {
		return false, nil
	}
	again, err := canonicalJSON(def)
	if err != nil {
		return false, err
	}
	return again == canonical, nil
}
