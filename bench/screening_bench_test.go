package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"dsflow/calendar"
	"dsflow/engine"
	"dsflow/models"
	"dsflow/protocols"
	"dsflow/store"
	"dsflow/store/storetest"
	"dsflow/testenv"
	"dsflow/unitcsv"
)

// BenchmarkScreeningCases records DSFLOW_CASES open screening cases
// (default 150,000) on the embedded server with PostgreSQL, each with its
// follow-up workflow waiting on its first step's timers, the way POST
// /api/v1/screening/cases records one (the case and its first task in one
// transaction, sealed; then the workflow started), from 32 concurrent
// callers, paced so that the server's backlog of workflow tasks stays
// under DSFLOW_PACE_BACKLOG (default 1,000; 0 records unpaced). The worker is a `dsflow worker` process of its own (with
// dsflow's default workflow cache, or DSFLOW_WORKFLOW_CACHE), so its
// memory is measured apart from the server's. Then DSFLOW_DEADLINES of
// them more (default 10,000) whose first steps all fall due in the same
// minute: it measures when the read model shows every one overdue (the
// overdue sweep) and when every case's workflow has written its own
// overdue revision (its timer; counted for DSFLOW_TIMER_WAIT minutes).
// It reports the creation rate, how many case workflows trail the
// recording (not yet started) and how long they take to drain, the worker's RSS, the Temporal databases'
// size and those two delays:
//
//	DSFLOW_CASES=150000 go test -run '^$' -bench BenchmarkScreeningCases -benchtime 1x -timeout 180m ./bench/
func BenchmarkScreeningCases(b *testing.B) {
	cases, deadlines := envInt("DSFLOW_CASES", 150000), envInt("DSFLOW_DEADLINES", 10000)
	ring, keyFile := benchKeys(b)
	env := testenv.Start(b, testenv.Options{NoSeed: true, TemporalPostgres: true, NoWorker: true, Keyring: ring})
	wp := startWorkerProcess(b, env, keyFile)
	ctx := context.Background()
	communes := importNation(b, env, 34, 3321)
	p, err := env.Store.ProtocolByKeyOrID(ctx, protocols.KeyPrenatal)
	if err != nil {
		b.Fatal(err)
	}
	var def models.ProtocolDef
	if err := json.Unmarshal([]byte(p.DefinitionJSON), &def); err != nil {
		b.Fatal(err)
	}
	rec := &caseRecorder{env: env, proto: p, def: def, communes: communes, cal: calendar.New(nil), worker: wp,
		pace: startPacer(b, env, envInt("DSFLOW_PACE_BACKLOG", 1000))}

	// The long wait: due in 7 working days, read by their workflows only
	// a day before their reminders.
	long := cases - deadlines
	t0 := time.Now()
	rec.record(b, 0, long, func(time.Time) time.Time { return time.Time{} })
	created := time.Since(t0)
	rate := float64(long) / created.Seconds()
	b.ReportMetric(rate, "cases_created_per_s")
	b.ReportMetric(wp.mib("VmRSS"), "worker_rss_after_create_MiB")
	fmt.Fprintf(os.Stderr, "%d cases in %v (%.1f/s), worker RSS %.0f MiB, server+API RSS %.0f MiB\n", long, created.Round(time.Second), rate,
		wp.mib("VmRSS"), rssMiB("VmRSS"))
	db, err := env.Store.SQL()
	if err != nil {
		b.Fatal(err)
	}
	// The trail: case workflows that have not yet run their first
	// workflow task (which sets the deadline's timer). Recording outruns
	// them on 2 cores; the deadlines below are recorded once the trail has
	// drained, so their timers are set before they fall due.
	tdb := temporalStore(b, env)
	unstarted := "SELECT count(*) FROM executions WHERE next_event_id <= 3 AND workflow_id LIKE 'case-%'"
	var trail int
	if err := tdb.QueryRow(unstarted).Scan(&trail); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(trail), "cases_unstarted_after_recording")
	drained, n := waitCount(b, tdb, time.Now(), long, 90*time.Minute, "case workflows started, after recording",
		"SELECT count(*) FROM executions WHERE next_event_id > 3 AND workflow_id LIKE 'case-%'")
	if n < long {
		b.Fatalf("90 min after recording %d of %d case workflows have run their first task", n, long)
	}
	b.ReportMetric(drained.Seconds(), "trail_drained_s")

	// The deadlines: all due in one minute, late enough for all to be
	// recorded first at a quarter of the rate just measured (a shared
	// machine slows down; paced, the deadlines' own first tasks share it).
	due := time.Now().Add(time.Duration(float64(deadlines)/rate*4*float64(time.Second)) + 2*time.Minute).Truncate(time.Minute)
	t1 := time.Now()
	rec.record(b, long, deadlines, func(time.Time) time.Time { return due })
	fmt.Fprintf(os.Stderr, "%d deadline cases in %v; due at %s (in %v)\n", deadlines, time.Since(t1).Round(time.Second),
		due.Format(time.TimeOnly), time.Until(due).Round(time.Second))
	if time.Now().After(due) {
		b.Fatalf("the deadline cases took longer than planned: due %v passed", due)
	}
	// Shown overdue: the read model's flag, which the sweep sets.
	shown, n := waitCount(b, db, due, deadlines, 15*time.Minute, "the read model shows overdue, after the minute",
		"SELECT count(*) FROM tasks WHERE process_kind = $1 AND overdue AND due_at = $2", models.ProcessScreening, due.UTC())
	if n < deadlines {
		b.Fatalf("15 min after the minute the read model shows %d of %d deadlines overdue", n, deadlines)
	}
	b.ReportMetric(shown.Seconds(), "last_deadline_shown_s")
	// Fired: each workflow's own overdue revision (and its notification),
	// which queue behind Temporal's throughput: counted for up to
	// DSFLOW_TIMER_WAIT minutes (default 10).
	fired, written := waitCount(b, db, due, deadlines, time.Duration(envInt("DSFLOW_TIMER_WAIT", 10))*time.Minute,
		"workflows wrote their overdue revision, after the minute",
		"SELECT count(*) FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE t.process_kind = $1 AND t.due_at = $2 AND e.event = $3",
		models.ProcessScreening, due.UTC(), models.EventOverdue)
	b.ReportMetric(float64(written), "timers_written")
	b.ReportMetric(fired.Seconds(), "timers_written_by_s")
	b.ReportMetric(wp.mib("VmHWM"), "worker_peak_rss_MiB")
	b.ReportMetric(wp.mib("VmRSS"), "worker_rss_end_MiB")
	b.ReportMetric(rssMiB("VmHWM"), "server_api_peak_rss_MiB")
	var size int64
	storeDB, visDB := engine.TemporalDatabases(env.TemporalPG.Database)
	for _, name := range []string{storeDB, visDB} {
		var n int64
		if err := db.QueryRow("SELECT pg_database_size($1)", name).Scan(&n); err != nil {
			b.Fatal(err)
		}
		size += n
	}
	var dsflowSize int64
	if err := db.QueryRow("SELECT pg_database_size(current_database())").Scan(&dsflowSize); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(size)/(1<<20), "temporal_db_MiB")
	b.ReportMetric(float64(dsflowSize)/(1<<20), "dsflow_db_MiB")
	b.Logf("%d open cases at %.1f/s; %d deadlines in one minute shown overdue %v after it, %d written by their timers within %v; "+
		"worker peak RSS %.0f MiB (server and API %.0f MiB); Temporal databases %.0f MiB, dsflow's %.0f MiB",
		cases, rate, deadlines, shown.Round(time.Millisecond), written, fired.Round(time.Second), wp.mib("VmHWM"), rssMiB("VmHWM"),
		float64(size)/(1<<20), float64(dsflowSize)/(1<<20))
}

// temporalStore opens the embedded server's own database, for the trail:
// Temporal's executions table is internal, a diagnostic a benchmark may
// read and dsflow never does.
func temporalStore(b *testing.B, env *testenv.Env) *sql.DB {
	name, _ := engine.TemporalDatabases(env.TemporalPG.Database)
	u, err := url.Parse(storetest.AdminURL())
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	b.Cleanup(func() { _ = db.Close() })
	return db
}

// waitCount polls query until it counts want rows or limit has passed
// since due, and returns how long after due it stopped and the count; what
// says what is counted and from when.
func waitCount(b *testing.B, db *sql.DB, due time.Time, want int, limit time.Duration, what, query string, args ...any) (time.Duration, int) {
	b.Helper()
	last := -1
	for {
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			b.Fatal(err)
		}
		if n >= want || time.Since(due) > limit {
			d := time.Since(due)
			fmt.Fprintf(os.Stderr, "%s: %d of %d, %v\n", what, n, want, d.Round(time.Second))
			return d, n
		}
		if n != last && n > 0 && n/1000 != last/1000 {
			fmt.Fprintf(os.Stderr, "%s: %d of %d, %v\n", what, n, want, time.Since(due).Round(time.Second))
		}
		last = n
		time.Sleep(250 * time.Millisecond)
	}
}

// caseRecorder records cases as the API does, without HTTP.
type caseRecorder struct {
	env      *testenv.Env
	proto    *models.ProtocolTemplate
	def      models.ProtocolDef
	communes []models.Unit
	cal      *calendar.Calendar
	worker   *workerProcess // nil: the worker runs in this process
	pace     *pacer         // nil: record as fast as the callers can
}

// pacer holds the callers back while the server's backlog of workflow
// tasks on dsflow's queue is above a limit: a bulk recording paced to what
// the worker starts, so that each case's first task (which sets its
// deadline's timer) runs within seconds of the case being recorded, instead
// of trailing the recording by tens of minutes on 2 cores.
type pacer struct {
	limit   int64
	backlog atomic.Int64 // the last backlog the server reported
	waited  atomic.Int64 // nanoseconds callers spent held back, summed
}

// startPacer polls the backlog (DescribeTaskQueue with stats, summed over
// the queue's partitions by the server) twice a second until the benchmark
// ends; a limit of 0 turns pacing off (DSFLOW_PACE_BACKLOG=0).
func startPacer(b *testing.B, env *testenv.Env, limit int) *pacer {
	if limit <= 0 {
		return nil
	}
	p := &pacer{limit: int64(limit)}
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	go func() {
		for ctx.Err() == nil {
			resp, err := env.Client.WorkflowService().DescribeTaskQueue(ctx, &workflowservice.DescribeTaskQueueRequest{
				Namespace: "default", TaskQueue: &taskqueuepb.TaskQueue{Name: models.TaskQueue},
				TaskQueueType: enumspb.TASK_QUEUE_TYPE_WORKFLOW, ReportStats: true})
			if err == nil {
				p.backlog.Store(resp.GetStats().GetApproximateBacklogCount())
			} else if ctx.Err() == nil {
				fmt.Fprintf(os.Stderr, "pacer: describe task queue: %v\n", err)
			}
			select {
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
		}
	}()
	return p
}

// wait returns once the backlog is under the limit.
func (p *pacer) wait() {
	if p == nil {
		return
	}
	start := time.Now()
	for p.backlog.Load() > p.limit {
		time.Sleep(100 * time.Millisecond)
	}
	p.waited.Add(int64(time.Since(start)))
}

// record records n cases numbered from first, 32 at a time; dueAt gives
// a case's first deadline (zero: the protocol's).
func (r *caseRecorder) record(b *testing.B, first, n int, dueAt func(time.Time) time.Time) {
	var next, done atomic.Int64
	next.Store(int64(first))
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= first+n {
					return
				}
				r.pace.wait()
				if err := r.one(i, dueAt); err != nil {
					errs <- err
					return
				}
				if d := done.Add(1); d%10000 == 0 {
					r.progress(d)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// progress says how many cases are recorded and the memory so far.
func (r *caseRecorder) progress(done int64) {
	if r.worker == nil {
		fmt.Fprintf(os.Stderr, "  %d cases recorded, RSS %.0f MiB\n", done, rssMiB("VmRSS"))
		return
	}
	if r.pace != nil {
		fmt.Fprintf(os.Stderr, "  backlog %d workflow tasks, callers held back %v in all\n", r.pace.backlog.Load(),
			time.Duration(r.pace.waited.Load()).Round(time.Second))
	}
	fmt.Fprintf(os.Stderr, "  %d cases recorded, worker RSS %.0f MiB, server+API RSS %.0f MiB\n", done, r.worker.mib("VmRSS"), rssMiB("VmRSS"))
}

func (r *caseRecorder) one(i int, dueAt func(time.Time) time.Time) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	unit := r.communes[i%len(r.communes)]
	now := time.Now()
	id := fmt.Sprintf("SCB%013d", i)
	due := dueAt(now)
	if due.IsZero() {
		due = protocols.Due(r.def, 0, now, r.cal)
	}
	st := models.CaseState{CaseID: id, UnitID: unit.ID, UnitPath: unit.Path}
	spec := protocols.Step(r.def, st, 0, 0, 0, due, 1)
	host, err := protocols.Host(r.def, spec, now)
	if err != nil {
		return err
	}
	n := store.NewCase{Result: "positive",
		Person: models.Person{FullName: "Người thứ " + strconv.Itoa(i), DateOfBirth: "1996-04-12", Phone: fmt.Sprintf("09%08d", i)},
		Case: models.ScreeningCase{ID: id, Type: models.ScreeningPrenatal, UnitID: unit.ID, UnitPath: unit.Path, ProtocolID: r.proto.ID,
			ProtocolKey: r.proto.Key, ProtocolVersion: r.proto.Version, ScreenedOn: now, Status: models.CaseOpen, CreatedBy: 1},
		Batch: store.TaskBatch{Hosts: []models.TaskHost{host}, At: now,
			Tasks: []models.TaskState{{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: now}}}}
	if _, err := r.env.Store.CreateCase(ctx, n); err != nil {
		return fmt.Errorf("case %d: %w", i, err)
	}
	_, err = r.env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: host.ID, TaskQueue: models.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING}, host.WorkflowType, json.RawMessage(host.InputJSON))
	if err != nil {
		return fmt.Errorf("case %d: start: %w", i, err)
	}
	return nil
}

// importNation makes the national root and provinces × communes below it,
// as `dsflow units import` reads them, and returns the communes.
func importNation(b *testing.B, env *testenv.Env, provinces, communes int) []models.Unit {
	b.Helper()
	ctx := context.Background()
	vn := "VN"
	if err := env.Store.CreateUnit(ctx, &models.Unit{Code: &vn, Name: "Cục Dân số", Level: models.LevelNational}); err != nil {
		b.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("code,name,level,parent_code\n")
	for p := 1; p <= provinces; p++ {
		fmt.Fprintf(&csv, "P%02d,Tỉnh %d,province,VN\n", p, p)
	}
	for c := 0; c < communes; c++ {
		fmt.Fprintf(&csv, "C%04d,Xã %d,commune,P%02d\n", c, c, 1+c%provinces)
	}
	rows, lineErrs := unitcsv.Parse(strings.NewReader(csv.String()))
	if len(lineErrs) > 0 {
		b.Fatal(lineErrs)
	}
	if _, err := env.Store.ImportUnits(ctx, 0, rows); err != nil {
		b.Fatal(err)
	}
	out := make([]models.Unit, 0, communes)
	for c := 0; c < communes; c++ {
		u, err := env.Store.UnitByCodeOrID(ctx, fmt.Sprintf("C%04d", c))
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, *u)
	}
	return out
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
