package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"dsflow/codec"
	"dsflow/i18n"
)

// runCodecServer serves the Temporal codec server protocol with the keys
// of personal data, so that an operator's Temporal CLI (--codec-endpoint)
// or UI shows the payloads dsflow encrypts. It answers this machine only,
// unless DSFLOW_CODEC_TOKEN is set and presented.
func runCodecServer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var addr, origins string
	cfg, err := keysConfig("codec-server", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&addr, "codec-addr", env("DSFLOW_CODEC_ADDR", "127.0.0.1:8089"), "listen address of the codec server [DSFLOW_CODEC_ADDR]")
		fs.StringVar(&origins, "codec-allow-origins", env("DSFLOW_CODEC_ALLOW_ORIGINS", ""), "browser origins (the Temporal UI's, e.g. http://localhost:8233), comma-separated, allowed to call it [DSFLOW_CODEC_ALLOW_ORIGINS]")
	})
	if err != nil {
		return err
	}
	token := os.Getenv("DSFLOW_CODEC_TOKEN")
	if err := checkHostPort(addr, true); err != nil {
		return fmt.Errorf("DSFLOW_CODEC_ADDR %q: %v", addr, err)
	}
	if token != "" && len(token) < 16 {
		return errors.New("DSFLOW_CODEC_TOKEN: must have at least 16 characters when set")
	}
	if token == "" && !codec.IsLoopbackAddr(addr) {
		// Without a token only loopback peers are answered anyway; a
		// wider address would only suggest otherwise.
		return fmt.Errorf("DSFLOW_CODEC_ADDR %q: listens beyond this machine; set DSFLOW_CODEC_TOKEN, or listen on 127.0.0.1", addr)
	}
	ring, err := existingKeyring(cfg)
	if err != nil {
		return err
	}
	var allow []string
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			allow = append(allow, o)
		}
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("DSFLOW_CODEC_ADDR %s: %w", addr, err)
	}
	srv := &http.Server{Handler: codec.Handler(ring, codec.ServerOptions{Token: token, AllowOrigins: allow}), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintln(stdout, i18n.T(i18n.VI, "cli.codec_ready", "http://"+l.Addr().String()))
	fmt.Fprintln(stdout, i18n.T(i18n.EN, "cli.codec_ready", "http://"+l.Addr().String()))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
