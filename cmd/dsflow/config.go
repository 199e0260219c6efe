package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dsflow/notify"
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
	TemporalTLS       temporalTLSFiles
	TemporalAPIKey    string
	LogLevel          string
	SessionTTL        time.Duration
	Demo              optionalBool // as given; seedDemo says what it means when not
	SMTPAddr          string
	SMTPFrom          string
	SMTPUsername      string
	SMTPPassword      string
	SMTPStartTLS      bool
	WebhookURL        string
	WebhookSecret     string
	TrustedProxies    string
	MetricsToken      string
	// WorkflowCache is how many workflows the worker keeps in memory
	// between their workflow tasks (the SDK's sticky cache).
	WorkflowCache int
	// KeyFile and DataKey are where the keys of personal data come from
	// (keys.go); the key itself is taken from the environment only, never
	// a flag, which any user of the machine can read in ps.
	KeyFile string
	DataKey string
	// envErrs are the malformed environment values bindConfig met.
	envErrs []error
}

// bindConfig registers the settings on fs with environment defaults.
func bindConfig(fs *flag.FlagSet) *config {
	c := &config{}
	fs.StringVar(&c.HTTPAddr, "http-addr", env("DSFLOW_HTTP_ADDR", "127.0.0.1:8080"), "HTTP listen address [DSFLOW_HTTP_ADDR]")
	fs.StringVar(&c.DataDir, "data-dir", env("DSFLOW_DATA_DIR", "./data"), "directory of the embedded databases [DSFLOW_DATA_DIR]")
	fs.IntVar(&c.TemporalPort, "temporal-port", c.envInt("DSFLOW_TEMPORAL_PORT", 7233), "embedded Temporal frontend port [DSFLOW_TEMPORAL_PORT]")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL; empty: embedded SQLite [DATABASE_URL]")
	fs.StringVar(&c.TemporalAddress, "temporal-address", env("TEMPORAL_ADDRESS", ""), "Temporal cluster host:port; empty: embedded server [TEMPORAL_ADDRESS]")
	fs.StringVar(&c.TemporalNamespace, "temporal-namespace", env("TEMPORAL_NAMESPACE", "default"), "Temporal namespace [TEMPORAL_NAMESPACE]")
	fs.StringVar(&c.TemporalTLS.CA, "temporal-tls-ca", env("DSFLOW_TEMPORAL_TLS_CA", ""), "PEM file of the CA that signs the Temporal cluster's certificate; empty: the system's [DSFLOW_TEMPORAL_TLS_CA]")
	fs.StringVar(&c.TemporalTLS.Cert, "temporal-tls-cert", env("DSFLOW_TEMPORAL_TLS_CERT", ""), "PEM client certificate for mutual TLS with the Temporal cluster [DSFLOW_TEMPORAL_TLS_CERT]")
	fs.StringVar(&c.TemporalTLS.Key, "temporal-tls-key", env("DSFLOW_TEMPORAL_TLS_KEY", ""), "PEM private key of the client certificate [DSFLOW_TEMPORAL_TLS_KEY]")
	fs.StringVar(&c.TemporalTLS.ServerName, "temporal-tls-server-name", env("DSFLOW_TEMPORAL_TLS_SERVER_NAME", ""), "name the Temporal cluster's certificate must carry; empty: the host of TEMPORAL_ADDRESS [DSFLOW_TEMPORAL_TLS_SERVER_NAME]")
	fs.StringVar(&c.TemporalAPIKey, "temporal-api-key", env("DSFLOW_TEMPORAL_API_KEY", ""), "API key for the Temporal cluster (implies TLS) [DSFLOW_TEMPORAL_API_KEY]")
	fs.StringVar(&c.LogLevel, "log-level", env("DSFLOW_LOG_LEVEL", "info"), "debug, info, warn or error [DSFLOW_LOG_LEVEL]")
	fs.DurationVar(&c.SessionTTL, "session-ttl", c.envDuration("DSFLOW_SESSION_TTL", 12*time.Hour), "login session lifetime [DSFLOW_SESSION_TTL]")
	if v, ok := os.LookupEnv("DSFLOW_DEMO"); ok {
		if err := c.Demo.Set(strings.TrimSpace(v)); err != nil {
			c.envErrs = append(c.envErrs, fmt.Errorf("DSFLOW_DEMO %q: must be true or false", v))
		}
	}
	fs.Var(&c.Demo, "demo", "seed demo units and users into an empty database; default: only the embedded SQLite one, never a DATABASE_URL [DSFLOW_DEMO]")
	fs.StringVar(&c.SMTPAddr, "smtp-addr", env("DSFLOW_SMTP_ADDR", ""), "SMTP server host:port for e-mail notifications [DSFLOW_SMTP_ADDR]")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("DSFLOW_SMTP_FROM", ""), "sender address of notification e-mail [DSFLOW_SMTP_FROM]")
	fs.StringVar(&c.SMTPUsername, "smtp-username", env("DSFLOW_SMTP_USERNAME", ""), "SMTP user [DSFLOW_SMTP_USERNAME]")
	fs.StringVar(&c.SMTPPassword, "smtp-password", env("DSFLOW_SMTP_PASSWORD", ""), "SMTP password [DSFLOW_SMTP_PASSWORD]")
	fs.BoolVar(&c.SMTPStartTLS, "smtp-starttls", c.envBool("DSFLOW_SMTP_STARTTLS", false), "require STARTTLS [DSFLOW_SMTP_STARTTLS]")
	fs.StringVar(&c.WebhookURL, "webhook-url", env("DSFLOW_WEBHOOK_URL", ""), "URL that receives signed notification webhooks [DSFLOW_WEBHOOK_URL]")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("DSFLOW_TRUSTED_PROXIES", ""), "reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed [DSFLOW_TRUSTED_PROXIES]")
	fs.StringVar(&c.WebhookSecret, "webhook-secret", env("DSFLOW_WEBHOOK_SECRET", ""), "HMAC-SHA256 secret of the webhooks [DSFLOW_WEBHOOK_SECRET]")
	fs.StringVar(&c.MetricsToken, "metrics-token", env("DSFLOW_METRICS_TOKEN", ""), "bearer token that opens /metrics beyond loopback; empty: loopback only [DSFLOW_METRICS_TOKEN]")
	fs.StringVar(&c.KeyFile, "key-file", env("DSFLOW_KEY_FILE", ""), "key file of the keys that encrypt personal data; empty: keys.json in the data directory, made on first start when there is no TEMPORAL_ADDRESS [DSFLOW_KEY_FILE]")
	fs.IntVar(&c.WorkflowCache, "workflow-cache", c.envInt("DSFLOW_WORKFLOW_CACHE", defaultWorkflowCache), "workflows the worker keeps in memory between their tasks [DSFLOW_WORKFLOW_CACHE]")
	c.DataKey = os.Getenv("DSFLOW_DATA_KEY")
	return c
}

// defaultWorkflowCache bounds the worker's memory: a cached workflow costs
// tens of kilobytes, and the SDK's own default of 10,000 with 150,000
// screening cases waking in turn kept 10,000 of them resident
// (docs/benchmarks.md). A workflow evicted from the cache replays its
// history on its next task; dsflow's histories are short.
const defaultWorkflowCache = 2000

// Frontend ports the embedded server accepts: its membership ports lie 300
// below (frontend-300 .. frontend-297) and must stay within 1024..32767,
// since PostgreSQL keeps them in a smallint.
const (
	minTemporalPort = 1024 + 300
	maxTemporalPort = 32767 + 300 - 3
)

// validate stops start-up on a bad setting, naming it. Malformed
// environment values come first, all of them at once.
func (c *config) validate() error {
	if len(c.envErrs) > 0 {
		return errors.Join(c.envErrs...)
	}
	if err := checkHostPort(c.HTTPAddr, true); err != nil {
		return fmt.Errorf("DSFLOW_HTTP_ADDR %q: %v", c.HTTPAddr, err)
	}
	if c.TemporalPort < minTemporalPort || c.TemporalPort > maxTemporalPort {
		return fmt.Errorf("DSFLOW_TEMPORAL_PORT %d: must be between %d and %d (the membership ports, 300 below it, must lie within 1024..32767)",
			c.TemporalPort, minTemporalPort, maxTemporalPort)
	}
	if c.DatabaseURL != "" {
		// The URL is never quoted: it usually carries a password.
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return errors.New("DATABASE_URL: must be a URL starting with postgres://")
		}
	}
	if c.TemporalAddress != "" {
		if err := checkHostPort(c.TemporalAddress, false); err != nil {
			return fmt.Errorf("TEMPORAL_ADDRESS %q: %v", c.TemporalAddress, err)
		}
	}
	if c.TemporalNamespace == "" {
		return errors.New("TEMPORAL_NAMESPACE: must not be empty")
	}
	if err := c.validateTemporalSecurity(); err != nil {
		return err
	}
	if err := c.validateKeys(); err != nil {
		return err
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	if _, err := c.proxies(); err != nil {
		return err
	}
	if c.SessionTTL < time.Minute {
		return fmt.Errorf("DSFLOW_SESSION_TTL %v: must be at least 1m", c.SessionTTL)
	}
	if c.WorkflowCache < 10 || c.WorkflowCache > 1000000 {
		return fmt.Errorf("DSFLOW_WORKFLOW_CACHE %d: must be between 10 and 1000000", c.WorkflowCache)
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		// Never quoted: it is a secret.
		return errors.New("DSFLOW_METRICS_TOKEN: must have at least 16 characters when set")
	}
	return c.validateNotify()
}

// validateNotify checks the e-mail and webhook settings up front, so that
// a typo stops start-up instead of surfacing when the worker starts.
func (c *config) validateNotify() error {
	if (c.SMTPAddr == "") != (c.SMTPFrom == "") {
		return errors.New("DSFLOW_SMTP_ADDR and DSFLOW_SMTP_FROM: set both or neither")
	}
	if c.SMTPAddr != "" {
		if err := checkHostPort(c.SMTPAddr, false); err != nil {
			return fmt.Errorf("DSFLOW_SMTP_ADDR %q: %v", c.SMTPAddr, err)
		}
		if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
			return fmt.Errorf("DSFLOW_SMTP_FROM %q: must be an e-mail address", c.SMTPFrom)
		}
		if c.SMTPPassword != "" && c.SMTPUsername == "" {
			return errors.New("DSFLOW_SMTP_PASSWORD: set without DSFLOW_SMTP_USERNAME")
		}
		if _, err := notify.NewSMTPSender(c.smtpConfig()); err != nil {
			return fmt.Errorf("DSFLOW_SMTP_ADDR, DSFLOW_SMTP_FROM: %w", err)
		}
	}
	if c.WebhookURL != "" {
		if len(c.WebhookSecret) < 16 {
			return errors.New("DSFLOW_WEBHOOK_SECRET: must have at least 16 characters when DSFLOW_WEBHOOK_URL is set")
		}
		if _, err := notify.NewWebhookSender(c.webhookConfig(), nil); err != nil {
			return fmt.Errorf("DSFLOW_WEBHOOK_URL: %w", err)
		}
	}
	return nil
}

func (c *config) smtpConfig() notify.SMTPConfig {
	return notify.SMTPConfig{Addr: c.SMTPAddr, From: c.SMTPFrom, Username: c.SMTPUsername,
		Password: c.SMTPPassword, StartTLS: c.SMTPStartTLS}
}

func (c *config) webhookConfig() notify.WebhookConfig {
	return notify.WebhookConfig{URL: c.WebhookURL, Secret: []byte(c.WebhookSecret)}
}

// checkHostPort accepts host:port with a numeric port. For a listening
// address the host may be empty (every interface) and the port 0 (any
// free port); an address to dial needs both.
func checkHostPort(addr string, listen bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("must be host:port")
	}
	lowest := 1
	if listen {
		lowest = 0
	}
	if n, err := strconv.Atoi(port); err != nil || n < lowest || n > 65535 {
		return fmt.Errorf("port %q must be a number from %d to 65535", port, lowest)
	}
	if host == "" && !listen {
		return errors.New("must be host:port, with a host")
	}
	return nil
}

// seedDemo says whether to seed the demo (with its published password)
// into an empty database: when asked to, else only into the embedded
// default. A real database given by DATABASE_URL starts with no users,
// so none has a password anyone could look up.
func (c *config) seedDemo() bool {
	if c.Demo.set {
		return c.Demo.value
	}
	return c.DatabaseURL == ""
}

// optionalBool is a boolean setting that knows whether it was given, so
// its default can depend on other settings.
type optionalBool struct{ set, value bool }

func (b *optionalBool) String() string {
	if b == nil || !b.set {
		return ""
	}
	return strconv.FormatBool(b.value)
}

func (b *optionalBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("must be true or false")
	}
	b.set, b.value = true, v
	return nil
}

// IsBoolFlag lets "-demo" stand for "-demo=true".
func (b *optionalBool) IsBoolFlag() bool { return true }

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
// but record the problem, which validate reports: a typo in the
// environment must not pass silently.
func (c *config) envInt(key string, def int) int {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		c.envErrs = append(c.envErrs, fmt.Errorf("%s %q: must be a whole number", key, v))
		return def
	}
	return n
}

func (c *config) envBool(key string, def bool) bool {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		c.envErrs = append(c.envErrs, fmt.Errorf("%s %q: must be true or false", key, v))
		return def
	}
	return b
}

func (c *config) envDuration(key string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(key)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		c.envErrs = append(c.envErrs, fmt.Errorf("%s %q: must be a duration such as 12h", key, v))
		return def
	}
	return d
}

// proxies parses DSFLOW_TRUSTED_PROXIES.
func (c *config) proxies() ([]string, error) {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return nil, fmt.Errorf("DSFLOW_TRUSTED_PROXIES %q: not an IP address or CIDR", p)
			}
		}
		out = append(out, p)
	}
	return out, nil
}
