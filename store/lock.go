package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// setupLockKey names dsflow's PostgreSQL advisory lock for schema set-up.
const setupLockKey int64 = 0x647366_6c6f77 // "dsflow"

// WithSetupLock runs fn, which migrates or seeds the database, holding a
// PostgreSQL advisory lock: processes that start together (api and worker,
// or several api replicas) would otherwise apply the same migration at
// once, all but one failing on a duplicate table, or seed the demo twice.
func (s *Store) WithSetupLock(ctx context.Context, fn func() error) error {
	if s.dialect != DialectPostgres {
		return fn()
	}
	db, err := s.SQL()
	if err != nil {
		return err
	}
	// The lock belongs to a session, so it needs a connection of its own.
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("set-up lock: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", setupLockKey); err != nil {
		return fmt.Errorf("take set-up lock: %w", err)
	}
	defer func() {
		// The pool keeps the connection open, so release the lock.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", setupLockKey)
	}()
	return fn()
}

// counterLockKey names the advisory lock between task changes (shared) and
// the rebuild of the overdue counters (exclusive).
const counterLockKey int64 = 0x647366_636e74 // "dsfcnt"

// counterLock takes the counter lock for the rest of tx. SQLite runs one
// transaction at a time, so it needs none.
func (s *Store) counterLock(tx *gorm.DB, exclusive bool) error {
	if s.dialect != DialectPostgres {
		return nil
	}
	q := "SELECT pg_advisory_xact_lock_shared(?)"
	if exclusive {
		q = "SELECT pg_advisory_xact_lock(?)"
	}
	if err := tx.Exec(q, counterLockKey).Error; err != nil {
		return fmt.Errorf("take counter lock: %w", err)
	}
	return nil
}

// Lock classes of the advisory locks of versioned definitions' keys, one
// lock per key (the key's hash is the lock's second half).
const (
	templateLockClass  int32 = 0x64737470 // "dstp"
	checklistLockClass int32 = 0x6473636c // "dscl"
	protocolLockClass  int32 = 0x64737370 // "dssp"
)

// versionKeyLock serialises, for the rest of tx, the writes of versions of
// one key of a versioned table (class): the next version number is read,
// then written, and under READ COMMITTED two writers would read the same
// one (or a built-in would be written twice by processes starting
// together). SQLite runs one transaction at a time, so it needs none.
func (s *Store) versionKeyLock(tx *gorm.DB, class int32, key string) error {
	if s.dialect != DialectPostgres {
		return nil
	}
	if err := tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(?))", class, key).Error; err != nil {
		return fmt.Errorf("take version lock: %w", err)
	}
	return nil
}
