// Package testenv starts a whole dsflow for an end-to-end test: a migrated
// store (PostgreSQL by default, SQLite on request), a real Temporal server
// in-process (engine.StartServer on SQLite files in the test's temporary
// directory), a client, a worker with the real activities, the HTTP API
// behind an httptest.Server, the built-in process templates and the demo
// seed, so the demo's units and users exist. Starting one takes a second or two: share one Env per test
// function and let its subtests reuse it.
package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/worker"

	"dsflow/activities"
	"dsflow/api"
	"dsflow/auth"
	"dsflow/checklists"
	"dsflow/demo"
	"dsflow/engine"
	"dsflow/models"
	"dsflow/pii"
	"dsflow/protocols"
	"dsflow/store"
	"dsflow/store/storetest"
	"dsflow/templates"
	"dsflow/workflows/task"
)

// Options choose what Start builds. The zero value is PostgreSQL, no
// e-mail or webhook channel, the real clock and the API's default login
// limiter.
type Options struct {
	// SQLite puts dsflow's own data in a SQLite file instead of a fresh
	// PostgreSQL database.
	SQLite bool
	// SQLiteSynchronous is the synchronous pragma of both SQLite files
	// (default FULL; benchmarks compare NORMAL).
	SQLiteSynchronous string
	// TemporalPostgres persists the embedded Temporal server to fresh
	// PostgreSQL databases (the production set-up with DATABASE_URL)
	// instead of SQLite files.
	TemporalPostgres bool
	// Email and Webhook are the activities' optional delivery channels.
	Email, Webhook activities.Sender
	// Now is the clock of the store, the API and the activities (Temporal
	// itself keeps real time: use short deadlines where a timer must fire).
	Now func() time.Time
	// LoginLimiter and AddressLimiter replace the API's limits of failed
	// logins per username and per client address.
	LoginLimiter, AddressLimiter *auth.Limiter
	// Logger receives the API's, the worker's and the engine's logs
	// (default: errors only, on stderr).
	Logger *slog.Logger
	// NoSeed skips the demo seed.
	NoSeed bool
	// Host tunes the task engine of the worker's host workflows (a short
	// CommandWriteFor, say).
	Host task.Options
	// WorkerInterceptors wrap the worker's workflows and activities (tests
	// that fail workflow tasks on purpose).
	WorkerInterceptors []interceptor.WorkerInterceptor
	// AfterApply, if set, runs after every ApplyTaskChange commits; its
	// error becomes the activity's (tests that lose a write's answer).
	AfterApply func(context.Context, models.TaskChange) error
	// CommandWait bounds the API's wait for a command's outcome (default
	// the API's own).
	CommandWait time.Duration
	// Keyring encrypts Temporal payloads (and is what personal data is
	// sealed with); nil: a new one for this Env, as `dsflow serve` makes
	// on a fresh machine. Every Env encrypts, as every dsflow does.
	Keyring *pii.Keyring
	// NoWorker starts no worker in this process: the caller runs one
	// elsewhere (a `dsflow worker` process, whose memory a benchmark
	// measures on its own).
	NoWorker bool
}

// Env is a running dsflow. Its fields are for tests that need to look
// underneath the API; most tests only use URL, Login and Do.
type Env struct {
	Store    *store.Store
	Temporal *engine.Server
	Client   client.Client
	API      *api.Server
	HTTP     *httptest.Server
	// URL is the API's base URL, e.g. http://127.0.0.1:41234.
	URL string
	// Registry holds the HTTP and Temporal SDK metrics /metrics serves.
	Registry *prometheus.Registry
	// Activities is what every worker of this Env runs.
	Activities *activities.Activities
	Logins     []demo.Login
	// Keyring is the Env's keys (Options.Keyring or its own).
	Keyring *pii.Keyring
	// TemporalPG names the Temporal server's PostgreSQL databases (nil on
	// SQLite): benchmarks report their size.
	TemporalPG *engine.PostgresConfig
	// DatabaseURL is dsflow's own database on PostgreSQL ("" on SQLite).
	DatabaseURL string

	mu      sync.Mutex
	worker  worker.Worker
	sweeper worker.Worker
	tokens  map[string]string
	opts    Options
}

// Start builds an Env for t and stops it in t.Cleanup.
func Start(t testing.TB, opts Options) *Env {
	t.Helper()
	t0 := time.Now()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	}
	dialect := store.DialectPostgres
	if opts.SQLite {
		dialect = store.DialectSQLite
	}
	e := &Env{tokens: map[string]string{}, opts: opts}
	e.Keyring = opts.Keyring
	if e.Keyring == nil {
		e.Keyring = Keyring(t)
	}
	if dialect == store.DialectPostgres {
		e.DatabaseURL = storetest.NewDatabase(t)
	}
	e.Store = storetest.Open(t, dialect, store.Config{DatabaseURL: e.DatabaseURL, Now: opts.Now, Logger: log,
		SQLiteSynchronous: opts.SQLiteSynchronous, Sealer: e.Keyring})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Every dsflow has the built-in templates and checklists, as `dsflow
	// serve` writes them.
	if _, err := e.Store.EnsureBuiltinTemplates(ctx, templates.Builtins()); err != nil {
		t.Fatalf("testenv: built-in templates: %v", err)
	}
	if _, err := e.Store.EnsureBuiltinChecklists(ctx, checklists.Builtins()); err != nil {
		t.Fatalf("testenv: built-in checklists: %v", err)
	}
	if _, err := e.Store.EnsureBuiltinProtocols(ctx, protocols.Builtins()); err != nil {
		t.Fatalf("testenv: built-in protocols: %v", err)
	}
	if !opts.NoSeed {
		logins, err := demo.Seed(ctx, e.Store)
		if err != nil {
			t.Fatalf("testenv: seed demo: %v", err)
		}
		e.Logins = logins
	}
	var pg *engine.PostgresConfig
	if opts.TemporalPostgres {
		pg = TemporalPostgres(t)
	}
	e.TemporalPG = pg
	e.Temporal = startTemporal(t, ctx, log, engine.ServerConfig{Postgres: pg, SQLiteSynchronous: strings.ToLower(opts.SQLiteSynchronous)})
	t.Cleanup(func() { _ = e.Temporal.Stop() })

	e.Registry = prometheus.NewRegistry()
	c, err := engine.Dial(ctx, engine.ClientConfig{HostPort: e.Temporal.HostPort(), Logger: log,
		MetricsHandler: engine.NewPrometheusMetricsHandler(e.Registry), Keyring: e.Keyring})
	if err != nil {
		t.Fatalf("testenv: dial temporal: %v", err)
	}
	e.Client = c
	t.Cleanup(c.Close)

	e.Activities = &activities.Activities{Store: e.Store, Logger: log, Email: opts.Email, Webhook: opts.Webhook, Now: opts.Now,
		AfterApply: opts.AfterApply, Temporal: c}
	if !opts.NoWorker {
		e.StartWorker(t)
	}
	t.Cleanup(e.StopWorker)

	e.API = api.New(api.Deps{Store: e.Store, Temporal: c, Logger: log, Registry: e.Registry, Gatherer: e.Registry,
		Now: opts.Now, LoginLimiter: opts.LoginLimiter, AddressLimiter: opts.AddressLimiter, CommandWait: opts.CommandWait})
	e.HTTP = httptest.NewServer(e.API.Handler())
	e.URL = e.HTTP.URL
	t.Cleanup(e.HTTP.Close)
	t.Logf("testenv: dsflow (%s) with Temporal at %s ready in %v", dialect, e.Temporal.HostPort(), time.Since(t0).Round(time.Millisecond))
	return e
}

// Keyring makes a new keyring of one key, as a fresh installation has.
func Keyring(t testing.TB) *pii.Keyring {
	t.Helper()
	f, err := pii.NewKeyFile(time.Now())
	if err != nil {
		t.Fatalf("testenv: key file: %v", err)
	}
	r, err := f.Keyring()
	if err != nil {
		t.Fatalf("testenv: keyring: %v", err)
	}
	return r
}

// startTemporal starts an embedded server on SQLite in a temporary
// directory (or on pg), on a random frontend port in 12000–30000 whose
// derived ports are free; a port taken in between is retried on another.
func startTemporal(t testing.TB, ctx context.Context, log *slog.Logger, cfg engine.ServerConfig) *engine.Server {
	t.Helper()
	var last error
	for range 4 {
		port, err := engine.FreeFrontendPort()
		if err != nil {
			t.Fatalf("testenv: %v", err)
		}
		cfg.DataDir, cfg.FrontendPort, cfg.Logger = t.TempDir(), port, log
		srv, err := engine.StartServer(ctx, cfg)
		if err == nil {
			return srv
		}
		last = err
	}
	t.Fatalf("testenv: start temporal: %v", last)
	return nil
}

// TemporalPostgres names a fresh pair of Temporal databases on the
// PostgreSQL server tests use, dropped when t ends.
func TemporalPostgres(t testing.TB) *engine.PostgresConfig {
	t.Helper()
	admin := storetest.AdminURL()
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testenv: admin URL: %v", err)
	}
	u.Path = "/dsflow_tmp_" + hex.EncodeToString(b)
	pg, err := engine.PostgresFromURL(u.String())
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		store, vis := engine.TemporalDatabases(pg.Database)
		for _, name := range []string{store, vis} {
			_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		}
	})
	return pg
}

// StartWorker starts a new worker with the Env's activities. It fails the
// test if one is running already.
func (e *Env) StartWorker(t testing.TB) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.worker != nil {
		t.Fatal("testenv: a worker is running already")
	}
	w := engine.NewWorker(e.Client, models.TaskQueue, func(r worker.Registry) { engine.Register(r, e.Activities, e.opts.Host) },
		e.opts.WorkerInterceptors...)
	if err := w.Start(); err != nil {
		t.Fatalf("testenv: start worker: %v", err)
	}
	// The overdue sweep's queue, as every dsflow worker process polls it
	// (idle unless engine.EnsureMaintenance starts the sweep).
	sw := engine.NewSweepWorker(e.Client, e.Activities)
	if err := sw.Start(); err != nil {
		w.Stop()
		t.Fatalf("testenv: start sweep worker: %v", err)
	}
	e.worker, e.sweeper = w, sw
}

// StopWorker stops the running worker, if any: workflows then wait, as
// they would while a worker process is down.
func (e *Env) StopWorker() {
	e.mu.Lock()
	w, sw := e.worker, e.sweeper
	e.worker, e.sweeper = nil, nil
	e.mu.Unlock()
	if sw != nil {
		sw.Stop()
	}
	if w != nil {
		w.Stop()
	}
}
