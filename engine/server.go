// Package engine is the Temporal side of dsflow: it runs a Temporal server
// in-process (embedded mode, see ARCHITECTURE.md "Embedded or clustered"),
// dials SDK clients, builds workers and bridges SDK metrics to Prometheus.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/temporal"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

const (
	defaultFrontendPort = 7233
	defaultNamespace    = "default"
	// clusterName is persisted in the cluster metadata on first start, so it
	// must never change for an existing data directory or database.
	clusterName = "active"
	// numHistoryShards is persisted on first start as well and cannot be
	// changed afterwards; 4 is what the fan-out measurements ran with.
	numHistoryShards = 4
	// membershipOffset maps the frontend port to the first membership port
	// the way Temporal's own defaults do (7233 -> 6933).
	membershipOffset = 300
	// maxMembershipPort: the PostgreSQL schema keeps membership ports in a
	// smallint, so anything at or above 32768 breaks cluster_membership.
	maxMembershipPort = 32767
	// readyTimeout bounds the wait for the server to answer when the
	// caller's context carries no deadline of its own.
	readyTimeout = 2 * time.Minute
)

// ServerConfig describes an embedded Temporal server. Zero values pick the
// defaults noted on each field; ports are derived deterministically from
// FrontendPort so a restart on the same data reuses them.
type ServerConfig struct {
	// DataDir holds temporal.db when Postgres is nil.
	DataDir string
	// FrontendPort is the gRPC port clients dial (default 7233).
	FrontendPort int
	// HistoryPort, MatchingPort, WorkerPort default to FrontendPort+1..+3.
	HistoryPort, MatchingPort, WorkerPort int
	// MembershipPort is the first of four consecutive membership ports
	// (frontend, history, matching, worker); default FrontendPort-300. It
	// must stay below 32768.
	MembershipPort int
	// Postgres selects PostgreSQL persistence; nil means SQLite in DataDir.
	Postgres *PostgresConfig
	// SQLiteSynchronous is the SQLite file's synchronous pragma: "full"
	// (the default: a workflow's progress survives a power cut, so it never
	// believes in a revision dsflow's database lost) or "normal".
	SQLiteSynchronous string
	// Namespace is created if absent (default "default").
	Namespace string
	// Logger receives engine progress messages; the server itself logs
	// through zap at warn level (debug logging cut Update throughput 4x).
	Logger *slog.Logger
}

// Server is a running embedded Temporal server.
type Server struct {
	srv      temporal.Server
	hostPort string
	logLevel zap.AtomicLevel
	stopOnce sync.Once
	stopErr  error
}

// HostPort is the frontend address for clients, e.g. "127.0.0.1:7233".
func (s *Server) HostPort() string { return s.hostPort }

// Stop shuts the server down; calling it again is a no-op that returns the
// first call's result.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		// Services leaving membership one by one log dozens of expected
		// errors ("Not enough hosts to serve the request"); only a failure
		// that Stop itself returns matters.
		s.logLevel.SetLevel(zapcore.DPanicLevel)
		if err := s.srv.Stop(); err != nil {
			s.stopErr = fmt.Errorf("stop temporal server: %w", err)
		}
	})
	return s.stopErr
}

// ports are the resolved listen ports of the four services.
type ports struct {
	frontend, history, matching, worker, membership int
}

func resolvePorts(cfg ServerConfig) (ports, error) {
	p := ports{cfg.FrontendPort, cfg.HistoryPort, cfg.MatchingPort, cfg.WorkerPort, cfg.MembershipPort}
	if p.frontend == 0 {
		p.frontend = defaultFrontendPort
	}
	for i, q := range []*int{&p.history, &p.matching, &p.worker} {
		if *q == 0 {
			*q = p.frontend + i + 1
		}
	}
	if p.membership == 0 {
		p.membership = p.frontend - membershipOffset
	}
	if p.membership < 1024 || p.membership+3 > maxMembershipPort {
		return p, fmt.Errorf("membership ports %d..%d must lie within 1024..%d (PostgreSQL stores them in a smallint); set ServerConfig.MembershipPort",
			p.membership, p.membership+3, maxMembershipPort)
	}
	return p, nil
}

// StartServer starts all default Temporal services in-process, bound to
// 127.0.0.1, sets up persistence on first use, makes sure the namespace
// exists and returns once the frontend serves requests in it.
func StartServer(ctx context.Context, cfg ServerConfig) (*Server, error) {
	start := time.Now()
	if cfg.Namespace == "" {
		cfg.Namespace = defaultNamespace
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	p, err := resolvePorts(cfg)
	if err != nil {
		return nil, err
	}
	srvLogger, logLevel, err := serverLogger()
	if err != nil {
		return nil, err
	}

	var stores map[string]config.DataStore
	if cfg.Postgres != nil {
		stores, err = preparePostgres(cfg.Postgres, srvLogger)
	} else {
		stores, err = prepareSQLite(cfg.DataDir, cfg.Namespace, cfg.SQLiteSynchronous)
	}
	if err != nil {
		return nil, err
	}

	hostPort := fmt.Sprintf("127.0.0.1:%d", p.frontend)
	tcfg := serverConfig(p, hostPort, stores)
	srv, err := temporal.NewServer(
		temporal.WithConfig(tcfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithLogger(srvLogger),
		temporal.WithDynamicConfigClient(dynamicconfig.StaticClient{}),
	)
	if err != nil {
		return nil, fmt.Errorf("create temporal server: %w", err)
	}
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("start temporal server on %s: %w", hostPort, err)
	}
	s := &Server{srv: srv, hostPort: hostPort, logLevel: logLevel}

	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, readyTimeout)
		defer cancel()
	}
	if err := waitReady(ctx, hostPort, cfg.Namespace, cfg.Postgres != nil, cfg.Logger); err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	cfg.Logger.Info("temporal server ready", "hostPort", hostPort, "namespace", cfg.Namespace,
		"postgres", cfg.Postgres != nil, "took", time.Since(start).Round(time.Millisecond))
	return s, nil
}

// serverLogger is the server's zap logger at warn, as log.BuildZapLogger
// makes it (JSON on stderr), but with a level Stop can raise. Debug logging
// cut Update throughput 4x.
func serverLogger() (log.Logger, zap.AtomicLevel, error) {
	level := zap.NewAtomicLevelAt(zapcore.WarnLevel)
	enc := log.DefaultZapEncoderConfig
	enc.CallerKey, enc.EncodeCaller = zapcore.OmitKey, nil
	zl, err := zap.Config{Level: level, Encoding: "json", EncoderConfig: enc, DisableCaller: true,
		OutputPaths: []string{"stderr"}, ErrorOutputPaths: []string{"stderr"}}.Build()
	if err != nil {
		return nil, level, fmt.Errorf("build server logger: %w", err)
	}
	return log.NewZapLogger(zl), level, nil
}

// serverConfig builds the static server configuration: a single-cluster,
// loopback-only deployment with archival off.
func serverConfig(p ports, hostPort string, stores map[string]config.DataStore) *config.Config {
	svc := func(grpc, membership int) config.Service {
		return config.Service{RPC: config.RPC{GRPCPort: grpc, MembershipPort: membership, BindOnLocalHost: true}}
	}
	visibility := "default"
	if _, ok := stores["visibility"]; ok {
		visibility = "visibility"
	}
	cfg := &config.Config{}
	cfg.Persistence = config.Persistence{DefaultStore: "default", VisibilityStore: visibility,
		NumHistoryShards: numHistoryShards, DataStores: stores}
	cfg.Global.Membership = config.Membership{MaxJoinDuration: 30 * time.Second, BroadcastAddress: "127.0.0.1"}
	cfg.ClusterMetadata = &cluster.Config{
		EnableGlobalNamespace:    false,
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {Enabled: true, InitialFailoverVersion: 1, RPCAddress: hostPort},
		},
	}
	cfg.DCRedirectionPolicy = config.DCRedirectionPolicy{Policy: "noop"}
	cfg.Services = map[string]config.Service{
		"frontend": svc(p.frontend, p.membership),
		"history":  svc(p.history, p.membership+1),
		"matching": svc(p.matching, p.membership+2),
		"worker":   svc(p.worker, p.membership+3),
	}
	cfg.Archival = config.Archival{
		History:    config.HistoryArchival{State: "disabled"},
		Visibility: config.VisibilityArchival{State: "disabled"},
	}
	cfg.NamespaceDefaults = config.NamespaceDefaults{Archival: config.ArchivalNamespaceDefaults{
		History:    config.HistoryArchivalNamespaceDefaults{State: "disabled"},
		Visibility: config.VisibilityArchivalNamespaceDefaults{State: "disabled"},
	}}
	cfg.PublicClient = config.PublicClient{HostPort: hostPort}
	return cfg
}
