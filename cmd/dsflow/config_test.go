package main

import (
	"context"
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

// TestBadSettingsStopStartUp: each bad setting, from the environment or a
// flag, stops `serve` before anything starts, with a message naming it.
func TestBadSettingsStopStartUp(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		want  []string
		never string // must not appear in the message (a secret)
	}{
		{name: "http addr without port", env: map[string]string{"DSFLOW_HTTP_ADDR": "localhost"}, want: []string{"DSFLOW_HTTP_ADDR", "host:port"}},
		{name: "http addr flag without port", args: []string{"-http-addr", "0.0.0.0"}, want: []string{"DSFLOW_HTTP_ADDR"}},
		{name: "http addr with a bad port", env: map[string]string{"DSFLOW_HTTP_ADDR": "127.0.0.1:99999"}, want: []string{"DSFLOW_HTTP_ADDR", "port"}},
		{name: "temporal port not a number", env: map[string]string{"DSFLOW_TEMPORAL_PORT": "seven"}, want: []string{"DSFLOW_TEMPORAL_PORT", "whole number"}},
		{name: "temporal port flag not a number", args: []string{"-temporal-port", "seven"}, want: []string{"temporal-port"}},
		{name: "temporal port zero", env: map[string]string{"DSFLOW_TEMPORAL_PORT": "0"}, want: []string{"DSFLOW_TEMPORAL_PORT"}},
		{name: "temporal port negative", args: []string{"-temporal-port", "-5"}, want: []string{"DSFLOW_TEMPORAL_PORT"}},
		{name: "temporal port too high", env: map[string]string{"DSFLOW_TEMPORAL_PORT": "40000"}, want: []string{"DSFLOW_TEMPORAL_PORT", "33064"}},
		// Membership ports 32765..32768 would overflow PostgreSQL's smallint.
		{name: "temporal port just too high", env: map[string]string{"DSFLOW_TEMPORAL_PORT": "33065"}, want: []string{"DSFLOW_TEMPORAL_PORT"}},
		// Membership ports below 1024 are refused by the engine.
		{name: "temporal port too low", env: map[string]string{"DSFLOW_TEMPORAL_PORT": "1000"}, want: []string{"DSFLOW_TEMPORAL_PORT", "1324"}},
		{name: "database url not postgres", env: map[string]string{"DATABASE_URL": "mysql://dsflow:s3cret-pw@db/dsflow"}, want: []string{"DATABASE_URL", "postgres://"}, never: "s3cret-pw"},
		{name: "database url a file name", env: map[string]string{"DATABASE_URL": "dsflow.db"}, want: []string{"DATABASE_URL"}},
		{name: "temporal address without port", env: map[string]string{"TEMPORAL_ADDRESS": "temporal.internal"}, want: []string{"TEMPORAL_ADDRESS", "host:port"}},
		{name: "temporal address without host", env: map[string]string{"TEMPORAL_ADDRESS": ":7233"}, want: []string{"TEMPORAL_ADDRESS"}},
		{name: "empty namespace", args: []string{"-temporal-namespace", ""}, want: []string{"TEMPORAL_NAMESPACE"}},
		{name: "unknown log level", env: map[string]string{"DSFLOW_LOG_LEVEL": "verbose"}, want: []string{"DSFLOW_LOG_LEVEL", "verbose"}},
		{name: "session ttl too short", env: map[string]string{"DSFLOW_SESSION_TTL": "30s"}, want: []string{"DSFLOW_SESSION_TTL", "1m"}},
		{name: "session ttl not a duration", env: map[string]string{"DSFLOW_SESSION_TTL": "12"}, want: []string{"DSFLOW_SESSION_TTL", "duration"}},
		{name: "trusted proxy not an address", env: map[string]string{"DSFLOW_TRUSTED_PROXIES": "10.0.0.1, proxy.local"}, want: []string{"DSFLOW_TRUSTED_PROXIES", "proxy.local"}},
		{name: "demo not a boolean", env: map[string]string{"DSFLOW_DEMO": "yes please"}, want: []string{"DSFLOW_DEMO", "true or false"}},
		{name: "starttls not a boolean", env: map[string]string{"DSFLOW_SMTP_STARTTLS": "on"}, want: []string{"DSFLOW_SMTP_STARTTLS"}},
		{name: "smtp addr without from", env: map[string]string{"DSFLOW_SMTP_ADDR": "smtp.example.vn:587"}, want: []string{"DSFLOW_SMTP_ADDR", "DSFLOW_SMTP_FROM"}},
		{name: "smtp from without addr", env: map[string]string{"DSFLOW_SMTP_FROM": "dsflow@example.vn"}, want: []string{"DSFLOW_SMTP_ADDR", "DSFLOW_SMTP_FROM"}},
		{name: "smtp addr without port", env: map[string]string{"DSFLOW_SMTP_ADDR": "smtp.example.vn", "DSFLOW_SMTP_FROM": "dsflow@example.vn"}, want: []string{"DSFLOW_SMTP_ADDR"}},
		{name: "smtp from not an address", env: map[string]string{"DSFLOW_SMTP_ADDR": "smtp.example.vn:587", "DSFLOW_SMTP_FROM": "dsflow"}, want: []string{"DSFLOW_SMTP_FROM"}},
		{name: "smtp password without user", env: map[string]string{"DSFLOW_SMTP_ADDR": "smtp.example.vn:587", "DSFLOW_SMTP_FROM": "dsflow@example.vn", "DSFLOW_SMTP_PASSWORD": "pw"}, want: []string{"DSFLOW_SMTP_USERNAME"}},
		{name: "webhook with a short secret", env: map[string]string{"DSFLOW_WEBHOOK_URL": "https://hooks.example.vn/dsflow", "DSFLOW_WEBHOOK_SECRET": "short"}, want: []string{"DSFLOW_WEBHOOK_SECRET", "16"}},
		{name: "webhook without a secret", env: map[string]string{"DSFLOW_WEBHOOK_URL": "https://hooks.example.vn/dsflow"}, want: []string{"DSFLOW_WEBHOOK_SECRET"}},
		{name: "webhook url not http", env: map[string]string{"DSFLOW_WEBHOOK_URL": "ftp://hooks.example.vn/?token=tok-123", "DSFLOW_WEBHOOK_SECRET": "0123456789abcdef"}, want: []string{"DSFLOW_WEBHOOK_URL"}, never: "tok-123"},
		{name: "metrics token too short", env: map[string]string{"DSFLOW_METRICS_TOKEN": "tok-123"}, want: []string{"DSFLOW_METRICS_TOKEN", "16"}, never: "tok-123"},
		{name: "workflow cache too small", env: map[string]string{"DSFLOW_WORKFLOW_CACHE": "0"}, want: []string{"DSFLOW_WORKFLOW_CACHE", "10"}},
		{name: "workflow cache not a number", env: map[string]string{"DSFLOW_WORKFLOW_CACHE": "2k"}, want: []string{"DSFLOW_WORKFLOW_CACHE", "whole number"}},
		{name: "key file and data key", env: map[string]string{"DSFLOW_KEY_FILE": "/etc/dsflow/keys.json", "DSFLOW_DATA_KEY": "c2VjcmV0LWtleS1ub3QtMzItYnl0ZXM="}, want: []string{"DSFLOW_KEY_FILE", "DSFLOW_DATA_KEY"}, never: "c2VjcmV0"},
		{name: "data key too short", env: map[string]string{"DSFLOW_DATA_KEY": "c2VjcmV0LWtleS1ub3QtMzItYnl0ZXM="}, want: []string{"DSFLOW_DATA_KEY", "32"}, never: "c2VjcmV0"},
		{name: "data key not base64", env: map[string]string{"DSFLOW_DATA_KEY": "not a key!"}, want: []string{"DSFLOW_DATA_KEY", "base64"}, never: "not a key"},
		{name: "every malformed value at once", env: map[string]string{"DSFLOW_TEMPORAL_PORT": "x", "DSFLOW_SESSION_TTL": "y", "DSFLOW_DEMO": "z"}, want: []string{"DSFLOW_TEMPORAL_PORT", "DSFLOW_SESSION_TTL", "DSFLOW_DEMO"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			// Should validation wrongly pass, start-up stops at once on
			// the cancelled context instead of starting a server.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			args := append([]string{"serve", "-data-dir", t.TempDir()}, tc.args...)
			err := run(ctx, args, io.Discard, io.Discard)
			if err == nil {
				t.Fatal("serve started; want a settings error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
			if tc.never != "" && strings.Contains(err.Error(), tc.never) {
				t.Errorf("error %q leaks %q", err, tc.never)
			}
		})
	}
}

// TestGoodSettings: defaults and edge values pass, flags win over the
// environment.
func TestGoodSettings(t *testing.T) {
	t.Setenv("DSFLOW_HTTP_ADDR", "localhost") // bad, but the flag wins
	t.Setenv("DSFLOW_SESSION_TTL", " 90m ")   // blanks around a value are fine
	t.Setenv("DSFLOW_TEMPORAL_PORT", "33064") // the highest allowed
	t.Setenv("DATABASE_URL", "postgresql://u:p@db:5432/dsflow?sslmode=disable")
	t.Setenv("DSFLOW_SMTP_ADDR", "smtp.example.vn:587")
	t.Setenv("DSFLOW_SMTP_FROM", "Dân số <dsflow@example.vn>")
	t.Setenv("DSFLOW_WEBHOOK_URL", "https://hooks.example.vn/dsflow")
	t.Setenv("DSFLOW_WEBHOOK_SECRET", "0123456789abcdef")
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg := bindConfig(fs)
	if err := fs.Parse([]string{"-http-addr", ":0", "-temporal-address", "temporal:7233", "-log-level", "DEBUG"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.validate(); err != nil {
		t.Fatalf("validate: %v", err)
	}
	// DATABASE_URL is set and DSFLOW_DEMO is not: no demo (issue 11).
	if cfg.HTTPAddr != ":0" || cfg.SessionTTL != 90*time.Minute || cfg.TemporalPort != 33064 || cfg.seedDemo() {
		t.Errorf("config = %+v", cfg)
	}
}

// TestDemoOnlyWhereAsked: the demo, whose password is published, is seeded
// into the embedded SQLite default, and into a DATABASE_URL only when
// DSFLOW_DEMO or -demo asks for it.
func TestDemoOnlyWhereAsked(t *testing.T) {
	const pg = "postgres://u:p@db:5432/dsflow"
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want bool
	}{
		{name: "embedded default", want: true},
		{name: "database url", env: map[string]string{"DATABASE_URL": pg}, want: false},
		{name: "database url flag", args: []string{"-database-url", pg}, want: false},
		{name: "database url and DSFLOW_DEMO=true", env: map[string]string{"DATABASE_URL": pg, "DSFLOW_DEMO": "true"}, want: true},
		{name: "database url and -demo", args: []string{"-database-url", pg, "-demo"}, want: true},
		{name: "embedded, DSFLOW_DEMO=false", env: map[string]string{"DSFLOW_DEMO": "false"}, want: false},
		{name: "the flag wins over the environment", env: map[string]string{"DSFLOW_DEMO": "true"}, args: []string{"-demo=false"}, want: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			cfg := bindConfig(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			if err := cfg.validate(); err != nil {
				t.Fatal(err)
			}
			if got := cfg.seedDemo(); got != tc.want {
				t.Errorf("seed demo = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestHalvesNeedTemporalAddress: api and worker never embed a server.
func TestHalvesNeedTemporalAddress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a regression fails at once instead of starting a server
	for _, cmd := range []string{"api", "worker"} {
		err := run(ctx, []string{cmd, "-data-dir", t.TempDir()}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "TEMPORAL_ADDRESS") || !strings.Contains(err.Error(), cmd) {
			t.Errorf("%s without TEMPORAL_ADDRESS: err = %v", cmd, err)
		}
	}
}
