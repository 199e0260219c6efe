package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	_ "go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql" // registers postgres12
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/tools/common/schema"
	sqltool "go.temporal.io/server/tools/sql"
)

// PostgresConfig locates the PostgreSQL server the embedded Temporal server
// persists to. Temporal keeps its data in two databases of its own,
// <Database>_temporal and <Database>_temporal_visibility, next to dsflow's.
type PostgresConfig struct {
	Host     string
	Port     int
	User     string
	Password string
	// Database is the base name; it must be a plain lower-case SQL
	// identifier because the schema tool does not quote it.
	Database string
	// SSLMode is passed to the driver as sslmode (empty: driver default,
	// which is "disable" in Temporal's postgres plugin).
	SSLMode string
}

var pgIdent = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// PostgresFromURL parses a DATABASE_URL such as
// postgres://user:pass@host:5432/db?sslmode=disable.
func PostgresFromURL(databaseURL string) (*PostgresConfig, error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return nil, fmt.Errorf("database URL scheme %q: want postgres or postgresql", u.Scheme)
	}
	pg := &PostgresConfig{Host: u.Hostname(), Port: 5432, User: u.User.Username(),
		SSLMode: u.Query().Get("sslmode")}
	pg.Password, _ = u.User.Password()
	if pg.Host == "" {
		pg.Host = "127.0.0.1"
	}
	if p := u.Port(); p != "" {
		if pg.Port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("database URL port %q: %w", p, err)
		}
	}
	if len(u.Path) > 1 {
		pg.Database = u.Path[1:]
	}
	if pg.Database == "" {
		return nil, errors.New("database URL names no database")
	}
	return pg, nil
}

// sqlConfig is Temporal's connection config for one of its databases.
func (pg *PostgresConfig) sqlConfig(dbName string) *config.SQL {
	attrs := map[string]string{}
	if pg.SSLMode != "" {
		attrs["sslmode"] = pg.SSLMode
	}
	port := pg.Port
	if port == 0 {
		port = 5432
	}
	return &config.SQL{PluginName: "postgres12", DatabaseName: dbName,
		ConnectAddr: net.JoinHostPort(pg.Host, strconv.Itoa(port)), ConnectProtocol: "tcp",
		User: pg.User, Password: pg.Password, ConnectAttributes: attrs,
		MaxConns: 20, MaxIdleConns: 20}
}

// TemporalDatabases names the two databases Temporal uses for a base name.
func TemporalDatabases(base string) (store, visibility string) {
	return base + "_temporal", base + "_temporal_visibility"
}

// preparePostgres creates and migrates both databases. Every step is safe
// to repeat: create-database ignores an existing database, setup-schema
// (which only lays the version tables at 0.0) runs only when no version is
// recorded yet, and update-schema to the latest embedded version is a no-op
// when the schema is current.
func preparePostgres(pg *PostgresConfig, logger log.Logger) (map[string]config.DataStore, error) {
	if !pgIdent.MatchString(pg.Database) {
		return nil, fmt.Errorf("postgres database base name %q: want a lower-case identifier ([a-z_][a-z0-9_]*)", pg.Database)
	}
	store, vis := TemporalDatabases(pg.Database)
	for _, d := range []struct{ db, schemaName string }{
		{store, "postgresql/v12/temporal"},
		{vis, "postgresql/v12/visibility"},
	} {
		if err := migratePostgres(pg.sqlConfig(d.db), d.schemaName, logger); err != nil {
			return nil, err
		}
	}
	return map[string]config.DataStore{
		"default":    {SQL: pg.sqlConfig(store)},
		"visibility": {SQL: pg.sqlConfig(vis)},
	}, nil
}

func migratePostgres(cfg *config.SQL, schemaName string, logger log.Logger) error {
	admin := *cfg
	// An empty default database makes the plugin try "postgres", then
	// "defaultdb"; an existing target database is not an error.
	if err := sqltool.DoCreateDatabase(&admin, "", logger); err != nil {
		return fmt.Errorf("create database %s: %w", cfg.DatabaseName, err)
	}
	conn, err := sqltool.NewConnection(cfg, logger)
	if err != nil {
		return fmt.Errorf("connect to database %s: %w", cfg.DatabaseName, err)
	}
	defer conn.Close()
	if v, err := conn.ReadSchemaVersion(); err != nil || v == "" {
		setup := &schema.SetupConfig{InitialVersion: "0.0"}
		if err := schema.NewSetupSchemaTask(conn, setup, logger).Run(); err != nil {
			return fmt.Errorf("setup schema version tables in %s: %w", cfg.DatabaseName, err)
		}
	}
	update := &schema.UpdateConfig{SchemaName: schemaName}
	if err := schema.NewUpdateSchemaTask(conn, update, logger).Run(); err != nil {
		return fmt.Errorf("update schema %s in %s: %w", schemaName, cfg.DatabaseName, err)
	}
	return nil
}

// sqliteConfig is the server's SQLite persistence config. Keys that are not
// query parameters become pragmas; they take no leading underscore. One
// connection: a pool of 4 with WAL logged thousands of busy retries and was
// no faster (ARCHITECTURE.md, "Embedded or clustered").
func sqliteConfig(path, synchronous string) *config.SQL {
	if synchronous == "" {
		synchronous = "full"
	}
	return &config.SQL{PluginName: sqliteplugin.PluginName, DatabaseName: path,
		ConnectAttributes: map[string]string{
			"mode":         "rwc",
			"journal_mode": "wal",
			"busy_timeout": "10000",
			"synchronous":  synchronous,
		},
		MaxConns: 1, MaxIdleConns: 1}
}

// prepareSQLite lays the schema into a new <dataDir>/temporal.db and makes
// sure the namespace exists. An existing file is never set up again:
// SetupSchema is not idempotent (its first CREATE TABLE fails), so the
// file's existence is the marker, and a failed first setup removes the file
// so that the next start begins afresh.
func prepareSQLite(dataDir, namespace, synchronous string) (map[string]config.DataStore, error) {
	if dataDir == "" {
		return nil, errors.New("engine: ServerConfig.DataDir is required for SQLite persistence")
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path, err := filepath.Abs(filepath.Join(dataDir, "temporal.db"))
	if err != nil {
		return nil, fmt.Errorf("resolve sqlite path: %w", err)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := sqliteschema.SetupSchema(sqliteConfig(path, synchronous)); err != nil {
			for _, f := range []string{path, path + "-wal", path + "-shm"} {
				_ = os.Remove(f)
			}
			return nil, fmt.Errorf("set up sqlite schema in %s: %w", path, err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	ns, err := sqliteschema.NewNamespaceConfig(clusterName, namespace, false, nil)
	if err != nil {
		return nil, fmt.Errorf("namespace config %q: %w", namespace, err)
	}
	if err := sqliteschema.CreateNamespaces(sqliteConfig(path, synchronous), ns); err != nil {
		return nil, fmt.Errorf("create namespace %q in %s: %w", namespace, path, err)
	}
	return map[string]config.DataStore{"default": {SQL: sqliteConfig(path, synchronous)}}, nil
}
