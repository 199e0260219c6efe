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

// CalendarOverrides returns every admin-set calendar day.
func (s *Store) CalendarOverrides(ctx context.Context) ([]models.CalendarDay, error) {
	var out []models.CalendarDay
	if err := s.db.WithContext(ctx).Order("date").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("load calendar overrides: %w", err)
	}
	return out, nil
}

// PutCalendarYear replaces the overrides of one year.
func (s *Store) PutCalendarYear(ctx context.Context, actorID uint, year int, days []models.CalendarDay) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var before []models.CalendarDay
		if err := tx.Where("year = ?", year).Order("date").Find(&before).Error; err != nil {
			return fmt.Errorf("load calendar year: %w", err)
		}
		if err := tx.Where("year = ?", year).Delete(&models.CalendarDay{}).Error; err != nil {
			return fmt.Errorf("clear calendar year: %w", err)
		}
		if len(days) > 0 {
			if err := tx.Create(&days).Error; err != nil {
				return fmt.Errorf("insert calendar days: %w", err)
			}
		}
		return appendAudit(tx, AuditRecord{ActorID: actorID, Action: "calendar.put", EntityType: EntityCalendar,
			EntityID: fmt.Sprint(year), Before: before, After: days, At: s.now()})
	})
}

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

// CreateAttachment stores an uploaded file.
func (s *Store) CreateAttachment(ctx context.Context, a *models.Attachment) error {
	a.CreatedAt = s.now().UTC()
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(a).Error; err != nil {
			return fmt.Errorf("insert attachment: %w", err)
		}
		return appendAudit(tx, AuditRecord{ActorID: a.UploadedBy, Action: "task.attachment", EntityType: EntityTask, EntityID: a.TaskID,
			After: map[string]any{"attachment": a.ID, "sha256": a.SHA256, "size": a.Size, "content_type": a.ContentType}, At: a.CreatedAt})
	})
}

// GetAttachment loads a file of a task. ENOTFOUND.
func (s *Store) GetAttachment(ctx context.Context, taskID, id string) (*models.Attachment, error) {
	var a models.Attachment
	err := s.db.WithContext(ctx).Where("id = ? AND task_id = ?", id, taskID).First(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("attachment")
	}
	if err != nil {
		return nil, fmt.Errorf("load attachment: %w", err)
	}
	return &a, nil
}

// MissingAttachments returns the IDs among ids that are not files of taskID.
func (s *Store) MissingAttachments(ctx context.Context, taskID string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var have []string
	if err := s.db.WithContext(ctx).Model(&models.Attachment{}).Where("task_id = ? AND id IN ?", taskID, ids).Pluck("id", &have).Error; err != nil {
		return nil, fmt.Errorf("check attachments: %w", err)
	}
	set := map[string]bool{}
	for _, h := range have {
		set[h] = true
	}
	var missing []string
	for _, id := range ids {
		if !set[id] {
			missing = append(missing, id)
		}
	}
	return missing, nil
}
