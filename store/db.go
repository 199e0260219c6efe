// Package store holds every SQL query and transaction of dsflow. Each
// method that reads on behalf of a person takes that person's scope (a unit
// subtree), so nothing outside it can leak; methods document the error codes
// (models.E*) they return.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	_ "modernc.org/sqlite" // the pure-Go driver, registered as "sqlite"
)

// Dialects.
const (
	DialectPostgres = "postgres"
	DialectSQLite   = "sqlite"
)

// Store is dsflow's database. It is safe for concurrent use.
type Store struct {
	db      *gorm.DB
	dialect string
	now     func() time.Time
	sealer  Sealer
}

// Config says which database to open.
type Config struct {
	// DatabaseURL is a postgres:// URL; empty means SQLite at SQLitePath.
	DatabaseURL string
	SQLitePath  string
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
	// MaxOpenConns caps the PostgreSQL pool (default 16).
	MaxOpenConns int
	// SQLiteSynchronous is SQLite's synchronous pragma: FULL (the default)
	// syncs the write-ahead log at every commit, so a command the API
	// answered survives a power cut; NORMAL is faster and may lose the last
	// commits (benchmarks measure the difference; see docs/benchmarks.md).
	SQLiteSynchronous string
	// Sealer seals personal data at rest (screening). Without one, the
	// store refuses to record personal data.
	Sealer Sealer
}

// Open connects to the configured database. It does not migrate.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	gcfg := &gorm.Config{Logger: logger.Discard, TranslateError: true, NowFunc: func() time.Time { return time.Now().UTC() }}
	var (
		db      *gorm.DB
		err     error
		dialect string
	)
	if cfg.DatabaseURL != "" {
		if !strings.HasPrefix(cfg.DatabaseURL, "postgres://") && !strings.HasPrefix(cfg.DatabaseURL, "postgresql://") {
			return nil, fmt.Errorf("DATABASE_URL must be a postgres:// URL")
		}
		dialect = DialectPostgres
		db, err = gorm.Open(postgres.Open(cfg.DatabaseURL), gcfg)
	} else {
		if cfg.SQLitePath == "" {
			return nil, fmt.Errorf("no database configured: set DATABASE_URL or a SQLite path")
		}
		if err := os.MkdirAll(filepath.Dir(cfg.SQLitePath), 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		dialect = DialectSQLite
		sync := cfg.SQLiteSynchronous
		if sync == "" {
			sync = "FULL"
		}
		if sync != "FULL" && sync != "NORMAL" {
			return nil, fmt.Errorf("SQLite synchronous %q: want FULL or NORMAL", sync)
		}
		dsn := cfg.SQLitePath + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(" + sync + ")"
		db, err = gorm.Open(sqlite.New(sqlite.Config{DriverName: "sqlite", DSN: dsn}), gcfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("database handle: %w", err)
	}
	if dialect == DialectSQLite {
		// One writer at a time is all SQLite allows; one connection keeps
		// transactions from failing with SQLITE_BUSY.
		sqlDB.SetMaxOpenConns(1)
	} else {
		n := cfg.MaxOpenConns
		if n <= 0 {
			n = 16
		}
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("reach %s database: %w", dialect, err)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, dialect: dialect, now: now, sealer: cfg.Sealer}, nil
}

// Dialect returns "postgres" or "sqlite".
func (s *Store) Dialect() string { return s.dialect }

// Close closes the pool.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks the database answers (for /readyz).
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// SQL exposes the pool for benchmarks and tests that set up data in bulk.
func (s *Store) SQL() (*sql.DB, error) { return s.db.DB() }

// tx runs fn in one transaction.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}

// subtree returns the condition and arguments for "path lies under
// prefix": the SQL form of models.PathContains, which decides the same
// question in Go (TestSubtreeAgrees holds the two to the same answers). It
// is a range on the materialized path, which an index answers in either
// dialect: paths hold only digits and "/", prefixes end in "/", and "0"
// sorts right after "/" (byte order: COLLATE "C" in PostgreSQL). A prefix
// that is not a whole path matches nothing, as in PathContains.
func subtree(column, prefix string) (string, []any) {
	if !strings.HasSuffix(prefix, "/") {
		return "1 = 0", nil
	}
	upper := strings.TrimSuffix(prefix, "/") + "0"
	return column + " >= ? AND " + column + " < ?", []any{prefix, upper}
}
