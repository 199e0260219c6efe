package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"dsflow/activities"
	"dsflow/api"
	"dsflow/demo"
	"dsflow/engine"
	"dsflow/i18n"
	"dsflow/models"
	"dsflow/notify"
	"dsflow/store"
	"dsflow/web"
	"dsflow/workflows/task"
)

// role says which halves a process runs.
type role int

const (
	roleAll role = iota
	roleAPI
	roleWorker
)

// app is a running dsflow process: what it started, to stop in reverse.
type app struct {
	log      *slog.Logger
	store    *store.Store
	temporal *engine.Server
	hostPort string
	client   client.Client
	worker   worker.Worker
	sweeper  worker.Worker // the overdue sweep's own queue
	http     *http.Server
	listener net.Listener
}

// runServe starts the process's halves, prints where it listens (and the
// demo logins on a first start), and on SIGINT/SIGTERM drains requests,
// stops the worker, then the embedded server.
func runServe(ctx context.Context, name string, args []string, stdout, stderr io.Writer, r role) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := bindConfig(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if r != roleAll && cfg.TemporalAddress == "" {
		// Only serve embeds a server: two halves each starting their own
		// would never see each other's workflows.
		return fmt.Errorf("TEMPORAL_ADDRESS: required by %q, which runs one half of dsflow against a shared Temporal server", fs.Name())
	}
	a, setup, err := start(ctx, cfg, r, stderr)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting, as asked: not a failure
		}
		return err
	}
	if a.listener != nil {
		fmt.Fprintln(stdout, i18n.T(i18n.VI, "cli.ready", "http://"+a.listener.Addr().String()))
		fmt.Fprintln(stdout, i18n.T(i18n.EN, "cli.ready", "http://"+a.listener.Addr().String()))
	}
	fmt.Fprintf(stdout, "Temporal: %s (namespace %s)\n", a.hostPort, cfg.TemporalNamespace)
	if a.worker != nil {
		fmt.Fprintf(stdout, "worker polling task queue %s\n", models.TaskQueue)
	}
	if len(setup.logins) > 0 {
		fmt.Fprintln(stdout, i18n.T(i18n.VI, "cli.demo_logins", demo.Password))
		for _, l := range setup.logins {
			fmt.Fprintf(stdout, "  %-18s %-10s %s\n", l.Username, l.Role, l.Unit)
		}
	}
	if setup.keyFile != "" {
		announceKeyFile(stdout, setup.keyFile)
	}
	if setup.noUsers {
		fmt.Fprintln(stdout, i18n.T(i18n.VI, "cli.no_users"))
		fmt.Fprintln(stdout, i18n.T(i18n.EN, "cli.no_users"))
	}
	<-ctx.Done()
	a.stop()
	return nil
}

// setupResult is what start-up found or made in the database, for the
// operator: the demo logins it seeded, or that nobody can sign in yet.
type setupResult struct {
	logins  []demo.Login
	noUsers bool
	// keyFile is the key file start-up made ("": none made).
	keyFile string
}

func start(ctx context.Context, cfg *config, r role, stderr io.Writer) (a *app, setup setupResult, err error) {
	level, _ := parseLevel(cfg.LogLevel)
	a = &app{log: slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))}
	defer func() {
		if err != nil {
			a.stop()
		}
	}()
	startCtx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	ring, keyFile, err := loadKeyring(cfg, time.Now())
	if err != nil {
		return a, setup, err
	}
	setup.keyFile = keyFile
	if a.store, err = store.Open(startCtx, store.Config{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.sqlitePath(), Logger: a.log, Sealer: ring}); err != nil {
		return a, setup, err
	}
	err = a.store.WithSetupLock(startCtx, func() error {
		if _, err := prepare(startCtx, a.store); err != nil {
			return err
		}
		if r == roleWorker {
			return nil
		}
		if cfg.seedDemo() {
			// demo.Seed is not one transaction and only runs on a database
			// without units: a stop half-way would leave a demo without
			// its users for good. It takes a moment; let it finish.
			seedCtx, cancel := context.WithTimeout(context.WithoutCancel(startCtx), time.Minute)
			defer cancel()
			var serr error
			if setup.logins, serr = demo.Seed(seedCtx, a.store); serr != nil {
				return fmt.Errorf("seed demo: %w", serr)
			}
		}
		n, err := a.store.CountUsers(startCtx)
		setup.noUsers = n == 0
		return err
	})
	if err != nil {
		return a, setup, err
	}
	if err = startCtx.Err(); err != nil {
		return a, setup, err // stopped while seeding: start nothing more
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	hostPort := cfg.TemporalAddress
	if hostPort == "" {
		scfg := engine.ServerConfig{DataDir: cfg.DataDir, FrontendPort: cfg.TemporalPort, Namespace: cfg.TemporalNamespace, Logger: a.log}
		if cfg.DatabaseURL != "" {
			if scfg.Postgres, err = engine.PostgresFromURL(cfg.DatabaseURL); err != nil {
				return a, setup, fmt.Errorf("DATABASE_URL: %w", err)
			}
		}
		if a.temporal, err = engine.StartServer(startCtx, scfg); err != nil {
			return a, setup, fmt.Errorf("start embedded Temporal server: %w", err)
		}
		hostPort = a.temporal.HostPort()
	}
	a.hostPort = hostPort
	ccfg := engine.ClientConfig{HostPort: hostPort, Namespace: cfg.TemporalNamespace, Logger: a.log,
		MetricsHandler: engine.NewPrometheusMetricsHandler(reg), APIKey: cfg.TemporalAPIKey, Keyring: ring}
	if ccfg.TLS, err = cfg.temporalTLS(); err != nil {
		return a, setup, err
	}
	a.client, err = engine.Dial(startCtx, ccfg)
	if err != nil {
		return a, setup, fmt.Errorf("connect to Temporal at %s: %w", hostPort, err)
	}
	if r != roleAPI {
		if err = a.startWorker(startCtx, cfg); err != nil {
			return a, setup, err
		}
	}
	if r != roleWorker {
		if err = a.startHTTP(cfg, reg); err != nil {
			return a, setup, err
		}
	}
	return a, setup, nil
}

func (a *app) startWorker(ctx context.Context, cfg *config) error {
	acts := &activities.Activities{Store: a.store, Logger: a.log, Temporal: a.client}
	if cfg.SMTPAddr != "" {
		s, err := notify.NewSMTPSender(cfg.smtpConfig())
		if err != nil {
			return fmt.Errorf("DSFLOW_SMTP_ADDR: %w", err)
		}
		acts.Email = s
	}
	if cfg.WebhookURL != "" {
		w, err := notify.NewWebhookSender(cfg.webhookConfig(), nil)
		if err != nil {
			return fmt.Errorf("DSFLOW_WEBHOOK_URL: %w", err)
		}
		acts.Webhook = w
	}
	// Process-wide in the SDK, read when the first worker starts.
	worker.SetStickyWorkflowCacheSize(cfg.WorkflowCache)
	a.worker = engine.NewWorker(a.client, models.TaskQueue, func(r worker.Registry) { engine.Register(r, acts, task.Options{}) })
	if err := a.worker.Start(); err != nil {
		a.worker = nil
		return fmt.Errorf("start worker: %w", err)
	}
	a.sweeper = engine.NewSweepWorker(a.client, acts)
	if err := a.sweeper.Start(); err != nil {
		a.sweeper = nil
		return fmt.Errorf("start overdue sweep worker: %w", err)
	}
	return engine.EnsureMaintenance(ctx, a.client)
}

func (a *app) startHTTP(cfg *config, reg *prometheus.Registry) error {
	proxies, _ := cfg.proxies() // validated at start
	srv := api.New(api.Deps{Store: a.store, Temporal: a.client, Logger: a.log, Registry: reg, Gatherer: reg,
		SessionTTL: cfg.SessionTTL, TrustedProxies: proxies, MetricsToken: cfg.MetricsToken})
	l, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("DSFLOW_HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
	}
	a.listener = l
	pages := web.New(web.Deps{API: srv.Handler(), Logger: a.log, TrustedProxies: proxies})
	a.http = &http.Server{Handler: pages, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	go func() {
		if err := a.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("http server stopped", "error", err)
		}
	}()
	return nil
}

// stop drains HTTP requests, stops the worker, closes the client, stops the
// embedded server and closes the database, in that order.
func (a *app) stop() {
	if a.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		if err := a.http.Shutdown(ctx); err != nil {
			a.log.Warn("http shutdown", "error", err)
		}
		cancel()
	}
	if a.sweeper != nil {
		a.sweeper.Stop()
	}
	if a.worker != nil {
		a.worker.Stop()
	}
	if a.client != nil {
		a.client.Close()
	}
	if a.temporal != nil {
		if err := a.temporal.Stop(); err != nil {
			a.log.Warn("temporal server stop", "error", err)
		}
	}
	if a.store != nil {
		_ = a.store.Close()
	}
}
