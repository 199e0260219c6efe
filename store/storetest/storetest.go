// Package storetest gives tests a migrated store of either dialect on a
// database of their own: a fresh PostgreSQL database per call (dropped
// afterwards), or a SQLite file in the test's temporary directory.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // admin connection to create test databases

	"dsflow/store"
)

// AdminURL is the PostgreSQL server tests create their databases on:
// $DSFLOW_TEST_POSTGRES or the local trust-auth server.
func AdminURL() string {
	if u := os.Getenv("DSFLOW_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// Dialects lists the dialects every store test runs on.
var Dialects = []string{store.DialectPostgres, store.DialectSQLite}

// NewDatabase creates an empty PostgreSQL database for t and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		t.Fatalf("open admin connection: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "dsflow_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", AdminURL())
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatalf("parse admin URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open returns a migrated store of dialect for t: on PostgreSQL in
// cfg.DatabaseURL, or a new database when that is empty.
func Open(t testing.TB, dialect string, cfg store.Config) *store.Store {
	t.Helper()
	ctx := context.Background()
	if dialect == store.DialectPostgres {
		if cfg.DatabaseURL == "" {
			cfg.DatabaseURL = NewDatabase(t)
		}
	} else {
		cfg.SQLitePath = filepath.Join(t.TempDir(), "dsflow.db")
	}
	s, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open %s store: %v", dialect, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s store: %v", dialect, err)
	}
	return s
}
