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

// TemplateByKeyOrID (temporary until the templates branch lands).
func (s *Store) TemplateByKeyOrID(ctx context.Context, ref string) (*models.ProcessTemplate, error) {
	var t models.ProcessTemplate
	err := s.db.WithContext(ctx).Where("key = ?", ref).Order("version DESC").First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		var id uint
		if _, scanErr := fmt.Sscan(ref, &id); scanErr == nil {
			return s.GetTemplate(ctx, id)
		}
		return nil, models.NotFound("template")
	}
	if err != nil {
		return nil, fmt.Errorf("load template %s: %w", ref, err)
	}
	return &t, nil
}
