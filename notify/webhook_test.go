package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dsflow/notify"
)

var secret = []byte("chia-khoa-bi-mat-cua-xa")

// delivery is one request as the receiver saw it.
type delivery struct {
	header http.Header
	body   []byte
	verr   error
}

// receiver is a webhook endpoint that checks signatures the way a real
// integrator would, with VerifySignature, and answers 401 on failure.
type receiver struct {
	mu   sync.Mutex
	got  []delivery
	srv  *httptest.Server
	code int // reply for verified requests; 0 means 204
}

func startReceiver(t *testing.T, code int) *receiver {
	t.Helper()
	r := &receiver{code: code}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		verr := notify.VerifySignature(secret, req.Header.Get(notify.TimestampHeader), body,
			req.Header.Get(notify.SignatureHeader), time.Now(), time.Minute)
		r.mu.Lock()
		r.got = append(r.got, delivery{header: req.Header.Clone(), body: body, verr: verr})
		r.mu.Unlock()
		switch {
		case verr != nil:
			http.Error(w, "bad signature", http.StatusUnauthorized)
		case r.code != 0:
			w.WriteHeader(r.code)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) deliveries() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]delivery(nil), r.got...)
}

func newWebhook(t *testing.T, url string, key []byte, timeout time.Duration) *notify.WebhookSender {
	t.Helper()
	w, err := notify.NewWebhookSender(notify.WebhookConfig{URL: url, Secret: key, Timeout: timeout}, nil)
	if err != nil {
		t.Fatalf("NewWebhookSender: %v", err)
	}
	return w
}

func webhookMessage() notify.Message {
	return sampleMessage(
		notify.Recipient{UserID: 11, Email: "chi.nguyen@xa-hoabinh.example.vn"},
		notify.Recipient{UserID: 12, Email: "partner@unfpa.example.org", Lang: "en"},
	)
}

func TestWebhookSignedDelivery(t *testing.T) {
	rcv := startReceiver(t, 0)
	m := webhookMessage()
	if err := newWebhook(t, rcv.srv.URL, secret, 0).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := rcv.deliveries()
	if len(got) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(got))
	}
	d := got[0]
	if d.verr != nil {
		t.Fatalf("receiver rejected signature: %v", d.verr)
	}
	for h, want := range map[string]string{
		"Content-Type": "application/json", notify.EventHeader: "task.reminder", notify.DeliveryHeader: m.Key,
	} {
		if v := d.header.Get(h); v != want {
			t.Errorf("%s = %q, want %q", h, v, want)
		}
	}
	if !strings.HasPrefix(d.header.Get(notify.SignatureHeader), "sha256=") {
		t.Errorf("signature header %q lacks sha256= prefix", d.header.Get(notify.SignatureHeader))
	}

	var p notify.WebhookPayload
	if err := json.Unmarshal(d.body, &p); err != nil {
		t.Fatalf("payload: %v", err)
	}
	if p.Key != m.Key || p.Kind != m.Kind || p.TaskID != "42" || p.Subject.Vi != subjVi || p.Subject.En != subjEn {
		t.Errorf("payload = %+v", p)
	}
	if len(p.RecipientIDs) != 2 || p.RecipientIDs[0] != 11 || p.RecipientIDs[1] != 12 || !p.At.Equal(m.At) {
		t.Errorf("payload ids/at = %v %v", p.RecipientIDs, p.At)
	}
	if s := string(d.body); strings.Contains(s, "@") || strings.Contains(s, "Hòa Bình") || strings.Contains(s, "Hoa Binh") {
		t.Errorf("payload carries e-mail addresses or body text: %s", s)
	}

	// The receiver-side checks must reject what an attacker could do with
	// this captured request.
	ts, sig := d.header.Get(notify.TimestampHeader), d.header.Get(notify.SignatureHeader)
	now := time.Now()
	if err := notify.VerifySignature(secret, ts, d.body, sig, now, time.Minute); err != nil {
		t.Fatalf("re-verify: %v", err)
	}
	tampered := []byte(strings.Replace(string(d.body), `"task_id":"42"`, `"task_id":"43"`, 1))
	if string(tampered) == string(d.body) {
		t.Fatal("tampering did not change the body")
	}
	sec, _ := strconv.ParseInt(ts, 10, 64)
	cases := []struct {
		name     string
		key      []byte
		ts, sig  string
		body     []byte
		now      time.Time
		want     error
		tolerant time.Duration
	}{
		{"tampered body", secret, ts, sig, tampered, now, notify.ErrInvalidSignature, time.Minute},
		{"wrong secret", []byte("other"), ts, sig, d.body, now, notify.ErrInvalidSignature, time.Minute},
		{"shifted timestamp", secret, strconv.FormatInt(sec+1, 10), sig, d.body, now, notify.ErrInvalidSignature, time.Minute},
		{"stale", secret, ts, sig, d.body, now.Add(10 * time.Minute), notify.ErrStaleTimestamp, time.Minute},
		{"future", secret, ts, sig, d.body, now.Add(-10 * time.Minute), notify.ErrStaleTimestamp, time.Minute},
		{"stale default tolerance", secret, ts, sig, d.body, now.Add(6 * time.Minute), notify.ErrStaleTimestamp, 0},
		{"no prefix", secret, ts, strings.TrimPrefix(sig, "sha256="), d.body, now, notify.ErrInvalidSignature, time.Minute},
		{"not hex", secret, ts, "sha256=zz", d.body, now, notify.ErrInvalidSignature, time.Minute},
		{"bad timestamp", secret, "yesterday", sig, d.body, now, notify.ErrInvalidSignature, time.Minute},
		{"empty secret", nil, ts, sig, d.body, now, notify.ErrInvalidSignature, time.Minute},
	}
	for _, c := range cases {
		if err := notify.VerifySignature(c.key, c.ts, c.body, c.sig, c.now, c.tolerant); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestWebhookWrongSecretIsRefused(t *testing.T) {
	rcv := startReceiver(t, 0)
	err := newWebhook(t, rcv.srv.URL, []byte("not the shared secret"), 0).Send(context.Background(), webhookMessage())
	if err == nil || !notify.IsPermanent(err) {
		t.Errorf("401 from receiver: err = %v, want permanent", err)
	}
	if got := rcv.deliveries(); len(got) != 1 || !errors.Is(got[0].verr, notify.ErrInvalidSignature) {
		t.Errorf("receiver should have seen one forged request, got %+v", got)
	}
}

func TestWebhookStatusClassification(t *testing.T) {
	for _, c := range []struct {
		code            int
		ok, isPermanent bool
	}{
		{200, true, false}, {202, true, false}, {204, true, false},
		{400, false, true}, {404, false, true}, {410, false, true}, {422, false, true},
		{408, false, false}, {429, false, false},
		{500, false, false}, {502, false, false}, {503, false, false},
	} {
		t.Run(fmt.Sprint(c.code), func(t *testing.T) {
			rcv := startReceiver(t, c.code)
			err := newWebhook(t, rcv.srv.URL, secret, 0).Send(context.Background(), webhookMessage())
			if (err == nil) != c.ok {
				t.Fatalf("status %d: err = %v, want ok=%v", c.code, err, c.ok)
			}
			if notify.IsPermanent(err) != c.isPermanent {
				t.Errorf("status %d: IsPermanent = %v, want %v (%v)", c.code, !c.isPermanent, c.isPermanent, err)
			}
			if err != nil && !strings.Contains(err.Error(), strconv.Itoa(c.code)) {
				t.Errorf("error does not name the status: %v", err)
			}
		})
	}
}

func TestWebhookTransportFailures(t *testing.T) {
	// A receiver that never answers: the configured timeout must end it.
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) })
	start := time.Now()
	err := newWebhook(t, slow.URL, secret, 150*time.Millisecond).Send(context.Background(), webhookMessage())
	if !errors.Is(err, context.DeadlineExceeded) || notify.IsPermanent(err) {
		t.Errorf("timeout: err = %v, want retryable DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout not honoured: %v", d)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := newWebhook(t, slow.URL, secret, 0).Send(ctx, webhookMessage()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}

	// Nothing listening; the path stands in for a token embedded in the URL.
	url := "http://" + closedPort(t) + "/hooks/TOKEN-abc123"
	err = newWebhook(t, url, secret, time.Second).Send(context.Background(), webhookMessage())
	if err == nil || notify.IsPermanent(err) {
		t.Errorf("closed port: err = %v, want retryable", err)
	}
	if err != nil && strings.Contains(err.Error(), "TOKEN-abc123") {
		t.Errorf("error leaks the URL: %v", err)
	}
}

func TestWebhookConfigAndMessageValidation(t *testing.T) {
	for _, cfg := range []notify.WebhookConfig{
		{URL: "", Secret: secret},
		{URL: "/relative", Secret: secret},
		{URL: "ftp://example.vn/hook", Secret: secret},
		{URL: "http://example.vn/hook"},
		{URL: "http://%zz/hook", Secret: secret},
	} {
		if _, err := notify.NewWebhookSender(cfg, nil); err == nil {
			t.Errorf("NewWebhookSender(%q) accepted an invalid config", cfg.URL)
		}
	}

	rcv := startReceiver(t, 0)
	w := newWebhook(t, rcv.srv.URL, secret, 0)
	bad := webhookMessage()
	bad.Kind = "task.reminder\r\nX-Injected: 1"
	if err := w.Send(context.Background(), bad); !notify.IsPermanent(err) {
		t.Errorf("header injection in kind: err = %v, want permanent", err)
	}
	bad = webhookMessage()
	bad.Key = ""
	if err := w.Send(context.Background(), bad); !errors.Is(err, notify.ErrInvalidMessage) {
		t.Errorf("empty key: err = %v, want ErrInvalidMessage", err)
	}
	if n := len(rcv.deliveries()); n != 0 {
		t.Errorf("invalid messages reached the receiver %d times", n)
	}
}
