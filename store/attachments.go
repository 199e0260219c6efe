package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/models"
)

// CreateAttachment stores an uploaded file of an existing task, with its
// audit entry. ENOTFOUND. When a.ID is already stored (a retried upload,
// whose ID derives from its Idempotency-Key, possibly sent at the same
// time) nothing is written: the stored attachment, without its content,
// is loaded into a and created is false, so the caller can tell a repeat
// of the same file from another file under the same key.
func (s *Store) CreateAttachment(ctx context.Context, a *models.Attachment) (created bool, err error) {
	a.CreatedAt = s.now().UTC()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		// The audit entry belongs to the task's subtree, read here rather
		// than taken from the caller.
		var paths []string
		if err := tx.Model(&models.Task{}).Where("id = ?", a.TaskID).Pluck("unit_path", &paths).Error; err != nil {
			return fmt.Errorf("load task of attachment: %w", err)
		}
		if len(paths) != 1 {
			return models.NotFound("task")
		}
		res := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoNothing: true}).Create(a)
		if res.Error != nil {
			return fmt.Errorf("insert attachment: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			id := a.ID
			*a = models.Attachment{}
			if err := tx.Omit("data").Where("id = ?", id).First(a).Error; err != nil {
				return fmt.Errorf("load attachment stored before: %w", err)
			}
			return nil
		}
		created = true
		return appendAudit(tx, AuditRecord{ActorID: a.UploadedBy, Action: "task.attachment", EntityType: EntityTask, EntityID: a.TaskID,
			After: map[string]any{"attachment": a.ID, "sha256": a.SHA256, "size": a.Size, "content_type": a.ContentType}, At: a.CreatedAt,
			UnitPath: paths[0]})
	})
	return created, err
}

// GetAttachment loads a file of a task in scope. ENOTFOUND, also for a
// task outside the scope.
func (s *Store) GetAttachment(ctx context.Context, scope Scope, taskID, id string) (*models.Attachment, error) {
	var a models.Attachment
	cond, args := subtree("tasks.unit_path", scope.Path)
	err := s.db.WithContext(ctx).Joins("JOIN tasks ON tasks.id = attachments.task_id").
		Where("attachments.id = ? AND attachments.task_id = ?", id, taskID).Where(cond, args...).First(&a).Error
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

// ListAttachments returns the files of a task in scope, oldest first,
// without their content. ENOTFOUND for a task outside the scope.
func (s *Store) ListAttachments(ctx context.Context, scope Scope, taskID string) ([]models.Attachment, error) {
	if _, err := s.GetTask(ctx, scope, taskID); err != nil {
		return nil, err
	}
	var out []models.Attachment
	err := s.db.WithContext(ctx).Select("id", "task_id", "filename", "content_type", "size", "sha256", "uploaded_by", "created_at").
		Where("task_id = ?", taskID).Order("created_at, id").Limit(500).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list attachments of task %s: %w", taskID, err)
	}
	return out, nil
}
