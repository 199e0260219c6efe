package task

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// Options tune an Engine. The zero value is usable: every zero field takes
// the default documented on it.
type Options struct {
	// ApplyTimeout bounds one attempt of the ApplyTaskChange local activity
	// (default 10 s).
	ApplyTimeout time.Duration
	// ApplyRetryFor bounds all attempts of one write, retried with backoff
	// (200 ms doubling to 10 s), so a briefly unavailable database does not
	// fail a command (default 20 s: inside the API's 30 s wait, so the API
	// never answers "unavailable" for a command that later commits). A
	// command whose write still fails changes nothing and fails with
	// "unavailable".
	ApplyRetryFor time.Duration
	// RetryAfter is how long the engine waits before trying an automatic
	// change again (creation, overdue, escalation) after its write failed
	// (default 1 min). Nobody waits on those, so they are retried forever.
	RetryAfter time.Duration
	// NotifyFor bounds the retries of one notification (default 24 h); the
	// retries back off from 1 s to 5 min.
	NotifyFor time.Duration
	// OnChange, if set, is called with every committed revision, in order,
	// from workflow code: hosts use it to consolidate (a campaign's figures).
	// It must be deterministic and must not block.
	OnChange func(models.TaskState)
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.ApplyTimeout, 10*time.Second)
	def(&o.ApplyRetryFor, 20*time.Second)
	def(&o.RetryAfter, time.Minute)
	def(&o.NotifyFor, 24*time.Hour)
	return o
}

// Engine is the task state machine hosted by a workflow: it holds the
// workflow's tasks, answers their commands (Updates) and runs their timers.
// All of its methods must be called from the workflow that created it.
type Engine struct {
	opts  Options
	tasks map[string]*entry
	order []string // task IDs in the order they were added
	// mu serialises changes: a command re-checks its rules under it, so
	// of two racing commands exactly one wins.
	mu       workflow.Mutex
	inflight int // notification activities not yet finished
}

// entry is one task and the engine's bookkeeping for it.
type entry struct {
	state   models.TaskState
	created bool // the created revision is in the read model
	timers  timerState
}

// New creates an engine in the calling workflow, adds the initial tasks
// and then registers the query models.QueryTasks and the Update handlers of
// every task command (claim, unclaim, submit, return, approve, reassign,
// comment, extend, cancel). Call it before the workflow first blocks, and
// pass the tasks the host knows at start as initial: the SDK runs Updates
// that arrived with the start (Update-with-Start) as soon as their handler
// is registered, so only tasks known by then are found. Tasks added later
// with Add are found by later commands.
func New(ctx workflow.Context, opts Options, initial ...models.TaskSpec) (*Engine, error) {
	e := &Engine{opts: opts.withDefaults(), tasks: map[string]*entry{}, mu: workflow.NewMutex(ctx)}
	for _, s := range initial {
		if err := e.Add(ctx, s); err != nil {
			return nil, err
		}
	}
	if err := workflow.SetQueryHandler(ctx, models.QueryTasks, func() ([]models.TaskState, error) {
		return e.Tasks(), nil
	}); err != nil {
		return nil, fmt.Errorf("task engine: register query: %w", err)
	}
	for i := range ops {
		if err := e.register(ctx, &ops[i]); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Add creates a task from spec: status open, revision 1, HostID this
// workflow's ID unless set. The task is known, and accepts commands, as soon
// as Add returns; in a coroutine of its own the engine then writes the
// created revision to the read model (retrying until it lands), notifies
// whoever owes the work and starts the task's timers. Commands wait for that
// write, so the read model always sees revision 1 first. Add never blocks
// (tasks known at the start belong in New's initial, see there). Adding an
// ID the engine already holds does nothing, so a host may replay its plan.
func (e *Engine) Add(ctx workflow.Context, spec models.TaskSpec) error {
	if spec.ID == "" {
		return fmt.Errorf("task engine: add: %w", invalid("id", "required", ""))
	}
	if _, ok := e.tasks[spec.ID]; ok {
		return nil
	}
	if spec.HostID == "" {
		spec.HostID = workflow.GetInfo(ctx).WorkflowExecution.ID
	}
	now := workflow.Now(ctx)
	ent := &entry{
		state:  models.TaskState{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: now},
		timers: timerState{remindFrom: now},
	}
	e.tasks[spec.ID] = ent
	e.order = append(e.order, spec.ID)
	workflow.Go(ctx, func(ctx workflow.Context) { e.create(ctx, ent) })
	return nil
}

// create writes a task's created revision, then notifies and starts the
// task's timers. Nobody waits on it but the task's commands, so a failed
// write is retried every RetryAfter for as long as it takes.
func (e *Engine) create(ctx workflow.Context, ent *entry) {
	st := ent.state
	ch := models.TaskChange{Task: st, Event: models.EventCreated, ActorID: st.CreatedBy, At: st.UpdatedAt}
	for {
		err := e.write(ctx, ch)
		if err == nil {
			break
		}
		workflow.GetLogger(ctx).Warn("task create not written; retrying", "task", st.ID, "error", err)
		if err := workflow.Sleep(ctx, e.opts.RetryAfter); err != nil {
			return
		}
	}
	ent.created = true
	if e.opts.OnChange != nil {
		e.opts.OnChange(st)
	}
	e.send(ctx, st, "r1", []notice{{models.NotifyAssigned, owes(&st)}})
	e.runTimers(ctx, ent)
}

// Cancel cancels a task for its host process (the System actor): a process
// that ends or no longer needs the task. Cancelling a terminal task does
// nothing; an unknown ID is ENOTFOUND.
func (e *Engine) Cancel(ctx workflow.Context, taskID, reason string) error {
	if err := e.mu.Lock(ctx); err != nil {
		return fmt.Errorf("task engine: cancel %s: %w", taskID, err)
	}
	defer e.mu.Unlock()
	ent, err := e.ready(ctx, taskID)
	if err != nil {
		return fmt.Errorf("task engine: cancel: %w", err)
	}
	if models.Terminal(ent.state.Status) {
		return nil
	}
	_, err = e.commit(ctx, ent, rev{
		event: models.EventCancelled, note: reason,
		apply: func(t *models.TaskState, now time.Time) []notice { return applyCancel(t, nil, now) },
	})
	return err
}

// Tasks returns the tasks in the order they were added.
func (e *Engine) Tasks() []models.TaskState {
	out := make([]models.TaskState, 0, len(e.order))
	for _, id := range e.order {
		out = append(out, e.tasks[id].state)
	}
	return out
}

// AllTerminal reports whether every task is approved, done or cancelled
// (true when there are none).
func (e *Engine) AllTerminal() bool {
	for _, id := range e.order {
		if !models.Terminal(e.tasks[id].state.Status) {
			return false
		}
	}
	return true
}

// Wait blocks until every task is terminal, every notification has been
// delivered or given up and every Update handler has finished, so the host
// may complete without cutting anything off.
func (e *Engine) Wait(ctx workflow.Context) error {
	err := workflow.Await(ctx, func() bool {
		return e.AllTerminal() && e.inflight == 0 && !e.mu.IsLocked() && workflow.AllHandlersFinished(ctx)
	})
	if err != nil {
		return fmt.Errorf("task engine: wait: %w", err)
	}
	return nil
}

// find returns the task with ID id, or ENOTFOUND.
func (e *Engine) find(id string) (*entry, *models.Error) {
	if id == "" {
		return nil, invalid("task_id", "required", "")
	}
	ent, ok := e.tasks[id]
	if !ok {
		return nil, models.NotFound("task " + id)
	}
	return ent, nil
}

// ready is find, then waiting until the task's created revision is written.
func (e *Engine) ready(ctx workflow.Context, id string) (*entry, error) {
	ent, merr := e.find(id)
	if merr != nil {
		return nil, merr
	}
	if err := workflow.Await(ctx, func() bool { return ent.created }); err != nil {
		return nil, fmt.Errorf("await task %s: %w", id, err)
	}
	return ent, nil
}
