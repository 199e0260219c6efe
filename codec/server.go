package codec

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"

	"go.temporal.io/sdk/converter"

	"dsflow/pii"
)

// maxRequestBody bounds a decode request: Temporal refuses payloads over
// 2 MiB, and the UI sends one event's payloads at a time.
const maxRequestBody = 8 << 20

// ServerOptions say who the codec server answers besides a client on this
// machine.
type ServerOptions struct {
	// Token, when set, lets a request bearing it (Authorization: Bearer
	// <token>, as `temporal --codec-auth` sends it) decode from anywhere.
	// Without it only a client on this machine is answered.
	Token string
	// AllowOrigins are the browser origins (the Temporal UI's, such as
	// http://localhost:8233) allowed to call the server from a page
	// (CORS). A request from any other origin is refused.
	AllowOrigins []string
}

// Handler is the codec server: POST …/encode and POST …/decode of the
// Temporal codec server protocol (the SDK's converter handler, under any
// prefix, so that the CLI's `--codec-endpoint http://…/{namespace}` works),
// behind access checks:
//
//   - the TCP peer must be on loopback, with no forwarding headers (a
//     request through a proxy is not local even when the proxy is), and
//     the Host a loopback name (a DNS-rebound page cannot reach it), or
//     the request must bear the token;
//   - a request with an Origin must come from an allowed origin, which is
//     then given the CORS headers the Temporal UI needs.
//
// Decoding hands out personal data: every refusal is a plain 403 and
// says no more.
func Handler(ring *pii.Keyring, opts ServerOptions) http.Handler {
	h := &server{
		codec:   converter.NewPayloadCodecHTTPHandler(New(ring)),
		origins: map[string]bool{},
	}
	if opts.Token != "" {
		sum := sha256.Sum256([]byte(opts.Token))
		h.tokenSum = sum[:]
	}
	for _, o := range opts.AllowOrigins {
		h.origins[strings.TrimRight(o, "/")] = true
	}
	return h
}

type server struct {
	codec    http.Handler
	tokenSum []byte // SHA-256 of the token; nil: loopback only
	origins  map[string]bool
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); origin != "" {
		if !s.origins[origin] {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Add("Vary", "Origin")
		if r.Method == http.MethodOptions {
			// A preflight carries no credentials; the request it clears
			// is checked below like any other.
			w.Header().Set("Access-Control-Allow-Methods", "POST, OPTIONS")
			w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Namespace")
			w.Header().Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	if !s.allowed(r) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	s.codec.ServeHTTP(w, r)
}

// allowed: a bearer of the token, compared in constant time, or a local
// client as /metrics defines one (api.metricsAllowed), and, since a
// browser may be the client, a Host that names loopback.
func (s *server) allowed(r *http.Request) bool {
	if s.tokenSum != nil {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			got := sha256.Sum256([]byte(strings.TrimSpace(token)))
			if subtle.ConstantTimeCompare(got[:], s.tokenSum) == 1 {
				return true
			}
		}
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-IP", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	return isLoopback(r.RemoteAddr) && isLoopbackName(r.Host)
}

func isLoopback(hostPort string) bool {
	host, _, err := net.SplitHostPort(hostPort)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isLoopbackName: the Host header of a request to this machine by a
// loopback name or address.
func isLoopbackName(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// IsLoopbackAddr says whether a listen address (host:port) binds only to
// loopback; an empty host binds every interface.
func IsLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	return isLoopbackName(host)
}
