package pii

import (
	"bytes"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// KeyFile is the content of a key file, a JSON document:
//
//	{"version": 1, "active": "k20260301-3fa9c21b",
//	 "index_key": "<base64, 32 bytes>",
//	 "keys": [{"id": "k20260301-3fa9c21b", "key": "<base64, 32 bytes>", "created": "2026-03-01T02:00:00Z"}]}
//
// JSON rather than "id:key" lines because the file must also say which
// key is active and hold the index secret; keys keep the order they were
// added in.
type KeyFile struct {
	Version  int    `json:"version"`
	Active   string `json:"active"`
	IndexKey []byte `json:"index_key"`
	Keys     []Key  `json:"keys"`
}

// keyFileVersion is the only version this code reads and writes.
const keyFileVersion = 1

// maxKeyFileSize bounds what ReadKeyFile reads: a file of a thousand keys
// is under 150 KB.
const maxKeyFileSize = 1 << 20

// NewKeyFile makes a key file with one new key, active, and a new index
// secret: what a fresh installation starts with.
func NewKeyFile(now time.Time) (*KeyFile, error) {
	k, err := GenerateKey(now)
	if err != nil {
		return nil, err
	}
	idx := make([]byte, KeySize)
	if _, err := rand.Read(idx); err != nil {
		return nil, fmt.Errorf("pii: generate index key: %w", err)
	}
	return &KeyFile{Version: keyFileVersion, Active: k.ID, IndexKey: idx, Keys: []Key{k}}, nil
}

// ParseKeyFile reads a key file's content and checks it (Validate).
// Unknown fields are refused: a misspelt "active" must not pass.
func ParseKeyFile(data []byte) (*KeyFile, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f KeyFile
	if err := dec.Decode(&f); err != nil {
		// Say what went wrong without echoing the input, which holds
		// secrets.
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		var be base64.CorruptInputError
		switch {
		case errors.As(err, &be):
			return nil, errors.New("pii: key file: a key is not valid base64")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return nil, fmt.Errorf("pii: key file: %s", strings.TrimPrefix(err.Error(), "json: "))
		case errors.As(err, &se):
			return nil, fmt.Errorf("pii: key file: not JSON (at byte %d)", se.Offset)
		case errors.As(err, &te):
			return nil, fmt.Errorf("pii: key file: field %q has the wrong type", te.Field)
		default:
			return nil, errors.New("pii: key file: not a key file (expected {\"version\":1,\"active\":…,\"index_key\":…,\"keys\":[…]})")
		}
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return &f, nil
}

// Validate checks the version, the keys (IDs unique, 32-byte secrets),
// that the active key is one of them and the index secret's size.
func (f *KeyFile) Validate() error {
	_, err := f.Keyring()
	return err
}

// Keyring builds the keyring the file describes.
func (f *KeyFile) Keyring() (*Keyring, error) {
	if f.Version != keyFileVersion {
		return nil, fmt.Errorf("pii: key file: version %d, want %d", f.Version, keyFileVersion)
	}
	return NewKeyring(f.Keys, f.Active, f.IndexKey)
}

// Marshal encodes the file, indented, for writing.
func (f *KeyFile) Marshal() ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("pii: key file: %w", err)
	}
	return append(b, '\n'), nil
}

// AddKey appends k and, if activate, makes it the active key. Old keys
// stay: values and Temporal histories sealed under them must still open.
func (f *KeyFile) AddKey(k Key, activate bool) error {
	if err := checkKey(k); err != nil {
		return fmt.Errorf("pii: key file: %w", err)
	}
	for _, have := range f.Keys {
		if have.ID == k.ID {
			return fmt.Errorf("pii: key file: key %q exists already", k.ID)
		}
	}
	f.Keys = append(f.Keys, k)
	if activate {
		f.Active = k.ID
	}
	return nil
}

// Activate makes the key id the active one.
func (f *KeyFile) Activate(id string) error {
	for _, k := range f.Keys {
		if k.ID == id {
			f.Active = id
			return nil
		}
	}
	return fmt.Errorf("pii: key file: key %q: %w", id, ErrUnknownKey)
}

// ReadKeyFile reads and parses the key file at path. The file must be a
// regular file that neither group nor others may read or write (mode
// 0600 or stricter), as ssh demands of private keys: a key file anyone
// on the machine can read protects nothing. The mode is checked on the
// opened file, so it is the file read.
func ReadKeyFile(path string) (*KeyFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("pii: key file: %w", err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("pii: key file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("pii: key file %s: not a regular file", path)
	}
	// Windows has no such permission bits; its ACLs are the operator's.
	if perm := st.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("pii: key file %s: mode %#o lets others read it; chmod 600 it", path, perm)
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("pii: key file %s: %w", path, err)
	}
	if len(data) > maxKeyFileSize {
		return nil, fmt.Errorf("pii: key file %s: larger than %d bytes", path, maxKeyFileSize)
	}
	f, err := ParseKeyFile(data)
	clear(data)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return f, nil
}

// DataKeyFile makes the one-key file that a single key given in the
// environment (DSFLOW_DATA_KEY: 32 bytes in base64, as `openssl rand
// -base64 32` prints) stands for. The key's ID and the index secret are
// derived from the key (HKDF-SHA256), so every process given the same key
// agrees on both, and changing the key changes the ID instead of
// silently reusing it for another key.
func DataKeyFile(encoded string) (*KeyFile, error) {
	secret, err := decodeKey(strings.TrimSpace(encoded))
	if err != nil {
		return nil, err
	}
	idb, err := hkdf.Key(sha256.New, secret, nil, "dsflow key id v1", 4)
	if err != nil {
		return nil, fmt.Errorf("pii: data key: %w", err)
	}
	idx, err := hkdf.Key(sha256.New, secret, nil, "dsflow index secret v1", KeySize)
	if err != nil {
		return nil, fmt.Errorf("pii: data key: %w", err)
	}
	id := "env-" + hex.EncodeToString(idb)
	f := &KeyFile{Version: keyFileVersion, Active: id, IndexKey: idx, Keys: []Key{{ID: id, Secret: secret}}}
	return f, f.Validate()
}

// decodeKey accepts standard or URL-safe base64, padded or not. Its
// errors never quote the input.
func decodeKey(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("pii: data key: %d bytes, want %d (openssl rand -base64 32 makes one)", len(b), KeySize)
			}
			return b, nil
		}
	}
	return nil, errors.New("pii: data key: not base64 (openssl rand -base64 32 makes one)")
}
