package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"time"
)

// KeySize is the length of every secret: AES-256 keys and the index key.
const KeySize = 32

// keyIDPattern keeps IDs short, free of the ':' that separates the parts of
// a sealed value, and free of SQL LIKE wildcards (_ and %), so that
// SealedPrefix can be used in a LIKE pattern as is.
var keyIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$`)

// Key is one AES-256 key: its ID, which every value sealed under it
// carries, the 32-byte secret, and when it was made (zero when unknown,
// as for a key given in the environment).
type Key struct {
	ID      string    `json:"id"`
	Secret  []byte    `json:"key"`
	Created time.Time `json:"created,omitzero"`
}

// KeyInfo describes a key of a keyring without its secret.
type KeyInfo struct {
	ID      string
	Created time.Time
	Active  bool
}

// Keyring holds the keys that values may be sealed under and names the
// active one, which seals new values. It is immutable once built and safe
// for concurrent use.
type Keyring struct {
	aeads    map[string]cipher.AEAD
	infos    []KeyInfo // in the order given
	active   string
	indexKey []byte // HMAC key of blind indexes, derived from the index secret
}

// NewKeyring builds a keyring of keys (IDs unique, secrets of KeySize
// bytes) whose active key is active. indexSecret (KeySize bytes) keys the
// blind indexes; it is separate from the encryption keys so that
// rotating them leaves every index valid. The secrets are not retained
// beyond their expanded AES keys and the derived index key.
func NewKeyring(keys []Key, active string, indexSecret []byte) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("pii: keyring: no keys")
	}
	if len(indexSecret) != KeySize {
		return nil, fmt.Errorf("pii: keyring: index key is %d bytes, want %d", len(indexSecret), KeySize)
	}
	r := &Keyring{aeads: make(map[string]cipher.AEAD, len(keys)), active: active}
	for _, k := range keys {
		if err := checkKey(k); err != nil {
			return nil, fmt.Errorf("pii: keyring: %w", err)
		}
		if _, dup := r.aeads[k.ID]; dup {
			return nil, fmt.Errorf("pii: keyring: key %q given twice", k.ID)
		}
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			return nil, fmt.Errorf("pii: keyring: key %q: %w", k.ID, err)
		}
		// The nonce is drawn from crypto/rand for every seal and written
		// in front of the ciphertext. 96 random bits stay safe up to about
		// 2^32 seals per key, which rotation keeps far away.
		aead, err := cipher.NewGCMWithRandomNonce(block)
		if err != nil {
			return nil, fmt.Errorf("pii: keyring: key %q: %w", k.ID, err)
		}
		r.aeads[k.ID] = aead
		r.infos = append(r.infos, KeyInfo{ID: k.ID, Created: k.Created, Active: k.ID == active})
	}
	if _, ok := r.aeads[active]; !ok {
		return nil, fmt.Errorf("pii: keyring: active key %q: %w", active, ErrUnknownKey)
	}
	ik, err := hkdf.Key(sha256.New, indexSecret, nil, "dsflow blind index v1", KeySize)
	if err != nil {
		return nil, fmt.Errorf("pii: keyring: derive index key: %w", err)
	}
	r.indexKey = ik
	return r, nil
}

func checkKey(k Key) error {
	if !keyIDPattern.MatchString(k.ID) {
		return fmt.Errorf("key ID %q: 1 to 40 letters, digits, '.' or '-', starting with a letter or digit", k.ID)
	}
	if len(k.Secret) != KeySize {
		return fmt.Errorf("key %q is %d bytes, want %d (AES-256)", k.ID, len(k.Secret), KeySize)
	}
	return nil
}

// ActiveID is the ID of the key new values are sealed with.
func (r *Keyring) ActiveID() string { return r.active }

// Keys lists the keys in the order they were given, without secrets.
func (r *Keyring) Keys() []KeyInfo { return append([]KeyInfo(nil), r.infos...) }

// Has says whether the keyring holds the key id.
func (r *Keyring) Has(id string) bool {
	_, ok := r.aeads[id]
	return ok
}

// GenerateKey makes a new random key. Its ID is the day it was made and
// four random bytes ("k20260301-3fa9c21b"): readable in `dsflow keys list`,
// sortable, and distinct even when two are made on one day.
func GenerateKey(now time.Time) (Key, error) {
	b := make([]byte, KeySize+4)
	if _, err := rand.Read(b); err != nil {
		return Key{}, fmt.Errorf("pii: generate key: %w", err)
	}
	id := "k" + now.UTC().Format("20060102") + "-" + hex.EncodeToString(b[KeySize:])
	return Key{ID: id, Secret: b[:KeySize:KeySize], Created: now.UTC().Truncate(time.Second)}, nil
}
