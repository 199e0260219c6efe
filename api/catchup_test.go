package api_test

import (
	"net/http"
	"testing"
	"time"

	"dsflow/testenv"
)

// TestReadModelCatchUp stops the worker, so no workflow can run, sends a
// command and hands out a task meanwhile, then starts a new worker: the
// task was listed all along, the waiting command completes, and the new
// task's workflow adopts it and takes commands.
func TestReadModelCatchUp(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ngocLam := env.UnitID(t, unitNgocLam)
	ward, officer := env.Login(t, leaderNgocLam), env.Login(t, officerNgocLam)
	id := createTask(t, env, ward, taskTo("Trước khi dừng", ngocLam, "officer", 0))["id"].(string)

	env.StopWorker()
	claimed := make(chan *testenv.Response, 1)
	go func() {
		r, err := env.Send(http.MethodPost, "/api/v1/tasks/"+id+"/claim", officer, nil, "Idempotency-Key", "claim-while-down")
		if err != nil {
			r = &testenv.Response{Body: []byte(err.Error())}
		}
		claimed <- r
	}()

	// A task handed out while no worker runs: its row is written first, so
	// people see it at once; its workflow starts and adopts it later.
	created := createTask(t, env, ward, taskTo("Trong khi dừng", ngocLam, "officer", 0))
	newID := created["id"].(string)
	if created["status"] != "open" || num(created, "revision") != 1 {
		t.Fatalf("created while down: %v", created)
	}
	if got := getTask(t, env, ward, newID); got["status"] != "open" {
		t.Fatalf("read back while down: %v", got)
	}
	select {
	case r := <-claimed:
		t.Fatalf("the claim finished with no worker: %d %s", r.Status, r.Body)
	default:
	}
	if status, rev, _ := env.Task(t, id); status != "open" || rev != 1 {
		t.Fatalf("row changed with no worker: %s rev %d", status, rev)
	}

	t0 := time.Now()
	env.StartWorker(t)
	select {
	case r := <-claimed:
		if r.Status != http.StatusOK || r.JSON["status"] != "claimed" {
			t.Fatalf("claim after restart: %d %s", r.Status, r.Body)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("the claim did not finish after the new worker started")
	}
	t.Logf("the claim finished %v after the worker started", time.Since(t0))
	if status, rev, _ := env.Task(t, id); status != "claimed" || rev != 2 {
		t.Fatalf("row after restart: %s rev %d", status, rev)
	}
	// The task handed out while down takes commands like any other.
	wantStatus(t, command(t, env, officer, newID, "claim", nil), http.StatusOK)
	// The retried claim gets its first answer and changes nothing.
	r := command(t, env, officer, id, "claim", nil, "Idempotency-Key", "claim-while-down")
	if r.Status != http.StatusOK || r.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retried claim: %d %s", r.Status, r.Body)
	}
	if _, rev, _ := env.Task(t, id); rev != 2 {
		t.Fatalf("revision %d after the retry", rev)
	}
}
