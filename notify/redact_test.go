package notify_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"dsflow/notify"
)

// TestSMTPRepliesQuotingAddressesAreRedacted: relays quote the recipient
// in their refusals; the error Send returns, which the notify activity
// logs, names no address and keeps the reply's code, so a 550 still stops
// the retries and a 451 still retries.
func TestSMTPRepliesQuotingAddressesAreRedacted(t *testing.T) {
	be := &backend{rcpt: func(to string) error {
		code, enh := 550, smtp.EnhancedCode{5, 1, 1}
		if strings.HasPrefix(to, "busy") {
			code, enh = 451, smtp.EnhancedCode{4, 2, 2}
		}
		return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: "<" + to + ">: Recipient address rejected: mailbox of " + to + " unavailable"}
	}}
	s := newSender(t, notify.SMTPConfig{Addr: startSMTP(t, be, nil)})
	addrs := []string{"nguyen.van.a@example.vn", "busy.tran@yte.gov.vn"}
	for _, c := range []struct {
		to        []notify.Recipient
		permanent bool
	}{
		{[]notify.Recipient{{UserID: 7, Email: addrs[0]}}, true},
		{[]notify.Recipient{{UserID: 7, Email: addrs[0]}, {UserID: 8, Email: addrs[1]}}, false},
	} {
		err := s.Send(context.Background(), sampleMessage(c.to...))
		if err == nil {
			t.Fatal("Send succeeded against refusals")
		}
		if got := notify.IsPermanent(err); got != c.permanent {
			t.Errorf("permanent = %v, want %v: %v", got, c.permanent, err)
		}
		// What the activity would log.
		var log strings.Builder
		slog.New(slog.NewJSONHandler(&log, nil)).Warn("notification not deliverable", "error", err)
		for _, text := range []string{err.Error(), log.String()} {
			for _, a := range addrs {
				if strings.Contains(text, a) || strings.Contains(text, strings.SplitN(a, "@", 2)[0]+"@") {
					t.Errorf("%q leaks %s", text, a)
				}
			}
			if !strings.Contains(text, "<redacted>") || !strings.Contains(text, "Recipient address rejected") {
				t.Errorf("%q: want the reply with the address redacted", text)
			}
		}
	}
}
