package codec

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

const token = "codec-token-0123456789"

// decodeBody is a decode request of the codec server protocol for the
// payload of marker, encrypted under ring.
func decodeBody(t *testing.T, dc interface {
	ToPayload(any) (*commonpb.Payload, error)
}) string {
	t.Helper()
	p, err := dc.ToPayload(marker)
	if err != nil {
		t.Fatal(err)
	}
	b, err := protojson.Marshal(&commonpb.Payloads{Payloads: []*commonpb.Payload{p}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServerDecodes(t *testing.T) {
	ring := testRing(t)
	srv := httptest.NewServer(Handler(ring, ServerOptions{}))
	defer srv.Close()
	body := decodeBody(t, DataConverter(ring, nil))
	for _, path := range []string{"/decode", "/default/decode"} {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		var out commonpb.Payloads
		if err := protojson.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: %v in %s", path, err, b)
		}
		var s string
		if len(out.Payloads) != 1 || json.Unmarshal(out.Payloads[0].Data, &s) != nil || s != marker {
			t.Fatalf("%s: decoded %s", path, b)
		}
	}
}

func TestServerAccess(t *testing.T) {
	ring := testRing(t)
	body := decodeBody(t, DataConverter(ring, nil))
	const ui = "http://localhost:8233"
	type req struct {
		name, method, remote, host string
		header                     map[string]string
		opts                       ServerOptions
		want                       int
	}
	local, remote := "127.0.0.1:5000", "192.0.2.7:5000"
	cases := []req{
		{name: "local", remote: local, host: "127.0.0.1:8081", want: 200},
		{name: "local by name", remote: "[::1]:5000", host: "localhost:8081", want: 200},
		{name: "remote", remote: remote, host: "127.0.0.1:8081", want: 403},
		{name: "remote with no token set", remote: remote, host: "codec.example.vn", header: map[string]string{"Authorization": "Bearer x"}, want: 403},
		{name: "remote with token", remote: remote, host: "codec.example.vn", opts: ServerOptions{Token: token}, header: map[string]string{"Authorization": "Bearer " + token}, want: 200},
		{name: "remote with a wrong token", remote: remote, host: "codec.example.vn", opts: ServerOptions{Token: token}, header: map[string]string{"Authorization": "Bearer " + token + "x"}, want: 403},
		{name: "through a proxy", remote: local, host: "127.0.0.1:8081", header: map[string]string{"X-Forwarded-For": "192.0.2.7"}, want: 403},
		{name: "DNS rebinding", remote: local, host: "evil.example:8081", want: 403},
		{name: "origin not allowed", remote: local, host: "127.0.0.1:8081", header: map[string]string{"Origin": "http://evil.example"}, want: 403},
		{name: "origin allowed", remote: local, host: "127.0.0.1:8081", opts: ServerOptions{AllowOrigins: []string{ui}}, header: map[string]string{"Origin": ui}, want: 200},
		{name: "preflight", method: http.MethodOptions, remote: remote, host: "127.0.0.1:8081", opts: ServerOptions{AllowOrigins: []string{ui}},
			header: map[string]string{"Origin": ui, "Access-Control-Request-Method": "POST"}, want: 204},
		{name: "preflight from elsewhere", method: http.MethodOptions, remote: local, host: "127.0.0.1:8081", opts: ServerOptions{AllowOrigins: []string{ui}},
			header: map[string]string{"Origin": "http://evil.example"}, want: 403},
		{name: "GET", method: http.MethodGet, remote: local, host: "127.0.0.1:8081", want: 405},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.method
			if m == "" {
				m = http.MethodPost
			}
			r := httptest.NewRequest(m, "http://"+c.host+"/decode", strings.NewReader(body))
			r.RemoteAddr, r.Host = c.remote, c.host
			for k, v := range c.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			Handler(ring, c.opts).ServeHTTP(w, r)
			if w.Code != c.want {
				t.Fatalf("status %d, want %d: %s", w.Code, c.want, w.Body)
			}
			if w.Code == 200 && !strings.Contains(w.Body.String(), `"payloads"`) {
				t.Fatalf("body %s", w.Body)
			}
			if w.Code == 403 && strings.Contains(w.Body.String(), "payload") {
				t.Fatalf("refusal says more than forbidden: %s", w.Body)
			}
			if o := c.header["Origin"]; o != "" && w.Code < 300 && w.Header().Get("Access-Control-Allow-Origin") != o {
				t.Fatalf("CORS headers: %v", w.Header())
			}
		})
	}
}

func TestIsLoopbackAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8081": true, "localhost:8081": true, "[::1]:8081": true,
		":8081": false, "0.0.0.0:8081": false, "192.0.2.1:8081": false, "codec.example.vn:8081": false, "8081": false,
	} {
		if got := IsLoopbackAddr(addr); got != want {
			t.Errorf("IsLoopbackAddr(%q) = %v", addr, got)
		}
	}
}
