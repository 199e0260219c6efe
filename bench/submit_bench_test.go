package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"dsflow/activities"
	"dsflow/api"
	"dsflow/demo"
	"dsflow/engine"
	"dsflow/store"
	"dsflow/store/storetest"
	"dsflow/testenv"
	"dsflow/workflows/task"
)

// bareTask is the floor: a workflow whose Update does nothing but count,
// on the same server and worker as dsflow's tasks.
func bareTask(ctx workflow.Context) error {
	n := 0
	if err := workflow.SetUpdateHandlerWithOptions(ctx, "bare", func(ctx workflow.Context, v int) (int, error) { n += v; return n, nil },
		workflow.UpdateHandlerOptions{Validator: func(v int) error {
			if v < 0 {
				return errors.New("negative")
			}
			return nil
		}}); err != nil {
		return err
	}
	return workflow.Await(ctx, func() bool { return n < 0 })
}

type submitEnv struct {
	srv     *httptest.Server
	c       client.Client
	officer string
	leader  string
	tasks   []string
}

func startSubmitEnv(b *testing.B, n int) *submitEnv {
	b.Helper()
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := storetest.Open(b, store.DialectPostgres, store.Config{})
	if _, err := demo.Seed(ctx, s); err != nil {
		b.Fatal(err)
	}
	port, err := engine.FreeFrontendPort()
	if err != nil {
		b.Fatal(err)
	}
	ts, err := engine.StartServer(ctx, engine.ServerConfig{DataDir: b.TempDir(), FrontendPort: port, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ts.Stop() })
	c, err := engine.Dial(ctx, engine.ClientConfig{HostPort: ts.HostPort(), Namespace: "default", Logger: quiet, Keyring: testenv.Keyring(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	w := engine.NewWorker(c, "dsflow", func(r worker.Registry) {
		engine.Register(r, &activities.Activities{Store: s, Logger: quiet}, task.Options{})
		r.RegisterWorkflowWithOptions(bareTask, workflow.RegisterOptions{Name: "BareTask"})
	})
	if err := w.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(w.Stop)
	e := &submitEnv{srv: httptest.NewServer(api.New(api.Deps{Store: s, Temporal: c, Logger: quiet}).Handler()), c: c}
	b.Cleanup(e.srv.Close)
	e.officer, e.leader = e.login(b, "canbo.ngoclam"), e.login(b, "lanhdao.ngoclam")
	secretary := e.login(b, "thuky.longbien")
	var units struct{ Items []struct{ ID uint } }
	e.call(b, http.MethodGet, "/api/v1/units?q=ngoc%20lam&level=commune", secretary, nil, &units)
	var me struct{ ID uint }
	e.call(b, http.MethodGet, "/api/v1/me", e.officer, nil, &me)
	for i := 0; i < n; i++ {
		var t struct{ ID string }
		e.call(b, http.MethodPost, "/api/v1/tasks", secretary, map[string]any{
			"title": map[string]string{"vi": fmt.Sprintf("Báo cáo tiến độ %d", i)}, "unit_id": units.Items[0].ID, "assignee_id": me.ID,
			"due":      map[string]any{"days": 30},
			"form":     map[string]any{"fields": []map[string]any{{"name": "screened", "type": "count", "label": map[string]string{"vi": "Số được sàng lọc"}, "required": true}}},
			"sign_off": []map[string]any{{"unit_id": units.Items[0].ID, "role": "leader"}},
		}, &t)
		e.tasks = append(e.tasks, t.ID)
		if _, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprint("bare-", i), TaskQueue: "dsflow"}, "BareTask"); err != nil {
			b.Fatal(err)
		}
	}
	return e
}

func (e *submitEnv) login(b *testing.B, user string) string {
	var out struct{ Token string }
	e.call(b, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": user, "password": demo.Password}, &out)
	return out.Token
}

// call does one request and fails the benchmark on a non-2xx answer.
func (e *submitEnv) call(b *testing.B, method, path, token string, body, out any) {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		b.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			b.Fatal(err)
		}
	}
}

// submitOnce submits a task over HTTP (the answer comes after the read model
// is written), then returns it untimed so it can be submitted again.
func (e *submitEnv) submitOnce(b *testing.B, id string, v int) time.Duration {
	t0 := time.Now()
	var st struct{ Status string }
	e.call(b, http.MethodPost, "/api/v1/tasks/"+id+"/submit", e.officer, map[string]any{"data": map[string]any{"screened": v}}, &st)
	d := time.Since(t0)
	if st.Status != "submitted" {
		b.Fatalf("status %s after submit", st.Status)
	}
	e.call(b, http.MethodPost, "/api/v1/tasks/"+id+"/return", e.leader, map[string]string{"reason": "Bổ sung số liệu"}, nil)
	return d
}

func (e *submitEnv) bareOnce(b *testing.B, i int) time.Duration {
	t0 := time.Now()
	h, err := e.c.UpdateWorkflow(context.Background(), client.UpdateWorkflowOptions{WorkflowID: fmt.Sprint("bare-", i), UpdateName: "bare",
		Args: []any{1}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err == nil {
		err = h.Get(context.Background(), nil)
	}
	if err != nil {
		b.Fatal(err)
	}
	return time.Since(t0)
}

// BenchmarkSubmitEndToEnd measures POST /api/v1/tasks/{id}/submit — HTTP,
// session, scope check, Update with validator, workflow, read model and
// audit written in one transaction, answer — against a bare Update on the
// same embedded server, interleaved, then 16 concurrent submitters:
//
//	go test -run '^$' -bench BenchmarkSubmitEndToEnd -benchtime 1x ./bench/
func BenchmarkSubmitEndToEnd(b *testing.B) {
	const workers, perWorker, sequential = 16, 40, 300
	e := startSubmitEnv(b, workers)
	for i := 0; i < 20; i++ { // warm-up
		e.submitOnce(b, e.tasks[i%workers], i)
		e.bareOnce(b, i%workers)
	}
	b.ResetTimer()
	var sub, bare []time.Duration
	for i := 0; i < sequential; i++ {
		sub = append(sub, e.submitOnce(b, e.tasks[i%workers], i))
		bare = append(bare, e.bareOnce(b, i%workers))
	}
	report(b, "submit_seq", sub)
	report(b, "bare_update_seq", bare)
	b.ReportMetric(float64(percentile(sub, .5))/float64(percentile(bare, .5)), "ratio_p50")
	b.ReportMetric(float64(percentile(sub, .99))/float64(percentile(bare, .99)), "ratio_p99")

	var mu sync.Mutex
	var conc []time.Duration
	var wg sync.WaitGroup
	t0 := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				d := e.submitOnce(b, id, i)
				mu.Lock()
				conc = append(conc, d)
				mu.Unlock()
			}
		}(e.tasks[w])
	}
	wg.Wait()
	el := time.Since(t0)
	report(b, "submit_conc16", conc)
	// Each round is two commands (submit, then return).
	b.ReportMetric(float64(2*len(conc))/el.Seconds(), "commands/s")

	var bareConc []time.Duration
	t0 = time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 2*perWorker; j++ {
				d := e.bareOnce(b, i)
				mu.Lock()
				bareConc = append(bareConc, d)
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	report(b, "bare_update_conc16", bareConc)
	b.ReportMetric(float64(len(bareConc))/time.Since(t0).Seconds(), "bare_updates/s")
}
