package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// config is every setting, from flags or the environment (flags win). The
// README's table lists them; keep the two in step.
type config struct {
	HTTPAddr          string
	DataDir           string
	TemporalPort      int
	DatabaseURL       string
	TemporalAddress   string
	TemporalNamespace string
	LogLevel          string
	SessionTTL        time.Duration
	Demo              bool
	SMTPAddr          string
	SMTPFrom          string
	SMTPUsername      string
	SMTPPassword      string
	SMTPStartTLS      bool
	WebhookURL        string
	WebhookSecret     string
}

// bindConfig registers the settings on fs with environment defaults.
func bindConfig(fs *flag.FlagSet) *config {
	c := &config{}
	fs.StringVar(&c.HTTPAddr, "http-addr", env("DSFLOW_HTTP_ADDR", "127.0.0.1:8080"), "HTTP listen address [DSFLOW_HTTP_ADDR]")
	fs.StringVar(&c.DataDir, "data-dir", env("DSFLOW_DATA_DIR", "./data"), "directory of the embedded databases [DSFLOW_DATA_DIR]")
	fs.IntVar(&c.TemporalPort, "temporal-port", envInt("DSFLOW_TEMPORAL_PORT", 7233), "embedded Temporal frontend port [DSFLOW_TEMPORAL_PORT]")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL; empty: embedded SQLite [DATABASE_URL]")
	fs.StringVar(&c.TemporalAddress, "temporal-address", env("TEMPORAL_ADDRESS", ""), "Temporal cluster host:port; empty: embedded server [TEMPORAL_ADDRESS]")
	fs.StringVar(&c.TemporalNamespace, "temporal-namespace", env("TEMPORAL_NAMESPACE", "default"), "Temporal namespace [TEMPORAL_NAMESPACE]")
	fs.StringVar(&c.LogLevel, "log-level", env("DSFLOW_LOG_LEVEL", "info"), "debug, info, warn or error [DSFLOW_LOG_LEVEL]")
	fs.DurationVar(&c.SessionTTL, "session-ttl", envDuration("DSFLOW_SESSION_TTL", 12*time.Hour), "login session lifetime [DSFLOW_SESSION_TTL]")
	fs.BoolVar(&c.Demo, "demo", envBool("DSFLOW_DEMO", true), "seed demo units and users into an empty database [DSFLOW_DEMO]")
	fs.StringVar(&c.SMTPAddr, "smtp-addr", env("DSFLOW_SMTP_ADDR", ""), "SMTP server host:port for e-mail notifications [DSFLOW_SMTP_ADDR]")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("DSFLOW_SMTP_FROM", ""), "sender address of notification e-mail [DSFLOW_SMTP_FROM]")
	fs.StringVar(&c.SMTPUsername, "smtp-username", env("DSFLOW_SMTP_USERNAME", ""), "SMTP user [DSFLOW_SMTP_USERNAME]")
	fs.StringVar(&c.SMTPPassword, "smtp-password", env("DSFLOW_SMTP_PASSWORD", ""), "SMTP password [DSFLOW_SMTP_PASSWORD]")
	fs.BoolVar(&c.SMTPStartTLS, "smtp-starttls", envBool("DSFLOW_SMTP_STARTTLS", false), "require STARTTLS [DSFLOW_SMTP_STARTTLS]")
	fs.StringVar(&c.WebhookURL, "webhook-url", env("DSFLOW_WEBHOOK_URL", ""), "URL that receives signed notification webhooks [DSFLOW_WEBHOOK_URL]")
	fs.StringVar(&c.WebhookSecret, "webhook-secret", env("DSFLOW_WEBHOOK_SECRET", ""), "HMAC-SHA256 secret of the webhooks [DSFLOW_WEBHOOK_SECRET]")
	return c
}

// validate stops start-up on a bad setting, naming it.
func (c *config) validate() error {
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return fmt.Errorf("DSFLOW_HTTP_ADDR %q: must be host:port", c.HTTPAddr)
	}
	if c.TemporalPort <= 0 || c.TemporalPort > 32767+300 {
		return fmt.Errorf("DSFLOW_TEMPORAL_PORT %d: must be between 1 and 33067 (membership ports derive from it and must stay below 32768)", c.TemporalPort)
	}
	if c.TemporalPort < 301 {
		return fmt.Errorf("DSFLOW_TEMPORAL_PORT %d: must be above 300", c.TemporalPort)
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("DATABASE_URL: must start with postgres://")
	}
	if c.TemporalAddress != "" {
		if _, _, err := net.SplitHostPort(c.TemporalAddress); err != nil {
			return fmt.Errorf("TEMPORAL_ADDRESS %q: must be host:port", c.TemporalAddress)
		}
	}
	if c.TemporalNamespace == "" {
		return fmt.Errorf("TEMPORAL_NAMESPACE: must not be empty")
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	if c.SessionTTL < time.Minute {
		return fmt.Errorf("DSFLOW_SESSION_TTL %v: must be at least 1m", c.SessionTTL)
	}
	if (c.SMTPAddr == "") != (c.SMTPFrom == "") {
		return fmt.Errorf("DSFLOW_SMTP_ADDR and DSFLOW_SMTP_FROM: set both or neither")
	}
	if c.WebhookURL != "" && len(c.WebhookSecret) < 16 {
		return fmt.Errorf("DSFLOW_WEBHOOK_SECRET: must have at least 16 characters when DSFLOW_WEBHOOK_URL is set")
	}
	return nil
}

// sqlitePath is the embedded database file.
func (c *config) sqlitePath() string { return filepath.Join(c.DataDir, "dsflow.db") }

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("DSFLOW_LOG_LEVEL %q: must be debug, info, warn or error", s)
	}
	return l, nil
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

// envInt, envBool and envDuration fall back to def on a malformed value
// only after complaining: a typo in the environment must not pass silently.
func envInt(key string, def int) int {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		fatalf("%s %q: must be a whole number", key, v)
	}
	return n
}

func envBool(key string, def bool) bool {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		fatalf("%s %q: must be true or false", key, v)
	}
	return b
}

func envDuration(key string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		fatalf("%s %q: must be a duration such as 12h", key, v)
	}
	return d
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "dsflow: "+format+"\n", args...)
	os.Exit(2)
}
