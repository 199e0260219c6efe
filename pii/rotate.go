package pii

import (
	"context"
	"errors"
	"fmt"
)

// Field names a column that holds sealed values.
type Field struct {
	Table, Column string
}

func (f Field) String() string { return f.Table + "." + f.Column }

// SealedStore is what key rotation (`dsflow keys rotate`) asks of a store
// that keeps sealed values. The store knows its tables; rotation knows the
// keys.
type SealedStore interface {
	// SealedFields lists every column that holds sealed values.
	SealedFields() []Field
	// ResealBatch re-seals up to limit values of f that are not under
	// ring's active key (col NOT LIKE SealedPrefix(ring.ActiveID())||'%')
	// with ring.Reseal and the AAD each was sealed with, in one
	// transaction, writing each row only if its value is still the one
	// read (compare-and-swap: a concurrent correction must not be lost).
	// It returns how many rows it rewrote; 0 means none is left.
	ResealBatch(ctx context.Context, f Field, ring *Keyring, limit int) (int, error)
}

// Resealed is how many values of a field rotation rewrote.
type Resealed struct {
	Field Field
	Count int
}

// Rotate re-seals every value the store holds under ring's active key,
// field by field, batch by batch of at most batch rows, and reports the
// count per field after each batch to progress (nil: no reports). It is
// safe to stop and run again: what is done stays done.
func Rotate(ctx context.Context, s SealedStore, ring *Keyring, batch int, progress func(Resealed)) ([]Resealed, error) {
	if batch <= 0 {
		return nil, errors.New("pii: rotate: batch must be positive")
	}
	var out []Resealed
	for _, f := range s.SealedFields() {
		r := Resealed{Field: f}
		for {
			if err := ctx.Err(); err != nil {
				return append(out, r), fmt.Errorf("pii: rotate %s: %w", f, err)
			}
			n, err := s.ResealBatch(ctx, f, ring, batch)
			if err != nil {
				return append(out, r), fmt.Errorf("pii: rotate %s: %w", f, err)
			}
			if n == 0 {
				break
			}
			r.Count += n
			if progress != nil {
				progress(r)
			}
		}
		out = append(out, r)
	}
	return out, nil
}
