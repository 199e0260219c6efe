package store

import (
	"context"
	"fmt"
	"time"

	"dsflow/models"
)

// HostStarted clears the pending start of hosts that run (or ran).
func (s *Store) HostStarted(ctx context.Context, hostIDs ...string) error {
	if len(hostIDs) == 0 {
		return nil
	}
	if err := s.db.WithContext(ctx).Where("host_id IN ?", hostIDs).Delete(&models.HostStart{}).Error; err != nil {
		return fmt.Errorf("clear pending host starts: %w", err)
	}
	return nil
}

// PendingHostStarts returns, oldest first, up to limit hosts written before
// the given time whose start is not confirmed.
func (s *Store) PendingHostStarts(ctx context.Context, before time.Time, limit int) ([]models.TaskHost, error) {
	var hosts []models.TaskHost
	err := s.db.WithContext(ctx).Table("host_starts").Select("task_hosts.*").
		Joins("JOIN task_hosts ON task_hosts.id = host_starts.host_id").
		Where("host_starts.created_at < ?", before.UTC()).
		Order("host_starts.created_at, host_starts.host_id").Limit(limit).Scan(&hosts).Error
	if err != nil {
		return nil, fmt.Errorf("list pending host starts: %w", err)
	}
	return hosts, nil
}
