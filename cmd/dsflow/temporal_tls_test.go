package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"dsflow/engine"
)

// pki is a throw-away CA with a server and a client certificate, as PEM
// files in a temporary directory.
type pki struct {
	dir                            string
	ca, cert, key, otherCA, badKey string
	server                         tls.Certificate
	pool                           *x509.CertPool
}

func newPKI(t *testing.T) pki {
	t.Helper()
	p := pki{dir: t.TempDir(), pool: x509.NewCertPool()}
	caKey, caCert := selfSigned(t, "dsflow test CA")
	p.pool.AddCert(caCert)
	p.ca = p.write(t, "ca.pem", "CERTIFICATE", caCert.Raw)
	_, other := selfSigned(t, "another CA")
	p.otherCA = p.write(t, "other-ca.pem", "CERTIFICATE", other.Raw)

	srvKey, srvDER := signed(t, caCert, caKey, "temporal.internal", x509.ExtKeyUsageServerAuth)
	p.server = tls.Certificate{Certificate: [][]byte{srvDER}, PrivateKey: srvKey}
	cliKey, cliDER := signed(t, caCert, caKey, "dsflow-worker", x509.ExtKeyUsageClientAuth)
	p.cert = p.write(t, "client.pem", "CERTIFICATE", cliDER)
	der, err := x509.MarshalECPrivateKey(cliKey)
	if err != nil {
		t.Fatal(err)
	}
	p.key = p.write(t, "client-key.pem", "EC PRIVATE KEY", der)
	otherKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ = x509.MarshalECPrivateKey(otherKey)
	p.badKey = p.write(t, "other-key.pem", "EC PRIVATE KEY", der)
	return p
}

func (p pki) write(t *testing.T, name, kind string, der []byte) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func selfSigned(t *testing.T, cn string) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert
}

func signed(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey, cn string, usage x509.ExtKeyUsage) (*ecdsa.PrivateKey, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn}, DNSNames: []string{cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return key, der
}

// frontend is a stand-in Temporal frontend behind mutual TLS: it answers
// GetSystemInfo (what dialing asks) and remembers who asked with what.
type frontend struct {
	workflowservice.UnimplementedWorkflowServiceServer
	mu       sync.Mutex
	clientCN string
	auth     string
}

func (f *frontend) GetSystemInfo(ctx context.Context, _ *workflowservice.GetSystemInfoRequest) (*workflowservice.GetSystemInfoResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if md, ok := metadata.FromIncomingContext(ctx); ok && len(md.Get("authorization")) > 0 {
		f.auth = md.Get("authorization")[0]
	}
	if p, ok := peer.FromContext(ctx); ok {
		if ti, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(ti.State.PeerCertificates) > 0 {
			f.clientCN = ti.State.PeerCertificates[0].Subject.CommonName
		}
	}
	if f.auth != "Bearer api-key-for-tests" {
		return nil, status.Error(codes.Unauthenticated, "bad API key")
	}
	return &workflowservice.GetSystemInfoResponse{Capabilities: &workflowservice.GetSystemInfoResponse_Capabilities{}}, nil
}

func startFrontend(t *testing.T, p pki) (*frontend, string) {
	t.Helper()
	creds := credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{p.server}, ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs: p.pool, MinVersion: tls.VersionTLS12})
	srv := grpc.NewServer(grpc.Creds(creds))
	f := &frontend{}
	workflowservice.RegisterWorkflowServiceServer(srv, f)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	return f, l.Addr().String()
}

// temporalConfig binds args as serve would and validates them.
func temporalConfig(t *testing.T, args ...string) (*config, error) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := bindConfig(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return cfg, cfg.validate()
}

// TestTemporalSecuritySettings: the TLS and API-key settings are checked at
// start: files readable and of the right kind, certificate and key
// together, and only for a cluster.
func TestTemporalSecuritySettings(t *testing.T) {
	p := newPKI(t)
	addr := []string{"-temporal-address", "temporal.internal:7233"}
	cases := []struct {
		name  string
		args  []string
		want  []string
		never string
	}{
		{"TLS without a cluster", []string{"-temporal-tls-ca", p.ca}, []string{"DSFLOW_TEMPORAL_TLS_", "TEMPORAL_ADDRESS"}, ""},
		{"an API key without a cluster", []string{"-temporal-api-key", "secret-key-123"}, []string{"DSFLOW_TEMPORAL_API_KEY", "TEMPORAL_ADDRESS"}, "secret-key-123"},
		{"a missing CA file", append(addr, "-temporal-tls-ca", filepath.Join(p.dir, "nope.pem")), []string{"DSFLOW_TEMPORAL_TLS_CA", "nope.pem"}, ""},
		{"a CA file that is no certificate", append(addr, "-temporal-tls-ca", p.key), []string{"DSFLOW_TEMPORAL_TLS_CA", "no PEM certificate"}, ""},
		{"a certificate without its key", append(addr, "-temporal-tls-cert", p.cert), []string{"DSFLOW_TEMPORAL_TLS_CERT", "DSFLOW_TEMPORAL_TLS_KEY", "both"}, ""},
		{"a key without its certificate", append(addr, "-temporal-tls-key", p.key), []string{"DSFLOW_TEMPORAL_TLS_CERT", "DSFLOW_TEMPORAL_TLS_KEY", "both"}, ""},
		{"an unreadable key", append(addr, "-temporal-tls-cert", p.cert, "-temporal-tls-key", filepath.Join(p.dir, "gone.pem")), []string{"DSFLOW_TEMPORAL_TLS_KEY", "gone.pem"}, ""},
		{"a key of another certificate", append(addr, "-temporal-tls-cert", p.cert, "-temporal-tls-key", p.badKey), []string{"DSFLOW_TEMPORAL_TLS_CERT", "DSFLOW_TEMPORAL_TLS_KEY", "matching"}, "PRIVATE KEY"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := temporalConfig(t, c.args...)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
			if c.never != "" && strings.Contains(err.Error(), c.never) {
				t.Errorf("error %q leaks %q", err, c.never)
			}
		})
	}
	t.Run("from the environment", func(t *testing.T) {
		t.Setenv("TEMPORAL_ADDRESS", "temporal.internal:7233")
		t.Setenv("DSFLOW_TEMPORAL_TLS_CA", p.ca)
		t.Setenv("DSFLOW_TEMPORAL_TLS_CERT", p.cert)
		t.Setenv("DSFLOW_TEMPORAL_TLS_KEY", p.key)
		t.Setenv("DSFLOW_TEMPORAL_TLS_SERVER_NAME", "temporal.internal")
		t.Setenv("DSFLOW_TEMPORAL_API_KEY", "api-key-for-tests")
		cfg, err := temporalConfig(t)
		if err != nil {
			t.Fatal(err)
		}
		tc, err := cfg.temporalTLS()
		if err != nil || tc == nil || tc.ServerName != "temporal.internal" || len(tc.Certificates) != 1 || tc.RootCAs == nil || cfg.TemporalAPIKey != "api-key-for-tests" {
			t.Fatalf("TLS %+v, key %q, err %v", tc, cfg.TemporalAPIKey, err)
		}
	})
}

// TestTemporalTLSDial dials a frontend that wants mutual TLS and an API
// key, with the settings as serve reads them: it gets through with them,
// and not without the client certificate or with another CA.
func TestTemporalTLSDial(t *testing.T) {
	p := newPKI(t)
	f, addr := startFrontend(t, p)
	dial := func(timeout time.Duration, args ...string) error {
		t.Helper()
		cfg, err := temporalConfig(t, append([]string{"-temporal-address", addr, "-temporal-tls-server-name", "temporal.internal",
			"-temporal-api-key", "api-key-for-tests"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		tc, err := cfg.temporalTLS()
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		c, err := engine.Dial(ctx, engine.ClientConfig{HostPort: cfg.TemporalAddress, TLS: tc, APIKey: cfg.TemporalAPIKey})
		if err == nil {
			c.Close()
		}
		return err
	}
	if err := dial(20*time.Second, "-temporal-tls-ca", p.ca, "-temporal-tls-cert", p.cert, "-temporal-tls-key", p.key); err != nil {
		t.Fatalf("dial with mutual TLS and the API key: %v", err)
	}
	f.mu.Lock()
	cn, auth := f.clientCN, f.auth
	f.mu.Unlock()
	if cn != "dsflow-worker" || auth != "Bearer api-key-for-tests" {
		t.Fatalf("the frontend saw client %q with %q", cn, auth)
	}
	if err := dial(2*time.Second, "-temporal-tls-ca", p.ca); err == nil {
		t.Error("dialled without a client certificate")
	}
	if err := dial(2*time.Second, "-temporal-tls-ca", p.otherCA, "-temporal-tls-cert", p.cert, "-temporal-tls-key", p.key); err == nil {
		t.Error("dialled a frontend whose certificate the CA did not sign")
	}
}
