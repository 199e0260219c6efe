package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"dsflow/models"
	"dsflow/pii"
)

// sealedColumn describes a column of sealed values: how to select its rows
// and the AAD each value was sealed with.
type sealedColumn struct {
	field pii.Field
	// keys are the columns that identify a row, in the order aadOf reads them.
	keys []string
	// where narrows the rows (screening tasks only, say).
	where string
	aadOf func(keys []string) []byte
}

func (s *Store) sealedColumns() []sealedColumn {
	screeningTask := "task_id IN (SELECT id FROM tasks WHERE process_kind = '" + models.ProcessScreening + "')"
	return []sealedColumn{
		{pii.Field{Table: "screening_cases", Column: "person_sealed"}, []string{"id"}, "", func(k []string) []byte { return aad(k[0], "person") }},
		{pii.Field{Table: "screening_cases", Column: "result_sealed"}, []string{"id"}, "", func(k []string) []byte { return aad(k[0], "result") }},
		{pii.Field{Table: "screening_cases", Column: "outcome_sealed"}, []string{"id"}, "", func(k []string) []byte { return aad(k[0], "outcome") }},
		{pii.Field{Table: "tasks", Column: "data_json"}, []string{"id"}, "process_kind = '" + models.ProcessScreening + "'",
			func(k []string) []byte { return []byte("task/" + k[0] + "/data") }},
		{pii.Field{Table: "task_events", Column: "data_json"}, []string{"task_id", "revision"}, screeningTask,
			func(k []string) []byte { return []byte("task/" + k[0] + "/data") }},
		{pii.Field{Table: "task_events", Column: "note"}, []string{"task_id", "revision"}, screeningTask,
			func(k []string) []byte { return []byte("task/" + k[0] + "/note/" + k[1]) }},
	}
}

// SealedFields lists every column that holds sealed personal data (for
// pii.Rotate).
func (s *Store) SealedFields() []pii.Field {
	var out []pii.Field
	for _, c := range s.sealedColumns() {
		out = append(out, c.field)
	}
	return out
}

// ResealBatch re-seals up to limit values of f not under ring's active key,
// each row written only if its value is still the one read, so a
// concurrent change is never lost (pii.Rotate runs it until it returns 0).
func (s *Store) ResealBatch(ctx context.Context, f pii.Field, ring *pii.Keyring, limit int) (int, error) {
	var col *sealedColumn
	for _, c := range s.sealedColumns() {
		if c.field == f {
			col = &c
			break
		}
	}
	if col == nil {
		return 0, fmt.Errorf("reseal: %s holds no sealed values", f)
	}
	n := 0
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Table(f.Table).Select(append(append([]string{}, col.keys...), f.Column)).
			Where(f.Column+" LIKE ? AND "+f.Column+" NOT LIKE ?", "v1:%", pii.SealedPrefix(ring.ActiveID())+"%").Limit(limit)
		if col.where != "" {
			q = q.Where(col.where)
		}
		rows, err := q.Rows()
		if err != nil {
			return fmt.Errorf("read %s: %w", f, err)
		}
		type change struct {
			keys     []string
			old, new string
		}
		var changes []change
		for rows.Next() {
			vals := make([]any, len(col.keys)+1)
			strs := make([]string, len(col.keys)+1)
			for i := range vals {
				vals[i] = &strs[i]
			}
			if err := rows.Scan(vals...); err != nil {
				_ = rows.Close()
				return fmt.Errorf("scan %s: %w", f, err)
			}
			keys, old := strs[:len(col.keys)], strs[len(col.keys)]
			resealed, changed, err := ring.Reseal(old, col.aadOf(keys))
			if err != nil {
				_ = rows.Close()
				return fmt.Errorf("reseal %s of %v: %w", f, keys, err)
			}
			if changed {
				changes = append(changes, change{keys: keys, old: old, new: resealed})
			}
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read %s: %w", f, err)
		}
		for _, ch := range changes {
			u := tx.Table(f.Table).Where(f.Column+" = ?", ch.old)
			for i, k := range col.keys {
				u = u.Where(k+" = ?", ch.keys[i])
			}
			res := u.Update(f.Column, ch.new)
			if res.Error != nil {
				return fmt.Errorf("write %s: %w", f, res.Error)
			}
			n += int(res.RowsAffected)
		}
		return nil
	})
	return n, err
}
