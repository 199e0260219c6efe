package main

import (
	"context"
	"fmt"

	"dsflow/checklists"
	"dsflow/protocols"
	"dsflow/store"
	"dsflow/templates"
)

// migrate applies the store's pending migrations and writes the built-in
// templates and checklists, under the set-up lock.
func migrate(ctx context.Context, s *store.Store) (n int, err error) {
	err = s.WithSetupLock(ctx, func() error {
		n, err = prepare(ctx, s)
		return err
	})
	return n, err
}

// prepare applies the pending migrations and writes the built-in process
// templates and checklists that are missing or changed, so every database
// dsflow runs on has them; it returns how many migrations ran. The caller
// holds the set-up lock.
func prepare(ctx context.Context, s *store.Store) (int, error) {
	n, err := s.Migrate(ctx)
	if err != nil {
		return n, err
	}
	if _, err := s.EnsureBuiltinTemplates(ctx, templates.Builtins()); err != nil {
		return n, fmt.Errorf("write built-in templates: %w", err)
	}
	if _, err := s.EnsureBuiltinChecklists(ctx, checklists.Builtins()); err != nil {
		return n, fmt.Errorf("write built-in checklists: %w", err)
	}
	if _, err := s.EnsureBuiltinProtocols(ctx, protocols.Builtins()); err != nil {
		return n, fmt.Errorf("write built-in screening protocols: %w", err)
	}
	return n, nil
}
