package pii

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestKeyFileRoundTrip(t *testing.T) {
	f := newFile(t)
	k, _ := GenerateKey(now)
	if err := f.AddKey(k, false); err != nil {
		t.Fatal(err)
	}
	b, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	g, err := ParseKeyFile(b)
	if err != nil {
		t.Fatal(err)
	}
	r1, r2 := ring(t, f), ring(t, g)
	if r2.ActiveID() != f.Active || len(r2.Keys()) != 2 || r2.Keys()[1].ID != k.ID || !r2.Keys()[0].Created.Equal(now) {
		t.Fatalf("parsed ring: active %q, keys %+v", r2.ActiveID(), r2.Keys())
	}
	aad := AAD("t", "c", "1")
	if pt, err := r2.Open(r1.Seal([]byte(marker), aad), aad); err != nil || string(pt) != marker {
		t.Fatalf("a value sealed before writing does not open after reading: %v", err)
	}
	if r1.BlindIndex("f", []byte("v")) != r2.BlindIndex("f", []byte("v")) {
		t.Fatal("blind index changed through the file")
	}
}

func TestParseKeyFileErrors(t *testing.T) {
	f := newFile(t)
	secret := base64.StdEncoding.EncodeToString(f.Keys[0].Secret)
	good, _ := f.Marshal()
	mutate := func(edit func(m map[string]any)) string {
		var m map[string]any
		_ = json.Unmarshal(good, &m)
		edit(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	cases := map[string]struct{ in, want string }{
		"not JSON":        {"id:" + secret, "not JSON"},
		"unknown field":   {mutate(func(m map[string]any) { m["actve"] = "x" }), `unknown field "actve"`},
		"version":         {mutate(func(m map[string]any) { m["version"] = 2 }), "version 2"},
		"no active key":   {mutate(func(m map[string]any) { m["active"] = "k-none" }), "k-none"},
		"short key":       {mutate(func(m map[string]any) { m["keys"].([]any)[0].(map[string]any)["key"] = "AAAA" }), "3 bytes"},
		"bad base64":      {mutate(func(m map[string]any) { m["keys"].([]any)[0].(map[string]any)["key"] = "%%%" }), "base64"},
		"bad key ID":      {mutate(func(m map[string]any) { m["keys"].([]any)[0].(map[string]any)["id"] = "a:b"; m["active"] = "a:b" }), "key ID"},
		"no index key":    {mutate(func(m map[string]any) { delete(m, "index_key") }), "index key"},
		"no keys":         {mutate(func(m map[string]any) { m["keys"] = []any{} }), "no keys"},
		"type of a field": {mutate(func(m map[string]any) { m["version"] = "one" }), "version"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseKeyFile([]byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("error quotes the secret: %v", err)
			}
		})
	}
}

func TestReadKeyFile(t *testing.T) {
	dir := t.TempDir()
	b, _ := newFile(t).Marshal()
	path := filepath.Join(dir, "keys")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("0600", func(t *testing.T) {
		if _, err := ReadKeyFile(path); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("0400", func(t *testing.T) {
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadKeyFile(path); err != nil {
			t.Fatal(err)
		}
	})
	if runtime.GOOS != "windows" {
		for _, mode := range []os.FileMode{0o640, 0o604, 0o644, 0o660} {
			t.Run(mode.String(), func(t *testing.T) {
				if err := os.Chmod(path, mode); err != nil {
					t.Fatal(err)
				}
				_, err := ReadKeyFile(path)
				if err == nil || !strings.Contains(err.Error(), "chmod 600") {
					t.Fatalf("mode %v: err = %v", mode, err)
				}
			})
		}
	}
	t.Run("missing", func(t *testing.T) {
		if _, err := ReadKeyFile(filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("directory", func(t *testing.T) {
		if _, err := ReadKeyFile(dir); err == nil || !strings.Contains(err.Error(), "regular") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestDataKeyFile(t *testing.T) {
	secret := make([]byte, KeySize)
	for i := range secret {
		secret[i] = byte(i)
	}
	enc := base64.StdEncoding.EncodeToString(secret)
	f1, err := DataKeyFile(enc)
	if err != nil {
		t.Fatal(err)
	}
	f2, err := DataKeyFile(" " + base64.RawURLEncoding.EncodeToString(secret) + "\n")
	if err != nil {
		t.Fatal(err)
	}
	r1, r2 := ring(t, f1), ring(t, f2)
	if r1.ActiveID() != r2.ActiveID() || !strings.HasPrefix(r1.ActiveID(), "env-") {
		t.Fatalf("IDs %q, %q", r1.ActiveID(), r2.ActiveID())
	}
	if r1.BlindIndex("f", []byte("v")) != r2.BlindIndex("f", []byte("v")) {
		t.Fatal("two processes given one key disagree on the index")
	}
	aad := AAD("x")
	if pt, err := r2.Open(r1.Seal([]byte(marker), aad), aad); err != nil || string(pt) != marker {
		t.Fatalf("Open: %v", err)
	}
	secret[0] ^= 1
	f3, _ := DataKeyFile(base64.StdEncoding.EncodeToString(secret))
	if f3.Active == f1.Active {
		t.Fatal("another key got the same ID")
	}
	for _, bad := range []string{"", "not base64 ###", base64.StdEncoding.EncodeToString(secret[:16])} {
		_, err := DataKeyFile(bad)
		if err == nil || (bad != "" && strings.Contains(err.Error(), bad)) {
			t.Errorf("DataKeyFile(%q): %v", bad, err)
		}
	}
}
