package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/models"
)

// GetIdempotency returns the stored first response to (user, key), or nil.
func (s *Store) GetIdempotency(ctx context.Context, userID uint, key string, maxAge time.Duration) (*models.IdempotencyRecord, error) {
	var r models.IdempotencyRecord
	err := s.db.WithContext(ctx).Where("user_id = ? AND key = ? AND created_at > ? AND status > 0", userID, key, s.now().UTC().Add(-maxAge)).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load idempotency record: %w", err)
	}
	return &r, nil
}

// PutIdempotency stores the first response to (user, key); a concurrent
// first writer wins and later ones change nothing.
func (s *Store) PutIdempotency(ctx context.Context, r models.IdempotencyRecord) error {
	r.CreatedAt = s.now().UTC()
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}, {Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"fingerprint", "status", "body", "created_at"}),
		Where:     clause.Where{Exprs: []clause.Expression{clause.Lt{Column: "idempotency_records.created_at", Value: r.CreatedAt.Add(-24 * time.Hour)}}},
	}).Create(&r).Error
	if err != nil {
		return fmt.Errorf("store idempotency record: %w", err)
	}
	return nil
}
