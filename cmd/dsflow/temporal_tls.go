package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// temporalTLSFiles are the TLS settings of the connection to a Temporal
// cluster: file names, read at start so a missing or bad file stops it.
type temporalTLSFiles struct {
	CA, Cert, Key, ServerName string
}

func (f temporalTLSFiles) set() bool {
	return f.CA != "" || f.Cert != "" || f.Key != "" || f.ServerName != ""
}

// validateTemporalSecurity checks the TLS and API-key settings. They secure
// the way to a cluster (TEMPORAL_ADDRESS) and mean nothing for the embedded
// server, which listens on loopback without TLS: set without a cluster
// they are a mistake, not something to ignore.
func (c *config) validateTemporalSecurity() error {
	if c.TemporalAddress == "" {
		if c.TemporalTLS.set() || c.TemporalAPIKey != "" {
			return errors.New("DSFLOW_TEMPORAL_TLS_* and DSFLOW_TEMPORAL_API_KEY: only with TEMPORAL_ADDRESS (the embedded server needs neither)")
		}
		return nil
	}
	_, err := c.temporalTLS()
	return err
}

// temporalTLS builds the client's TLS configuration: nil when no TLS
// setting is given (an API key alone still gets TLS with the system's CAs,
// from the SDK).
func (c *config) temporalTLS() (*tls.Config, error) {
	f := c.TemporalTLS
	if !f.set() {
		return nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: f.ServerName}
	if f.CA != "" {
		pem, err := os.ReadFile(f.CA)
		if err != nil {
			return nil, fmt.Errorf("DSFLOW_TEMPORAL_TLS_CA: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("DSFLOW_TEMPORAL_TLS_CA %q: no PEM certificate in it", f.CA)
		}
		tc.RootCAs = pool
	}
	if (f.Cert == "") != (f.Key == "") {
		return nil, errors.New("DSFLOW_TEMPORAL_TLS_CERT and DSFLOW_TEMPORAL_TLS_KEY: set both or neither")
	}
	if f.Cert != "" {
		for name, file := range map[string]string{"DSFLOW_TEMPORAL_TLS_CERT": f.Cert, "DSFLOW_TEMPORAL_TLS_KEY": f.Key} {
			if _, err := os.Stat(file); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		pair, err := tls.LoadX509KeyPair(f.Cert, f.Key)
		if err != nil {
			// The key's content never reaches the message: only its file name.
			return nil, fmt.Errorf("DSFLOW_TEMPORAL_TLS_CERT %q and DSFLOW_TEMPORAL_TLS_KEY %q: not a matching PEM certificate and key", f.Cert, f.Key)
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	return tc, nil
}
