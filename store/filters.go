package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// userFilter is a page's filter as one user saved it.
type userFilter struct {
	UserID    uint   `gorm:"primaryKey"`
	Page      string `gorm:"primaryKey;size:20"`
	Filter    string `gorm:"type:text;not null"`
	UpdatedAt time.Time
}

func (userFilter) TableName() string { return "user_filters" }

// UserFilter returns the filter userID saved for page ("" when none).
func (s *Store) UserFilter(ctx context.Context, userID uint, page string) (string, error) {
	var rows []userFilter
	if err := s.db.WithContext(ctx).Where("user_id = ? AND page = ?", userID, page).Limit(1).Find(&rows).Error; err != nil {
		return "", fmt.Errorf("read the saved filter of user %d: %w", userID, err)
	}
	if len(rows) == 0 {
		return "", nil
	}
	return rows[0].Filter, nil
}

// PutUserFilter saves userID's filter for page, replacing any before.
func (s *Store) PutUserFilter(ctx context.Context, userID uint, page, filter string) error {
	row := userFilter{UserID: userID, Page: page, Filter: filter, UpdatedAt: s.now().UTC()}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}, {Name: "page"}},
		DoUpdates: clause.AssignmentColumns([]string{"filter", "updated_at"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("save the filter of user %d: %w", userID, err)
	}
	return nil
}
