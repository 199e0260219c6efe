package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/models"
)

// retryPrefix names the rows that count a key's failed attempts, beside
// the first-answer rows of idempotency_records. They carry status 0, which
// no answer has, so GetIdempotency never returns them.
const retryPrefix = "retry:"

// FailedAttempts returns how often (user, key) ended "unavailable". The API
// folds the count into the Temporal UpdateID, so a retry after such a
// failure is a new Update rather than a replay of the recorded failure.
func (s *Store) FailedAttempts(ctx context.Context, userID uint, key string) (int, error) {
	var r models.IdempotencyRecord
	err := s.db.WithContext(ctx).Where("user_id = ? AND key = ? AND status = 0", userID, retryPrefix+key).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read failed attempts: %w", err)
	}
	n, _ := strconv.Atoi(r.Body)
	return n, nil
}

// CountFailedAttempt adds one to the failed attempts of (user, key).
func (s *Store) CountFailedAttempt(ctx context.Context, userID uint, key string) error {
	r := models.IdempotencyRecord{UserID: userID, Key: retryPrefix + key, Fingerprint: "-", Status: 0, Body: "1", CreatedAt: s.now().UTC()}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}, {Name: "key"}},
		DoUpdates: clause.Assignments(map[string]any{"body": gorm.Expr("CAST(CAST(idempotency_records.body AS INTEGER) + 1 AS TEXT)")}),
	}).Create(&r).Error
	if err != nil {
		return fmt.Errorf("count failed attempt: %w", err)
	}
	return nil
}
