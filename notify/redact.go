package notify

import (
	"errors"
	"net/textproto"
	"regexp"
)

// emailLike matches anything shaped like an e-mail address, with the angle
// brackets SMTP puts around it. Mail servers quote the recipient in their
// replies ("550 5.1.1 <someone@example.vn>: User unknown"), and those
// replies become errors that activities log and Temporal keeps in history.
var emailLike = regexp.MustCompile(`<?[^\s<>"'(),;:@\[\]]+@[^\s<>"'(),;:@\[\]]+>?`)

// redacted stands where an address was.
const redacted = "<redacted>"

// redactAddresses replaces every address-like part of s.
func redactAddresses(s string) string { return emailLike.ReplaceAllString(s, redacted) }

// redact returns err with any address in its text replaced, before it can
// reach a log. An SMTP reply stays a *textproto.Error with its code, which
// decides whether a failure is permanent; any other error that quotes an
// address is replaced by its redacted text (and keeps nothing of the
// original, which still holds the address).
func redact(err error) error {
	if err == nil {
		return nil
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return &textproto.Error{Code: te.Code, Msg: redactAddresses(te.Msg)}
	}
	if msg := err.Error(); emailLike.MatchString(msg) {
		return errors.New(redactAddresses(msg))
	}
	return err
}
