package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"dsflow/engine"
)

// TestMain clears the settings the environment may carry, so each test
// sees only what it sets; run as a child with DSFLOW_TEST_MAIN=1 it is
// the dsflow command itself, so tests can check main's exit codes.
func TestMain(m *testing.M) {
	if os.Getenv("DSFLOW_TEST_MAIN") == "1" {
		os.Args = append([]string{"dsflow"}, os.Args[1:]...)
		main()
		os.Exit(0)
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if (strings.HasPrefix(k, "DSFLOW_") && k != "DSFLOW_TEST_POSTGRES") || k == "DATABASE_URL" || strings.HasPrefix(k, "TEMPORAL_") {
			_ = os.Unsetenv(k)
		}
	}
	os.Exit(m.Run())
}

// syncBuffer is an io.Writer that a running command writes to while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runCmd runs one command to completion.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	err = run(ctx, args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// mustRun runs a command that must succeed and returns its stdout.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := runCmd(t, args...)
	if err != nil {
		t.Fatalf("dsflow %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// wantErr runs a command that must fail with an error naming each of want.
func wantErr(t *testing.T, args []string, want ...string) error {
	t.Helper()
	out, errOut, err := runCmd(t, args...)
	if err == nil {
		t.Fatalf("dsflow %s succeeded; want an error naming %q\nstdout:\n%s", strings.Join(args, " "), want, out)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("dsflow %s: error %q does not name %q\nstderr:\n%s", strings.Join(args, " "), err, w, errOut)
		}
	}
	return err
}

// freeTemporalPort finds a frontend port whose derived ports are free.
func freeTemporalPort(t *testing.T) int {
	t.Helper()
	p, err := engine.FreeFrontendPort()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVersion(t *testing.T) {
	out := mustRun(t, "version")
	if want := fmt.Sprintf("dsflow %s (commit %s)\n", version, commit); out != want {
		t.Errorf("version printed %q, want %q", out, want)
	}
}

func TestUnknownAndMissingCommand(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"users", "delete"}, {"users"}} {
		out, errOut, err := runCmd(t, args...)
		if err == nil || !strings.Contains(err.Error(), "unknown command") || !strings.Contains(err.Error(), strings.Join(args, " ")) {
			t.Errorf("dsflow %s: err = %v, want unknown command naming it", strings.Join(args, " "), err)
		}
		if !strings.Contains(errOut, "Usage: dsflow <command>") || out != "" {
			t.Errorf("dsflow %s: want the usage on stderr only; stdout %q, stderr %q", strings.Join(args, " "), out, errOut)
		}
	}
	_, errOut, err := runCmd(t)
	if err == nil || !strings.Contains(err.Error(), "no command") || !strings.Contains(errOut, "Usage:") {
		t.Errorf("dsflow without a command: err = %v, stderr %q; want an error and the usage", err, errOut)
	}
	if out := mustRun(t, "help"); !strings.Contains(out, "users add") {
		t.Errorf("help printed %q", out)
	}
}

// runMain runs the test binary as dsflow with env added, returning its
// exit code and output.
func runMain(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "DSFLOW_TEST_MAIN=1"), env...)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return 0, string(out)
}

func TestMainExitCodes(t *testing.T) {
	dir := t.TempDir()
	code, out := runMain(t, []string{"DSFLOW_TEMPORAL_PORT=7e3"}, "migrate", "-data-dir", dir)
	if code == 0 || !strings.Contains(out, `dsflow: DSFLOW_TEMPORAL_PORT "7e3": must be a whole number`) {
		t.Errorf("malformed DSFLOW_TEMPORAL_PORT: exit %d, output %q; want non-zero and the setting named", code, out)
	}
	if code, out := runMain(t, nil, "bogus"); code == 0 || !strings.Contains(out, `unknown command "bogus"`) {
		t.Errorf("unknown command: exit %d, output %q", code, out)
	}
	if code, out := runMain(t, nil, "migrate", "-h"); code != 0 || !strings.Contains(out, "-data-dir") {
		t.Errorf("migrate -h: exit %d, output %q; want 0 and the flags", code, out)
	}
	if code, out := runMain(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "dsflow ") {
		t.Errorf("version: exit %d, output %q", code, out)
	}
}
