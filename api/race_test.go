package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"testing"

	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/workflow"

	"dsflow/auth"
	"dsflow/demo"
	"dsflow/models"
	"dsflow/store"
	"dsflow/testenv"
)

// The property every race test holds: under concurrent commands, failed
// workflow tasks and lost answers, the task row, its events, the counters
// and the audit record exactly what the workflow committed: the command
// that was answered 200, and no command that was answered 409.

// racers is how many commands each round fires at once.
const racers = 16

// TestConcurrentCommandsRecordOnlyTheWinner fires 16 claims (from two
// officers) and 16 submits at one task at once, each with its own
// Idempotency-Key, over many rounds, on both set-ups people run: the
// embedded default (SQLite for dsflow and Temporal) and the production one
// (PostgreSQL for both), and with workflow tasks failed on purpose after
// commands were handled (the failure Temporal itself sees now and then,
// temporalio/temporal#7741), so that the redo may take them in another
// order.
func TestConcurrentCommandsRecordOnlyTheWinner(t *testing.T) {
	setups := []struct {
		name   string
		opts   testenv.Options
		rounds int
	}{
		{"embedded SQLite", testenv.Options{SQLite: true}, 6},
		{"PostgreSQL for dsflow and Temporal", testenv.Options{TemporalPostgres: true}, 6},
		{"PostgreSQL, failed workflow tasks", testenv.Options{TemporalPostgres: true, WorkerInterceptors: []interceptor.WorkerInterceptor{&failFirstTry{rate: 4}}}, 6},
	}
	for _, su := range setups {
		t.Run(su.name, func(t *testing.T) {
			env := testenv.Start(t, su.opts)
			ngocLam := env.UnitID(t, unitNgocLam)
			ward := env.Login(t, leaderNgocLam)
			officers := []string{env.Login(t, officerNgocLam), env.Login(t, secondOfficer(t, env))}
			officerID := env.UserID(t, officerNgocLam)
			for round := range su.rounds {
				id := createTask(t, env, ward, taskTo(fmt.Sprintf("Nhận %d", round), ngocLam, "officer", 0))["id"].(string)
				answers := fire(env, func(i int) (string, string, any) {
					return officers[i%2], "claim", nil
				}, id, fmt.Sprintf("claim-%d", round))
				won := checkOneWinner(t, env, id, answers, models.EventClaimed)
				if claimedBy := won.JSON["claimed_by"]; claimedBy == nil {
					t.Fatalf("round %d: the winner's answer names no claimer: %s", round, won.Body)
				}

				id = createTask(t, env, ward, taskTo(fmt.Sprintf("Nộp %d", round), ngocLam, "", officerID))["id"].(string)
				answers = fire(env, func(i int) (string, string, any) {
					return officers[0], "submit", map[string]any{"data": map[string]any{"births": 100 + i}}
				}, id, fmt.Sprintf("submit-%d", round))
				won = checkOneWinner(t, env, id, answers, models.EventSubmitted)
				row, err := env.Store.GetTask(context.Background(), store.Scope{Path: "/"}, id)
				if err != nil {
					t.Fatal(err)
				}
				wonData, _ := json.Marshal(won.JSON["data"])
				if row.DataJSON != string(wonData) || row.ContentHash != won.JSON["content_hash"] {
					t.Fatalf("round %d: stored data %s hash %s, the winner's %s %v", round, row.DataJSON, row.ContentHash, wonData, won.JSON["content_hash"])
				}
			}
			if v, err := env.Store.VerifyAudit(context.Background()); err != nil || !v.OK {
				t.Fatalf("audit chain: %+v %v", v, err)
			}
		})
	}
}

// fire sends racers commands at task id at once; who(i) gives the token,
// command and body of the i-th. Each has its own Idempotency-Key.
func fire(env *testenv.Env, who func(i int) (token, cmd string, body any), id, key string) []*testenv.Response {
	answers := make([]*testenv.Response, racers)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token, cmd, body := who(i)
			// A command that timed out (503: the machine is loaded) is sent
			// again with its key, as a client on a bad link does: the retry
			// attaches to the first Update and must get its outcome.
			for try := 0; ; try++ {
				r, err := env.Send(http.MethodPost, "/api/v1/tasks/"+id+"/"+cmd, token, body, "Idempotency-Key", fmt.Sprintf("%s-%d", key, i))
				if err != nil {
					r = &testenv.Response{Status: -1, Body: []byte(err.Error())}
				}
				answers[i] = r
				if r.Status != http.StatusServiceUnavailable || try == 4 {
					break
				}
			}
		}()
	}
	wg.Wait()
	return answers
}

// checkOneWinner asserts one answer is 200 and every other a 409 showing
// the winner's revision, and that the read model and the audit hold the
// winner's command and nothing of the losers'. It returns the winner.
func checkOneWinner(t *testing.T, env *testenv.Env, id string, answers []*testenv.Response, event string) *testenv.Response {
	t.Helper()
	var won *testenv.Response
	for _, r := range answers {
		switch r.Status {
		case http.StatusOK:
			if won != nil {
				t.Fatalf("two commands won: %s and %s", won.Body, r.Body)
			}
			won = r
		case http.StatusConflict:
		default:
			t.Fatalf("an answer neither 200 nor 409: %d %s", r.Status, r.Body)
		}
	}
	if won == nil {
		t.Fatal("no command won")
	}
	for _, r := range answers {
		if r == won {
			continue
		}
		state, _ := r.JSON["state"].(map[string]any)
		if num(state, "revision") != 2 || state["claimed_by"] != won.JSON["claimed_by"] || state["content_hash"] != won.JSON["content_hash"] {
			t.Fatalf("a 409 shows another state than the winner's: %v; winner %s", state, won.Body)
		}
	}
	ctx := context.Background()
	row, err := env.Store.GetTask(ctx, store.Scope{Path: "/"}, id)
	if err != nil {
		t.Fatal(err)
	}
	if row.Revision != 2 || row.Status != won.JSON["status"] || fmt.Sprint(derefUint(row.ClaimedBy)) != fmt.Sprint(orZero(won.JSON["claimed_by"])) {
		t.Fatalf("row: rev %d %s claimed by %v; the winner: %s", row.Revision, row.Status, row.ClaimedBy, won.Body)
	}
	events, err := env.Store.TaskEvents(ctx, store.Scope{Path: "/"}, id)
	if err != nil {
		t.Fatal(err)
	}
	var evs []string
	for _, e := range events {
		evs = append(evs, fmt.Sprintf("%s@%d", e.Event, e.Revision))
	}
	if want := []string{"created@1", event + "@2"}; !slices.Equal(evs, want) {
		t.Fatalf("events %v, want %v", evs, want)
	}
	entries, err := env.Store.ListAudit(ctx, store.Scope{Path: "/"}, store.AuditFilter{EntityType: store.EntityTask, EntityID: id})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.Action == "task."+event {
			var after map[string]any
			_ = json.Unmarshal([]byte(e.After), &after)
			if fmt.Sprint(after["claimed_by"]) != fmt.Sprint(derefUint(row.ClaimedBy)) && row.ClaimedBy != nil {
				t.Fatalf("audit entry %s records claimer %v, the row %d", e.Action, after["claimed_by"], *row.ClaimedBy)
			}
		}
	}
	if want := []string{"task.created", "task." + event}; !slices.Equal(actions, want) {
		t.Fatalf("audit %v, want %v: a refused command was recorded", actions, want)
	}
	return won
}

func derefUint(p *uint) any {
	if p == nil {
		return 0
	}
	return float64(*p)
}

func orZero(v any) any {
	if v == nil {
		return 0
	}
	return v
}

// secondOfficer adds a second officer at Ngọc Lâm and returns the name.
func secondOfficer(t *testing.T, env *testenv.Env) string {
	t.Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	u := models.User{Username: "ctv.ngoclam", PasswordHash: hash, FullName: "Cộng tác viên", UnitID: env.UnitID(t, unitNgocLam)}
	u.SetRoles([]string{models.RoleOfficer})
	if err := env.Store.CreateUser(context.Background(), &u); err != nil {
		t.Fatal(err)
	}
	return u.Username
}

// failFirstTry fails, once per host workflow, the workflow task that
// completes one of the first Updates it sees (about one in rate): the
// worker panics there, Temporal fails the workflow task, and a new attempt
// redoes it from history, possibly taking the concurrent Updates in
// another order. Once per host keeps Temporal's growing retry backoff
// within the API's wait.
type failFirstTry struct {
	interceptor.WorkerInterceptorBase
	rate int
	mu   sync.Mutex
	done map[string]bool // hosts that had their failure, or passed it by
	seen map[string]int  // Updates seen per host
}

func (f *failFirstTry) InterceptWorkflow(ctx workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	return &failUpdate{WorkflowInboundInterceptorBase: interceptor.WorkflowInboundInterceptorBase{Next: next}, f: f}
}

type failUpdate struct {
	interceptor.WorkflowInboundInterceptorBase
	f *failFirstTry
}

// ExecuteUpdate fails the workflow task after the handler has run (and
// written what it writes), before the workflow task completes: exactly
// when a write made from inside the workflow task would outlive it.
func (u *failUpdate) ExecuteUpdate(ctx workflow.Context, in *interceptor.UpdateInput) (interface{}, error) {
	out, err := u.Next.ExecuteUpdate(ctx, in)
	if !workflow.IsReplaying(ctx) && u.f.fail(workflow.GetInfo(ctx).WorkflowExecution.ID) {
		panic("dsflow test: workflow task failed on purpose")
	}
	return out, err
}

// fail reports whether to fail the workflow task now.
func (f *failFirstTry) fail(host string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done == nil {
		f.done, f.seen = map[string]bool{}, map[string]int{}
	}
	if f.done[host] {
		return false
	}
	f.seen[host]++
	if rand.IntN(f.rate) == 0 || f.seen[host] >= f.rate {
		f.done[host] = true
		return true
	}
	return false
}
