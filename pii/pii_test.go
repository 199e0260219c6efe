package pii

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

const marker = "Nguyễn Thị Hoa 0912345678"

var now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func newFile(t *testing.T) *KeyFile {
	t.Helper()
	f, err := NewKeyFile(now)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func ring(t *testing.T, f *KeyFile) *Keyring {
	t.Helper()
	r, err := f.Keyring()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// noLeak fails if err's text holds the plaintext.
func noLeak(t *testing.T, err error) {
	t.Helper()
	if err != nil && (strings.Contains(err.Error(), marker) || strings.Contains(err.Error(), "0912345678")) {
		t.Errorf("error leaks the plaintext: %v", err)
	}
}

func TestSealOpen(t *testing.T) {
	r := ring(t, newFile(t))
	aad := AAD("screening_people", "full_name", "42")

	t.Run("round trip", func(t *testing.T) {
		s := r.Seal([]byte(marker), aad)
		if strings.Contains(s, marker) || strings.Contains(s, "0912345678") {
			t.Fatalf("sealed value shows the plaintext: %s", s)
		}
		if !strings.HasPrefix(s, SealedPrefix(r.ActiveID())) {
			t.Fatalf("sealed %q does not start with %q", s, SealedPrefix(r.ActiveID()))
		}
		if id, err := KeyID(s); err != nil || id != r.ActiveID() {
			t.Fatalf("KeyID = %q, %v", id, err)
		}
		got, err := r.Open(s, aad)
		if err != nil || string(got) != marker {
			t.Fatalf("Open = %q, %v", got, err)
		}
		if s2 := r.Seal([]byte(marker), aad); s2 == s {
			t.Fatal("two seals of the same value are equal: the nonce is not random")
		}
	})
	t.Run("empty value", func(t *testing.T) {
		got, err := r.Open(r.Seal(nil, aad), aad)
		if err != nil || len(got) != 0 {
			t.Fatalf("Open = %q, %v", got, err)
		}
	})
	t.Run("wrong AAD", func(t *testing.T) {
		s := r.Seal([]byte(marker), aad)
		for _, other := range [][]byte{AAD("screening_people", "full_name", "43"), AAD("screening_people", "phone", "42"), nil} {
			_, err := r.Open(s, other)
			if !errors.Is(err, ErrAuth) {
				t.Errorf("Open with other AAD: %v, want ErrAuth", err)
			}
			noLeak(t, err)
		}
	})
	t.Run("tampering", func(t *testing.T) {
		s := r.Seal([]byte(marker), aad)
		prefix := SealedPrefix(r.ActiveID())
		body, _ := b64.DecodeString(strings.TrimPrefix(s, prefix))
		for i := range body {
			b := bytes.Clone(body)
			b[i] ^= 0x01
			_, err := r.Open(prefix+b64.EncodeToString(b), aad)
			if !errors.Is(err, ErrAuth) {
				t.Fatalf("byte %d flipped: %v, want ErrAuth", i, err)
			}
			noLeak(t, err)
		}
		if _, err := r.Open(prefix+b64.EncodeToString(body[:len(body)-1]), aad); !errors.Is(err, ErrAuth) {
			t.Errorf("truncated: %v, want ErrAuth", err)
		}
		for _, bad := range []string{"", marker, "v2:" + s[3:], "v1:" + r.ActiveID(), prefix, prefix + "!!!", "v1:bad_id:AAAA"} {
			if _, err := r.Open(bad, aad); !errors.Is(err, ErrNotSealed) {
				t.Errorf("Open(%q): %v, want ErrNotSealed", bad, err)
			} else {
				noLeak(t, err)
			}
			if IsSealed(bad) && !strings.HasSuffix(bad, "!!!") {
				t.Errorf("IsSealed(%q) = true", bad)
			}
		}
	})
	t.Run("unknown key", func(t *testing.T) {
		other := ring(t, newFile(t))
		s := other.Seal([]byte(marker), aad)
		_, err := r.Open(s, aad)
		if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), other.ActiveID()) {
			t.Fatalf("Open under a key the ring lacks: %v", err)
		}
		noLeak(t, err)
	})
	t.Run("relabelled to another key", func(t *testing.T) {
		// Two keys in one ring; a value moved under the other's label
		// must not open (the key ID is bound into the AAD, and the key
		// differs anyway).
		f := newFile(t)
		k, _ := GenerateKey(now)
		if err := f.AddKey(k, false); err != nil {
			t.Fatal(err)
		}
		r2 := ring(t, f)
		s := r2.Seal([]byte(marker), aad)
		moved := SealedPrefix(k.ID) + strings.TrimPrefix(s, SealedPrefix(r2.ActiveID()))
		if _, err := r2.Open(moved, aad); !errors.Is(err, ErrAuth) {
			t.Fatalf("relabelled: %v, want ErrAuth", err)
		}
	})
}

func TestAADIsUnambiguous(t *testing.T) {
	if bytes.Equal(AAD("a", "bc"), AAD("ab", "c")) || bytes.Equal(AAD("a", ""), AAD("a")) {
		t.Fatal("different parts encode alike")
	}
}

func TestRotation(t *testing.T) {
	f := newFile(t)
	old := ring(t, f)
	aad := AAD("screening_people", "phone", "7")
	sealedOld := old.Seal([]byte(marker), aad)
	idxOld := old.BlindIndex("person.phone", []byte("0912345678"))

	k, err := GenerateKey(now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddKey(k, true); err != nil {
		t.Fatal(err)
	}
	if err := f.AddKey(k, true); err == nil {
		t.Fatal("the same key added twice")
	}
	r := ring(t, f)
	if r.ActiveID() != k.ID || len(r.Keys()) != 2 || !r.Has(old.ActiveID()) {
		t.Fatalf("ring after adding: active %q, keys %+v", r.ActiveID(), r.Keys())
	}

	t.Run("old values still open", func(t *testing.T) {
		if got, err := r.Open(sealedOld, aad); err != nil || string(got) != marker {
			t.Fatalf("Open = %q, %v", got, err)
		}
	})
	t.Run("reseal", func(t *testing.T) {
		s, changed, err := r.Reseal(sealedOld, aad)
		if err != nil || !changed {
			t.Fatalf("Reseal = %v, %v", changed, err)
		}
		if id, _ := KeyID(s); id != k.ID {
			t.Fatalf("resealed under %q, want %q", id, k.ID)
		}
		if got, err := r.Open(s, aad); err != nil || string(got) != marker {
			t.Fatalf("Open(resealed) = %q, %v", got, err)
		}
		again, changed, err := r.Reseal(s, aad)
		if err != nil || changed || again != s {
			t.Fatalf("Reseal of a value under the active key: %v, %v", changed, err)
		}
		if _, _, err := r.Reseal(sealedOld, AAD("other")); !errors.Is(err, ErrAuth) {
			t.Fatalf("Reseal with the wrong AAD: %v", err)
		}
	})
	t.Run("blind index survives rotation", func(t *testing.T) {
		if got := r.BlindIndex("person.phone", []byte("0912345678")); got != idxOld {
			t.Fatalf("index changed with the active key: %q, was %q", got, idxOld)
		}
	})
	t.Run("activate", func(t *testing.T) {
		if err := f.Activate("nope"); !errors.Is(err, ErrUnknownKey) {
			t.Fatalf("Activate(unknown): %v", err)
		}
		if err := f.Activate(old.ActiveID()); err != nil || ring(t, f).ActiveID() != old.ActiveID() {
			t.Fatalf("Activate(old): %v", err)
		}
	})
}

func TestBlindIndex(t *testing.T) {
	r := ring(t, newFile(t))
	a := r.BlindIndex("person.phone", []byte("0912345678"))
	if a != r.BlindIndex("person.phone", []byte("0912345678")) {
		t.Fatal("not deterministic")
	}
	if a == r.BlindIndex("person.id_number", []byte("0912345678")) {
		t.Fatal("same index in two fields")
	}
	if a == r.BlindIndex("person.phone", []byte("0912345679")) {
		t.Fatal("same index for two values")
	}
	if a == ring(t, newFile(t)).BlindIndex("person.phone", []byte("0912345678")) {
		t.Fatal("same index under another index secret")
	}
	if strings.Contains(a, "0912345678") || len(a) != 22 {
		t.Fatalf("index %q", a)
	}
}

// fakeStore keeps sealed values of two fields in maps.
type fakeStore struct {
	rows  map[Field]map[string]string // field → row ID → sealed
	calls int
}

func (s *fakeStore) SealedFields() []Field {
	return []Field{{"people", "name"}, {"people", "phone"}}
}

func (s *fakeStore) ResealBatch(_ context.Context, f Field, ring *Keyring, limit int) (int, error) {
	s.calls++
	n := 0
	for id, v := range s.rows[f] {
		if n == limit {
			break
		}
		if strings.HasPrefix(v, SealedPrefix(ring.ActiveID())) {
			continue
		}
		nv, changed, err := ring.Reseal(v, AAD(f.Table, f.Column, id))
		if err != nil {
			return n, err
		}
		if changed {
			s.rows[f][id] = nv
			n++
		}
	}
	return n, nil
}

func TestRotate(t *testing.T) {
	f := newFile(t)
	old := ring(t, f)
	s := &fakeStore{rows: map[Field]map[string]string{}}
	for _, fl := range s.SealedFields() {
		s.rows[fl] = map[string]string{}
		for _, id := range []string{"1", "2", "3", "4", "5"} {
			s.rows[fl][id] = old.Seal([]byte(marker+id), AAD(fl.Table, fl.Column, id))
		}
	}
	k, _ := GenerateKey(now)
	if err := f.AddKey(k, true); err != nil {
		t.Fatal(err)
	}
	r := ring(t, f)
	reports := 0
	got, err := Rotate(context.Background(), s, r, 2, func(Resealed) { reports++ })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Count != 5 || got[1].Count != 5 || reports != 6 {
		t.Fatalf("Rotate = %+v, %d reports", got, reports)
	}
	for fl, rows := range s.rows {
		for id, v := range rows {
			pt, err := r.Open(v, AAD(fl.Table, fl.Column, id))
			if err != nil || string(pt) != marker+id || !strings.HasPrefix(v, SealedPrefix(k.ID)) {
				t.Fatalf("%s #%s after rotation: %q, %v", fl, id, pt, err)
			}
		}
	}
	calls := s.calls
	if got, err := Rotate(context.Background(), s, r, 2, nil); err != nil || got[0].Count+got[1].Count != 0 || s.calls != calls+2 {
		t.Fatalf("second Rotate = %+v, %v", got, err)
	}
}
