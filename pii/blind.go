package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
)

// blindIndexSize is how many bytes of the HMAC an index keeps: 128 bits
// make a collision between two people practically impossible and keep
// the column short (22 characters).
const blindIndexSize = 16

// BlindIndex returns a keyed, deterministic digest of value for field
// (e.g. "person.phone"), to store beside the sealed value and look the
// row up by equality without decrypting: HMAC-SHA256 under a key derived
// from the keyring's index secret, which key rotation does not touch.
// Normalise value first (a phone as 0912345678, an ID number without
// spaces): different spellings give different indexes. field must not
// contain a NUL byte; it separates field from value in the MAC's input,
// so the same value indexes differently in different fields.
func (r *Keyring) BlindIndex(field string, value []byte) string {
	if strings.IndexByte(field, 0) >= 0 {
		// A programming error, never data: fields are constants.
		panic("pii: BlindIndex: field name contains NUL")
	}
	m := hmac.New(sha256.New, r.indexKey)
	m.Write([]byte(field))
	m.Write([]byte{0})
	m.Write(value)
	return b64.EncodeToString(m.Sum(nil)[:blindIndexSize])
}
