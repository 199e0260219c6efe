package bench

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"dsflow/engine"
	"dsflow/pii"
	"dsflow/testenv"
)

// workerProcess is a `dsflow worker` run as its own process against an
// Env started with NoWorker, so that its memory is measured apart from
// the embedded server's and the API's.
type workerProcess struct {
	cmd *exec.Cmd
}

// benchKeys makes the keys an Env and its worker process share: the
// keyring for testenv.Options and the key file (mode 0600) for the worker.
func benchKeys(b *testing.B) (*pii.Keyring, string) {
	b.Helper()
	f, err := pii.NewKeyFile(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	ring, err := f.Keyring()
	if err != nil {
		b.Fatal(err)
	}
	raw, err := f.Marshal()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "keys.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		b.Fatal(err)
	}
	return ring, path
}

// startWorkerProcess builds cmd/dsflow and runs `dsflow worker` on env's
// database and Temporal server with the key file, logs at warn, and the
// workflow cache of DSFLOW_WORKFLOW_CACHE when set (else dsflow's
// default). It starts the maintenance workflows, the overdue sweep among
// them, as every worker does. The process is stopped when b ends.
func startWorkerProcess(b *testing.B, env *testenv.Env, keyFile string) *workerProcess {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "dsflow")
	build := exec.Command("go", "build", "-o", bin, "dsflow/cmd/dsflow")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build dsflow: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "worker")
	cmd.Env = append(os.Environ(),
		"DATABASE_URL="+env.DatabaseURL,
		"TEMPORAL_ADDRESS="+env.Temporal.HostPort(),
		"DSFLOW_KEY_FILE="+keyFile,
		"DSFLOW_DATA_DIR="+b.TempDir(),
		"DSFLOW_LOG_LEVEL=warn",
	)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	// An interrupted benchmark skips its clean-up: the worker goes too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		b.Fatalf("start dsflow worker: %v", err)
	}
	w := &workerProcess{cmd: cmd}
	b.Cleanup(w.stop)
	// Ready when the maintenance workflows it starts are there.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for {
		if _, err := env.Client.DescribeWorkflowExecution(ctx, engine.OverdueSweepWorkflowID, ""); err == nil {
			return w
		}
		select {
		case <-ctx.Done():
			b.Fatal("dsflow worker did not start within 2 minutes")
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// mib reads a memory field of the worker process (VmRSS, VmHWM) in MiB.
func (w *workerProcess) mib(field string) float64 {
	return procMiB(strconv.Itoa(w.cmd.Process.Pid), field)
}

func (w *workerProcess) stop() {
	_ = w.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = w.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = w.cmd.Process.Kill()
		<-done
	}
}
