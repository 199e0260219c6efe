package notify_test

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"testing"
	"time"

	"dsflow/notify"
)

// Failure paths: what the activity's retry policy depends on.

func TestSMTPPermanentRejection(t *testing.T) {
	be := &backend{rcpt: func(string) error { return errUnknownUser }}
	s := newSender(t, notify.SMTPConfig{Addr: startSMTP(t, be, nil)})
	err := s.Send(context.Background(), sampleMessage(notify.Recipient{UserID: 7, Email: "gone@example.vn"}))
	if err == nil {
		t.Fatal("Send succeeded against a 550")
	}
	if !notify.IsPermanent(err) {
		t.Errorf("550 not permanent: %v", err)
	}
	if strings.Contains(err.Error(), "gone@example.vn") {
		t.Errorf("error leaks the address: %v", err)
	}
}

func TestSMTPTransientAndMixedRejections(t *testing.T) {
	be := &backend{rcpt: func(to string) error {
		switch to {
		case "gone@example.vn":
			return errUnknownUser
		case "busy@example.vn":
			return errTryLater
		}
		return nil
	}}
	s := newSender(t, notify.SMTPConfig{Addr: startSMTP(t, be, nil)})
	err := s.Send(context.Background(), sampleMessage(notify.Recipient{Email: "busy@example.vn"}))
	if err == nil || notify.IsPermanent(err) {
		t.Errorf("451: err = %v, permanent = %v; want retryable error", err, notify.IsPermanent(err))
	}
	err = s.Send(context.Background(), sampleMessage(
		notify.Recipient{Email: "gone@example.vn"},
		notify.Recipient{Email: "busy@example.vn"},
		notify.Recipient{Email: "ok@example.vn"},
	))
	if err == nil || notify.IsPermanent(err) {
		t.Errorf("550+451: err = %v; want retryable because one failure is transient", err)
	}
	got := be.messages()
	if len(got) != 1 || got[0].To[0] != "ok@example.vn" {
		t.Errorf("after partial rejection got %+v, want only ok@example.vn delivered", got)
	}
}

func TestSMTPClosedPort(t *testing.T) {
	s := newSender(t, notify.SMTPConfig{Addr: closedPort(t), Timeout: 2 * time.Second})
	err := s.Send(context.Background(), sampleMessage(notify.Recipient{Email: "a@example.vn"}))
	if err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
	if notify.IsPermanent(err) {
		t.Errorf("connection refused must be retryable: %v", err)
	}
}

func TestSMTPContext(t *testing.T) {
	s := newSender(t, notify.SMTPConfig{Addr: hangingListener(t), Timeout: time.Minute})
	m := sampleMessage(notify.Recipient{Email: "a@example.vn"})

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(150*time.Millisecond, cancel)
	start := time.Now()
	err := s.Send(ctx, m)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Send: err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled Send took %v", d)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	if err := s.Send(ctx, m); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline Send: err = %v, want context.DeadlineExceeded", err)
	}

	short := newSender(t, notify.SMTPConfig{Addr: hangingListener(t), Timeout: 150 * time.Millisecond})
	start = time.Now()
	if err := short.Send(context.Background(), m); err == nil || notify.IsPermanent(err) {
		t.Errorf("config timeout: err = %v, want retryable error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("config timeout not honoured: %v", d)
	}
}

func TestSMTPStartTLSAndAuth(t *testing.T) {
	cert, pool := selfSigned(t)
	be := &backend{user: "dsflow", pass: "s3cret"}
	addr := startSMTP(t, be, &tls.Config{Certificates: []tls.Certificate{cert}})
	cfg := notify.SMTPConfig{Addr: addr, Username: "dsflow", Password: "s3cret", StartTLS: true,
		TLSConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	m := sampleMessage(notify.Recipient{Email: "a@example.vn"})
	if err := newSender(t, cfg).Send(context.Background(), m); err != nil {
		t.Fatalf("Send over STARTTLS: %v", err)
	}
	got := be.messages()
	if len(got) != 1 || !got[0].TLS || got[0].Auth != "dsflow" {
		t.Fatalf("got %+v, want one mail over TLS authenticated as dsflow", got)
	}

	bad := cfg
	bad.Password = "wrong"
	if err := newSender(t, bad).Send(context.Background(), m); err == nil {
		t.Error("Send with a wrong password succeeded")
	}
	untrusted := cfg
	untrusted.TLSConfig = nil // system roots do not know the test CA
	if err := newSender(t, untrusted).Send(context.Background(), m); err == nil {
		t.Error("Send accepted an unverifiable certificate")
	}

	plain := &backend{}
	noTLS := notify.SMTPConfig{Addr: startSMTP(t, plain, nil), StartTLS: true}
	if err := newSender(t, noTLS).Send(context.Background(), m); err == nil {
		t.Error("StartTLS required but server without STARTTLS was accepted")
	}
	if n := len(plain.messages()); n != 0 {
		t.Errorf("%d mails sent in clear text despite StartTLS", n)
	}
}

func TestSMTPInvalidInput(t *testing.T) {
	be := &backend{}
	s := newSender(t, notify.SMTPConfig{Addr: startSMTP(t, be, nil)})

	if err := s.Send(context.Background(), sampleMessage(notify.Recipient{UserID: 2})); err != nil {
		t.Errorf("no e-mail recipients: %v", err)
	}
	if n := be.sessionCount(); n != 0 {
		t.Errorf("opened %d SMTP sessions with nothing to send", n)
	}
	noKey := sampleMessage(notify.Recipient{Email: "a@example.vn"})
	noKey.Key = ""
	if err := s.Send(context.Background(), noKey); !notify.IsPermanent(err) || !errors.Is(err, notify.ErrInvalidMessage) {
		t.Errorf("empty key: err = %v, want permanent ErrInvalidMessage", err)
	}
	err := s.Send(context.Background(), sampleMessage(notify.Recipient{Email: "not an address\r\nRCPT TO:<x@y>"}))
	if !notify.IsPermanent(err) || strings.Contains(err.Error(), "not an address") {
		t.Errorf("bad address: err = %v, want permanent and not echoing the address", err)
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("invalid input produced %d mails", n)
	}

	for _, cfg := range []notify.SMTPConfig{
		{Addr: "mail.example.vn", From: from},
		{Addr: ":25", From: from},
		{Addr: "mail.example.vn:0", From: from},
		{Addr: "mail.example.vn:smtp", From: from},
		{Addr: "mail.example.vn:25", From: "no-reply"},
		{Addr: "mail.example.vn:25", From: ""},
		{Addr: "mail.example.vn:25", From: from, Password: "x"},
	} {
		if _, err := notify.NewSMTPSender(cfg); err == nil {
			t.Errorf("NewSMTPSender(%+v) accepted an invalid config", cfg)
		}
	}
}
