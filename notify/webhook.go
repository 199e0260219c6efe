package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Webhook header names. Receivers dedupe on DeliveryHeader, which is the
// Message.Key and so the same on every retry.
const (
	EventHeader     = "X-Dsflow-Event"
	DeliveryHeader  = "X-Dsflow-Delivery"
	TimestampHeader = "X-Dsflow-Timestamp"
	SignatureHeader = "X-Dsflow-Signature"

	signaturePrefix = "sha256="
)

// DefaultWebhookTimeout bounds one Send when WebhookConfig.Timeout is zero.
const DefaultWebhookTimeout = 10 * time.Second

// DefaultSignatureTolerance is used by VerifySignature when tolerance <= 0.
const DefaultSignatureTolerance = 5 * time.Minute

// Errors returned by VerifySignature, so receivers can tell a replay from a
// forgery in their own metrics.
var (
	ErrInvalidSignature = errors.New("notify: invalid webhook signature")
	ErrStaleTimestamp   = errors.New("notify: webhook timestamp outside tolerance")
)

// WebhookConfig configures one webhook endpoint.
type WebhookConfig struct {
	URL     string
	Secret  []byte        // HMAC-SHA256 key shared with the receiver
	Timeout time.Duration // per request; zero means DefaultWebhookTimeout
}

// WebhookSender POSTs signed notification events. It is safe for
// concurrent use.
type WebhookSender struct {
	cfg    WebhookConfig
	client *http.Client
}

// NewWebhookSender validates cfg. client may be nil for a fresh client;
// its Timeout is left alone, the per-request bound comes from cfg.Timeout
// via the request context.
func NewWebhookSender(cfg WebhookConfig, client *http.Client) (*WebhookSender, error) {
	// Errors never quote the URL: webhook URLs often embed an access token.
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("notify: webhook url: %w", stripURL(err))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("notify: webhook url must be absolute http(s), got scheme %q", u.Scheme)
	}
	if len(cfg.Secret) == 0 {
		// An unsigned event could be forged by anyone who finds the URL.
		return nil, errors.New("notify: webhook secret is empty")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultWebhookTimeout
	}
	if client == nil {
		client = &http.Client{}
	}
	cfg.Secret = bytes.Clone(cfg.Secret)
	return &WebhookSender{cfg: cfg, client: client}, nil
}

// WebhookPayload is the JSON body of a webhook. It deliberately carries
// no e-mail address and no body text: receivers are other systems that
// should look the task up themselves, and a third-party log of webhook
// bodies must not become a copy of personal data.
type WebhookPayload struct {
	Key          string    `json:"key"`
	Kind         string    `json:"kind"`
	TaskID       string    `json:"task_id"`
	RecipientIDs []uint    `json:"recipient_ids"`
	Subject      Subjects  `json:"subject"`
	At           time.Time `json:"at"`
}

// Subjects is the bilingual subject, Vietnamese first.
type Subjects struct {
	Vi string `json:"vi"`
	En string `json:"en"`
}

func payloadOf(m Message) WebhookPayload {
	p := WebhookPayload{
		Key: m.Key, Kind: m.Kind, TaskID: m.TaskID,
		RecipientIDs: []uint{},
		Subject:      Subjects{Vi: m.SubjectVi, En: m.SubjectEn},
		At:           m.At.UTC(),
	}
	for _, r := range m.To {
		if r.UserID != 0 {
			p.RecipientIDs = append(p.RecipientIDs, r.UserID)
		}
	}
	return p
}

// sign computes the header value: HMAC-SHA256 over "<timestamp>.<body>".
// Binding the timestamp into the MAC is what lets receivers reject replays.
func sign(secret []byte, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// Send POSTs m as JSON. A 2xx reply is success. A 4xx other than 408 and
// 429 is permanent (the receiver refuses this event and will again); any
// other status, and any transport error, is retryable.
func (w *WebhookSender) Send(ctx context.Context, m Message) error {
	if err := m.validate(); err != nil {
		return permanent(err)
	}
	body, err := json.Marshal(payloadOf(m))
	if err != nil {
		return permanent(fmt.Errorf("notify: webhook: encode: %w", err))
	}
	ctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return permanent(fmt.Errorf("notify: webhook: request: %w", err))
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "dsflow-notify")
	req.Header.Set(EventHeader, m.Kind)
	req.Header.Set(DeliveryHeader, m.Key)
	req.Header.Set(TimestampHeader, ts)
	req.Header.Set(SignatureHeader, sign(w.cfg.Secret, ts, body))

	resp, err := w.client.Do(req)
	if err != nil {
		// Context errors stay matchable through stripURL.
		return fmt.Errorf("notify: webhook: post: %w", stripURL(err))
	}
	defer resp.Body.Close()
	// Drain a little so the connection can be reused, but never let a
	// receiver make us read an unbounded reply.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))

	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return nil
	case code >= 400 && code < 500 && code != http.StatusRequestTimeout && code != http.StatusTooManyRequests:
		return permanent(fmt.Errorf("notify: webhook: receiver refused event: %s", resp.Status))
	default:
		return fmt.Errorf("notify: webhook: receiver answered %s", resp.Status)
	}
}

// VerifySignature is the receiver side of Send: it checks that header
// (the X-Dsflow-Signature value) is the HMAC of "<timestamp>.<body>" under
// secret, and that timestamp is within tolerance of now in either direction
// so a captured request cannot be replayed later. tolerance <= 0 means
// DefaultSignatureTolerance. The MAC comparison is constant-time.
func VerifySignature(secret []byte, timestamp string, body []byte, header string, now time.Time, tolerance time.Duration) error {
	if len(secret) == 0 {
		return fmt.Errorf("%w: empty secret", ErrInvalidSignature)
	}
	if tolerance <= 0 {
		tolerance = DefaultSignatureTolerance
	}
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: malformed timestamp", ErrInvalidSignature)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrStaleTimestamp
	}
	got, ok := strings.CutPrefix(strings.TrimSpace(header), signaturePrefix)
	if !ok {
		return fmt.Errorf("%w: missing %q prefix", ErrInvalidSignature, signaturePrefix)
	}
	gotMAC, err := hex.DecodeString(got)
	if err != nil {
		return fmt.Errorf("%w: malformed hex", ErrInvalidSignature)
	}
	want := sign(secret, timestamp, body)
	wantMAC, _ := hex.DecodeString(strings.TrimPrefix(want, signaturePrefix))
	if !hmac.Equal(gotMAC, wantMAC) {
		return ErrInvalidSignature
	}
	return nil
}

// stripURL drops the *url.Error wrapper, whose message quotes the URL and
// with it any token embedded there; the cause is kept for errors.Is.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
