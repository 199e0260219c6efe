package codec

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"dsflow/pii"
)

const marker = "Nguyễn Thị Hoa 0912345678"

func testRing(t testing.TB) *pii.Keyring {
	t.Helper()
	f, err := pii.NewKeyFile(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.Keyring()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type person struct {
	FullName string `json:"full_name"`
	Phone    string `json:"phone"`
}

func TestCodec(t *testing.T) {
	ring := testRing(t)
	dc := DataConverter(ring, nil)
	in := person{FullName: "Nguyễn Thị Hoa", Phone: "0912345678"}

	t.Run("round trip", func(t *testing.T) {
		p, err := dc.ToPayload(in)
		if err != nil {
			t.Fatal(err)
		}
		if enc := string(p.Metadata[converter.MetadataEncoding]); enc != Encoding {
			t.Fatalf("encoding %q", enc)
		}
		if id := string(p.Metadata[MetadataKeyID]); id != ring.ActiveID() {
			t.Fatalf("key ID %q, want %q", id, ring.ActiveID())
		}
		if bytes.Contains(p.Data, []byte("0912345678")) || bytes.Contains(p.Data, []byte("json/plain")) {
			t.Fatal("payload shows its content")
		}
		var out person
		if err := dc.FromPayload(p, &out); err != nil || out != in {
			t.Fatalf("FromPayload = %+v, %v", out, err)
		}
		if s := dc.ToString(p); !strings.Contains(s, "0912345678") {
			t.Fatalf("ToString = %q", s)
		}
	})
	t.Run("plaintext passes", func(t *testing.T) {
		plain, err := converter.GetDefaultDataConverter().ToPayloads(in, 7, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out person
		var n int
		var nothing *person
		if err := dc.FromPayloads(plain, &out, &n, &nothing); err != nil || out != in || n != 7 || nothing != nil {
			t.Fatalf("FromPayloads of plaintext = %+v %d %v, %v", out, n, nothing, err)
		}
	})
	t.Run("unknown key", func(t *testing.T) {
		p, _ := DataConverter(testRing(t), nil).ToPayload(marker)
		var out string
		err := dc.FromPayload(p, &out)
		if !errors.Is(err, pii.ErrUnknownKey) {
			t.Fatalf("err = %v", err)
		}
		if strings.Contains(err.Error(), "0912345678") {
			t.Fatalf("error leaks: %v", err)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		p, _ := dc.ToPayload(marker)
		p.Data[len(p.Data)/2] ^= 1
		var out string
		if err := dc.FromPayload(p, &out); !errors.Is(err, pii.ErrAuth) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a sealed column is not a payload", func(t *testing.T) {
		id, ct := ring.Encrypt([]byte(marker), pii.AAD("people", "name", "1"))
		p := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte(Encoding), MetadataKeyID: []byte(id)}, Data: ct}
		if _, err := New(ring).Decode([]*commonpb.Payload{p}); !errors.Is(err, pii.ErrAuth) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("error messages are encrypted", func(t *testing.T) {
		fc := FailureConverter(dc)
		f := fc.ErrorToFailure(errors.New("phone " + marker + " refused"))
		if strings.Contains(f.GetMessage(), "0912345678") || f.GetEncodedAttributes() == nil {
			t.Fatalf("failure message in clear: %q", f.GetMessage())
		}
		if err := fc.FailureToError(f); !strings.Contains(err.Error(), marker) {
			t.Fatalf("decoded error %q", err)
		}
	})
}

// BenchmarkCodec2KB encodes and decodes one 2 KB payload (a screening case
// with its person, protocol and steps is about that size).
func BenchmarkCodec2KB(b *testing.B) {
	c := New(testRing(b))
	p := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("json/plain")}, Data: bytes.Repeat([]byte("x"), 2048)}
	in := []*commonpb.Payload{p}
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(2048)
		for b.Loop() {
			if _, err := c.Encode(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	enc, _ := c.Encode(in)
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(2048)
		for b.Loop() {
			if _, err := c.Decode(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
