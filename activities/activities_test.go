package activities_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"dsflow/activities"
	"dsflow/models"
	"dsflow/notify"
	"dsflow/store"
	"dsflow/store/storetest"
)

// mailbox is a real SMTP server (go-smtp) that keeps what it receives.
type mailbox struct {
	mu   sync.Mutex
	to   []string
	data []string
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{m: m}, nil }

type mailSession struct{ m *mailbox }

func (s *mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.to = append(s.m.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.data = append(s.m.data, string(b))
	return err
}
func (s *mailSession) Reset()        {}
func (s *mailSession) Logout() error { return nil }

func startSMTP(t *testing.T) (*mailbox, string) {
	m := &mailbox{}
	srv := smtp.NewServer(m)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return m, l.Addr().String()
}

func TestNotifyDeliversToInboxMailAndWebhook(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, store.DialectPostgres, store.Config{})
	unit := models.Unit{Name: "Phường Ngọc Lâm", Level: models.LevelCommune}
	if err := s.CreateUnit(ctx, &unit); err != nil {
		t.Fatal(err)
	}
	var leaders []uint
	for _, name := range []string{"lanhdao.a", "lanhdao.b"} {
		u := models.User{Username: name, PasswordHash: "x", UnitID: unit.ID, Email: name + "@example.vn"}
		u.SetRoles([]string{models.RoleLeader})
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		leaders = append(leaders, u.ID)
	}
	box, addr := startSMTP(t)
	mail, err := notify.NewSMTPSender(notify.SMTPConfig{Addr: addr, From: "dsflow@example.vn", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("a-webhook-secret-of-length")
	var hooks []string
	var hookMu sync.Mutex
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := notify.VerifySignature(secret, r.Header.Get(notify.TimestampHeader), body, r.Header.Get(notify.SignatureHeader), time.Now(), 0); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		hookMu.Lock()
		hooks = append(hooks, string(body))
		hookMu.Unlock()
	}))
	defer receiver.Close()
	hook, err := notify.NewWebhookSender(notify.WebhookConfig{URL: receiver.URL, Secret: secret}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &activities.Activities{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Email: mail, Webhook: hook}
	req := models.NotifyRequest{Key: "t1/r3/task.escalated/unit", Kind: models.NotifyEscalated, TaskID: "t1", UnitID: unit.ID, Role: models.RoleLeader,
		Title: models.Text{Vi: "Báo cáo quý I", En: "Q1 report"}}
	for i := 0; i < 2; i++ { // a retried delivery adds no inbox row
		if err := a.Notify(ctx, req); err != nil {
			t.Fatalf("notify (try %d): %v", i+1, err)
		}
	}
	for _, id := range leaders {
		inbox, err := s.ListNotifications(ctx, id, true, 0, 10)
		if err != nil || len(inbox) != 1 {
			t.Fatalf("inbox of %d: %v %v", id, inbox, err)
		}
		if inbox[0].TitleVi != "Báo cáo quá hạn cần chỉ đạo: Báo cáo quý I" || inbox[0].TitleEn != "Overdue, needs your direction: Q1 report" {
			t.Errorf("titles %q / %q", inbox[0].TitleVi, inbox[0].TitleEn)
		}
	}
	box.mu.Lock()
	if len(box.to) != 4 || !strings.Contains(strings.Join(box.data, ""), "Subject: =?utf-8?") {
		t.Errorf("mail: to=%v", box.to)
	}
	box.mu.Unlock()
	hookMu.Lock()
	if len(hooks) != 2 || !strings.Contains(hooks[0], `"task_id":"t1"`) || strings.Contains(hooks[0], "@example.vn") {
		t.Errorf("webhooks %v", hooks)
	}
	hookMu.Unlock()
}

func TestNotifyWithoutRecipientsIsNotRetried(t *testing.T) {
	s := storetest.Open(t, store.DialectSQLite, store.Config{})
	a := &activities.Activities{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	err := a.Notify(context.Background(), models.NotifyRequest{Key: "k", Kind: models.NotifyOverdue, TaskID: "t"})
	if err == nil || !strings.Contains(err.Error(), "no recipients") {
		t.Fatalf("want a non-retryable error, got %v", err)
	}
}

func TestPermanentDeliveryFailureKeepsInbox(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, store.DialectSQLite, store.Config{})
	unit := models.Unit{Name: "Xã Quảng An", Level: models.LevelCommune}
	if err := s.CreateUnit(ctx, &unit); err != nil {
		t.Fatal(err)
	}
	u := models.User{Username: "canbo.quangan", PasswordHash: "x", UnitID: unit.ID}
	u.SetRoles([]string{models.RoleOfficer})
	if err := s.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) }))
	defer gone.Close()
	hook, _ := notify.NewWebhookSender(notify.WebhookConfig{URL: gone.URL, Secret: []byte("0123456789abcdef")}, nil)
	a := &activities.Activities{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Webhook: hook}
	if err := a.Notify(ctx, models.NotifyRequest{Key: "k2", Kind: models.NotifyReminder, TaskID: "t2", UserIDs: []uint{u.ID}, Title: models.Text{Vi: "Nhắc"}}); err != nil {
		t.Fatalf("a permanent webhook failure must not fail the activity: %v", err)
	}
	inbox, _ := s.ListNotifications(ctx, u.ID, false, 0, 10)
	if len(inbox) != 1 {
		t.Fatalf("inbox %v", inbox)
	}
	retry := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }))
	defer retry.Close()
	a.Webhook, _ = notify.NewWebhookSender(notify.WebhookConfig{URL: retry.URL, Secret: []byte("0123456789abcdef")}, nil)
	if err := a.Notify(ctx, models.NotifyRequest{Key: "k3", Kind: models.NotifyReminder, TaskID: "t2", UserIDs: []uint{u.ID}, Title: models.Text{Vi: "Nhắc"}}); err == nil {
		t.Fatal("a retryable failure must fail the activity so Temporal retries it")
	}
}
