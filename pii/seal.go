package pii

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// sealedVersion starts every sealed value; a later format gets a new one.
const sealedVersion = "v1"

// Errors of Open, Decrypt and KeyID, to test with errors.Is.
var (
	// ErrUnknownKey: the value is sealed under a key the keyring lacks
	// (retired too early, or the wrong key file).
	ErrUnknownKey = errors.New("unknown key")
	// ErrNotSealed: the string is not a sealed value at all.
	ErrNotSealed = errors.New("not a sealed value")
	// ErrAuth: the key is known but the value does not open: altered, or
	// sealed for another row or field (other associated data).
	ErrAuth = errors.New("authentication failed: value altered or sealed for other associated data")
)

var b64 = base64.RawURLEncoding

// Encrypt seals plaintext under the active key and returns that key's ID
// with nonce|ciphertext|tag. aad binds the result to its context; Decrypt
// must be given the same. Seal is the string form for database columns;
// this form is for containers that keep the key ID apart (Temporal
// payload metadata).
// It cannot fail: the nonce comes from crypto/rand, which does not fail.
func (r *Keyring) Encrypt(plaintext, aad []byte) (keyID string, ciphertext []byte) {
	aead := r.aeads[r.active]
	return r.active, aead.Seal(nil, nil, plaintext, fullAAD(r.active, aad))
}

// Decrypt opens what Encrypt returned under keyID with the same aad.
func (r *Keyring) Decrypt(keyID string, ciphertext, aad []byte) ([]byte, error) {
	aead, ok := r.aeads[keyID]
	if !ok {
		return nil, fmt.Errorf("pii: decrypt under key %q: %w", keyID, ErrUnknownKey)
	}
	pt, err := aead.Open(nil, nil, ciphertext, fullAAD(keyID, aad))
	if err != nil {
		// GCM's own error says nothing more; ours says what it means.
		return nil, fmt.Errorf("pii: decrypt under key %q: %w", keyID, ErrAuth)
	}
	return pt, nil
}

// Seal encrypts plaintext under the active key into a sealed string (see
// the package comment). aad binds it to where it is stored: build it with
// AAD(table, column, rowID) so that a value copied to another row or
// column does not open there.
func (r *Keyring) Seal(plaintext, aad []byte) string {
	id, ct := r.Encrypt(plaintext, aad)
	return SealedPrefix(id) + b64.EncodeToString(ct)
}

// Open returns the plaintext of a sealed value, given the aad it was
// sealed with.
func (r *Keyring) Open(sealed string, aad []byte) ([]byte, error) {
	id, body, err := split(sealed)
	if err != nil {
		return nil, fmt.Errorf("pii: open: %w", err)
	}
	ct, err := b64.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("pii: open value under key %q: %w (bad base64)", id, ErrNotSealed)
	}
	pt, err := r.Decrypt(id, ct, aad)
	if err != nil {
		return nil, fmt.Errorf("pii: open: %w", err)
	}
	return pt, nil
}

// Reseal returns sealed re-sealed under the active key, and true, when it
// is under another key; a value already under the active key comes back
// as it is, with false. It is the step of key rotation, applied to one
// stored value with the aad it was sealed with.
func (r *Keyring) Reseal(sealed string, aad []byte) (string, bool, error) {
	id, err := KeyID(sealed)
	if err != nil {
		return "", false, fmt.Errorf("pii: reseal: %w", err)
	}
	if id == r.active {
		return sealed, false, nil
	}
	pt, err := r.Open(sealed, aad)
	if err != nil {
		return "", false, fmt.Errorf("pii: reseal: %w", err)
	}
	out := r.Seal(pt, aad)
	clear(pt)
	return out, true, nil
}

// KeyID returns the ID of the key sealed was sealed under, without
// opening it.
func KeyID(sealed string) (string, error) {
	id, _, err := split(sealed)
	return id, err
}

// IsSealed says whether s has the form of a sealed value (it may still
// fail to open). A migration that encrypts existing plaintext uses it to
// skip what it already did.
func IsSealed(s string) bool {
	_, _, err := split(s)
	return err == nil
}

// SealedPrefix is how every value sealed under keyID begins. Key IDs hold
// no LIKE wildcards, so a store finds the values still to re-seal with
// `col NOT LIKE SealedPrefix(active) || '%'`.
func SealedPrefix(keyID string) string { return sealedVersion + ":" + keyID + ":" }

func split(sealed string) (id, body string, err error) {
	ver, rest, ok := strings.Cut(sealed, ":")
	if !ok || ver != sealedVersion {
		return "", "", ErrNotSealed
	}
	id, body, ok = strings.Cut(rest, ":")
	if !ok || !keyIDPattern.MatchString(id) || body == "" {
		return "", "", ErrNotSealed
	}
	return id, body, nil
}

// fullAAD binds the format version and key ID into the associated data,
// ahead of the caller's: a ciphertext relabelled to another key or
// format fails to authenticate. Key IDs hold no ':', so the prefix is
// unambiguous.
func fullAAD(keyID string, aad []byte) []byte {
	p := SealedPrefix(keyID)
	out := make([]byte, 0, len(p)+len(aad))
	return append(append(out, p...), aad...)
}

// AAD encodes the parts naming where a value is stored (table, column,
// row ID, …) as associated data. Each part is length-prefixed, so no two
// different lists encode alike ("a","bc" is not "ab","c").
func AAD(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += binary.MaxVarintLen64 + len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = binary.AppendUvarint(out, uint64(len(p)))
		out = append(out, p...)
	}
	return out
}
