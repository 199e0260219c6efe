package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/interceptor"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"dsflow/codec"
	"dsflow/pii"
)

const (
	dialAttemptTimeout = 5 * time.Second
	retryInterval      = 200 * time.Millisecond
	// pollers per worker for each of workflow and activity tasks: 8 launched
	// a national campaign ~20% faster than the SDK's default of 2.
	pollers = 8
)

// ClientConfig says where and how to dial Temporal.
type ClientConfig struct {
	HostPort  string
	Namespace string // default "default"
	// Logger receives the SDK's warnings and errors; the SDK's debug and
	// info lines are dropped whatever the handler's level, as they are
	// per-task chatter.
	Logger *slog.Logger
	// DataConverter and MetricsHandler are optional.
	DataConverter  converter.DataConverter
	MetricsHandler client.MetricsHandler
	// Keyring, when set, encrypts every payload the client and its
	// workers send (workflow, activity and Update inputs and results,
	// signals, memos, error details and messages) under its active key,
	// and decrypts those under any of its keys; payloads written in clear
	// still read. dsflow serve, api and worker always set it: personal
	// data must reach Temporal's history only as ciphertext.
	Keyring *pii.Keyring
	// TLS secures the connection to a cluster's frontend: its CA, the
	// client's certificate for mutual TLS, the server name. Nil: plain
	// gRPC, as the embedded server on loopback speaks.
	TLS *tls.Config
	// APIKey authenticates to a cluster that takes API keys (sent as a
	// bearer token; the SDK turns TLS on with it).
	APIKey string
}

// Dial connects to the frontend, retrying until ctx is done, because an
// embedded or freshly deployed frontend may still be starting.
func Dial(ctx context.Context, cfg ClientConfig) (client.Client, error) {
	if cfg.Namespace == "" {
		cfg.Namespace = defaultNamespace
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	opts := client.Options{
		HostPort:          cfg.HostPort,
		Namespace:         cfg.Namespace,
		Logger:            sdklog.NewStructuredLogger(slog.New(warnOnly{cfg.Logger.Handler()})),
		DataConverter:     cfg.DataConverter,
		MetricsHandler:    cfg.MetricsHandler,
		ConnectionOptions: client.ConnectionOptions{TLS: cfg.TLS},
	}
	if cfg.Keyring != nil {
		opts.DataConverter = codec.DataConverter(cfg.Keyring, cfg.DataConverter)
		opts.FailureConverter = codec.FailureConverter(opts.DataConverter)
	}
	if cfg.APIKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(cfg.APIKey)
	}
	for {
		actx, cancel := context.WithTimeout(ctx, dialAttemptTimeout)
		c, err := client.DialContext(actx, opts)
		cancel()
		if err == nil {
			return c, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("dial temporal at %s: %w", cfg.HostPort, errors.Join(ctx.Err(), err))
		case <-time.After(retryInterval):
		}
	}
}

// warnOnly passes records at warn and above to the wrapped handler.
type warnOnly struct{ h slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.h.Enabled(ctx, l)
}

func (w warnOnly) Handle(ctx context.Context, r slog.Record) error { return w.h.Handle(ctx, r) }

func (w warnOnly) WithAttrs(as []slog.Attr) slog.Handler { return warnOnly{w.h.WithAttrs(as)} }

func (w warnOnly) WithGroup(name string) slog.Handler { return warnOnly{w.h.WithGroup(name)} }

// NewWorker builds a worker on taskQueue with 8 workflow and 8 activity
// task pollers; register adds the workflows and activities, interceptors
// wrap them (tests). The caller starts it (Start or Run) and stops it.
func NewWorker(c client.Client, taskQueue string, register func(worker.Registry), interceptors ...interceptor.WorkerInterceptor) worker.Worker {
	w := worker.New(c, taskQueue, worker.Options{
		MaxConcurrentWorkflowTaskPollers: pollers,
		MaxConcurrentActivityTaskPollers: pollers,
		Interceptors:                     interceptors,
	})
	if register != nil {
		register(w)
	}
	return w
}
