package notify_test

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"dsflow/notify"
)

const (
	subjVi = "Nhắc việc: Báo cáo quý I — hạn 05/04/2026"
	subjEn = "Reminder: Q1 report — due 05/04/2026"
	bodyVi = "Kính gửi anh/chị,\nBáo cáo quý I của xã Hòa Bình cần được nộp trước ngày 05/04/2026.\n.\nTrân trọng."
	bodyEn = "Dear colleague,\nThe Q1 report for Hoa Binh commune is due on 05/04/2026."
	from   = "DSFlow <no-reply@dsflow.example.vn>"
)

func sampleMessage(to ...notify.Recipient) notify.Message {
	return notify.Message{
		Key: "task-42/reminder/1", Kind: "task.reminder", TaskID: "42", To: to,
		SubjectVi: subjVi, SubjectEn: subjEn, BodyVi: bodyVi, BodyEn: bodyEn,
		At: time.Date(2026, 4, 1, 8, 30, 0, 0, time.FixedZone("ICT", 7*3600)),
	}
}

func newSender(t *testing.T, cfg notify.SMTPConfig) *notify.SMTPSender {
	t.Helper()
	if cfg.From == "" {
		cfg.From = from
	}
	s, err := notify.NewSMTPSender(cfg)
	if err != nil {
		t.Fatalf("NewSMTPSender: %v", err)
	}
	return s
}

// decoded is a received mail parsed the way a mail client would.
type decoded struct {
	subject, body, messageID string
	header                   mail.Header
}

func decode(t *testing.T, raw []byte) decoded {
	t.Helper()
	for i, b := range raw {
		if b >= 0x80 {
			t.Fatalf("raw mail has 8-bit byte at %d; want 7-bit clean (QP + RFC 2047)", i)
		}
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Fatalf("line longer than SMTP limit: %d", len(line))
		}
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("parse mail: %v", err)
	}
	h := msg.Header
	if got := h.Get("Content-Type"); got != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := h.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding = %q", got)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return decoded{subject: subj, body: strings.ReplaceAll(string(body), "\r\n", "\n"), messageID: h.Get("Message-ID"), header: h}
}

func TestSMTPSendBilingual(t *testing.T) {
	be := &backend{}
	s := newSender(t, notify.SMTPConfig{Addr: startSMTP(t, be, nil)})
	m := sampleMessage(
		notify.Recipient{UserID: 1, Email: "chi.nguyen@xa-hoabinh.example.vn"},
		notify.Recipient{UserID: 2}, // in-app only: no mail
		notify.Recipient{UserID: 3, Email: "partner@unfpa.example.org", Lang: "en-GB"},
		notify.Recipient{UserID: 4, Email: "CHI.NGUYEN@xa-hoabinh.example.vn"}, // same mailbox
	)
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := be.messages()
	if len(got) != 2 {
		t.Fatalf("server received %d mails, want 2", len(got))
	}
	wantTo := []string{"chi.nguyen@xa-hoabinh.example.vn", "partner@unfpa.example.org"}
	for i, r := range got {
		if r.From != "no-reply@dsflow.example.vn" {
			t.Errorf("mail %d envelope from = %q", i, r.From)
		}
		if len(r.To) != 1 || r.To[0] != wantTo[i] {
			t.Errorf("mail %d envelope to = %q, want [%s]", i, r.To, wantTo[i])
		}
	}

	vi := decode(t, got[0].Data)
	if vi.subject != subjVi {
		t.Errorf("vi subject = %q, want %q", vi.subject, subjVi)
	}
	if !strings.HasPrefix(vi.body, bodyVi+"\n") {
		t.Errorf("vi body does not start with the Vietnamese text:\n%s", vi.body)
	}
	iVi, iEn := strings.Index(vi.body, bodyVi), strings.Index(vi.body, bodyEn)
	if iEn < 0 || iEn < iVi || !strings.Contains(vi.body, subjEn) {
		t.Errorf("vi body lacks the English part below the Vietnamese:\n%s", vi.body)
	}
	if got := vi.header.Get("To"); got != "<chi.nguyen@xa-hoabinh.example.vn>" {
		t.Errorf("To header = %q", got)
	}
	if d, err := vi.header.Date(); err != nil || !d.Equal(m.At) {
		t.Errorf("Date = %v (%v), want %v", d, err, m.At)
	}
	if got := vi.header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", got)
	}

	en := decode(t, got[1].Data)
	if en.subject != subjEn {
		t.Errorf("en subject = %q, want %q", en.subject, subjEn)
	}
	if !strings.HasPrefix(en.body, bodyEn+"\n") || !strings.Contains(en.body, bodyVi) || !strings.Contains(en.body, subjVi) {
		t.Errorf("en body: want English first, Vietnamese below:\n%s", en.body)
	}

	for _, d := range []decoded{vi, en} {
		if !strings.HasPrefix(d.messageID, "<") || !strings.HasSuffix(d.messageID, "@dsflow.example.vn>") {
			t.Errorf("Message-ID = %q", d.messageID)
		}
		if strings.Contains(strings.ToLower(d.messageID), "chi.nguyen") || strings.Contains(d.messageID, "partner") {
			t.Errorf("Message-ID leaks the address: %q", d.messageID)
		}
	}
	if vi.messageID == en.messageID {
		t.Errorf("two recipients share Message-ID %q", vi.messageID)
	}
}

func TestSMTPMessageIDStableAcrossRetries(t *testing.T) {
	be := &backend{}
	s := newSender(t, notify.SMTPConfig{Addr: startSMTP(t, be, nil)})
	m := sampleMessage(notify.Recipient{UserID: 1, Email: "a@example.vn"})
	other := m
	other.Key = "task-42/reminder/2"
	for _, msg := range []notify.Message{m, m, other} {
		if err := s.Send(context.Background(), msg); err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	got := be.messages()
	if len(got) != 3 {
		t.Fatalf("got %d mails, want 3", len(got))
	}
	first, retry, next := decode(t, got[0].Data), decode(t, got[1].Data), decode(t, got[2].Data)
	if first.messageID == "" || first.messageID != retry.messageID {
		t.Errorf("retry Message-ID %q != first %q", retry.messageID, first.messageID)
	}
	if string(got[0].Data) != string(got[1].Data) {
		t.Errorf("retried mail differs from the first delivery")
	}
	if next.messageID == first.messageID {
		t.Errorf("different key reused Message-ID %q", next.messageID)
	}
}

// A long subject is split into several encoded words on folded lines; a
// mail client must still reassemble it exactly.
func TestSMTPLongSubject(t *testing.T) {
	be := &backend{}
	s := newSender(t, notify.SMTPConfig{Addr: startSMTP(t, be, nil)})
	m := sampleMessage(notify.Recipient{Email: "a@example.vn"})
	m.SubjectVi = strings.Repeat("Cảnh báo quá hạn: Báo cáo biến động dân số tháng 3 — ", 8) + "xã Hòa Bình"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := be.messages()
	if len(got) != 1 {
		t.Fatalf("got %d mails", len(got))
	}
	raw := string(got[0].Data)
	if !strings.Contains(raw, "?=\r\n =?utf-8?b?") {
		t.Errorf("long subject not folded into several encoded words")
	}
	if d := decode(t, got[0].Data); d.subject != m.SubjectVi {
		t.Errorf("subject = %q, want %q", d.subject, m.SubjectVi)
	}
}
