package main

import (
	"context"

	"dsflow/store"
)

// migrate applies the store's pending migrations under the set-up lock.
func migrate(ctx context.Context, s *store.Store) (n int, err error) {
	err = s.WithSetupLock(ctx, func() error {
		n, err = s.Migrate(ctx)
		return err
	})
	return n, err
}
