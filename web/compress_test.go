package web

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// gunzip reads a gzip body, failing the test when it is not one.
func gunzip(t *testing.T, body string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCompression(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"health"}
	s.login()
	t.Run("a page goes compressed to a client that takes gzip, plain to one that does not", func(t *testing.T) {
		plain := s.get("/tasks/T1", "Accept-Encoding", "identity")
		if plain.header.Get("Content-Encoding") != "" || !strings.Contains(plain.header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("identity: %v", plain.header)
		}
		z := s.get("/tasks/T1", "Accept-Encoding", "br;q=1.0, gzip;q=0.8")
		if z.header.Get("Content-Encoding") != "gzip" || !strings.Contains(z.header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("gzip: %v", z.header)
		}
		body := gunzip(t, z.body)
		if len(z.body) >= len(body) || !strings.Contains(body, `action="/tasks/T1/submit"`) || !strings.Contains(body, "</html>") {
			t.Fatalf("%d bytes compressed from %d: %s", len(z.body), len(body), body)
		}
		if r := s.get("/tasks/T1", "Accept-Encoding", "gzip;q=0"); r.header.Get("Content-Encoding") != "" {
			t.Fatal("gzip;q=0 refuses gzip")
		}
	})
	t.Run("a page with personal data is never compressed", func(t *testing.T) {
		for _, path := range []string{"/screening/cases/SC1", "/screening", "/profile"} {
			r := s.get(path, "Accept-Encoding", "gzip")
			if r.status != http.StatusOK || r.header.Get("Content-Encoding") != "" || !strings.Contains(r.body, "</html>") {
				t.Errorf("%s: %d %v", path, r.status, r.header)
			}
		}
	})
	t.Run("assets go compressed as they are embedded", func(t *testing.T) {
		want, _ := assets.ReadFile("static/app.css")
		z := s.get("/static/app.css?v="+assetVersion, "Accept-Encoding", "gzip")
		if z.header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(z.header.Get("Content-Type"), "text/css") || gunzip(t, z.body) != string(want) {
			t.Fatalf("%v", z.header)
		}
		if p := s.get("/static/app.css", "Accept-Encoding", "identity"); p.header.Get("Content-Encoding") != "" || p.body != string(want) {
			t.Fatalf("plain: %v", p.header)
		}
		if p := s.get("/static/nothing.css", "Accept-Encoding", "gzip"); p.status != http.StatusNotFound {
			t.Fatalf("missing asset: %d", p.status)
		}
	})
}

// TestCSRFMasked: every answer carries the token in other bytes (so a
// compressed page's length tells nothing of it), each of them is good,
// and neither a changed byte nor the bare MAC passes.
func TestCSRFMasked(t *testing.T) {
	s := newSite(t, Deps{})
	s.login()
	first := s.get("/tasks/T1").hidden(t, "/lang", "csrf")
	second := s.get("/tasks/T1").hidden(t, "/lang", "csrf")
	if first == second {
		t.Fatal("two answers carry the same token")
	}
	lang := func(token string) int {
		return s.post("/lang", url.Values{"csrf": {token}, "lang": {"vi"}, "back": {"/tasks"}}).status
	}
	for _, tok := range []string{first, second} {
		if st := lang(tok); st != http.StatusSeeOther {
			t.Fatalf("a shown token refused: %d", st)
		}
	}
	raw, err := base64.RawURLEncoding.DecodeString(first)
	if err != nil || len(raw) != 64 {
		t.Fatalf("token %q: %v", first, err)
	}
	changed := bytes.Clone(raw)
	changed[40] ^= 1
	bare := make([]byte, 32)
	for i := range bare {
		bare[i] = raw[i] ^ raw[32+i]
	}
	for name, tok := range map[string]string{
		"a changed byte": base64.RawURLEncoding.EncodeToString(changed),
		"the bare MAC":   base64.RawURLEncoding.EncodeToString(bare),
		"not base64":     first[:20] + "*" + first[21:],
	} {
		if st := lang(tok); st != http.StatusForbidden {
			t.Errorf("%s: %d", name, st)
		}
	}
}
