package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// separator divides the recipient's language from the other one in a mail
// body. Plain text only: notification mail must read the same in every
// client, including the webmail used at commune level.
const separator = "----------------------------------------"

// messageID derives the Message-ID from the notification key and the
// recipient address so that every retry of the same delivery carries the
// same ID and mail systems (and people) can discard the duplicate. The
// address is hashed so the header does not repeat it in readable form.
func messageID(key, email, domain string) string {
	h := sha256.New()
	h.Write([]byte("dsflow-notify\x00"))
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToLower(email)))
	return "<" + hex.EncodeToString(h.Sum(nil)[:20]) + "@" + domain + ">"
}

// encodeSubject RFC 2047-encodes a header text. B encoding is used because
// Vietnamese text is mostly non-ASCII, where Q would nearly triple the size.
// Encoded words are folded onto continuation lines to keep long subjects
// under the SMTP line limit.
func encodeSubject(s string) string {
	s = strings.Join(strings.Fields(s), " ") // no CR/LF or tabs in a subject
	enc := mime.BEncoding.Encode("utf-8", s)
	return strings.ReplaceAll(enc, "?= =?", "?=\r\n =?")
}

// mailBody is the recipient's language first, then the other language
// below a separator, so nobody has to scroll past a language they do not
// read but a forwarded mail still carries both.
func mailBody(m Message, lang string) string {
	other := LangEn
	if lang == LangEn {
		other = LangVi
	}
	var b strings.Builder
	b.WriteString(m.body(lang))
	otherBody, otherSubj := m.body(other), m.subject(other)
	if otherBody != m.body(lang) || otherSubj != m.subject(lang) {
		b.WriteString("\n\n" + separator + "\n\n")
		if otherSubj != "" {
			b.WriteString(otherSubj + "\n\n")
		}
		b.WriteString(otherBody)
	}
	b.WriteString("\n")
	return b.String()
}

// composeMail renders the full RFC 5322 message for one recipient, with
// CRLF line endings as SMTP DATA expects.
func composeMail(from *mail.Address, domain string, m Message, to string, lang string, now time.Time) ([]byte, error) {
	date := m.At
	if date.IsZero() {
		date = now
	}
	contentLang := "vi, en"
	if lang == LangEn {
		contentLang = "en, vi"
	}
	var buf bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	hdr("From", from.String())
	hdr("To", (&mail.Address{Address: to}).String())
	hdr("Subject", encodeSubject(m.subject(lang)))
	hdr("Date", date.Format(time.RFC1123Z))
	hdr("Message-ID", messageID(m.Key, to, domain))
	// Auto-Submitted (RFC 3834) keeps vacation responders from answering a
	// machine; replies would land in an unattended mailbox.
	hdr("Auto-Submitted", "auto-generated")
	hdr("Content-Language", contentLang)
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=utf-8")
	hdr("Content-Transfer-Encoding", "quoted-printable")
	buf.WriteString("\r\n")

	// quoted-printable keeps lines short and 7-bit clean, so relays without
	// 8BITMIME cannot mangle Vietnamese diacritics.
	qp := quotedprintable.NewWriter(&buf)
	if _, err := qp.Write([]byte(mailBody(m, lang))); err != nil {
		return nil, fmt.Errorf("notify: encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("notify: encode body: %w", err)
	}
	return buf.Bytes(), nil
}
