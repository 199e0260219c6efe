package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"dsflow/codec"
)

// TestKeyFileRefusals: serve does not start on keys it cannot trust or
// find, and says what to do; it makes a key file only on one machine.
func TestKeyFileRefusals(t *testing.T) {
	serve := func(extra ...string) error {
		args := append([]string{"serve", "-data-dir", t.TempDir(), "-http-addr", "127.0.0.1:0"}, extra...)
		return run(context.Background(), args, io.Discard, io.Discard)
	}
	missing := filepath.Join(t.TempDir(), "keys.json")
	if err := serve("-key-file", missing); err == nil || !strings.Contains(err.Error(), "dsflow keys new -key-file "+missing) {
		t.Errorf("a key file that is not there: %v", err)
	}
	runOK(t, "keys", "new", "-key-file", missing)
	if err := os.Chmod(missing, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := serve("-key-file", missing); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key file others can read: %v", err)
	}
	if err := os.WriteFile(missing+".bad", []byte(`{"version": 1, "activ": "x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := serve("-key-file", missing+".bad"); err == nil || !strings.Contains(err.Error(), "DSFLOW_KEY_FILE") {
		t.Errorf("a malformed key file: %v", err)
	}
	if err := serve("-temporal-address", "127.0.0.1:1"); err == nil || !strings.Contains(err.Error(), "every dsflow process of a cluster") {
		t.Errorf("a cluster's process without keys: %v", err)
	}
}

// TestKeysCommands: new makes a file, then adds an active key and keeps
// the old; list shows IDs, never a secret; neither list nor rotate makes
// a key file; a key from the environment is not rotated by a file.
func TestKeysCommands(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	if err := run(context.Background(), []string{"keys", "list", "-data-dir", dir}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "keys new") {
		t.Errorf("list without a key file: %v", err)
	}
	if err := run(context.Background(), []string{"keys", "rotate", "-data-dir", dir}, &out, &errOut); err == nil {
		t.Error("rotate without a key file ran")
	}
	if _, err := os.Stat(filepath.Join(dir, "keys.json")); err == nil {
		t.Error("list or rotate made a key file")
	}
	if got := runOK(t, "keys", "new", "-data-dir", dir); !strings.Contains(got, filepath.Join(dir, "keys.json")) || !strings.Contains(got, "sao lưu") {
		t.Errorf("keys new: %s", got)
	}
	first := runOK(t, "keys", "list", "-data-dir", dir)
	runOK(t, "keys", "new", "-data-dir", dir)
	second := runOK(t, "keys", "list", "-data-dir", dir)
	lines := strings.Split(strings.TrimSpace(second), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "*") || strings.HasPrefix(lines[0], "*") {
		t.Errorf("after a second key:\n%s", second)
	}
	if !strings.Contains(second, strings.TrimSpace(strings.TrimPrefix(strings.Fields(first)[1], "*"))) {
		t.Errorf("the first key is gone:\n%s\n%s", first, second)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if i := strings.Index(line, `"key": "`); i >= 0 {
			if secret := line[i+8 : i+20]; strings.Contains(second, secret) {
				t.Errorf("keys list prints a secret")
			}
		}
	}
	t.Setenv("DSFLOW_DATA_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	if err := run(context.Background(), []string{"keys", "new", "-data-dir", t.TempDir()}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "DSFLOW_DATA_KEY") {
		t.Errorf("keys new with a key in the environment: %v", err)
	}
	if got := runOK(t, "keys", "list", "-data-dir", t.TempDir()); !strings.HasPrefix(got, "* env-") {
		t.Errorf("keys list of an environment key: %s", got)
	}
}

// TestCodecServer: the command decodes what dsflow's codec encoded, for a
// client on this machine, and refuses to listen beyond it without a token.
func TestCodecServer(t *testing.T) {
	dir := t.TempDir()
	runOK(t, "keys", "new", "-data-dir", dir)
	if err := run(context.Background(), []string{"codec-server", "-data-dir", dir, "-codec-addr", "0.0.0.0:0"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "DSFLOW_CODEC_TOKEN") {
		t.Errorf("a codec server on every interface without a token: %v", err)
	}
	p := startProc(t, "codec server is running at", "codec-server", "-data-dir", dir, "-codec-addr", "127.0.0.1:0")
	base := strings.TrimSpace(p.out.String()[strings.LastIndex(p.out.String(), "http://"):])
	ring, err := existingKeyring(&config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	enc, err := codec.New(ring).Encode([]*commonpb.Payload{{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"Nguyễn Thị A"`)}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := protojson.Marshal(&commonpb.Payloads{Payloads: enc})
	resp, err := http.Post(base+"/default/decode", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(got), base64.StdEncoding.EncodeToString([]byte(`"Nguyễn Thị A"`))) {
		t.Errorf("decode: %d %s", resp.StatusCode, got)
	}
	p.stop()
}
