package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"time"
)

// DefaultSMTPTimeout bounds one Send when SMTPConfig.Timeout is zero, so a
// stuck relay cannot hold an activity slot until Temporal's own timeout.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPConfig configures the mail relay.
type SMTPConfig struct {
	Addr     string // host:port of the relay
	From     string // sender, e.g. `"DSFlow" <no-reply@example.gov.vn>`
	Username string // AUTH PLAIN credentials; empty means no AUTH
	Password string
	// StartTLS makes the STARTTLS upgrade mandatory: a relay that does not
	// offer it is an error rather than a silent fall-back to plain text,
	// which is what an attacker stripping the capability would cause.
	StartTLS bool
	// TLSConfig optionally overrides the STARTTLS client settings (e.g. a
	// private CA); ServerName defaults to the host of Addr.
	TLSConfig *tls.Config
	Timeout   time.Duration // whole-Send bound; zero means DefaultSMTPTimeout
}

// SMTPSender delivers a Message as one plain-text e-mail per recipient.
// It is safe for concurrent use: each Send opens its own connection.
type SMTPSender struct {
	cfg    SMTPConfig
	host   string
	from   *mail.Address
	domain string // right-hand side of Message-IDs
	helo   string
}

// NewSMTPSender validates cfg up front so misconfiguration surfaces at
// start-up, not as retried activity failures.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("notify: smtp addr %q: %w", cfg.Addr, err)
	}
	if host == "" {
		return nil, fmt.Errorf("notify: smtp addr %q: empty host", cfg.Addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return nil, fmt.Errorf("notify: smtp addr %q: invalid port", cfg.Addr)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		// The sender is operator configuration, not personal data.
		return nil, fmt.Errorf("notify: smtp from %q: %w", cfg.From, err)
	}
	at := strings.LastIndexByte(from.Address, '@')
	if at < 1 || at == len(from.Address)-1 {
		return nil, fmt.Errorf("notify: smtp from %q: no domain", cfg.From)
	}
	if cfg.Password != "" && cfg.Username == "" {
		return nil, errors.New("notify: smtp password set without username")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultSMTPTimeout
	}
	helo, err := os.Hostname()
	if err != nil || helo == "" || strings.ContainsAny(helo, " \r\n") {
		helo = "localhost"
	}
	return &SMTPSender{cfg: cfg, host: host, from: from, domain: from.Address[at+1:], helo: helo}, nil
}

// Send delivers m to every recipient that has an e-mail address, over one
// connection, one transaction per recipient so each gets their language.
//
// A failure for one recipient does not stop the others. The result is
// permanent (IsPermanent) only when every failure was a 5xx reply to the
// message transaction or an invalid address; if any failure is transient
// the whole Send is retryable, and recipients already served get the same
// Message-ID again so the retry is recognisable as a duplicate.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	if err := m.validate(); err != nil {
		return permanent(err)
	}
	type rcpt struct{ addr, lang string }
	var rcpts []rcpt
	seen := map[string]bool{}
	var errs []error
	allPermanent := true
	for i, r := range m.To {
		if strings.TrimSpace(r.Email) == "" {
			continue
		}
		a, err := mail.ParseAddress(r.Email)
		if err != nil {
			// Position and user id only: the address is personal data.
			errs = append(errs, fmt.Errorf("%w: recipient %d (user %d): unparsable e-mail address", ErrInvalidMessage, i, r.UserID))
			continue
		}
		if k := strings.ToLower(a.Address); !seen[k] {
			seen[k] = true
			rcpts = append(rcpts, rcpt{a.Address, normLang(r.Lang)})
		}
	}
	if len(rcpts) == 0 {
		if len(errs) > 0 {
			return permanent(errors.Join(errs...))
		}
		return nil
	}

	c, done, err := s.dial(ctx)
	if err != nil {
		return s.ctxErr(ctx, err)
	}
	defer done()
	for i, r := range rcpts {
		err := s.deliver(c, m, r.addr, r.lang)
		if err == nil {
			continue
		}
		err = fmt.Errorf("notify: smtp: recipient %d of %d: %w", i+1, len(rcpts), err)
		errs = append(errs, err)
		if !isSMTPPermanent(err) {
			allPermanent = false
		}
		// A failed transaction must be reset before the next MAIL; if even
		// that fails the connection is gone and the rest cannot be tried.
		if rerr := c.Reset(); rerr != nil {
			errs = append(errs, fmt.Errorf("notify: smtp: reset: %w", redact(rerr)))
			return s.ctxErr(ctx, errors.Join(errs...))
		}
	}
	_ = c.Quit() // every message has been accepted or refused already
	if len(errs) == 0 {
		return nil
	}
	if allPermanent {
		return permanent(errors.Join(errs...))
	}
	return s.ctxErr(ctx, errors.Join(errs...))
}

// dial connects, greets, upgrades and authenticates. The returned func
// closes the connection and releases the context watcher.
func (s *SMTPSender) dial(ctx context.Context) (*smtp.Client, func(), error) {
	deadline := time.Now().Add(s.cfg.Timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	dialer := net.Dialer{Deadline: deadline}
	conn, err := dialer.DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return nil, nil, fmt.Errorf("notify: smtp: dial: %w", err)
	}
	// net/smtp has no context support: the deadline bounds every read and
	// write, and cancellation forces the deadline into the past so a
	// blocked call returns at once.
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		stop()
		conn.Close()
		return nil, nil, fmt.Errorf("notify: smtp: greeting: %w", redact(err))
	}
	done := func() { stop(); c.Close() }
	if err := s.handshake(c); err != nil {
		done()
		return nil, nil, err
	}
	return c, done, nil
}

// handshake runs EHLO, STARTTLS and AUTH. Errors here are never marked
// permanent even on 5xx: they concern the relay or its configuration, not
// the message, and every later notification would hit them too, so the
// retry budget is the window for operators to fix them.
func (s *SMTPSender) handshake(c *smtp.Client) error {
	if err := c.Hello(s.helo); err != nil {
		return fmt.Errorf("notify: smtp: hello: %w", redact(err))
	}
	if s.cfg.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("notify: smtp: STARTTLS required but not offered by server")
		}
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if s.cfg.TLSConfig != nil {
			tc = s.cfg.TLSConfig.Clone()
		}
		if tc.ServerName == "" {
			tc.ServerName = s.host
		}
		if err := c.StartTLS(tc); err != nil {
			return fmt.Errorf("notify: smtp: starttls: %w", redact(err))
		}
	}
	if s.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("notify: smtp: credentials configured but server offers no AUTH")
		}
		// PlainAuth itself refuses to send credentials in clear text to
		// anything but localhost.
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.host)); err != nil {
			return fmt.Errorf("notify: smtp: auth: %w", redact(err))
		}
	}
	return nil
}

// deliver runs one MAIL/RCPT/DATA transaction. Errors name the step but
// never the address: the server's replies, which often quote it, are
// redacted.
func (s *SMTPSender) deliver(c *smtp.Client, m Message, to, lang string) error {
	raw, err := composeMail(s.from, s.domain, m, to, lang, time.Now())
	if err != nil {
		return err
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("mail from: %w", redact(err))
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("rcpt to: %w", redact(err))
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("data: %w", redact(err))
	}
	if _, err := w.Write(raw); err != nil {
		_ = w.Close()
		return fmt.Errorf("data write: %w", redact(err))
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("data end: %w", redact(err))
	}
	return nil
}

// ctxErr puts the context's error in front when the context ended, so the
// caller sees context.Canceled / DeadlineExceeded rather than a bare
// "i/o timeout" from the forced deadline.
func (s *SMTPSender) ctxErr(ctx context.Context, err error) error {
	cerr := ctx.Err()
	if d, ok := ctx.Deadline(); cerr == nil && ok && !time.Now().Before(d) {
		// The conn deadline is the ctx deadline, so the read can time out
		// a moment before the context's own timer marks it done.
		cerr = context.DeadlineExceeded
	}
	if cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}

// isSMTPPermanent reports a 5xx reply (RFC 5321 §4.2.1) or an invalid
// message somewhere in err.
func isSMTPPermanent(err error) bool {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code >= 500 && te.Code < 600
	}
	return errors.Is(err, ErrInvalidMessage)
}
