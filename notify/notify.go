// Package notify holds the outbound delivery channels for task
// notifications (reminders, overdue notices, escalations): e-mail over SMTP
// and HMAC-signed webhooks.
//
// Senders are called from Temporal activities that retry on error, so every
// channel is built around that: a delivery carries a stable identity derived
// from Message.Key (the e-mail Message-ID, the webhook X-Dsflow-Delivery
// header) so a retried duplicate is recognisable downstream, and errors that
// no retry can fix are marked so IsPermanent lets the activity stop early.
//
// The package never logs. Notifications carry personal data (e-mail
// addresses), and a delivery channel is the wrong place to decide what may
// reach a log sink; callers get wrapped errors that name no address instead.
package notify

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Message is one notification to deliver. Content is bilingual because the
// programme's users work in Vietnamese but some partners read English;
// Vietnamese is the primary language and the fallback for either half.
type Message struct {
	// Key identifies the notification across retries; it must be non-empty
	// because duplicate detection downstream hangs on it.
	Key string
	// Kind is the notification type, e.g. "task.reminder".
	Kind string
	// TaskID is the task the notification is about.
	TaskID string
	// To lists the recipients.
	To []Recipient

	SubjectVi, SubjectEn string
	BodyVi, BodyEn       string

	// At is when the notification was raised. It is used as the e-mail
	// Date so a retried e-mail is byte-for-byte the same; zero means now.
	At time.Time
}

// Recipient is one addressee. Email may be empty for users reachable only
// in-app; the e-mail channel skips them.
type Recipient struct {
	UserID uint
	Email  string
	// Lang is a BCP 47 tag; anything starting with "en" selects English,
	// everything else (including empty) Vietnamese.
	Lang string
}

// Language tags used for content selection.
const (
	LangVi = "vi"
	LangEn = "en"
)

// ErrInvalidMessage is wrapped by Send when the message itself is unusable
// (no key, bad address, ...). Such errors are permanent.
var ErrInvalidMessage = errors.New("notify: invalid message")

// normLang maps a recipient's language preference to LangVi or LangEn.
func normLang(tag string) string {
	t := strings.ToLower(strings.TrimSpace(tag))
	if t == LangEn || strings.HasPrefix(t, "en-") || strings.HasPrefix(t, "en_") {
		return LangEn
	}
	return LangVi
}

// subject returns the subject in lang, falling back to the other language
// when that half was left empty.
func (m Message) subject(lang string) string {
	if lang == LangEn && strings.TrimSpace(m.SubjectEn) != "" {
		return m.SubjectEn
	}
	if strings.TrimSpace(m.SubjectVi) != "" {
		return m.SubjectVi
	}
	return m.SubjectEn
}

// body returns the body in lang with the same fallback as subject.
func (m Message) body(lang string) string {
	if lang == LangEn && strings.TrimSpace(m.BodyEn) != "" {
		return m.BodyEn
	}
	if strings.TrimSpace(m.BodyVi) != "" {
		return m.BodyVi
	}
	return m.BodyEn
}

// validate checks what every channel needs. Key and Kind end up in headers,
// so control characters are refused rather than smuggled into a protocol.
func (m Message) validate() error {
	if strings.TrimSpace(m.Key) == "" {
		return fmt.Errorf("%w: empty key", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Kind) == "" {
		return fmt.Errorf("%w: empty kind", ErrInvalidMessage)
	}
	for _, f := range []struct{ name, v string }{{"key", m.Key}, {"kind", m.Kind}, {"task id", m.TaskID}} {
		if hasControl(f.v) {
			return fmt.Errorf("%w: control character in %s", ErrInvalidMessage, f.name)
		}
	}
	return nil
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// permanentError marks an error that retrying cannot fix. It is applied only
// at the top of a Send result (never to one part of a joined error that also
// holds retryable parts), so errors.As finding it means the whole delivery
// is hopeless.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err is a delivery failure that retrying with
// the same message cannot fix: an SMTP 5xx reply to the message transaction,
// a webhook 4xx other than 408/429, or an invalid message. Activities use it
// to return a non-retryable error instead of burning their retry budget.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
