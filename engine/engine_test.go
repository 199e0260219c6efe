package engine

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"dsflow/store/storetest"
)

const testTaskQueue = "engine-test"

// Greet is the test activity.
func Greet(_ context.Context, name string) (string, error) { return "hello " + name, nil }

// Tally greets once through an activity, then adds numbers sent by the
// "add" Update until signalled "done". Its state must survive a restart.
func Tally(ctx workflow.Context, name string) (string, error) {
	var greeting string
	total := 0
	if err := workflow.SetUpdateHandler(ctx, "add", func(ctx workflow.Context, n int) (string, error) {
		if err := workflow.Await(ctx, func() bool { return greeting != "" }); err != nil {
			return "", err
		}
		total += n
		return fmt.Sprintf("%s:%d", greeting, total), nil
	}); err != nil {
		return "", err
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
	if err := workflow.ExecuteActivity(actx, Greet, name).Get(ctx, &greeting); err != nil {
		return "", err
	}
	workflow.GetSignalChannel(ctx, "done").Receive(ctx, nil)
	return fmt.Sprintf("%s:%d", greeting, total), nil
}

func testLogger() *slog.Logger { return slog.New(slog.NewTextHandler(os.Stderr, nil)) }

func freeFrontendPort(t *testing.T) int {
	t.Helper()
	p, err := FreeFrontendPort()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// session starts the server, a client and a worker, and stops them in
// reverse order at the end of the returned function.
func session(t *testing.T, ctx context.Context, cfg ServerConfig) (client.Client, func()) {
	t.Helper()
	t0 := time.Now()
	srv, err := StartServer(ctx, cfg)
	if err != nil {
		t.Fatalf("StartServer: %v", err)
	}
	t.Logf("server ready in %v", time.Since(t0).Round(time.Millisecond))
	c, err := Dial(ctx, ClientConfig{HostPort: srv.HostPort(), Namespace: cfg.Namespace, Logger: cfg.Logger})
	if err != nil {
		_ = srv.Stop()
		t.Fatalf("Dial: %v", err)
	}
	w := NewWorker(c, testTaskQueue, func(r worker.Registry) {
		r.RegisterWorkflow(Tally)
		r.RegisterActivity(Greet)
	})
	if err := w.Start(); err != nil {
		c.Close()
		_ = srv.Stop()
		t.Fatalf("worker start: %v", err)
	}
	return c, func() {
		w.Stop()
		c.Close()
		t0 := time.Now()
		if err := srv.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
		if err := srv.Stop(); err != nil {
			t.Errorf("second Stop: %v", err)
		}
		t.Logf("server stopped in %v", time.Since(t0).Round(time.Millisecond))
	}
}

func update(t *testing.T, ctx context.Context, c client.Client, id string, n int, want string) {
	t.Helper()
	t0 := time.Now()
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "add",
		Args: []any{n}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err != nil {
		t.Fatalf("UpdateWorkflow: %v", err)
	}
	var got string
	if err := h.Get(ctx, &got); err != nil {
		t.Fatalf("update result: %v", err)
	}
	if got != want {
		t.Fatalf("update: got %q, want %q", got, want)
	}
	t.Logf("update %d -> %q in %v", n, got, time.Since(t0).Round(time.Millisecond))
}

// runRestartScenario starts a workflow, updates it, restarts the server on
// the same persistence and shows the workflow is still there and live.
func runRestartScenario(t *testing.T, cfg ServerConfig) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	const id = "engine-test-tally"

	c, stop := session(t, ctx, cfg)
	if _, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: testTaskQueue}, Tally, "dsflow"); err != nil {
		stop()
		t.Fatalf("ExecuteWorkflow: %v", err)
	}
	update(t, ctx, c, id, 2, "hello dsflow:2")
	stop()

	c, stop = session(t, ctx, cfg)
	defer stop()
	d, err := c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		t.Fatalf("DescribeWorkflowExecution after restart: %v", err)
	}
	if s := d.GetWorkflowExecutionInfo().GetStatus(); s != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Fatalf("status after restart: %v", s)
	}
	update(t, ctx, c, id, 3, "hello dsflow:5")
	if err := c.SignalWorkflow(ctx, id, "", "done", nil); err != nil {
		t.Fatalf("SignalWorkflow: %v", err)
	}
	var result string
	if err := c.GetWorkflow(ctx, id, "").Get(ctx, &result); err != nil || result != "hello dsflow:5" {
		t.Fatalf("result: %q, %v", result, err)
	}
}

func TestSQLiteRestart(t *testing.T) {
	runRestartScenario(t, ServerConfig{DataDir: t.TempDir(), FrontendPort: freeFrontendPort(t), Logger: testLogger()})
}

func TestPostgresRestart(t *testing.T) {
	// The PostgreSQL server every test uses (CI starts it): a fresh pair of
	// Temporal databases on it, dropped afterwards.
	admin := storetest.AdminURL()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/dsflow_eng_" + hex.EncodeToString(b)
	pg, err := PostgresFromURL(u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			t.Errorf("open admin db: %v", err)
			return
		}
		defer db.Close()
		store, vis := TemporalDatabases(pg.Database)
		for _, name := range []string{store, vis} {
			if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
				t.Errorf("drop %s: %v", name, err)
			}
		}
	})
	runRestartScenario(t, ServerConfig{Postgres: pg, FrontendPort: freeFrontendPort(t), Namespace: "dsflow", Logger: testLogger()})
}

func TestPostgresFromURL(t *testing.T) {
	pg, err := PostgresFromURL("postgres://u:p%40ss@db.local:6543/dsflow?sslmode=require")
	if err != nil {
		t.Fatal(err)
	}
	want := PostgresConfig{Host: "db.local", Port: 6543, User: "u", Password: "p@ss", Database: "dsflow", SSLMode: "require"}
	if *pg != want {
		t.Fatalf("got %+v, want %+v", *pg, want)
	}
	if pg, err = PostgresFromURL("postgresql://u@h/x"); err != nil || pg.Port != 5432 || pg.Password != "" {
		t.Fatalf("defaults: %+v, %v", pg, err)
	}
	for _, bad := range []string{"mysql://u@h/x", "postgres://u@h/", "::"} {
		if _, err := PostgresFromURL(bad); err == nil {
			t.Errorf("%q: want error", bad)
		}
	}
}

func TestResolvePorts(t *testing.T) {
	p, err := resolvePorts(ServerConfig{})
	if err != nil || p != (ports{7233, 7234, 7235, 7236, 6933}) {
		t.Fatalf("defaults: %+v, %v", p, err)
	}
	if _, err := resolvePorts(ServerConfig{FrontendPort: 40000}); err == nil {
		t.Fatal("want error for membership ports above 32767")
	}
	if p, err = resolvePorts(ServerConfig{FrontendPort: 40000, MembershipPort: 21000}); err != nil || p.membership != 21000 {
		t.Fatalf("override: %+v, %v", p, err)
	}
}
