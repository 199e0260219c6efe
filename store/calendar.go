package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"dsflow/models"
)

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
		// No UnitPath: the calendar is national, and so is its entry.
		return appendAudit(tx, AuditRecord{ActorID: actorID, Action: "calendar.put", EntityType: EntityCalendar,
			EntityID: fmt.Sprint(year), Before: before, After: days, At: s.now()})
	})
}
