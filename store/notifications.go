package store

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"

	"dsflow/models"
)

// InsertNotifications puts one inbox entry per user, idempotently by
// (key, user): a retried delivery adds nothing.
func (s *Store) InsertNotifications(ctx context.Context, n models.Notification, userIDs []uint) error {
	if len(userIDs) == 0 {
		return nil
	}
	rows := make([]models.Notification, 0, len(userIDs))
	for _, id := range userIDs {
		r := n
		r.ID, r.UserID, r.CreatedAt = 0, id, s.now().UTC()
		rows = append(rows, r)
	}
	if err := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
		return fmt.Errorf("insert notifications: %w", err)
	}
	return nil
}

// ListNotifications returns a user's inbox, newest first, before the ID
// beforeID (0: from the newest).
func (s *Store) ListNotifications(ctx context.Context, userID uint, unreadOnly bool, beforeID uint, limit int) ([]models.Notification, error) {
	q := s.db.WithContext(ctx).Where("user_id = ?", userID)
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var out []models.Notification
	if err := q.Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	return out, nil
}

// MarkNotificationsRead marks the user's listed notifications (all when ids
// is empty) read and returns how many changed.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID uint, ids []uint) (int64, error) {
	q := s.db.WithContext(ctx).Model(&models.Notification{}).Where("user_id = ? AND read_at IS NULL", userID)
	if len(ids) > 0 {
		q = q.Where("id IN ?", ids)
	}
	res := q.Update("read_at", s.now().UTC())
	if res.Error != nil {
		return 0, fmt.Errorf("mark notifications read: %w", res.Error)
	}
	return res.RowsAffected, nil
}
