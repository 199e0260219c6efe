package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"dsflow/models"
)

// GetTemplate (temporary until the templates branch lands).
func (s *Store) GetTemplate(ctx context.Context, id uint) (*models.ProcessTemplate, error) {
	var t models.ProcessTemplate
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("template")
	}
	if err != nil {
		return nil, fmt.Errorf("load template %d: %w", id, err)
	}
	return &t, nil
}
