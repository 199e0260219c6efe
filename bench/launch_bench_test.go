package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"dsflow/auth"
	"dsflow/demo"
	"dsflow/models"
	"dsflow/store"
	"dsflow/testenv"
)

// BenchmarkNationalLaunch launches the built-in SRH/FP campaign over the
// nation: 34 provinces, 3,321 communes (imported as `dsflow units import`
// does), 7 tasks each, on the embedded server with SQLite and with
// PostgreSQL (DSFLOW_LAUNCH_MODE=sqlite or pg for one). It reports the time
// until every task is listed, the time until every commune's workflow runs
// (every branch has finished: each has started all its communes),
// the largest history, the process's peak RSS, and the latency of a
// commune officer's claim sent while the launch is still starting (the
// Update-with-Start path when the commune's host has not started yet):
//
//	go test -run '^$' -bench BenchmarkNationalLaunch -benchtime 1x -timeout 60m ./bench/
func BenchmarkNationalLaunch(b *testing.B) {
	for _, mode := range []string{"sqlite", "pg"} {
		if m := os.Getenv("DSFLOW_LAUNCH_MODE"); m != "" && m != mode {
			continue
		}
		b.Run(mode, func(b *testing.B) { nationalLaunch(b, mode) })
	}
}

func nationalLaunch(b *testing.B, mode string) {
	const provinceCount, communeCount, perCommune = 34, 3321, 7
	opts := testenv.Options{NoSeed: true, Logger: nil}
	if mode == "sqlite" {
		opts.SQLite = true
	} else {
		opts.TemporalPostgres = true
	}
	env := testenv.Start(b, opts)
	ctx := context.Background()
	importNation(b, env, provinceCount, communeCount)
	secretary := user(b, env, "thuky.quocgia", models.RoleSecretary, "VN")
	officer := user(b, env, "canbo.c0007", models.RoleOfficer, "C0007")
	commune, _ := env.Store.UnitByCodeOrID(ctx, "C0007")

	// The window opens in three weeks (a launch ahead of its window, as
	// the districts plan), or in DSFLOW_LAUNCH_START_IN days (0: today).
	startIn := 21
	if v, err := strconv.Atoi(os.Getenv("DSFLOW_LAUNCH_START_IN")); err == nil && v >= 0 {
		startIn = v
	}
	opens := time.Now().AddDate(0, 0, startIn)
	start := time.Now()
	r := env.Request(b, http.MethodPost, "/api/v1/campaigns", secretary, map[string]any{
		"template": "campaign-srh-fp", "name": "Chiến dịch toàn quốc", "root_unit": "VN", "level": "commune",
		"window":  map[string]string{"start": opens.Format("2006-01-02"), "end": opens.AddDate(0, 0, 60).Format("2006-01-02")},
		"targets": map[string]any{"new_iud": map[string]float64{"*": 10}},
	})
	if r.Status != http.StatusCreated {
		b.Fatalf("launch: %d %s", r.Status, r.Body)
	}
	pid := r.JSON["id"].(string)
	launched := time.Since(start)
	want := communeCount*perCommune + 1 // and the root's summary
	var listed, running, claimAt time.Duration
	claimed := make(chan error, 1)
	for listed == 0 || running == 0 {
		n := countTasks(b, env.Store, pid)
		if claimAt == 0 && n > 0 {
			// The officer's commune is listed: claim its plan now, while the
			// launch goes on.
			if t := firstTask(b, env.Store, pid, commune.Path, "plan"); t != "" {
				claimAt = time.Since(start)
				go func() {
					c0 := time.Now()
					res, err := env.Send(http.MethodPost, "/api/v1/tasks/"+t+"/claim", officer, nil)
					if err == nil && res.Status != http.StatusOK {
						err = fmt.Errorf("claim: %d %s", res.Status, res.Body)
					}
					b.Logf("officer's claim while launching: %v after the launch began, took %v, err %v", claimAt, time.Since(c0), err)
					claimed <- err
				}()
			}
		}
		if listed == 0 && n >= want {
			listed = time.Since(start)
		}
		if running == 0 && allStarted(b, env, pid, provinceCount) {
			running = time.Since(start)
		}
		if time.Since(start) > 30*time.Minute {
			b.Fatalf("launch unfinished after 30 min: %d of %d tasks, running %v", n, want, running)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := <-claimed; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(launched.Seconds(), "launch_answer_s")
	b.ReportMetric(listed.Seconds(), "all_tasks_listed_s")
	b.ReportMetric(running.Seconds(), "all_communes_running_s")
	// GET /api/v1/tasks lists them (the national secretary's first page).
	page := env.Request(b, http.MethodGet, "/api/v1/tasks?limit=50&process_id="+pid, secretary, nil)
	if page.Status != http.StatusOK || len(page.JSON["items"].([]any)) != 50 {
		b.Fatalf("GET /tasks: %d", page.Status)
	}
	largest := int64(0)
	for p := 1; p <= provinceCount; p++ {
		u, _ := env.Store.UnitByCodeOrID(ctx, fmt.Sprintf("P%02d", p))
		d, err := env.Client.DescribeWorkflowExecution(ctx, fmt.Sprintf("%s/b%d-false-false", pid, u.ID), "")
		if err != nil {
			b.Fatal(err)
		}
		largest = max(largest, d.WorkflowExecutionInfo.HistoryLength)
	}
	d, err := env.Client.DescribeWorkflowExecution(ctx, models.UnitHostID(pid, commune.ID), "")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(largest), "largest_branch_history_events")
	b.ReportMetric(float64(d.WorkflowExecutionInfo.HistoryLength), "commune_history_events")
	b.ReportMetric(rssMiB("VmHWM"), "peak_rss_MiB")
	b.Logf("%s: %d tasks listed in %v, every commune running in %v; largest branch history %d events, a commune's %d; peak RSS %.0f MiB",
		mode, want, listed.Round(time.Millisecond), running.Round(time.Millisecond), largest, d.WorkflowExecutionInfo.HistoryLength, rssMiB("VmHWM"))
}

// user makes a user with role at the unit with code and signs them in.
func user(b *testing.B, env *testenv.Env, name, role, code string) string {
	b.Helper()
	ctx := context.Background()
	u, err := env.Store.UnitByCodeOrID(ctx, code)
	if err != nil {
		b.Fatal(err)
	}
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		b.Fatal(err)
	}
	usr := models.User{Username: name, PasswordHash: hash, UnitID: u.ID}
	usr.SetRoles([]string{role})
	if err := env.Store.CreateUser(ctx, &usr); err != nil {
		b.Fatal(err)
	}
	return env.Relogin(b, name, demo.Password)
}

func countTasks(b *testing.B, s *store.Store, processID string) int {
	db, err := s.SQL()
	if err != nil {
		b.Fatal(err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM tasks WHERE process_id = $1", processID).Scan(&n); err != nil {
		if err := db.QueryRow("SELECT count(*) FROM tasks WHERE process_id = ?", processID).Scan(&n); err != nil {
			b.Fatal(err)
		}
	}
	return n
}

// firstTask is a task of kind of the process at the unit at path ("": none yet).
func firstTask(b *testing.B, s *store.Store, processID, path, kind string) string {
	rows, _, err := s.ListTasks(context.Background(), store.Scope{Path: path}, store.TaskFilter{ProcessID: processID, Kind: kind, Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	if len(rows) == 0 {
		return ""
	}
	return rows[0].ID
}

// rssMiB reads a memory figure of this process (VmRSS, VmHWM) in MiB.
func rssMiB(field string) float64 { return procMiB("self", field) }

// procMiB reads a memory field (VmRSS, VmHWM) of process proc ("self" or
// a PID) from /proc, in MiB; 0 when it cannot.
func procMiB(proc, field string) float64 {
	raw, err := os.ReadFile("/proc/" + proc + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, field+":") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return float64(kb) / 1024
		}
	}
	return 0
}

// allStarted reports whether every branch of the launch has finished: each
// has started every one of its communes' workflows.
func allStarted(b *testing.B, env *testenv.Env, processID string, branches int) bool {
	ctx := context.Background()
	for p := 1; p <= branches; p++ {
		u, err := env.Store.UnitByCodeOrID(ctx, fmt.Sprintf("P%02d", p))
		if err != nil {
			b.Fatal(err)
		}
		d, err := env.Client.DescribeWorkflowExecution(ctx, fmt.Sprintf("%s/b%d-false-false", processID, u.ID), "")
		if err != nil || d.WorkflowExecutionInfo.CloseTime == nil {
			return false
		}
	}
	return true
}
