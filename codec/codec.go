// Package codec keeps personal data out of Temporal history: a
// converter.PayloadCodec that encrypts every payload (workflow and
// activity inputs and results, Update arguments and results, signals,
// memos, error details) under the keyring's active key, and the HTTP
// codec server an operator's Temporal CLI or UI decodes them with.
package codec

import (
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"

	"dsflow/pii"
)

// Metadata of an encrypted payload. The names are those of Temporal's
// encryption samples in every SDK, so the tools people know recognise it.
const (
	// Encoding is the payload encoding of what Codec encrypted.
	Encoding = "binary/encrypted"
	// MetadataKeyID names the key the payload is encrypted under.
	MetadataKeyID = "encryption-key-id"
)

// aad binds a ciphertext to its use: a value sealed for a database column
// does not open as a payload, nor the other way round.
var aad = []byte("dsflow temporal payload v1")

// Codec encrypts payloads with AES-256-GCM under the keyring's active key.
// The whole payload (its metadata, such as "json/plain", and its data) is
// marshalled and encrypted, so nothing of the value's type or encoding
// shows either.
type Codec struct {
	ring *pii.Keyring
}

var _ converter.PayloadCodec = (*Codec)(nil)

// New returns the codec of ring.
func New(ring *pii.Keyring) *Codec { return &Codec{ring: ring} }

// Encode encrypts every payload.
func (c *Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		b, err := proto.Marshal(p)
		if err != nil {
			return payloads, fmt.Errorf("codec: encode payload %d: %w", i, err)
		}
		id, ct := c.ring.Encrypt(b, aad)
		clear(b)
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{converter.MetadataEncoding: []byte(Encoding), MetadataKeyID: []byte(id)},
			Data:     ct,
		}
	}
	return out, nil
}

// Decode decrypts what Encode encrypted and passes every other payload
// through unchanged: histories written before encryption was turned on,
// and the recorded histories the replay tests read, still decode.
func (c *Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != Encoding {
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[MetadataKeyID])
		b, err := c.ring.Decrypt(id, p.GetData(), aad)
		if err != nil {
			return payloads, fmt.Errorf("codec: decode payload %d: %w", i, err)
		}
		var q commonpb.Payload
		if err := proto.Unmarshal(b, &q); err != nil {
			return payloads, fmt.Errorf("codec: decode payload %d: not a payload inside: %w", i, err)
		}
		out[i] = &q
	}
	return out, nil
}

// DataConverter wraps parent (nil: the SDK's default) with the codec of
// ring.
func DataConverter(ring *pii.Keyring, parent converter.DataConverter) converter.DataConverter {
	if parent == nil {
		parent = converter.GetDefaultDataConverter()
	}
	return converter.NewCodecDataConverter(parent, New(ring))
}

// FailureConverter turns errors into history failures through dc, with
// their messages and stack traces moved into the encoded attributes, so
// that they too are encrypted: an error's text may quote what a person
// typed (a validation message, a database error naming a value). The
// SDK's default would encode error details with its own data converter,
// in clear, and keep messages in clear.
func FailureConverter(dc converter.DataConverter) converter.FailureConverter {
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: dc, EncodeCommonAttributes: true})
}
